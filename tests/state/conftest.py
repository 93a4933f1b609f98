"""Fixtures for the state tests: the invented fixture history, folded."""

from __future__ import annotations

from pathlib import Path

import pytest

from csto.io.recordfiles import load_record
from csto.record.record import Record
from csto.state.history import History

FIXTURE = Path(__file__).parent / "fixture_history.yaml"


@pytest.fixture(scope="session")
def fixture_record() -> Record:
    return load_record([FIXTURE], builtin=False)


@pytest.fixture(scope="session")
def history(fixture_record: Record) -> History:
    return History(fixture_record)
