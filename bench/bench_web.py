"""Web figures beside datasette serving the same events, in one run.

The record's events go into a SQLite table (the columns of the event list's summaries)
that ``datasette`` serves; ``csto serve`` serves its own store. Each server runs alone
while the load generator (:mod:`bench.loadgen`: ``wrk`` when it is installed, else the
Python one; the same for both servers in a run, named in every figure; its own process,
50 keep-alive connections on loopback, each run bounded in time) asks it, in turn:

- the event list as JSON (csto ``/api/events``: all of them, one page of up to 1,000;
  datasette ``events.json`` with ``_shape=objects&_size=max``: all rows, up to 1,000),
- one event as JSON (csto ``/api/events/ID``; datasette ``events/ID.json``),
- an HTML list of the events (csto ``/timeline``: its first page, 200 events; datasette
  ``events?_size=200``: 200 rows),
- and csto's home page on random days (no peer of its own: the goal is a p99 under 50 ms;
  datasette's p99 on its HTML list is printed beside it), after a warm-up asking every
  interval's page (each change day and the day after it, drawn at random from that list
  until each has been asked many times over), as the other paths are warmed by a first
  load; then three rounds, every round's p99 printed and the median round's kept (the
  machine's other work decides the tail of a round).

What the latency figures mean (closed loop; with wrk, percentiles corrected for
coordinated omission, so stricter than the raw ones) is in :mod:`bench.loadgen`. Every
load counts the answers that were not 200 (``non-200``): a figure made of errors would
say so.

Each load also gives the server's CPU time per answer (its own CPU time over the answers it
sent), which the load of other processes on the machine does not change, and the load
generator's (what it takes from the 2 CPUs the server runs on).

Start-up is the time from starting the command to the first 200 answer (csto's state on a
day; datasette's table JSON), alternating who goes first, best of five, in wall-clock
seconds and in the CPU seconds the server process had used when its first answer came.
Every csto figure is printed with its ratio to datasette from the same run. The machine
(2 CPUs shared with other work, and the load generator) makes absolute figures a floor;
ratios are what count.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import loadgen
from bench.figures import Figure, installed_env

CONNECTIONS = 50
SECONDS = float(os.environ.get("CSTO_BENCH_WEB_SECONDS", "5"))
HOST = "127.0.0.1"
EVENT = "uzb-suspension-csc-decision-2012"
STARTS = 5
HOME_ROUNDS = 3
#: the events on the first page of csto's timeline, and so on datasette's HTML list
TIMELINE_PAGE = 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str, timeout: float = 1.0) -> int:
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
            head = s.recv(64)
        return int(head.split(b" ", 2)[1])
    except (OSError, IndexError, ValueError):
        return 0


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _start(argv: list[str], port: int, probe: str) -> tuple[subprocess.Popen[bytes], float, float]:
    """Start a server; (process, wall seconds to its first 200, CPU seconds it used by then)."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=installed_env()
    )
    while _get(port, probe, timeout=0.2) != 200:
        if proc.poll() is not None:
            raise RuntimeError(f"{argv[0]} exited with {proc.returncode}")
        if time.perf_counter() - began > 60:
            proc.kill()
            raise RuntimeError(f"{argv[0]} did not answer within 60 s")
        time.sleep(0.005)
    return proc, time.perf_counter() - began, _cpu(proc.pid)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()
        proc.wait()


def _settle(pid: int, limit: float = 120.0) -> None:
    """Return once the server ``pid`` is idle (under 5 ms of CPU in 0.2 s): done with the
    requests a load generator left in flight when it stopped (at most ``limit`` seconds)."""
    deadline = time.perf_counter() + limit
    last = _cpu(pid)
    while time.perf_counter() < deadline:
        time.sleep(0.2)
        now = _cpu(pid)
        if now - last < 0.005:
            return
        last = now


def _load(pid: int, port: int, paths: list[str]) -> dict[str, Any]:
    """A load on the server ``pid`` (idle before and after it), with the server's CPU time
    per request it was sent (``cpu_ms``) and the load average."""
    spec = {"port": port, "paths": paths, "connections": CONNECTIONS, "seconds": SECONDS}
    spec["warmup"] = 0  # each measured load follows one that warms the same paths
    _settle(pid)
    before = _cpu(pid)
    done = loadgen.measure(spec)
    _settle(pid)
    done["cpu_ms"] = 1000 * (_cpu(pid) - before) / max(1, done["sent"])
    done["load"] = os.getloadavg()[0]
    return done


