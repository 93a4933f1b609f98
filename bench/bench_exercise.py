"""Exercise figures: how fast the referee takes moves on the SQLite store (moves that ask
nothing of the law, and positions judged by the law through the session machine), how long a
seat's view takes, and how fast an exercise is rebuilt from its stream. A class makes a move
every few seconds; these say how much headroom one process has."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.figures import Figure


def run() -> Iterator[Figure]:
    from csto.exercise.game import Exercise
    from csto.exercise.log import stream_of
    from csto.io.exercises import Exercises, LawWorld, configure
    from csto.store import open_store

    law = LawWorld()
    now = [dt.datetime(2026, 1, 1, tzinfo=dt.UTC)]

    def clock() -> dt.datetime:
        now[0] += dt.timedelta(seconds=1)
        return now[0]

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        api = Exercises(store, law=law, clock=clock)
        created = api.create(configure(law, "kaz-2022-01"))
        key, ex = created.credentials, created.id

        def act(seat: str, move: dict[str, object]) -> None:
            assert api.act(ex, key[seat], move).accepted

        act("facilitator", {"move": "start"})
        act("chair", {"move": "open_item", "item": "request"})
        began, n = time.perf_counter(), 0
        while time.perf_counter() - began < 3.0:
            act("RUS", {"move": "ask_floor"})
            act("chair", {"move": "give_floor"})
            act("RUS", {"move": "statement", "text": f"statement {n}"})
            n += 3
        yield Figure(
            "exercise: room moves (no law asked), SQLite",
            n / (time.perf_counter() - began),
            "moves/s",
            None,
            "ask_floor, give_floor, statement: authenticate, judge, append, fold",
        )
        began, n = time.perf_counter(), 0
        while time.perf_counter() - began < 3.0:
            subject = f"draft {n}"
            act("chair", {"move": "table", "subject": subject, "text": "x"})
            act("chair", {"move": "call_consensus", "subject": subject})
            for code in ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"):
                act(code, {"move": "position", "subject": subject, "position": "support"})
            act("chair", {"move": "declare_adopted", "subject": subject})
            n += 9
        yield Figure(
            "exercise: moves judged by the law, SQLite",
            n / (time.perf_counter() - began),
            "moves/s",
            None,
            "table, call, six positions, adoption: each through the session machine",
        )
        began, views = time.perf_counter(), 0
        while time.perf_counter() - began < 2.0:
            api.view(ex, key["BLR"])
            views += 1
        turns = api.load(ex).turn
        yield Figure(
            f"exercise: a seat's view after {turns} turns",
            1000 * (time.perf_counter() - began) / views,
            "ms",
        )
        entries = store.read_stream(stream_of(ex))
        began = time.perf_counter()
        Exercise.from_entries(entries)
        yield Figure(
            f"exercise: rebuild from the stream ({len(entries)} events)",
            len(entries) / (time.perf_counter() - began),
            "events/s",
        )
        store.close()
