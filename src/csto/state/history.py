"""The history: the record's events, folded into the organization on any date.

``History.on(day)`` is cheap: the state can only change on days where some event becomes
certain (its latest possible day), becomes possible (its earliest), or a withdrawal
notice runs out; between such days it is constant. The history keeps those boundary days
sorted and builds the snapshot of each interval forward from the previous one
(:mod:`csto.state.forward`), the first time a day at or after it is asked for; later
queries are a binary search, and a day asked before is a dictionary lookup.

``on_many`` answers many days at once and ``statuses`` gives every state's membership
status on every asked day as columns (:mod:`csto.state.table`). ``append`` adds a live
log's newest events: only the snapshots from their first day on are built again.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from csto.record.events import Event, WithdrawalNotified
from csto.record.record import Record
from csto.state.diff import Change, diff
from csto.state.forward import Forward
from csto.state.model import State
from csto.state.statuses import withdrawal_effective

if TYPE_CHECKING:
    from csto.state.table import StatusTable

__all__ = ["History"]

#: how many distinct days ``on`` remembers before it forgets them all and starts again
DAY_CACHE = 65_536
#: the longest span of boundary days (in days) ``on_many`` keeps a day -> snapshot table for
DAY_INDEX_SPAN = 200_000


def _bounds(events: Iterable[Event]) -> set[dt.date]:
    bounds: set[dt.date] = set()
    for e in events:
        bounds.update((e.date.earliest, e.date.latest))
        if isinstance(e, WithdrawalNotified):
            effective = withdrawal_effective(e.date, e.effective)
            if effective is not None:
                bounds.add(effective)
    return bounds


class History:
    """The organization through time, as the record tells it (optionally as of a day)."""

    def __init__(self, record: Record, recorded_on: dt.date | None = None) -> None:
        self.record = record
        self.recorded_on = recorded_on
        self._events: list[Event] = [
            e for e in record.events if recorded_on is None or e.recorded <= recorded_on
        ]
        self._events_tuple: tuple[Event, ...] | None = None
        self._instruments = tuple(i.id for i in record.instruments)
        self._bound_set = _bounds(self._events)
        self._bounds = sorted(self._bound_set)
        self._forward = Forward(self._events, self._instruments)
        #: snapshots[i] holds for days in [bounds[i-1], bounds[i]); index 0: before any event
        self._snapshots: list[State] = [self._forward.empty()]
        self._days: dict[dt.date, State] = {}
        #: what other state modules derive from the snapshots, forgotten on ``append``
        self.derived: dict[str, Any] = {}
        #: one thread at a time builds snapshots (the web answers in a thread pool)
        self._lock = threading.RLock()

    @property
    def events(self) -> tuple[Event, ...]:
        """The events of this history, in the record's order (date, then id)."""
        if self._events_tuple is None:
            self._events_tuple = tuple(self._events)
        return self._events_tuple

    def as_recorded(self, day: dt.date) -> History:
        """The history as the record knew it on ``day`` (events recorded by then)."""
        return History(self.record, recorded_on=day)

    # --- one day, many days ------------------------------------------------------------

    def on(self, day: dt.date) -> State:
        """The organization on ``day`` (events of that day included)."""
        state = self._days.get(day)
        if state is not None:
            return state
        with self._lock:
            state = self._snapshot(bisect.bisect_right(self._bounds, day)).dated(day)
            if len(self._days) >= DAY_CACHE:
                self._days.clear()
            self._days[day] = state
        return state

    def on_many(self, days: Iterable[dt.date]) -> list[State]:
        """The organization on each of ``days``, in the order given (the same answers as
        ``on``, each day asked before the same object)."""
        days = list(days)
        if not days:
            return []
        out: list[State] = []
        append, find = out.append, bisect.bisect_right
        with self._lock:
            bounds, snapshots, known = self._bounds, self._snapshots, self._days
            self._snapshot(find(bounds, max(days)))
            first, table = self._day_index()
            size = len(table)
            for day in days:
                state = known.get(day)
                if state is None:
                    at = day.toordinal() - first
                    index = table[at] if 0 <= at < size else find(bounds, day)
                    state = snapshots[index].dated(day)
                    if len(known) >= DAY_CACHE:
                        known.clear()
                    known[day] = state
                append(state)
        return out

    def _day_index(self) -> tuple[int, list[int]]:
        """The first boundary day's ordinal, and for each day from it to the day before the
        last boundary the index of the snapshot that holds (what ``bisect_right`` on the
        boundaries gives; days outside, or a span over :data:`DAY_INDEX_SPAN`, bisect)."""
        found: tuple[int, list[int]] | None = self.derived.get("history.day_index")
        if found is None:
            bounds = self._bounds
            table: list[int] = []
            if bounds and bounds[-1].toordinal() - bounds[0].toordinal() <= DAY_INDEX_SPAN:
                for k in range(1, len(bounds)):
                    table += [k] * (bounds[k].toordinal() - bounds[k - 1].toordinal())
            found = (bounds[0].toordinal() if bounds else 0, table)
            self.derived["history.day_index"] = found
        return found

    def statuses(self, days: Sequence[dt.date] | object, states: Iterable[str] = ()) -> StatusTable:
        """Every state's membership status on every one of ``days``, as columns.

        ``days``: dates, or a numpy ``datetime64`` array; ``states``: the states to report
        (every state the history ever names as a member or former member if empty). Needs
        numpy (the ``table`` extra).
        """
        from csto.state.table import status_table

        return status_table(self, days, tuple(states))

    def snapshots(self) -> tuple[Sequence[dt.date], Sequence[State]]:
        """Every boundary day, and the snapshot that holds from each (index 0: before all).

        The state is constant from ``bounds[i - 1]`` up to the day before ``bounds[i]``:
        ``snapshots[i]`` (dated ``bounds[i - 1]``). Read-only views; they change on
        ``append``.
        """
        with self._lock:
            self._snapshot(len(self._bounds))
        return self._bounds, self._snapshots

    def _snapshot(self, index: int) -> State:
        snapshots = self._snapshots
        if index < len(snapshots):
            return snapshots[index]
        forward, bounds = self._forward, self._bounds
        for i in range(len(snapshots), index + 1):
            snapshots.append(forward.step(bounds[i - 1]))
        return snapshots[index]

    # --- a live log --------------------------------------------------------------------

    def append(self, events: Iterable[Event]) -> None:
        """Add events to this history (a live log's newest): later answers include them.

        The cost is that of the new events when they are dated after every day already
        asked for; snapshots from the first new event's day on are built again. The events
        are not checked against the record (a log's own store and procedures do that), and
        ``record`` stays the record this history was made from.
        """
        new = [e for e in events if self.recorded_on is None or e.recorded <= self.recorded_on]
        if not new:
            return
        with self._lock:
            self._append(new)

    def _append(self, new: list[Event]) -> None:
        first = min(e.date.earliest for e in new)
        self._forward.append(new)
        for e in new:
            bisect.insort(self._events, e, key=_order)
        self._events_tuple = None
        self.derived.clear()
        for day in sorted(_bounds(new) - self._bound_set):
            self._bound_set.add(day)
            if not self._bounds or day > self._bounds[-1]:
                self._bounds.append(day)
            else:
                bisect.insort(self._bounds, day)
        # snapshots[i] rests on bounds[i-1]: those before the first new event still hold
        del self._snapshots[bisect.bisect_left(self._bounds, first) + 1 :]
        if self._days and max(self._days) >= first:
            self._days.clear()

    # --- changes and events ------------------------------------------------------------

    def between(self, start: dt.date, end: dt.date) -> list[Change]:
        """What changed after ``start`` up to and including ``end``, each with its causes."""
        with self._lock:
            return self._between(start, end)

    def _between(self, start: dt.date, end: dt.date) -> list[Change]:
        before, after = self.on(start), self.on(end)
        touched = self._forward.touched
        window = [
            e
            for e in self._events
            if start < e.date.latest <= end or start < e.date.earliest <= end
        ]
        out = []
        for change in diff(before, after):
            key = (change.section, change.key)
            causes = tuple(e.id for e in window if key in touched[e.id])
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
            for e in self._events
            if (state is None or state in e.states or state == getattr(e, "state", None))
            and (kinds is None or e.type in kinds)
            and (start is None or e.date.latest >= start)
            and (end is None or e.date.earliest <= end)
        ]


def _order(e: Event) -> tuple[object, ...]:
    return (e.date.earliest, e.date.latest, e.id)
