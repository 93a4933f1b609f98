"""The law an exercise is judged by is loaded when first needed, once, and can be shared
with the web site's engine (so that a server answers before it has parsed the law)."""

from __future__ import annotations

import threading

import csto
from csto.io.exerciselaw import LawWorld
from csto.io.lawfiles import load_engine
from csto.law.engine import Engine


def test_the_engine_is_made_on_first_use_once_and_shared() -> None:
    history = csto.load()
    engine = load_engine(history.record)
    calls: list[int] = []

    def make() -> Engine:
        calls.append(1)
        return engine

    law = LawWorld(history, make)
    assert calls == []  # nothing parsed at construction
    seen: list[Engine] = []
    threads = [threading.Thread(target=lambda: seen.append(law.engine)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]
    assert all(e is engine for e in seen)
    judge = law.judge("default", "consensus")  # the judge uses that same engine
    assert getattr(judge, "func", None) == engine.judge


def test_an_engine_given_is_used_as_it_is() -> None:
    history = csto.load()
    engine = load_engine(history.record)
    assert LawWorld(history, engine).engine is engine
