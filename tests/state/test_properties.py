"""Properties of the fold, checked on random dates over the fixture and the curated record."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csto.io.recordfiles import load_record
from csto.record.record import Record
from csto.state.diff import apply_changes
from csto.state.fold import fold
from csto.state.history import History
from csto.state.model import SECTIONS, State

DAYS = st.dates(min_value=dt.date(1991, 1, 1), max_value=dt.date(2032, 12, 31))


def _sections(s: State) -> dict[str, object]:
    return {name: s.section(name) for name in SECTIONS}


@pytest.fixture(scope="module", params=["fixture", "curated"])
def any_history(request: pytest.FixtureRequest, fixture_record: Record) -> History:
    if request.param == "fixture":
        return History(fixture_record)
    return History(load_record())


@settings(max_examples=150, deadline=None)
@given(d1=DAYS, d2=DAYS)
def test_changes_between_two_days_turn_the_first_state_into_the_second(
    any_history: History, d1: dt.date, d2: dt.date
) -> None:
    d1, d2 = min(d1, d2), max(d1, d2)
    changes = any_history.between(d1, d2)
    rebuilt = apply_changes(any_history.on(d1), changes, d2)
    assert _sections(rebuilt) == _sections(any_history.on(d2))
    for change in changes:
        assert change.events, f"change {change.section}/{change.key} names no cause"


@settings(max_examples=60, deadline=None)
@given(day=DAYS, seed=st.integers(0, 2**32 - 1))
def test_the_state_does_not_depend_on_the_order_of_events(
    any_history: History, day: dt.date, seed: int
) -> None:
    events = [e for e in any_history.events if e.date.latest <= day]
    shuffled = list(events)
    random.Random(seed).shuffle(shuffled)
    ids = [i.id for i in any_history.record.instruments]
    assert fold(shuffled, day, ids) == fold(events, day, ids)


@settings(max_examples=150, deadline=None)
@given(day=DAYS)
def test_every_member_rests_on_events_that_had_happened(any_history: History, day: dt.date) -> None:
    state = any_history.on(day)
    record = any_history.record
    for member in state.members.values():
        assert member.events, f"{member.state} is a member on {day} with no event behind it"
        for event_id in member.events:
            assert record.event(event_id).date.latest <= day
    assert state.date == day
