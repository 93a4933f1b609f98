"""Helpers of the live-stream tests: a server-sent-events reader over plain HTTP (its own
thread, reconnecting with ``Last-Event-ID`` when asked to), a server in a thread, a server in
its own process, and a class's moves made over HTTP."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

ROOT = Path(__file__).resolve().parents[3]


def _pythonpath() -> str:
    """This checkout's sources first (not an installed copy of csto), then what was set."""
    return os.pathsep.join(
        p for p in (str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")) if p
    )


@dataclass
class Event:
    id: int | None
    event: str
    data: dict[str, Any]


@dataclass
class Reader:
    """Reads one live stream in a thread; with ``reconnect``, opens it again after the
    server closes it or goes away, sending the last id seen, as a browser does."""

    port: int
    exercise: str
    token: str
    after: int | None = None
    last_event_id: int | None = None
    reconnect: bool = False
    events: list[Event] = field(default_factory=list)
    connects: int = 0
    heartbeats: int = 0
    retry: int | None = None
    statuses: list[int] = field(default_factory=list)
    pids: list[int] = field(default_factory=list)
    ended: threading.Event = field(default_factory=threading.Event)
    _stop: bool = False
    _conn: http.client.HTTPConnection | None = None

    def start(self) -> Reader:
        threading.Thread(target=self._run, daemon=True).start()
        return self

    @property
    def last(self) -> int | None:
        ids = [e.id for e in self.events if e.id is not None]
        return ids[-1] if ids else None

    def _open(self) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self._conn = conn
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "text/event-stream"}
        path = f"/x/{self.exercise}/live"
        seen = self.last if self.last is not None else self.last_event_id
        if seen is not None:
            headers["Last-Event-ID"] = str(seen)
        elif self.after is not None:
            path += f"?after={self.after}"
        conn.request("GET", path, headers=headers)
        self.connects += 1
        return conn.getresponse()

    def _run(self) -> None:
        try:
            while not self._stop:
                try:
                    response = self._open()
                except (OSError, http.client.HTTPException):
                    if self._conn is not None:
                        self._conn.close()
                    if not self.reconnect:
                        return
                    time.sleep(0.1)
                    continue
                self.statuses.append(response.status)
                if response.getheader("x-pid"):
                    self.pids.append(int(response.getheader("x-pid") or 0))
                try:
                    if response.status != 200:
                        return
                    self._read(response)
                except (OSError, http.client.HTTPException, ValueError):
                    pass
                finally:
                    response.close()
                    if self._conn is not None:
                        self._conn.close()
                if not self.reconnect or (self.events and self.events[-1].event == "revoked"):
                    return
                time.sleep((self.retry or 100) / 1000)
        finally:
            self.ended.set()

    def _read(self, response: http.client.HTTPResponse) -> None:
        fields: dict[str, str] = {}
        while not self._stop:
            line = response.readline()
            if not line:
                return
            text = line.decode().rstrip("\n")
            if text == "":
                if "data" in fields:
                    self.events.append(
                        Event(
                            int(fields["id"]) if "id" in fields else None,
                            fields.get("event", "message"),
                            json.loads(fields["data"]),
                        )
                    )
                fields = {}
            elif text.startswith(":"):
                self.heartbeats += 1
            else:
                name, _, value = text.partition(":")
                value = value.removeprefix(" ")
                if name == "retry":
                    self.retry = int(value)
                else:
                    fields[name] = value

    def wait_for(self, test: Callable[[list[Event]], bool], timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while not test(self.events):
            if time.monotonic() > deadline:
                raise AssertionError(f"not seen in {timeout} s; have {self.events[-5:]}")
            time.sleep(0.02)

    def wait_version(self, version: int, timeout: float = 15) -> None:
        self.wait_for(lambda es: any(e.id is not None and e.id >= version for e in es), timeout)

    def close(self) -> None:
        self._stop = True
        if self._conn is not None and self._conn.sock is not None:
            import socket

            self._conn.sock.shutdown(socket.SHUT_RDWR)


class Client:
    """Moves over HTTP, as a seat (its bearer credential)."""

    def __init__(self, port: int, exercise: str, tokens: dict[str, str]) -> None:
        self.port, self.exercise, self.tokens = port, exercise, tokens
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def act(self, seat: str, move: str, **fields: Any) -> dict[str, Any]:
        body = json.dumps({"move": {"move": move, **fields}})
        headers = {
            "Authorization": f"Bearer {self.tokens[seat]}",
            "Content-Type": "application/json",
        }
        self.conn.request("POST", f"/x/{self.exercise}/act", body=body, headers=headers)
        response = self.conn.getresponse()
        answer: dict[str, Any] = json.loads(response.read())
        assert response.status == 200, answer
        assert answer["accepted"], (seat, move, answer)
        return answer

    def pid(self) -> int:
        self.conn.request("GET", "/x/pid")
        return int(json.loads(self.conn.getresponse().read())["pid"])

    def speak(self, seat: str, text: str) -> int:
        """Three public moves: ``seat`` asks for the floor, gets it, speaks; the version."""
        self.act(seat, "ask_floor")
        self.act("chair", "give_floor")
        return int(self.act(seat, "statement", text=text)["version"])

    def close(self) -> None:
        self.conn.close()


class ThreadServer:
    """A uvicorn server for ``app`` in a thread of this process."""

    def __init__(self, app: Any, port: int) -> None:
        self.app = app
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.app.state.live.shutdown()
        self.server.should_exit = True
        self.thread.join(timeout=15)


def start_process(
    target: str, port: int, workers: int = 1, schema: str = "public"
) -> subprocess.Popen[bytes]:
    """``python -m bench.liveapp`` in its own process (its own process group)."""
    options = ["--port", str(port), "--workers", str(workers), "--schema", schema]
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.liveapp", target, *options],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": _pythonpath()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/x/pid")
            conn.getresponse().read()
            conn.close()
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                _, err = proc.communicate(timeout=5) if proc.poll() is not None else (b"", b"")
                proc.kill()
                raise AssertionError(f"the server did not start: {err.decode()[-2000:]}") from None
            time.sleep(0.1)
