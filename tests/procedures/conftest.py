"""Shared fixtures for the procedure tests: the curated history, an engine, judges."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest

from csto.io.lawfiles import load_engine
from csto.io.recordfiles import load_record
from csto.law.engine import Engine
from csto.procedures import Judge, World
from csto.state.history import History


@pytest.fixture(scope="session")
def history() -> History:
    return History(load_record())


@pytest.fixture(scope="session")
def engine(history: History) -> Engine:
    return load_engine(history.record)


@pytest.fixture(scope="session")
def judge_for(engine: Engine) -> Callable[[str], Judge]:
    """A judge under the named profile."""

    def make(profile: str) -> Judge:
        return functools.partial(engine.judge, profile=engine.profile(profile))

    return make


@pytest.fixture(scope="session")
def world(history: History) -> World:
    return World.of(history)
