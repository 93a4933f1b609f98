"""The state's value objects."""

from __future__ import annotations

import dataclasses
import datetime as dt

from csto.state.model import State


def test_a_state_dated_another_day_keeps_every_field() -> None:
    values: dict[str, object] = {f.name: (f"value of {f.name}",) for f in dataclasses.fields(State)}
    values["date"] = dt.date(2001, 1, 1)
    state = State(**values)  # type: ignore[arg-type]
    later = dt.date(2002, 2, 2)
    assert state.dated(later) == dataclasses.replace(state, date=later)
    assert state.dated(state.date) is state
