"""The history: the record's events, folded into the organization on any date.

``History.on(day)`` is cheap: the state can only change on days where some event becomes
certain (its latest possible day), becomes possible (its earliest), or a withdrawal
notice runs out; between such days it is constant. The history keeps those boundary days
sorted, folds a snapshot per interval the first time it is asked for, and answers later
queries with a binary search.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from csto.record.events import Event, WithdrawalNotified
from csto.record.record import Record
from csto.state.diff import Change, diff
from csto.state.fold import fold, touches
from csto.state.model import State, Uncertainty
from csto.state.statuses import withdrawal_effective

__all__ = ["History"]


class History:
    """The organization through time, as the record tells it (optionally as of a day)."""

    def __init__(self, record: Record, recorded_on: dt.date | None = None) -> None:
        self.record = record
        self.recorded_on = recorded_on
        self.events: tuple[Event, ...] = tuple(
            e for e in record.events if recorded_on is None or e.recorded <= recorded_on
        )
        self._instruments = tuple(i.id for i in record.instruments)
        bounds: set[dt.date] = set()
        for e in self.events:
            bounds.update((e.date.earliest, e.date.latest))
            if isinstance(e, WithdrawalNotified):
                effective = withdrawal_effective(e.date, e.effective)
                if effective is not None:
                    bounds.add(effective)
        self._bounds = sorted(bounds)
        self._cache: dict[int, State] = {}
        self._touches = touches(self.events, self._instruments)

    def as_recorded(self, day: dt.date) -> History:
        """The history as the record knew it on ``day`` (events recorded by then)."""
        return History(self.record, recorded_on=day)

    def on(self, day: dt.date) -> State:
        """The organization on ``day`` (events of that day included)."""
        index = bisect.bisect_right(self._bounds, day)
        snapshot = self._cache.get(index)
        if snapshot is None:
            snapshot = self._cache[index] = self._snapshot(index)
        return snapshot if snapshot.date == day else replace(snapshot, date=day)

    def _snapshot(self, index: int) -> State:
        if index == 0:
            return fold((), dt.date.min, self._instruments)
        day = self._bounds[index - 1]
        certain = [e for e in self.events if e.date.latest <= day]
        possible = [e for e in self.events if e.date.earliest <= day < e.date.latest]
        state = fold(certain, day, self._instruments)
        if not possible:
            return state
        maybe = fold(certain + possible, day, self._instruments)
        uncertain = []
        for change in diff(state, maybe):
            causes = [
                e for e in possible if (change.section, change.key) in self._touches[e.id]
            ] or possible
            uncertain.append(
                Uncertainty(
                    section=change.section,
                    key=change.key,
                    events=tuple(e.id for e in causes),
                    earliest=min(e.date.earliest for e in causes),
                    latest=max(e.date.latest for e in causes),
                    would_be=change.after,
                )
            )
        return replace(state, uncertain=tuple(uncertain))

    def between(self, start: dt.date, end: dt.date) -> list[Change]:
        """What changed after ``start`` up to and including ``end``, each with its causes."""
        before, after = self.on(start), self.on(end)
        window = [
            e for e in self.events if start < e.date.latest <= end or start < e.date.earliest <= end
        ]
        out = []
        for change in diff(before, after):
            key = (change.section, change.key)
            causes = tuple(e.id for e in window if key in self._touches[e.id])
            if not causes:
                old = set(getattr(change.before, "events", ()))
                causes = tuple(i for i in getattr(change.after, "events", ()) if i not in old)
                causes = causes or tuple(getattr(change.before, "events", ()))
            out.append(replace(change, events=causes))
        return out

    def timeline(
        self,
        state: str | None = None,
        kind: str | Iterable[str] | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> list[Event]:
        """The events, oldest first, filtered by state concerned, type and period."""
        kinds = {kind} if isinstance(kind, str) else set(kind) if kind is not None else None
        return [
            e
            for e in self.events
            if (state is None or state in e.states or state == getattr(e, "state", None))
            and (kinds is None or e.type in kinds)
            and (start is None or e.date.latest >= start)
            and (end is None or e.date.earliest <= end)
        ]
