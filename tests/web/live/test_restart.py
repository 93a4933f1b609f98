"""Killing the server mid-stream loses nothing: a server in its own process (SQLite) is
killed with SIGKILL while a client follows the exercise; it starts again on the same port,
the client reconnects by itself with its Last-Event-ID, and the stream it has read, across
the crash, is the seat's whole feed: every acknowledged move once, in order. A SIGTERM ends
the open streams and the server at once (it does not wait for clients to leave)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from csto.io.exercises import Exercises, LawWorld, configure
from csto.store import open_store
from tests.web.conftest import free_port
from tests.web.live.sse import Client, Reader, start_process


def _create(target: str, law: LawWorld, schema: str = "public") -> tuple[str, dict[str, str]]:
    store = open_store(target, schema=schema)
    try:
        created = Exercises(store, law=law).create(configure(law, "kaz-2022-01"))
    finally:
        store.close()
    return created.id, created.credentials


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
    proc.wait(timeout=30)
    if proc.stderr is not None:
        proc.stderr.close()


def _feed_versions(target: str, exercise: str, token: str, schema: str = "public") -> list[int]:
    store = open_store(target, schema=schema)
    try:
        return [i["version"] for i in Exercises(store).feed(exercise, token, 0)]
    finally:
        store.close()


def test_sigkill_mid_stream_then_restart_loses_nothing(tmp_path: Path, law: LawWorld) -> None:
    db = str(tmp_path / "class.db")
    exercise, tokens = _create(db, law)
    port = free_port()
    server = start_process(db, port)
    reader = Reader(port, exercise, tokens["BLR"], reconnect=True).start()
    client = Client(port, exercise, tokens)
    try:
        client.act("facilitator", "start")
        client.act("chair", "open_item", item="request")
        for n in range(4):
            acknowledged = client.speak("KAZ", f"before the crash {n}")
        _stop(server)  # SIGKILL: no shutdown, no last frame
        client.close()
        server = start_process(db, port)
        client = Client(port, exercise, tokens)
        for n in range(3):
            last = client.speak("RUS", f"after the restart {n}")
        reader.wait_version(last, timeout=30)
    finally:
        reader.close()
        client.close()
        _stop(server)
    ids = [e.id for e in reader.events]
    assert acknowledged in ids
    assert ids == _feed_versions(db, exercise, tokens["BLR"])  # all, in order, none twice
    assert reader.connects >= 2


def test_sigterm_ends_the_streams_and_the_server_at_once(tmp_path: Path, law: LawWorld) -> None:
    db = str(tmp_path / "class.db")
    exercise, tokens = _create(db, law)
    port = free_port()
    server = start_process(db, port)
    try:
        reader = Reader(port, exercise, tokens["BLR"]).start()
        reader.wait_version(1)
        began = time.monotonic()
        os.killpg(server.pid, signal.SIGTERM)
        assert reader.ended.wait(10), "the stream stayed open"
        server.wait(timeout=10)
        assert time.monotonic() - began < 4  # not the graceful shutdown's timeout
        assert server.returncode in (0, -signal.SIGTERM)  # uvicorn re-raises the signal
    finally:
        _stop(server)
