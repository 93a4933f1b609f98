"""Web figures: start-up time of ``csto serve``, and throughput and latency under load.

Starts ``csto serve`` in a child process on a free loopback port with a fresh SQLite store,
and measures:

- the time from starting the command to the first answered request, on the first start
  (the curated history is written into the empty store) and on a second start (read back);
- requests per second and latency percentiles at 50 concurrent keep-alive connections
  (HTTP/1.1 on loopback, a small asyncio client in this process) for ``/api/state`` and
  the home page, each on one fixed date (answered from the per-date cache after the first
  request) and on random dates from 1992 to today (mostly uncached).

The client shares the machine with the server, so on a small machine the figures are a
floor. Target from the issue: p99 under 50 ms for the API.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.figures import Figure

CONNECTIONS = 50
SECONDS = float(os.environ.get("CSTO_BENCH_WEB_SECONDS", "5"))
WARMUP = 1.0
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, timeout: float = 1.0) -> int:
    """One request on a fresh connection; the status code (0 when nothing answers)."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
            head = s.recv(64)
    except OSError:
        return 0
    try:
        return int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def _start(db: Path, port: int) -> tuple[subprocess.Popen[bytes], float]:
    """Start ``csto serve``; the seconds until its first 200 answer."""
    exe = Path(sys.executable).parent / "csto"
    began = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while _get(port, "/api/state?date=2012-12-20", timeout=0.2) != 200:
        if proc.poll() is not None:
            raise RuntimeError(f"csto serve exited with {proc.returncode}")
        if time.perf_counter() - began > 60:
            proc.kill()
            raise RuntimeError("csto serve did not answer within 60 s")
        time.sleep(0.01)
    return proc, time.perf_counter() - began


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()
        proc.wait()


async def _worker(
    port: int, paths: Callable[[], str], until: float, measure_from: float, out: list[float]
) -> int:
    reader, writer = await asyncio.open_connection(HOST, port)
    errors = 0
    try:
        while True:
            began = time.perf_counter()
            if began >= until:
                break
            path = paths()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
            status = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            if b" 200 " not in status:
                errors += 1
            if began >= measure_from:
                out.append(time.perf_counter() - began)
    finally:
        writer.close()
    return errors


async def _load(port: int, paths: Callable[[], str]) -> tuple[list[float], int, float]:
    start = time.perf_counter()
    measure_from, until = start + WARMUP, start + WARMUP + SECONDS
    latencies: list[float] = []
    errors = await asyncio.gather(
        *(_worker(port, paths, until, measure_from, latencies) for _ in range(CONNECTIONS))
    )
    return latencies, sum(errors), SECONDS


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def _figures(
    name: str, port: int, paths: Callable[[], str], target: str | None
) -> Iterator[Figure]:
    latencies, errors, seconds = asyncio.run(_load(port, paths))
    note = f"{CONNECTIONS} connections, {len(latencies)} requests in {seconds:.0f} s"
    if errors:
        note += f", {errors} non-200 answers"
    yield Figure(f"web: {name} requests per second", len(latencies) / seconds, "req/s", None, note)
    yield Figure(f"web: {name} p50 latency", _percentile(latencies, 50) * 1000, "ms")
    yield Figure(f"web: {name} p99 latency", _percentile(latencies, 99) * 1000, "ms", target)


def run() -> Iterator[Figure]:
    rng = random.Random(1992)
    first, span = dt.date(1992, 5, 15), (dt.date.today() - dt.date(1992, 5, 15)).days

    def random_day() -> str:
        return (first + dt.timedelta(days=rng.randrange(span))).isoformat()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        port = _free_port()
        proc, cold = _start(db, port)
        _stop(proc)
        yield Figure(
            "web: csto serve to first answer (empty store)", cold, "s", None, "loads the history"
        )
        proc, warm = _start(db, port)
        try:
            yield Figure("web: csto serve to first answer (store loaded)", warm, "s")
            yield from _figures(
                "GET /api/state (one date)", port, lambda: "/api/state?date=2012-12-20", "< 50 ms"
            )
            yield from _figures(
                "GET /api/state (random dates)",
                port,
                lambda: f"/api/state?date={random_day()}",
                "< 50 ms",
            )
            yield from _figures("GET / (one date)", port, lambda: "/?date=2012-12-20", None)
            yield from _figures(
                "GET / (random dates)", port, lambda: f"/?date={random_day()}", None
            )
        finally:
            _stop(proc)
