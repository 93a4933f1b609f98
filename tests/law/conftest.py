"""Shared fixtures for the law tests: the curated history and an engine over it."""

from __future__ import annotations

import pytest

from csto.io.lawfiles import load_engine
from csto.io.recordfiles import load_record
from csto.law.engine import Engine
from csto.state.history import History


@pytest.fixture(scope="session")
def history() -> History:
    return History(load_record())


@pytest.fixture(scope="session")
def engine(history: History) -> Engine:
    return load_engine(history.record)
