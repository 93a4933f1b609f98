"""Live exercise figures: 30 sessions of 10 participants each (300 live streams) while every
session makes about one move a second (jittered): the latency from a move to the last of the
seats entitled to it seeing it (p50, p99; the target is p99 under 200 ms), deliveries lost,
duplicated or seen by a seat that may not see them (counted), the move rate achieved and the
load generator's own CPU. Twice: 2 worker processes on PostgreSQL (the bus is LISTEN/NOTIFY),
and one process on SQLite (the in-process bus).

The server is ``bench/liveapp.py`` (the live stream behind the engine's own seat
credentials) in its own process(es); the load generator (``bench/liveload.py``) in another;
everything on loopback. The sessions and their participants are made through the engine API
directly, not through the web's invitation pages. PostgreSQL: ``CSTO_TEST_DATABASE_URL``
(default ``postgresql://postgres@127.0.0.1:5432/test``), in a schema of its own, dropped at
the end. ``CSTO_BENCH_LIVE_SECONDS`` sets the measured seconds (default 20).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.figures import Figure

URL = os.environ.get("CSTO_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parent.parent


def _pythonpath() -> str:
    """This checkout's sources first (not an installed copy of csto), then what was set."""
    return os.pathsep.join(
        p for p in (str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")) if p
    )


SESSIONS = 30
TARGET_MS = 200.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sessions(target: str, schema: str) -> list[dict[str, Any]]:
    from csto.io.exercises import Exercises, LawWorld, configure
    from csto.store import open_store

    law = LawWorld()
    store = open_store(target, schema=schema)
    try:
        api = Exercises(store, law=law)
        out = []
        for n in range(SESSIONS):
            config = configure(law, "kaz-2022-01", exercise_id=f"live-{n:02d}", observers=2)
            created = api.create(config)
            out.append({"id": created.id, "tokens": created.credentials})
        return out
    finally:
        store.close()


def _serve(target: str, schema: str, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    options = ["--port", str(port), "--workers", str(workers), "--schema", schema]
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.liveapp", target, *options],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": _pythonpath()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline, pids = time.monotonic() + 120, set[int]()
    while len(pids) < workers:
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            raise RuntimeError(f"the live server did not start ({len(pids)} workers up)")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/x/pid")
            pids.add(json.loads(conn.getresponse().read())["pid"])
            conn.close()
        except OSError:
            time.sleep(0.2)
    return proc, port


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _cpu_of_group(pgid: int) -> float:
    """CPU seconds used so far by the processes of group ``pgid`` (Linux's /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ...
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _measure(target: str, schema: str, workers: int, seconds: float) -> dict[str, Any]:
    sessions = _sessions(target, schema)
    proc, port = _serve(target, schema, workers)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"port": port, "sessions": sessions, "seconds": seconds, "seed": 1}, f)
        load0, cpu0, wall0 = os.getloadavg()[0], _cpu_of_group(proc.pid), time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "bench.liveload", f.name],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": _pythonpath()},
            capture_output=True,
            text=True,
            timeout=seconds + 300,
            check=False,
        )
        os.unlink(f.name)
        if out.returncode != 0:
            raise RuntimeError(f"the load generator failed: {out.stderr[-2000:]}")
        result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
        result["load"] = (load0, os.getloadavg()[0])
        result["server_cpu"] = _cpu_of_group(proc.pid) - cpu0
        result["server_wall"] = time.perf_counter() - wall0
        return result
    finally:
        _stop(proc)


def _drop(schema: str) -> None:
    import psycopg

    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _figures(label: str, r: dict[str, Any]) -> Iterator[Figure]:
    note = (
        f"{r['streams']} streams, {r['moves']} moves at {r['moves_per_second']:.1f}/s; "
        f"loadavg {r['load'][0]:.1f}->{r['load'][1]:.1f} on {os.cpu_count()} cpus"
    )
    yield Figure(f"live {label}: move -> every seat, p50", r["p50_ms"], "ms", None, note)
    yield Figure(
        f"live {label}: move -> every seat, p99",
        r["p99_ms"],
        "ms",
        f"< {TARGET_MS:.0f} ms",
        f"max {r['max_ms']:.0f} ms; p99s: one delivery {r['delivery_p99_ms']:.0f} ms, "
        f"the move's answer {r['answer_p99_ms']:.0f} ms, answer -> last seat "
        f"{r['fanout_p99_ms']:.0f} ms",
    )
    yield Figure(
        f"live {label}: deliveries lost / duplicated",
        r["lost"] + r["duplicated"] + r["unexpected"],
        "deliveries",
        "0",
        f"expected {r['expected']}: lost {r['lost']}, duplicated {r['duplicated']}, "
        f"seen by a seat that may not {r['unexpected']}",
    )
    yield Figure(f"live {label}: moves achieved", r["moves_per_second"], "moves/s", "~30")
    yield Figure(
        f"live {label}: the server's CPU",
        100 * r["server_cpu"] / r["server_wall"],
        "% of a core",
        None,
        f"{r['server_cpu']:.1f} s CPU in {r['server_wall']:.0f} s: the load generator's whole "
        "run, the streams' opening and the sessions' start included",
    )
    yield Figure(
        f"live {label}: load generator's CPU",
        100 * r["cpu_share"],
        "% of a core",
        None,
        f"{r['cpu_seconds']:.1f} s CPU in {r['seconds']:.0f} s",
    )


def run() -> Iterator[Figure]:
    seconds = float(os.environ.get("CSTO_BENCH_LIVE_SECONDS", "20"))
    schema = f"bench_live_{uuid.uuid4().hex[:8]}"
    try:
        pg = _measure(URL, schema, 2, seconds)
    finally:
        _drop(schema)
    yield from _figures("2 workers, PostgreSQL", pg)
    with tempfile.TemporaryDirectory() as tmp:
        one = _measure(str(Path(tmp) / "live.db"), "public", 1, seconds)
    yield from _figures("1 process, SQLite", one)
