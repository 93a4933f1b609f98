"""State figures: on(date) queries per second on random dates, and the history's memory."""

from __future__ import annotations

import datetime as dt
import random
import time
import tracemalloc
from collections.abc import Iterator

from bench.figures import Figure


def run() -> Iterator[Figure]:
    from csto.io.recordfiles import load_record
    from csto.state.history import History

    record = load_record()
    rng = random.Random(1992)
    start, span = dt.date(1992, 1, 1).toordinal(), 365 * 35
    days = [dt.date.fromordinal(start + rng.randrange(span)) for _ in range(200_000)]
    warm = [dt.date.fromordinal(start + i) for i in range(span)]
    tracemalloc.start()
    history = History(record)
    for day in warm:  # fold every snapshot once
        history.on(day)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    began = time.perf_counter()
    for day in days:
        history.on(day)
    elapsed = time.perf_counter() - began
    yield Figure("state: on(date) queries per second", len(days) / elapsed, "q/s", ">= 100,000")
    yield Figure(
        "state: memory of the loaded history (snapshots warm)",
        peak / 2**20,
        "MiB",
        None,
        f"{len(record.events)} events",
    )
    began = time.perf_counter()
    for _ in range(200):
        history.between(days[0], days[1])
    yield Figure("state: between(d1, d2) per second", 200 / (time.perf_counter() - began), "q/s")
