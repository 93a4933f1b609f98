"""State figures: the first pass at 1x/10x/100x, warm answers, many days at once, beside peers.

- **First pass**: a fresh history answers 10,000 random days from 1992 on (every snapshot
  it needs built on the way), on the curated record and on the record told 10 and 100
  times over (:mod:`bench.scaled`). Beside it, the method it replaced (each snapshot
  folded from nothing: :func:`csto.state.forward.settle`), timed on fewer days.
- **Warm on(d)**: days already asked, then days not asked before (snapshots built), beside
  the peers answering one day per query from the same spells: a pandas filter and a
  DuckDB query.
- **Many days at once**: 10,000 days, every state's status on each: ``History.statuses``
  (numpy columns) and ``History.on_many`` (a State per day: every section, not only the
  statuses; each a view of its interval's snapshot) beside a DuckDB range join and
  a pandas merge (``merge_asof`` by state) on the same spells (periods of one status per
  state, read off the history's snapshots; building them is not timed for the peers).

Peers are installed for the bench only (``pip install -e '.[bench]'``; scripts/bench does
it). Every figure is the best of a few rounds; ratios come from the same run.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import random
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.figures import Figure, best_of_both

DAYS = 10_000
FIRST = dt.date(1992, 1, 1)
SPAN = (dt.date(2026, 12, 31) - FIRST).days
GOALS = {1: 100_000, 10: 50_000, 100: 20_000}
ROUNDS = 5


def _days(n: int, seed: int = 1992) -> list[dt.date]:
    rng = random.Random(seed)
    return [FIRST + dt.timedelta(days=rng.randrange(SPAN)) for _ in range(n)]


def _best(fn: Callable[[], object], rounds: int = ROUNDS) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - began)
    return best


def _first_pass(factor: int, days: list[dt.date]) -> Iterator[Figure]:
    from bench.scaled import scaled_record
    from csto.state.forward import settle
    from csto.state.history import History

    record = scaled_record(factor)

    def fresh() -> None:
        history = History(record)
        for day in days:
            history.on(day)

    elapsed, cpu = best_of_both(3, fresh)
    rate = len(days) / elapsed
    goal = GOALS[factor]
    # the method replaced: one fold from nothing per snapshot the days need (cached)
    ids = [i.id for i in record.instruments]
    bounds, _ = History(record).snapshots()
    needed = sorted({bisect.bisect_right(bounds, d) for d in days} - {0})
    sample = needed[:: max(1, len(needed) * factor // 400)]
    began = time.perf_counter()
    for index in sample:
        settle(record.events, bounds[index - 1], ids)
    per_snapshot = (time.perf_counter() - began) / len(sample)
    before = len(days) / (per_snapshot * len(needed))
    yield Figure(
        f"state: first pass, {len(days):,} days, record at {factor}x",
        rate,
        "days/s",
        f">= {goal:,}",
        f"{len(record.events):,} events, {len(needed)} snapshots; {rate / goal:.1f}x the "
        f"goal; on CPU time {len(days) / cpu:,.0f} days/s, {len(days) / cpu / goal:.1f}x "
        f"the goal (load average {os.getloadavg()[0]:.1f}); each snapshot folded from "
        f"nothing (the method replaced, timed on "
        f"{len(sample)} of them): {before:,.0f} days/s, so {rate / before:,.0f}x",
    )


def _spells(history: Any) -> tuple[Any, list[str]]:
    """One row per period of one status per state: state, status, start, stop (exclusive)."""
    import numpy as np
    import pandas as pd

    bounds, snapshots = history.snapshots()
    table = history.statuses([FIRST])
    states = list(table.states)
    rows = []
    low, high = np.datetime64("0001-01-01"), np.datetime64("9999-12-31")
    for state in states:
        start, status = low, snapshots[0].status_of(state)
        for i in range(1, len(snapshots)):
            now = snapshots[i].status_of(state)
            if now != status:
                day = np.datetime64(bounds[i - 1], "D")
                rows.append((state, status, start, day))
                start, status = day, now
        rows.append((state, status, start, high))
    frame = pd.DataFrame(rows, columns=["state", "status", "start", "stop"])
    frame["start"] = frame["start"].astype("datetime64[s]")
    frame["stop"] = frame["stop"].astype("datetime64[s]")
    return frame, states


def _peers(history: Any, days: list[dt.date]) -> dict[str, Callable[[], Any]]:
    import duckdb
    import numpy as np
    import pandas as pd

    spells, states = _spells(history)
    asked = pd.DataFrame({"day": np.array(days, dtype="datetime64[s]")})
    con = duckdb.connect()
    con.register("spells", spells)
    con.register("asked", asked)
    grid = asked.merge(pd.DataFrame({"state": states}), how="cross").sort_values("day")
    right = spells.sort_values("start")

    def duck_join() -> Any:
        return con.execute(
            "SELECT a.day, s.state, s.status FROM asked a JOIN spells s "
            "ON a.day >= s.start AND a.day < s.stop"
        ).fetchnumpy()

    def pandas_merge() -> Any:
        left = asked.merge(pd.DataFrame({"state": states}), how="cross").sort_values("day")
        return pd.merge_asof(left, right, left_on="day", right_on="start", by="state")

    one = np.datetime64(days[0], "s")

    def duck_one(day: Any = one) -> Any:
        return con.execute(
            "SELECT state, status FROM spells WHERE start <= ? AND stop > ?", [day, day]
        ).fetchall()

    def pandas_one(day: Any = one) -> Any:
        return spells[(spells["start"] <= day) & (spells["stop"] > day)]

    assert len(duck_join()["state"]) == len(days) * len(states)
    assert len(pandas_merge()) == len(grid)
    return {
        "duckdb range join": duck_join,
        "pandas merge_asof": pandas_merge,
        "duckdb one query per day": duck_one,
        "pandas one filter per day": pandas_one,
    }


def _ratios(theirs: dict[str, float], ours: float, n: int) -> str:
    return ", ".join(f"{name} {n / t:,.0f} days/s: {t / ours:.2f}x" for name, t in theirs.items())


def _many(days: list[dt.date]) -> Iterator[Figure]:
    import numpy as np

    from csto.io.recordfiles import load_record
    from csto.state.history import History

    history = History(load_record())
    asked = np.array(days, dtype="datetime64[D]")
    history.statuses(asked)  # snapshots and their rows of codes built once
    peers = _peers(history, days)
    ours = _best(lambda: history.statuses(asked))
    joins = ("duckdb range join", "pandas merge_asof")
    both = {name: best_of_both(ROUNDS, peers[name]) for name in joins}
    theirs = {name: wall for name, (wall, _) in both.items()}
    theirs_cpu = {name: cpu for name, (_, cpu) in both.items()}
    yield Figure(
        f"state: statuses of every state on {len(days):,} days (numpy)",
        len(days) / ours,
        "days/s",
        ">= 3x both peers",
        _ratios(theirs, ours, len(days)),
    )
    built = History(history.record)
    built.snapshots()
    timings, cpus = [], []
    for _ in range(ROUNDS):  # as many rounds as the peers get
        built._days.clear()  # days not asked before: each answer is a new State
        began, began_cpu = time.perf_counter(), time.process_time()
        built.on_many(days)
        timings.append(time.perf_counter() - began)
        cpus.append(time.process_time() - began_cpu)
    cpu_ratios = ", ".join(f"{name} {t / min(cpus):.1f}x" for name, t in theirs_cpu.items())
    yield Figure(
        f"state: on_many({len(days):,} days), a State per day",
        len(days) / min(timings),
        "days/s",
        ">= 3x both peers",
        _ratios(theirs, min(timings), len(days))
        + f"; on CPU time (DuckDB's threads included): {cpu_ratios}; load average "
        f"{os.getloadavg()[0]:.1f}; snapshots built, days not asked before; each answer a "
        "whole State (every section, shared with the other days of its interval), the "
        "peers' one status per state and day",
    )
    for name in ("duckdb one query per day", "pandas one filter per day"):
        per_day = _best(peers[name]) / 1
        yield Figure(f"state: peer {name}", 1 / per_day, "days/s")


def _warm(days: list[dt.date]) -> Iterator[Figure]:
    from csto.io.recordfiles import load_record
    from csto.state.history import History

    history = History(load_record())
    for day in days:  # every day asked once: the answers are kept
        history.on(day)
    repeat = days * 20
    elapsed = _best(lambda: [history.on(d) for d in repeat])
    yield Figure(
        "state: warm on(d), days asked before",
        len(repeat) / elapsed,
        "days/s",
        ">= 1,000,000",
        f"{len(repeat):,} answers over {len(set(days)):,} distinct days",
    )
    fresh_days = _days(len(days), seed=7)

    def new_days() -> None:
        h = History(history.record)
        h.snapshots()  # every snapshot built: only the day's own answer is new
        began = time.perf_counter()
        for day in fresh_days:
            h.on(day)
        timings.append(time.perf_counter() - began)

    timings: list[float] = []
    for _ in range(3):
        new_days()
    yield Figure(
        "state: on(d), snapshots built, days not asked before",
        len(fresh_days) / min(timings),
        "days/s",
        None,
        "a binary search, then the snapshot dated to the day (one small object)",
    )


def run() -> Iterator[Figure]:
    days = _days(DAYS)
    for factor in (1, 10, 100):
        yield from _first_pass(factor, days)
    yield from _warm(days)
    yield from _many(days)
