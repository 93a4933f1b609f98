"""A load generator in its own process: N keep-alive connections on loopback, closed loop.

``python -m bench.loadgen SPEC`` where SPEC is JSON: ``{"port": P, "paths": [...],
"connections": 50, "seconds": 5, "warmup": 1, "seed": 1}``. Each connection sends a GET
for a path drawn from ``paths`` (a ``{day}`` in a path becomes a random day from 1992 to
today), waits for the whole answer, and sends the next. It prints one JSON line: requests
answered in the measured seconds, latency percentiles, non-200 answers, and how unevenly
the connections were served (fewest and most answers one connection got), and ``all``: every
answer, warm-up included (to divide the server's CPU time by). An answer
counts when it ends in the measured seconds, whenever it was asked: a server slower than
the window per answer still shows its answers (a request asked during the warm-up and
answered in the window counts with its whole latency).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import sys
import time
from typing import Any

HOST = "127.0.0.1"


async def _connection(
    spec: dict[str, Any], rng: random.Random, until: float, start: float, out: list[float]
) -> tuple[int, int, int]:
    reader, writer = await asyncio.open_connection(HOST, spec["port"])
    first, span = dt.date(1992, 5, 15), (dt.date.today() - dt.date(1992, 5, 15)).days
    answered = errors = everything = 0
    try:
        while True:
            began = time.perf_counter()
            if began >= until:
                break
            path = rng.choice(spec["paths"])
            if "{day}" in path:
                day = first + dt.timedelta(rng.randrange(span))
                path = path.replace("{day}", day.isoformat())
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
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
    spec = json.loads(sys.argv[1])
    print(json.dumps(asyncio.run(_run(spec))))


if __name__ == "__main__":
    main()
