"""Durability: SIGKILL a writer in the middle of a stream of appends, then reopen.

Every append the writer saw acknowledged must be there, no batch may be there in part,
and both hash chains must verify. Runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from csto.store import open_store
from tests.store.conftest import RUN

BATCH = 5
WRITER = """
import sys
from csto.store import NewEvent, open_store
store = open_store(sys.argv[1], schema=sys.argv[2])
i = 0
while True:
    result = store.append(
        "w", [NewEvent("Tick", {"i": i + j}) for j in range(5)], expected_version=i
    )
    i += 5
    print(result.last_position, flush=True)
"""


def _kill_mid_stream(target: str, schema: str, acks_wanted: int = 200) -> int:
    open_store(target, schema=schema).close()  # the schema exists before the writer starts
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, target, schema],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    acked = 0
    deadline = time.monotonic() + 30
    try:
        for line in proc.stdout:
            acked = int(line)
            if acked >= acks_wanted * BATCH or time.monotonic() > deadline:
                break
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        assert proc.stderr is not None
        err = proc.stderr.read()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, err
    assert acked > 0, f"the writer acknowledged nothing: {err}"
    return acked


def _check_after_reopen(target: str, schema: str, acked: int) -> None:
    store = open_store(target, schema=schema, create=False)
    try:
        events = store.read_all()
        assert len(events) >= acked  # every acknowledged append is there
        assert len(events) % BATCH == 0  # and no batch in part
        assert [e.data["i"] for e in events] == list(range(len(events)))
        report = store.verify()
        assert report.ok, report.problems
    finally:
        store.close()


def test_sqlite_survives_sigkill_mid_append(tmp_path: object) -> None:
    target = str(tmp_path) + "/durable.db"  # type: ignore[operator]
    acked = _kill_mid_stream(target, "public")
    _check_after_reopen(target, "public", acked)


@pytest.mark.postgres
def test_postgres_survives_sigkill_mid_append(pg_url: str) -> None:
    schema = f"csto_t{RUN}_durable"
    acked = _kill_mid_stream(pg_url, schema)
    _check_after_reopen(pg_url, schema, acked)
