"""Fixtures of the store tests: the PostgreSQL server, and scratch schemas dropped after."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_URL = os.environ.get("CSTO_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
RUN = uuid.uuid4().hex[:8]
HOW_TO_START = (
    "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start "
    "(or point CSTO_TEST_DATABASE_URL at another server)"
)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The test server's URL; fails (never skips) when it does not answer."""
    import psycopg

    try:
        with psycopg.connect(PG_URL, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL at {PG_URL} does not answer ({exc}); {HOW_TO_START}")
    yield PG_URL
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (f"csto_t{RUN}_%",)
        ).fetchall()
        for (schema,) in rows:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(autouse=True)
def _own_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every store test has its own data directory: no store key of the user's is read or
    made by the command line's store commands."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("CSTO_STORE_KEY_FILE", raising=False)
