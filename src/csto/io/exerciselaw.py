"""The record and the law an exercise is judged by, loaded once per process and shared:
the history, the world up to a fork day (the record's events on or after it are set aside:
the class plays them), and a judge per interpretation profile and decision rule (the law as
it stands, or a counterfactual count of :mod:`csto.law.counting` swapped in through the
engine's one factory argument, as ``csto sim`` does)."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Callable

from csto.errors import InputError, Problem
from csto.law.engine import Engine
from csto.procedures import Judge, World
from csto.state.history import History

__all__ = ["LawWorld"]


class LawWorld:
    """The record and the law an exercise is judged by: the history, the world up to a fork
    day, and a judge per (profile, decision rule). Loaded once and shared."""

    def __init__(
        self,
        history: History | None = None,
        engine: Engine | Callable[[], Engine] | None = None,
    ) -> None:
        """``engine``: the engine, or a function that makes it (called on first use, so
        that a server starts without parsing the law); by default the record's law files
        are read on first use."""
        import csto

        self.history = history if history is not None else csto.load()
        self._engine_of = engine
        self._worlds: dict[dt.date, World] = {}
        self._judges: dict[tuple[str, str], Judge] = {}
        self._lock = threading.Lock()
        self._engine_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The law engine (loaded on first use, once)."""
        with self._engine_lock:
            found = self._engine_of
            if isinstance(found, Engine):
                return found
            if found is None:
                from csto.io.lawfiles import load_engine

                made = load_engine(self.history.record)
            else:
                made = found()
            self._engine_of = made
            return made

    def world(self, day: dt.date) -> World:
        """The record's events that happened before ``day`` (those on or after it are set
        aside: the class plays them)."""
        with self._lock:
            found = self._worlds.get(day)
            if found is None:
                found = World(
                    (e for e in self.history.events if e.date.earliest < day),
                    (i.id for i in self.history.record.instruments),
                )
                self._worlds[day] = found
            return found

    def judge(self, profile: str, variant: str) -> Judge:
        """The law under ``profile`` with the counting rule ``variant`` (``consensus``: the
        law as it stands)."""
        with self._lock:
            key = (profile, variant)
            found = self._judges.get(key)
            if found is None:
                engine = self._engine(variant)
                found = functools.partial(engine.judge, profile=engine.profile(profile))
                self._judges[key] = found
            return found

    def _engine(self, variant: str) -> Engine:
        from csto.law.counting import COUNTINGS, k_of_n, with_counting
        from csto.law.rules import load_rules
        from csto.sim.models.variants import parse_variant

        spec = parse_variant(variant)
        if spec.rule == "consensus":
            return self.engine
        if spec.rule.startswith("k-of-n:"):
            counting = k_of_n(int(spec.rule[7:]))
        elif spec.rule in COUNTINGS:
            counting = COUNTINGS[spec.rule]
        else:
            raise InputError(
                f"the decision rule {variant!r} cannot be played in an exercise",
                (Problem("unsupported variant", field="variant"),),
            )
        base = self.engine
        return Engine(
            base.law,
            base.catalogue,
            record_digest=base.record_digest,
            csto_version=base.csto_version,
            rules=with_counting(load_rules(), counting),
        )
