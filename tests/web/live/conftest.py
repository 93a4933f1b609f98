"""Fixtures of the live-stream tests: the law (loaded once) and the PostgreSQL server."""

from __future__ import annotations

import pytest

from csto.io.exercises import LawWorld
from tests.store.conftest import RUN, pg_url  # noqa: F401  (the PostgreSQL fixture)

__all__ = ["RUN"]


@pytest.fixture(scope="session")
def law() -> LawWorld:
    return LawWorld()
