"""Snapshots built forward: the state on each boundary day from the one before it.

The state on day D is the fold of the events *certainly* past by D (their latest possible
day is D or earlier), in date order; events *possibly* past by D (earliest on or before D,
latest after it) make parts of it uncertain: where the fold of certain and possible events
together differs from it, the state says so (:class:`~csto.state.model.Uncertainty`).
:func:`settle` says this from nothing, for one day: it is the definition.

:class:`Forward` computes the same states for a rising sequence of days, applying each
event once. It keeps two builders:

- ``maybe`` takes every event whose earliest day has come, in the fold's order: the fold
  of certain and possible events together is exactly this prefix;
- ``sure`` takes the same events but skips those still possible. When a skipped event
  becomes certain (its latest day comes), ``sure`` goes back to the copy saved just before
  that event and replays the events after it. Only events dated to a month, a year or a
  range are ever skipped, and each is replayed over once, when it settles, so a pass over
  every boundary day costs the events plus the events inside imprecise dates' spans.

Events may be appended (a live log): when they come after every event applied so far, the
builders simply go on; otherwise :meth:`Forward.append` goes back to the copy it kept of
the builders before the last day it computed, or, for an event dated further back, starts
over.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from csto.record.events import Event
from csto.state.diff import diff
from csto.state.fold import Builder, Key, order
from csto.state.model import State, Uncertainty

__all__ = ["Forward", "settle"]


def uncertainties(
    state: State, maybe: State, possible: Sequence[Event], touched: Mapping[str, set[Key]]
) -> tuple[Uncertainty, ...]:
    """What differs between the certain state and the possible one, with the events behind it.

    The causes of a difference are the possible events that touched that entry when folded
    (``touched``: event id to (section, key) pairs), or every possible event if none did.
    """
    out = []
    for change in diff(state, maybe):
        key = (change.section, change.key)
        causes = [e for e in possible if key in touched[e.id]] or list(possible)
        out.append(
            Uncertainty(
                section=change.section,
                key=change.key,
                events=tuple(e.id for e in causes),
                earliest=min(e.date.earliest for e in causes),
                latest=max(e.date.latest for e in causes),
                would_be=change.after,
            )
        )
    return tuple(out)


def settle(events: Iterable[Event], day: dt.date, instrument_ids: Iterable[str] = ()) -> State:
    """The state on ``day`` folded from nothing, uncertainties included: the definition.

    :class:`Forward` must give the same answer; the tests hold it to this.
    """
    ordered = sorted(events, key=order)
    instruments = tuple(instrument_ids)
    everything = Builder(instruments)
    touched = {e.id: everything.apply(e) for e in ordered}
    sure = Builder(instruments)
    possible = []
    for e in ordered:
        if e.date.latest <= day:
            sure.apply(e)
        elif e.date.earliest <= day:
            possible.append(e)
    state = sure.freeze(day)
    if not possible:
        return state
    maybe = Builder(instruments)
    for e in ordered:
        if e.date.earliest <= day:
            maybe.apply(e)
    return replace(state, uncertain=uncertainties(state, maybe.freeze(day), possible, touched))


class _Checkpoint:
    """Everything :class:`Forward` needs to go back to the start of one step."""

    __slots__ = ("day", "maybe", "possible", "reached", "saved", "sure")

    def __init__(self, forward: Forward) -> None:
        self.day = forward.day
        self.reached = forward.reached
        self.maybe = forward.maybe.copy()
        self.sure = forward.sure.copy()
        self.possible = dict(forward.possible)
        self.saved = dict(forward.saved)


class Forward:
    """The state on rising days, each built from the one before (see the module's doc)."""

    def __init__(self, events: Iterable[Event], instrument_ids: Iterable[str] = ()) -> None:
        self.instruments = tuple(instrument_ids)
        self.events: list[Event] = sorted(events, key=order)
        self._earliest = [e.date.earliest for e in self.events]
        #: (section, key) pairs each event touched when ``maybe`` applied it
        self.touched: dict[str, set[Key]] = {}
        self._start()

    def _start(self) -> None:
        self.day: dt.date | None = None
        #: events[:reached] have an earliest day on or before ``day``
        self.reached = 0
        self.maybe = Builder(self.instruments)
        self.sure = Builder(self.instruments)
        #: position -> event, for the reached events still possible (skipped by ``sure``)
        self.possible: dict[int, Event] = {}
        #: position -> a copy of ``sure`` as it was just before that possible event
        self.saved: dict[int, Builder] = {}
        self._back: _Checkpoint | None = None

    def empty(self) -> State:
        """The state before any event."""
        return Builder(self.instruments).freeze(dt.date.min)

    def step(self, day: dt.date) -> State:
        """The state on ``day``, which must not come before the day of the previous step."""
        if self.day is not None and day < self.day:
            raise ValueError(f"Forward.step({day}) after step({self.day}): days must not go back")
        self._back = _Checkpoint(self)
        events, earliest = self.events, self._earliest
        reach = bisect.bisect_right(earliest, day, lo=self.reached)
        for e in events[self.reached : reach]:
            self.touched[e.id] = self.maybe.apply(e)
        settled = [p for p, e in self.possible.items() if e.date.latest <= day]
        start = self.reached
        if settled:
            start = min(settled)
            self.sure = self.saved[start].copy()
            self.possible = {p: e for p, e in self.possible.items() if p < start}
            self.saved = {p: b for p, b in self.saved.items() if p < start}
        self._extend(start, reach, day)
        self.reached, self.day = reach, day
        state = self.sure.freeze(day)
        if not self.possible:
            return state
        possible = [self.possible[p] for p in sorted(self.possible)]
        maybe = self.maybe.freeze(day)
        return replace(state, uncertain=uncertainties(state, maybe, possible, self.touched))

    def _extend(self, start: int, reach: int, day: dt.date) -> None:
        """Apply events[start:reach] to ``sure``, skipping (and saving before) possible ones."""
        sure, possible, saved = self.sure, self.possible, self.saved
        copy: Builder | None = None  # shared by possible events with nothing applied between
        for p in range(start, reach):
            e = self.events[p]
            if e.date.latest > day:
                if copy is None:
                    copy = sure.copy()
                possible[p] = e
                saved[p] = copy
            else:
                sure.apply(e)
                copy = None

    def append(self, events: Iterable[Event]) -> None:
        """Add events (a live log's newest); later steps take them into account.

        Events dated after the day of the last step cost only themselves. Otherwise the
        builders go back to where they were before the last step when that is early enough,
        or start over; either way :attr:`day` is then earlier than every new event.
        """
        new = sorted(events, key=order)
        if not new:
            return
        first = new[0].date.earliest
        if self.day is not None and first <= self.day:
            back = self._back
            if back is not None and (back.day is None or back.day < first):
                self._restore(back)
            else:
                self._start()
        for e in new:
            p = bisect.bisect_right(self.events, order(e), lo=self.reached, key=order)
            self.events.insert(p, e)
            self._earliest.insert(p, e.date.earliest)

    def _restore(self, back: _Checkpoint) -> None:
        self.day, self.reached = back.day, back.reached
        self.maybe, self.sure = back.maybe, back.sure
        self.possible, self.saved = back.possible, back.saved
        self._back = None
