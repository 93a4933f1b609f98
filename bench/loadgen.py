"""The web bench's load generator: N keep-alive connections on loopback, closed loop, in a
process of its own, bounded in time.

:func:`measure` takes a spec ``{"port": P, "paths": [...], "connections": 50, "seconds": 5,
"warmup": 1, "seed": 1}`` (a ``{day}`` in a path becomes a random day from 1992-05-15 to
yesterday; with several paths each request draws one) and returns one dict of figures. It
runs one of two generators, named in the dict's ``generator``:

- **wrk** (a C load generator, Debian's ``wrk`` 4.1, used when it is on the path and
  ``CSTO_BENCH_LOADGEN`` is not ``python``): one thread for all the connections (``threads``
  in the spec for more), so that it takes at most one of the CPUs and competes with the
  server as one thread, as the server's event loop is one (with a thread per connection,
  fifty wrk threads each got a scheduler's share, and the server's longest answers were
  several times longer); a Lua script draws the paths and counts the requests sent, the
  answers with a status of 400 or more (wrk's own count).
  *Its latency* is the time from writing a request to the end of its answer (``c->start``
  is taken just before the write, the sample when the parser completes the answer;
  connecting is not counted). wrk is closed-loop: a connection sends its next request only
  once the previous answer is in, so a server that stalls also holds back the requests that
  would have come meanwhile (coordinated omission). wrk 4.1 corrects for it
  (``stats_correct``, after the run and before the Lua ``done`` sees the histogram): with
  ``interval`` the mean time between one connection's requests (the run's microseconds over
  its answers per connection), every sample ``n >= 2 * interval`` adds samples
  ``n - interval``, ``n - 2 * interval``, ... down to above ``interval``: the requests a
  steady client would have sent during the stall, and what they would have waited. So its
  **percentiles count those added samples** (a tail figure stricter than the raw one; the
  raw histogram is not available to the script); ``max_ms``, ``requests`` and
  ``per_second`` are of real answers only. An answer counts when it ends within the run;
  those in flight when it ends are dropped (a server slower than the run per answer shows
  none). Samples at or over wrk's ``--timeout`` would be dropped and counted as timeouts;
  it is set to the run's length plus 10 s, so none can be. A warm-up is a separate wrk run
  before the measured one (``settle`` is called between them).
- **python** (the fallback, ``python -m bench.loadgen SPEC``): asyncio, the same closed
  loop, raw latencies (no correction), a warm-up of ``warmup`` seconds inside the run; an
  answer counts when it ends in the measured seconds, whenever it was asked. Costly: on 2
  CPUs it takes a large share of the machine from the server it measures (see
  ``generator_cpu_ms``: about 2.5-3x wrk's per answer).

Both send ``Host: 127.0.0.1:PORT`` (as a browser would) and return: ``requests`` answered
in the measured seconds and ``per_second``; ``p50_ms``, ``p99_ms``, ``max_ms``; ``errors``:
the answers counted as errors, warm-up included (the Python generator: every status but 200;
wrk: 400 and over, as seeing each status would cost it 4.5 times its CPU), plus socket
errors. Before either generator starts, :func:`check` asks each path once (a ``{day}`` path
on a few days) and refuses to go on unless the answer is 200, so a redirect or a missing
page is not measured as a fast answer; ``all``: every
answer, warm-up included; ``sent``: every request sent, answered or not (wrk drops those in
flight when its run ends, and the server still makes their answers, so the server's CPU
time is divided by these); ``fewest`` and ``most``: the fewest and most answers one
connection got (how unevenly the connections were served; None from wrk unless it runs a
thread per connection); ``generator_cpu_ms``: the generator's own CPU time (user and
system) per answer, warm-up included.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import http.client
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
#: the first day a ``{day}`` may become (the day the treaty was signed)
FIRST_DAY = dt.date(1992, 5, 15)
#: the line wrk's ``done`` writes its JSON after
_MARK = "csto-loadgen "


def generator() -> str:
    """The generator :func:`measure` runs here: ``wrk`` or ``python``."""
    wanted = os.environ.get("CSTO_BENCH_LOADGEN", "")
    if wanted not in ("", "wrk", "python"):
        raise ValueError(f"CSTO_BENCH_LOADGEN={wanted!r}: expected wrk, python or unset")
    if wanted == "python" or shutil.which("wrk") is None:
        if wanted == "wrk":
            raise RuntimeError("CSTO_BENCH_LOADGEN=wrk but no wrk on the path (apt install wrk)")
        return "python"
    return "wrk"


def check(spec: dict[str, Any], days: int = 5) -> None:
    """Ask each of the spec's paths once (at most 20; a ``{day}`` path on ``days`` random
    days) on one connection; raise :class:`RuntimeError` naming the first that does not
    answer 200."""
    rng = random.Random(spec.get("seed", 1))
    span = (dt.date.today() - FIRST_DAY).days
    asked: list[str] = []
    for path in rng.sample(spec["paths"], min(20, len(spec["paths"]))):
        if "{day}" not in path:
            asked.append(path)
            continue
        for _ in range(days):
            day = FIRST_DAY + dt.timedelta(rng.randrange(span))
            asked.append(path.replace("{day}", day.isoformat()))
    conn = http.client.HTTPConnection(HOST, int(spec["port"]), timeout=120)
    try:
        for path in asked:
            conn.request("GET", path)
            answer = conn.getresponse()
            answer.read()
            if answer.status != 200:
                raise RuntimeError(
                    f"GET {path} on port {spec['port']} answered {answer.status}, not 200:"
                    " fix the path before measuring it"
                )
    finally:
        conn.close()


def measure(spec: dict[str, Any], settle: Callable[[], None] = lambda: None) -> dict[str, Any]:
    """Load the server on ``spec["port"]`` as the module says; the figures, with the name of
    the generator that made them and its CPU time per answer. ``settle`` is called between
    wrk's warm-up and its measured run: it should return once the server has finished the
    requests the warm-up left unanswered (wrk closes its connections at the end of a run;
    the server still works on the requests in flight)."""
    check(spec)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    which = generator()
    done = _wrk(spec, settle) if which == "wrk" else _python(spec)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    done["generator"] = which
    done["generator_cpu_ms"] = 1000 * cpu / max(1, done["all"])
    return done


def _limit(spec: dict[str, Any]) -> float:
    """The most seconds one generator process may take before it is killed."""
    return float(spec.get("seconds", 5.0)) + float(spec.get("warmup", 1.0)) + 60


def _python(spec: dict[str, Any]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.loadgen", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
        timeout=_limit(spec),
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    done = dict(json.loads(out))
    done["sent"] = done["all"]  # every connection waits for its last answer
    return done


# the Lua script wrk runs: the paths as a Lua table; each thread counts the requests it sent,
# and done() writes them with wrk's counts and latency percentiles (no response(): with one,
# wrk keeps every body and hands it to Lua, 4.5 times its CPU per answer on a 390 KB page)
_LUA = """
local paths = {%(paths)s}
local days = %(days)s
local threads = {}
local first = os.time({year = 1992, month = 5, day = 15, hour = 12})
local span = %(span)d
local fixed = nil

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(%(seed)d * 1000 + id)
  sent = 0
  if #paths == 1 and not days then
    fixed = wrk.format("GET", paths[1])
  end