def _interval_days() -> list[str]:
    """Home page addresses, one in each interval between change days and one on each change
    day (what the date pages are rendered once for), within the days the generator draws."""
    from csto.io.recordfiles import load_record
    from csto.state.history import History
    from csto.web.site import Site

    first, last = loadgen.FIRST_DAY, dt.date.today() - dt.timedelta(days=1)
    days = {first}
    for change in Site(History(load_record())).change_days:
        days.update(d for d in (change, change + dt.timedelta(days=1)) if first <= d <= last)
    return [f"/?date={d.isoformat()}" for d in sorted(days)]


def _seen(done: dict[str, Any]) -> str:
    """How a load went, besides its latency: its non-200 answers, how evenly the
    connections were served (the Python generator only), the generator's CPU, the load."""
    spread = (
        f"answers per connection {done['fewest']}-{done['most']}; "
        if done["generator"] == "python"
        else ""
    )
    return (
        f"non-200 {done['errors']}; {spread}max {done['max_ms']:.0f} ms; generator "
        f"{done['generator']} at {done['generator_cpu_ms']:.3f} ms CPU per answer; load "
        f"average {done['load']:.1f}"
    )


def _datasette_db(path: Path) -> None:
    from csto.io.recordfiles import load_record
    from csto.state.document import event_summary

    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT, date TEXT, date_precision TEXT,"
        " states TEXT, summary TEXT, confidence TEXT, disputed INTEGER, sources TEXT)"
    )
    for e in load_record().events:
        d = event_summary(e)
        con.execute(
            "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)",
            (
                d["id"],
                d["type"],
                d["date"],
                d["date_precision"],
                json.dumps(d["states"]),
                d["summary"],
                d["confidence"],
                int(d["disputed"]),
                json.dumps(d["sources"]),
            ),
        )
    con.commit()
    con.close()


def _commands(tmp: Path) -> dict[str, tuple[list[str], str]]:
    bin_dir = Path(sys.executable).parent
    csto_port, ds_port = _free_port(), _free_port()
    store = str(tmp / "csto.db")
    return {
        "csto": (
            [str(bin_dir / "csto"), "serve", "--db", store, "--port", str(csto_port)],
            f"{csto_port}",
        ),
        "datasette": (
            [str(bin_dir / "datasette"), "serve", str(tmp / "ds.db"), "--port", str(ds_port)],
            f"{ds_port}",
        ),
    }


#: name -> (csto path, datasette path)
PAIRS = {
    "event list JSON": ("/api/events", "/ds/events.json?_shape=objects&_size=max"),
    "one event JSON": (f"/api/events/{EVENT}", f"/ds/events/{EVENT}.json"),
    "HTML list": ("/timeline", f"/ds/events?_size={TIMELINE_PAGE}"),
}
PROBES = {"csto": "/api/state?date=2012-12-20", "datasette": "/ds/events.json"}


