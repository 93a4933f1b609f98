"""Random records for property tests: every event type, drawn from its own field types.

Fields are drawn from what their type says (a state code for a ``kind('state')`` field, a
date for an ``EventDate``, one of the literal's values...), from small pools so that events
collide: the same state joins and leaves, the same force is contributed to, the same person
is appointed and leaves. A new event type in :mod:`csto.record.events` is drawn without any
change here. Dates fall in a few years and come as days, months, years and ranges, so that
many events are uncertain on many days. Invented data, for tests only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any

from hypothesis import strategies as st

from csto.record import events as ev
from csto.record.dates import EventDate
from csto.record.record import Record
from csto.record.sources import Instrument
from csto.state.fold import order

STATES = ("AAA", "BBB", "CCC")
INSTRUMENTS = ("CST-1992", "CHARTER-2002", "X-2001")
ORGANS = ("CSC", "CFM")
#: every other string field draws from these, so posts, persons, forces and operations meet
WORDS = ("secretary_general", "acting_secretary_general", "alpha", "beta")
FIRST, LAST = dt.date(2000, 1, 1), dt.date(2003, 12, 31)
_COMMON = {f.name for f in dataclasses.fields(ev.Event)}
_CITE = (ev.Citation(source="test"),)


def days(first: dt.date = FIRST, last: dt.date = LAST) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=first, max_value=last)


@st.composite
def event_dates(draw: st.DrawFn) -> EventDate:
    kind = draw(st.sampled_from(("day", "day", "day", "month", "year", "range")))
    day = draw(days())
    if kind == "day":
        return EventDate.day(day)
    if kind == "month":
        return EventDate.month(day.year, day.month)
    if kind == "year":
        return EventDate.year(day.year)
    return EventDate.between(day, day + dt.timedelta(days=draw(st.integers(1, 400))))


def _code(kind: str) -> st.SearchStrategy[str]:
    pools = {"state": STATES, "instrument": INSTRUMENTS, "organ": ORGANS}
    return st.sampled_from(pools.get(kind, WORDS))


def _value(hint: Any, kind: str | None) -> st.SearchStrategy[Any]:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return st.none() | st.one_of(*(_value(a, kind) for a in options))
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin is tuple:
        return st.lists(_value(args[0], kind), max_size=3).map(tuple)
    if hint is str:
        return _code(kind or "")
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(1, 5000)
    if hint is EventDate:
        return event_dates()
    if hint is ev.Contribution:
        return st.builds(
            ev.Contribution,
            state=_code("state"),
            size=st.none() | st.integers(1, 500),
            unit=st.none() | st.sampled_from(WORDS),
        )
    if hint is ev.Statement:
        return st.builds(ev.Statement, by=_code("state"), said=st.just("said"))
    raise NotImplementedError(f"no strategy for {hint!r}: extend tests/state/randomrecords.py")


@st.composite
def events(draw: st.DrawFn, index: int) -> ev.Event:
    cls = draw(st.sampled_from(sorted(ev.EVENT_TYPES.values(), key=lambda c: c.__name__)))
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {
        f.name: draw(_value(hints[f.name], f.metadata.get("kind")))
        for f in dataclasses.fields(cls)
        if f.name not in _COMMON
    }
    alternatives = ()
    if draw(st.integers(0, 9)) == 0:
        alternatives = (ev.Alternative(label="other", changes=(), sources=_CITE),)
    date = draw(event_dates())
    return cls(
        id=f"e{index:03d}",
        date=date,
        recorded=draw(days(FIRST, dt.date(2005, 12, 31))),
        states=draw(st.lists(_code("state"), max_size=2).map(tuple)),
        summary="invented",
        confidence="high",
        sources=_CITE,
        alternatives=alternatives,
        **fields,
    )


@st.composite
def records(draw: st.DrawFn, max_events: int = 40) -> Record:
    """A random record (not checked: it may hold what check_history would refuse)."""
    count = draw(st.integers(0, max_events))
    drawn = [draw(events(i)) for i in range(count)]
    instruments = tuple(Instrument(id=i, title_en=i, kind="treaty") for i in INSTRUMENTS)
    return Record((), instruments, tuple(sorted(drawn, key=order)))