end

function request()
  sent = sent + 1
  if fixed then
    return fixed
  end
  local path = paths[math.random(#paths)]
  if days then
    local day = os.date("!%%Y-%%m-%%d", first + math.random(0, span - 1) * 86400)
    path = string.gsub(path, "{day}", day)
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local asked = 0
  for _, t in ipairs(threads) do
    asked = asked + t:get("sent")
  end
  local e = summary.errors
  io.write(string.format(
    '%(mark)s{"requests": %%d, "sent": %%d, "duration_us": %%d, "status_errors": %%d,'
    .. ' "socket_errors": %%d, "p50_us": %%d, "p99_us": %%d, "max_us": %%d}\\n',
    summary.requests, asked, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50.0), latency:percentile(99.0), latency.max))
end
"""


def _lua(spec: dict[str, Any]) -> str:
    paths: list[str] = list(spec["paths"])
    for path in paths:
        if not path.startswith("/") or any(c in path for c in '"\\\r\n '):
            raise ValueError(f"path {path!r}: expected an absolute path without quotes or spaces")
    return _LUA % {
        "paths": ", ".join(f'"{p}"' for p in paths),
        "days": "true" if any("{day}" in p for p in paths) else "false",
        "span": (dt.date.today() - FIRST_DAY).days,
        "seed": int(spec.get("seed", 1)),
        "mark": _MARK,
    }


def _wrk_run(spec: dict[str, Any], seconds: float, script: Path) -> dict[str, Any]:
    connections = int(spec.get("connections", 50))
    argv = [
        "wrk",
        f"--threads={int(spec.get('threads', 1))}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={round(seconds) + 10}s",
        f"--script={script}",
        f"http://{HOST}:{int(spec['port'])}",
    ]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=_limit(spec))
    line = next((x for x in out.stdout.splitlines() if x.startswith(_MARK)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no figures: {out.stdout[-500:]} {out.stderr[-500:]}")
    return dict(json.loads(line[len(_MARK) :]))


def _wrk(spec: dict[str, Any], settle: Callable[[], None]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="csto-loadgen-") as tmp:
        script = Path(tmp) / "paths.lua"
        script.write_text(_lua(spec), encoding="utf-8")
        warm = float(spec.get("warmup", 1.0))
        warmed = _wrk_run(spec, warm, script) if warm > 0 else None
        if warmed is not None:
            settle()
        run = _wrk_run(spec, float(spec.get("seconds", 5.0)), script)
    errors = run["status_errors"] + run["socket_errors"]
    everything, sent = run["requests"], run["sent"]
    if warmed is not None:
        errors += warmed["status_errors"] + warmed["socket_errors"]
        everything += warmed["requests"]
        sent += warmed["sent"]
    return {
        "requests": run["requests"],
        "per_second": run["requests"] / (run["duration_us"] / 1e6),
        "p50_ms": run["p50_us"] / 1000 if run["requests"] else float("inf"),
        "p99_ms": run["p99_us"] / 1000 if run["requests"] else float("inf"),
        "max_ms": run["max_us"] / 1000 if run["requests"] else float("inf"),
        "errors": errors,
        "all": everything,
        "sent": sent,
        "fewest": None,
        "most": None,
    }


async def _connection(
    spec: dict[str, Any], rng: random.Random, until: float, start: float, out: list[float]
) -> tuple[int, int, int]:
    reader, writer = await asyncio.open_connection(HOST, spec["port"])
    host = f"{HOST}:{spec['port']}"
    span = (dt.date.today() - FIRST_DAY).days
    answered = errors = everything = 0
    try:
        while True:
            began = time.perf_counter()
            if began >= until:
                break
            path = rng.choice(spec["paths"])
            if "{day}" in path:
                day = FIRST_DAY + dt.timedelta(rng.randrange(span))
                path = path.replace("{day}", day.isoformat())
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            status = await reader.readline()
            length, chunked = 0, False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"transfer-encoding" and b"chunked" in value.lower():
                    chunked = True
            if chunked:
                while True:
                    size = int((await reader.readline()).strip() or b"0", 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            else:
                await reader.readexactly(length)
            if b" 200 " not in status:
                errors += 1
            ended = time.perf_counter()
            everything += 1
            if start <= ended <= until:  # answered in the measured seconds, whenever asked
                out.append(ended - began)
                answered += 1
    finally:
        writer.close()
    return answered, errors, everything


async def _run(spec: dict[str, Any]) -> dict[str, Any]:
    rng = random.Random(spec.get("seed", 1))
    began = time.perf_counter()
    start = began + spec.get("warmup", 1.0)
    until = start + spec.get("seconds", 5.0)
    latencies: list[float] = []
    results = await asyncio.gather(
        *(
            _connection(spec, random.Random(rng.random()), until, start, latencies)
            for _ in range(spec.get("connections", 50))
        )
    )
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:  # nothing answered in the measured seconds
            return float("inf")
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    counts = [n for n, _, _ in results]
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / spec.get("seconds", 5.0),
        "p50_ms": pct(50),
        "p99_ms": pct(99),
        "max_ms": pct(100),
        "errors": sum(e for _, e, _ in results),
        "all": sum(a for _, _, a in results),
        "fewest": min(counts),
        "most": max(counts),
    }


def main() -> None:
    """``python -m bench.loadgen SPEC``: the Python generator, one JSON line of figures."""
    spec = json.loads(sys.argv[1])
    print(json.dumps(asyncio.run(_run(spec))))


if __name__ == "__main__":
    main()
