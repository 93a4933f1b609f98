"""Shared fixtures for the law tests: the curated history, an engine over it, the law cases.

The cases are read when the tests run; while collecting, :data:`CASE_IDS` names each one by
its file and line from a scan of the files (one case per ``  - `` item of ``cases:``), and a
test holds the scan to what the reader finds.
"""

from __future__ import annotations

import re

import pytest

from csto.io.lawfiles import builtin_case_files, load_cases, load_engine
from csto.io.recordfiles import load_record
from csto.law.engine import Engine
from csto.law.lawcases import LawCase
from csto.state.history import History


@pytest.fixture(scope="session")
def history() -> History:
    return History(load_record())


@pytest.fixture(scope="session")
def engine(history: History) -> Engine:
    return load_engine(history.record)


def _scan() -> list[str]:
    return [
        f"{path.name}:{number}"
        for path in builtin_case_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.match(r"^  - ", line)
    ]


#: every shipped law case as ``file:line`` (a pytest id), without reading the cases
CASE_IDS = _scan()


def case_id(case: LawCase) -> str:
    return case.where.rsplit("/", 1)[-1]


@pytest.fixture(scope="session")
def cases() -> list[LawCase]:
    return load_cases()


@pytest.fixture(scope="session")
def case_by_id(cases: list[LawCase]) -> dict[str, LawCase]:
    return {case_id(c): c for c in cases}
