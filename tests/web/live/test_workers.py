"""Two worker processes on PostgreSQL: a move made through one worker reaches a live stream
open on the other (the workers' hubs are woken by the store's NOTIFY), and after both workers
are killed with SIGKILL and started again, the streams resume with nothing lost."""

from __future__ import annotations

import http.client
import json
import time

import pytest

from csto.io.exercises import LawWorld
from tests.web.conftest import free_port
from tests.web.live.conftest import RUN
from tests.web.live.sse import Client, Reader, start_process
from tests.web.live.test_restart import _create, _feed_versions, _stop

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _pid(port: int) -> tuple[http.client.HTTPConnection, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/x/pid")
    return conn, int(json.loads(conn.getresponse().read())["pid"])


def _client_on(port: int, exercise: str, tokens: dict[str, str], pid: int) -> Client:
    """A client whose keep-alive connection is served by the worker ``pid``."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        client = Client(port, exercise, tokens)
        if client.pid() == pid:
            return client
        client.close()
    raise AssertionError(f"no connection reached worker {pid}")


def test_a_move_through_one_worker_reaches_a_stream_on_the_other(
    pg_url: str, law: LawWorld
) -> None:
    schema = f"csto_t{RUN}_live"
    exercise, tokens = _create(pg_url, law, schema)
    port = free_port()
    server = start_process(pg_url, port, workers=2, schema=schema)
    readers: list[Reader] = []
    client: Client | None = None
    try:
        pids: set[int] = set()
        deadline = time.monotonic() + 60
        while len(pids) < 2:  # streams on both workers
            assert time.monotonic() < deadline, f"only worker(s) {pids} answered"
            reader = Reader(port, exercise, tokens["BLR"], reconnect=True).start()
            reader.wait_for(lambda _, r=reader: bool(r.pids))
            readers.append(reader)
            pids.add(reader.pids[0])
        one, two = sorted(pids)
        on_two = next(r for r in readers if r.pids[0] == two)
        client = _client_on(port, exercise, tokens, one)
        client.act("facilitator", "start")
        client.act("chair", "open_item", item="request")
        version = client.speak("KAZ", "said to worker one")
        on_two.wait_version(version, timeout=10)
        assert on_two.pids == [two]  # the same stream, never reconnected
        assert on_two.events[-1].data["says"].endswith("'said to worker one'")

        _stop(server)  # SIGKILL the supervisor and both workers
        client.close()
        server = start_process(pg_url, port, workers=2, schema=schema)
        client = Client(port, exercise, tokens)
        last = client.speak("RUS", "after the restart")
        for reader in readers:
            reader.wait_version(last, timeout=30)
    finally:
        for reader in readers:
            reader.close()
        if client is not None:
            client.close()
        _stop(server)
    expected = _feed_versions(pg_url, exercise, tokens["BLR"], schema)
    for reader in readers:
        assert [e.id for e in reader.events] == expected  # all, in order, none twice
        assert reader.connects >= 2
