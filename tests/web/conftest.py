"""Fixtures of the web tests: the site and an in-process client, and one real server.

``client`` talks to the application in-process (fast, for the API and the pages).
``served`` starts ``csto serve`` once per session on a free loopback port with a scratch
SQLite store, as a user would; the browser tests and the serve tests share it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import csto
from csto.web.app import create_app
from csto.web.site import Site


@pytest.fixture(scope="session")
def site() -> Site:
    return Site(csto.load())


@pytest.fixture(scope="session")
def client(site: Site) -> Iterator[TestClient]:
    with TestClient(create_app(site), raise_server_exceptions=True) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    """A running ``csto serve``: its base URL, store file and output so far."""

    url: str
    db: Path
    log: Path
    proc: subprocess.Popen[bytes]


def start_server(db: Path, log: Path) -> Served:
    """Run ``csto serve --db DB`` on a free port; wait (at most 60 s) for its first answer."""
    port = free_port()
    exe = Path(sys.executable).parent / "csto"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(exe), "serve", "--db", str(db), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/state?date=2012-12-20", timeout=1) as r:
                if r.status == 200:
                    return Served(url, db, log, proc)
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"csto serve did not start:\n{log.read_text()}")
        time.sleep(0.05)


def stop_server(server: Served) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        server.proc.kill()
        server.proc.wait()


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("served")
    server = start_server(tmp / "csto.db", tmp / "serve.log")
    yield server
    stop_server(server)
