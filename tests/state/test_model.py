"""The state's value objects."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle

import pytest

from csto.state.model import State


def test_a_state_dated_another_day_keeps_every_field() -> None:
    values: dict[str, object] = {f.name: (f"value of {f.name}",) for f in dataclasses.fields(State)}
    values["date"] = dt.date(2001, 1, 1)
    state = State(**values)  # type: ignore[arg-type]
    later = dt.date(2002, 2, 2)
    assert state.dated(later) == dataclasses.replace(state, date=later)
    assert state.dated(state.date) is state


def _state(day: dt.date) -> State:
    values: dict[str, object] = {f.name: {f.name: day.year} for f in dataclasses.fields(State)}
    values["date"] = day
    values["disputed"] = ("an-event",)
    values["uncertain"] = ()
    return State(**values)  # type: ignore[arg-type]


def test_a_dated_state_is_a_state_in_every_way_a_caller_sees() -> None:
    state = _state(dt.date(2001, 1, 1))
    later = dt.date(2002, 2, 2)
    view = state.dated(later)
    plain = dataclasses.replace(state, date=later)
    assert isinstance(view, State)
    assert view.date == later
    for f in dataclasses.fields(State)[1:]:
        assert getattr(view, f.name) is getattr(state, f.name), f.name  # shared, not copied
    assert view == plain
    assert plain == view
    assert not view != plain  # noqa: SIM202 - both sides of the operator are what is tested
    assert view != state
    assert state != view
    assert view != "not a state"
    assert repr(view) == repr(plain)
    assert dataclasses.asdict(view) == dataclasses.asdict(plain)
    assert dataclasses.astuple(view) == dataclasses.astuple(plain)
    assert view.section("members") is state.members
    assert view.status_of("XXX") == plain.status_of("XXX")


def test_what_is_made_from_a_dated_state_is_a_plain_state() -> None:
    state = _state(dt.date(2001, 1, 1))
    view = state.dated(dt.date(2003, 3, 3))
    made = [
        dataclasses.replace(view, disputed=()),
        copy.copy(view),
        copy.deepcopy(view),
        pickle.loads(pickle.dumps(view)),
    ]
    for other in made:
        assert type(other) is State
    assert made[0].disputed == ()
    assert made[0].members is state.members
    assert made[1:] == [view, view, view]


def test_a_dated_state_dates_from_the_state_it_views_and_stays_frozen() -> None:
    state = _state(dt.date(2001, 1, 1))
    view = state.dated(dt.date(2003, 3, 3))
    again = view.dated(dt.date(2004, 4, 4))
    assert again == state.dated(dt.date(2004, 4, 4))
    assert view.dated(state.date) is state
    assert view.dated(view.date) == view
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.members = {}  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.date = state.date  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(view)  # as unhashable as any state (its sections are dicts)
