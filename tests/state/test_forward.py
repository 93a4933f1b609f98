"""The incremental fold gives the answers of the fold from nothing, on random records.

:class:`~csto.state.forward.Forward` builds each snapshot from the previous one and replays
only past imprecisely dated events when they settle; :func:`~csto.state.forward.settle`
folds from nothing. On random records of every event type, with days, months, years and
ranges, they must agree on every boundary day and on random days, whatever order the days
are asked in, and when a live log appends events in chunks between the questions.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csto.record.events import Event
from csto.record.record import Record
from csto.state.forward import Forward, settle
from csto.state.history import History
from csto.state.model import State
from tests.state.randomrecords import days, records

_SLOW = settings(max_examples=50, deadline=None)


def _expected(record: Record, day: dt.date, recorded_on: dt.date | None = None) -> State:
    events = [e for e in record.events if recorded_on is None or e.recorded <= recorded_on]
    return settle(events, day, [i.id for i in record.instruments])


def _boundaries(record: Record) -> list[dt.date]:
    found = {e.date.earliest for e in record.events} | {e.date.latest for e in record.events}
    return sorted(found)


@_SLOW
@given(record=records(), asked=st.lists(days(), max_size=8))
def test_every_snapshot_is_the_fold_from_nothing(record: Record, asked: list[dt.date]) -> None:
    history = History(record)
    bounds, snapshots = history.snapshots()
    for day, snapshot in zip(bounds, snapshots[1:], strict=True):
        assert snapshot == _expected(record, day), f"snapshot of {day}"
    for day in asked:
        assert history.on(day) == _expected(record, day), f"on({day})"


@_SLOW
@given(record=records(), asked=st.lists(days(), min_size=1, max_size=12))
def test_days_asked_in_any_order_get_the_same_answers(record: Record, asked: list[dt.date]) -> None:
    history = History(record)
    answers = history.on_many(asked)
    assert [a.date for a in answers] == asked
    for day, answer in zip(asked, answers, strict=True):
        assert answer == _expected(record, day)


@_SLOW
@given(
    record=records(),
    cuts=st.lists(st.integers(0, 40), max_size=4),
    asked=st.lists(days(), min_size=1, max_size=6),
)
def test_a_live_log_appending_in_chunks_gets_the_same_answers(
    record: Record, cuts: list[int], asked: list[dt.date]
) -> None:
    # chunks in the order a log would receive them: by recording order, not by date
    arrivals = sorted(record.events, key=lambda e: (e.recorded, e.id))
    edges = sorted({0, len(arrivals), *(min(c, len(arrivals)) for c in cuts)})
    chunks = [arrivals[a:b] for a, b in itertools.pairwise(edges)]
    history = History(Record(record.sources, record.instruments, ()))
    seen: list[Event] = []
    for chunk in chunks:
        history.append(chunk)
        seen.extend(chunk)
        partial = Record(record.sources, record.instruments, tuple(seen))
        expected = [_expected(partial, day) for day in asked]
        assert history.on_many(asked) == expected, f"on_many after {len(seen)}"
        for day, answer in zip(asked, expected, strict=True):
            assert history.on(day) == answer, f"on({day}) after {len(seen)}"
    assert [e.id for e in history.events] == [e.id for e in record.events]


@_SLOW
@given(record=records(), recorded_on=days(), day=days())
def test_as_recorded_folds_only_what_was_recorded(
    record: Record, recorded_on: dt.date, day: dt.date
) -> None:
    history = History(record).as_recorded(recorded_on)
    assert history.on(day) == _expected(record, day, recorded_on)


@settings(max_examples=40, deadline=None)
@given(
    record=records(),
    late=st.sets(st.integers(0, 40)),
    first=days(),
    later=st.lists(days(), max_size=5),
)
def test_events_appended_before_the_last_step_are_folded_in_their_place(
    record: Record, late: set[int], first: dt.date, later: list[dt.date]
) -> None:
    ids = [i.id for i in record.instruments]
    forward = Forward((), ids)
    forward.append(e for i, e in enumerate(record.events) if i not in late)
    forward.step(first - dt.timedelta(days=1))
    forward.step(first)
    forward.append(e for i, e in enumerate(record.events) if i in late)
    assert forward.day is None or all(
        forward.day < e.date.earliest for i, e in enumerate(record.events) if i in late
    )
    for day in sorted({first, *(d for d in later if d >= first)}):
        assert forward.step(day) == settle(record.events, day, ids)


def test_days_must_not_go_back() -> None:
    forward = Forward(())
    forward.step(dt.date(2001, 1, 1))
    with pytest.raises(ValueError, match="must not go back"):
        forward.step(dt.date(2000, 1, 1))
