"""Many days at once: ``on_many`` and the columnar status table agree with ``on``."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csto.errors import CstoError
from csto.record.record import Record
from csto.state.history import History
from csto.state.table import STATUSES
from tests.state.randomrecords import days, records


@settings(max_examples=40, deadline=None)
@given(record=records(), asked=st.lists(days(dt.date(1999, 1, 1)), max_size=30))
def test_the_table_holds_the_status_on_of_every_day_and_state(
    record: Record, asked: list[dt.date]
) -> None:
    history = History(record)
    table = history.statuses(asked)
    assert table.days.tolist() == asked
    assert table.codes.shape == (len(asked), len(table.states))
    fresh = History(record)
    for i, day in enumerate(asked):
        state = fresh.on(day)
        unsure = {u.key for u in state.uncertain if u.section in ("members", "former_members")}
        for state_code in table.states:
            assert table.status(i, state_code) == state.status_of(state_code)
            assert bool(table.uncertain[i, table.states.index(state_code)]) == (
                state_code in unsure
            )


def test_the_curated_record_on_many_days(history: History) -> None:
    asked = [dt.date(1993, 1, 1) + dt.timedelta(days=97 * i) for i in range(130)]
    table = history.statuses(np.array(asked, dtype="datetime64[D]"), ["ARM", "UZB"])
    assert table.states == ("ARM", "UZB")
    answers = history.on_many(asked)
    assert [a.date for a in answers] == asked
    for i, state in enumerate(answers):
        assert table.column("UZB")[i] == state.status_of("UZB")
        assert table.status(i, "ARM") == state.status_of("ARM")
    assert set(table.column("UZB")) >= {"member", "former"}


def test_the_long_form_goes_to_arrow(history: History) -> None:
    asked = [dt.date(2000, 1, 1), dt.date(2013, 1, 1)]
    table = history.statuses(asked)
    arrow = table.to_arrow()
    assert arrow.num_rows == len(asked) * len(table.states)
    rows = list(table.rows())
    assert arrow.column("status").to_pylist() == [status for _, _, status, _ in rows]
    assert arrow.column("state").to_pylist() == [state for _, state, _, _ in rows]
    assert set(arrow.column("status").to_pylist()) <= set(STATUSES)


def test_the_table_follows_a_live_log(fixture_record: Record) -> None:
    history = History(Record(fixture_record.sources, fixture_record.instruments, ()))
    day = dt.date(2030, 1, 1)
    assert history.statuses([day]).states == ()
    history.append(fixture_record.events)
    table = history.statuses([day])
    assert table.states
    assert [table.status(0, s) for s in table.states] == [
        History(fixture_record).on(day).status_of(s) for s in table.states
    ]


def test_what_is_not_a_day_is_refused(history: History) -> None:
    with pytest.raises(CstoError, match="expected days"):
        history.statuses(["2001-01-01"])


def test_on_many_answers_as_on_does_and_a_day_twice_is_one_object(history: History) -> None:
    asked = [dt.date(1993, 1, 1) + dt.timedelta(days=41 * i) for i in range(300)]
    asked += asked[::7]
    answers = history.on_many(asked)
    fresh = History(history.record)
    assert answers == [fresh.on(day) for day in asked]
    by_day: dict[dt.date, object] = {}
    for day, answer in zip(asked, answers, strict=True):
        assert by_day.setdefault(day, answer) is answer
    assert history.on_many([]) == []
