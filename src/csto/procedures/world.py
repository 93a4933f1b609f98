"""The world a procedure runs in: the history's events, and the state on which moves are judged.

A procedure is judged on the organization *as the day began* (the law's convention: the act
being judged may be an event of that very day), with the events the procedure itself has
emitted so far folded on top. :class:`World` holds the base events (usually the curated
record, minus any events a replay re-enacts, plus any other procedure's events) and answers
:meth:`World.state_before`. Nothing here reads a file or the clock.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable

from csto.errors import UnknownIdError
from csto.record.events import Event
from csto.state.fold import fold
from csto.state.history import History
from csto.state.model import State

__all__ = ["World"]

_DAY = dt.timedelta(days=1)


class World:
    """Base events and instrument ids; the state on any day with a procedure's events on top."""

    def __init__(self, events: Iterable[Event], instruments: Iterable[str] = ()) -> None:
        self.events: tuple[Event, ...] = tuple(sorted(events, key=lambda e: e.date.latest))
        self.instruments: tuple[str, ...] = tuple(instruments)
        self._latest = [e.date.latest for e in self.events]

    @classmethod
    def of(cls, history: History, *, without: Iterable[str] = ()) -> World:
        """The history's events, less those named in ``without`` (a replay re-enacts them).

        Raises :class:`~csto.errors.UnknownIdError` for an id the history does not hold.
        """
        drop = set(without)
        known = {e.id for e in history.events}
        unknown = sorted(drop - known)
        if unknown:
            raise UnknownIdError(
                f"field 'without': no event {', '.join(map(repr, unknown))} in the record; "
                "fix: name events by their id, as 'csto record list' shows them"
            )
        return cls(
            (e for e in history.events if e.id not in drop),
            (i.id for i in history.record.instruments),
        )

    def plus(self, events: Iterable[Event]) -> World:
        """This world with more events (another procedure's, say) among its base events."""
        return World((*self.events, *events), self.instruments)

    def state_before(self, day: dt.date, own: Iterable[Event] = ()) -> State:
        """The organization as ``day`` began, with ``own`` (a procedure's events) applied.

        Base events count when they are certain before ``day`` (their latest possible day is
        earlier); a procedure's own events always count: they are its earlier steps.
        """
        cut = bisect.bisect_left(self._latest, day)
        before = day - _DAY if day > dt.date.min else day
        return fold((*self.events[:cut], *own), before, self.instruments)