def run() -> Iterator[Figure]:
    with tempfile.TemporaryDirectory(prefix="csto-bench-web-") as name:
        tmp = Path(name)
        _datasette_db(tmp / "ds.db")
        commands = _commands(tmp)
        # the csto store loaded once, as on any start after the first
        proc, first, _ = _start(commands["csto"][0], int(commands["csto"][1]), PROBES["csto"])
        _stop(proc)
        starts: dict[str, list[float]] = {"csto": [], "datasette": []}
        cpus: dict[str, list[float]] = {"csto": [], "datasette": []}
        for i in range(STARTS):
            for who in ("csto", "datasette")[:: 1 - 2 * (i % 2)]:
                argv, port = commands[who]
                proc, took, cpu = _start(argv, int(port), PROBES[who])
                _stop(proc)
                starts[who].append(took)
                cpus[who].append(cpu)
        ours, theirs = min(starts["csto"]), min(starts["datasette"])
        yield Figure(
            "web: csto serve to first answer",
            ours,
            "s",
            "<= 1.0x datasette, < 0.75 s",
            f"datasette {theirs:.2f} s: ratio {ours / theirs:.2f}x; first start (store "
            f"written) {first:.2f} s; best of {STARTS}; load average "
            f"{os.getloadavg()[0]:.1f}",
        )
        ours, theirs = min(cpus["csto"]), min(cpus["datasette"])
        yield Figure(
            "web: csto serve to first answer, CPU seconds",
            ours,
            "s",
            "<= 1.0x datasette",
            f"datasette {theirs:.2f} s of CPU: ratio {ours / theirs:.2f}x; the server "
            "process's own CPU time when its first answer arrived (what the wall clock "
            "shows on a quiet machine; the load of others does not count in it)",
        )
        loads: dict[str, dict[str, dict[str, Any]]] = {"csto": {}, "datasette": {}}
        for who, side in (("datasette", 1), ("csto", 0)):
            argv, port = commands[who]
            proc, _, _ = _start(argv, int(port), PROBES[who])
            try:
                for label, paths in PAIRS.items():
                    _load(proc.pid, int(port), [paths[side]])  # warm: first answers built
                    loads[who][label] = _load(proc.pid, int(port), [paths[side]])
                    print(f"# {who} {label}: {loads[who][label]}", file=sys.stderr)
                if who == "csto":
                    # warm: every interval's page rendered
                    _load(proc.pid, int(port), _interval_days())
                    rounds = [
                        _load(proc.pid, int(port), ["/?date={day}"]) for _ in range(HOME_ROUNDS)
                    ]
                    ranked = sorted(rounds, key=lambda r: float(r["p99_ms"]))
                    loads[who]["home"] = ranked[len(ranked) // 2]
                    loads[who]["home"]["rounds"] = rounds
            finally:
                _stop(proc)
        for label in PAIRS:
            a, b = loads["csto"][label], loads["datasette"][label]
            b["per_second"] = max(b["per_second"], 1e-9)  # none answered: the ratio is huge
            yield Figure(
                f"web: {label}, requests per second",
                a["per_second"],
                "req/s",
                ">= 3x datasette",
                f"datasette {b['per_second']:,.0f} req/s: {a['per_second'] / b['per_second']:.1f}x;"
                f" csto {_seen(a)}; datasette {_seen(b)}",
            )
            yield Figure(
                f"web: {label}, p99 latency",
                a["p99_ms"],
                "ms",
                "<= datasette",
                f"datasette {b['p99_ms']:.1f} ms: {a['p99_ms'] / b['p99_ms']:.2f}x; p50 "
                f"{a['p50_ms']:.1f} vs {b['p50_ms']:.1f} ms; max {a['max_ms']:.0f} vs "
                f"{b['max_ms']:.0f} ms; {a['generator']}",
            )
            yield Figure(
                f"web: {label}, server CPU per answer",
                a["cpu_ms"],
                "ms",
                "<= datasette / 3",
                f"datasette {b['cpu_ms']:.2f} ms: {b['cpu_ms'] / a['cpu_ms']:.1f}x less CPU per "
                "answer (what requests per second become on a machine of one's own; the load "
                f"of others does not count in it; load average {a['load']:.1f})",
            )
        home = loads["csto"]["home"]
        rounds = ", ".join(
            f"{r['p99_ms']:.0f} ms at {r['per_second']:,.0f} req/s (load {r['load']:.1f}, "
            f"non-200 {r['errors']})"
            for r in home["rounds"]
        )
        p99s = [float(r["p99_ms"]) for r in home["rounds"]]
        yield Figure(
            "web: home page on random days, p99 latency",
            home["p99_ms"],
            "ms",
            "< 50 ms",
            f"median of {HOME_ROUNDS} rounds ({rounds}; spread {min(p99s):.0f}-"
            f"{max(p99s):.0f} ms, mean {statistics.fmean(p99s):.0f}); the median round: "
            f"{home['per_second']:,.0f} req/s, p50 {home['p50_ms']:.1f} ms, server CPU "
            f"{home['cpu_ms']:.3f} ms per answer, {CONNECTIONS} connections, {_seen(home)}; "
            f"datasette's p99 on its HTML list in this run "
            f"{loads['datasette']['HTML list']['p99_ms']:.0f} ms",
        )
