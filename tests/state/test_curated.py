"""The subtle cases of the curated history, as the state must show them."""

from __future__ import annotations

import datetime as dt

import pytest

from csto.io.recordfiles import load_record
from csto.state.history import History

D = dt.date


@pytest.fixture(scope="module")
def h() -> History:
    return History(load_record())


def test_before_entry_into_force_the_parties_are_signatories(h: History) -> None:
    s = h.on(D(1993, 6, 1))
    assert {m.status for m in s.members.values()} == {"signatory"}
    assert set(s.members) == {"ARM", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
    assert h.on(D(1994, 4, 20)).status_of("RUS") == "member"


def test_the_three_parties_that_did_not_renew_lapsed_in_1999(h: History) -> None:
    before, after = h.on(D(1999, 4, 1)), h.on(D(1999, 5, 1))
    for state in ("AZE", "GEO", "UZB"):
        # each had said it would not renew: leaving, effective at the end of the term
        assert before.members[state].status == "withdrawal_pending"
        assert before.members[state].effective == "1999-04-20"
        assert after.former_members[state].how == "lapsed"
    assert h.on(D(1999, 1, 1)).status_of("AZE") == "member"
    assert set(after.members) == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}


def test_uzbekistan_between_its_2012_note_and_the_councils_decision(h: History) -> None:
    between = h.on(D(2012, 9, 1)).members["UZB"]
    assert between.status == "member"
    assert "uzb-note-suspension-2012" in between.events
    assert between.effective is None
    assert h.on(D(2012, 12, 19)).status_of("UZB") == "participation_suspended"


def test_armenia_frozen_from_2024_is_still_a_member_de_jure(h: History) -> None:
    assert h.on(D(2024, 1, 1)).status_of("ARM") == "member"
    frozen = h.on(D(2024, 6, 1))
    assert frozen.status_of("ARM") == "participation_frozen"
    assert "ARM" in frozen.instruments["CST-1992"].in_force_for


def test_the_kazakhstan_operation_is_under_way_only_in_january_2022(h: History) -> None:
    during = h.on(D(2022, 1, 10))
    hosts = {o.host for o in during.operations.values()}
    assert "KAZ" in hosts
    assert not any(o.host == "KAZ" for o in h.on(D(2022, 3, 1)).operations.values())


def test_years_when_the_chair_did_not_follow_the_alphabet(h: History) -> None:
    # 2009: Russia took the chair that would have been Belarus's (Belarus boycotted June 2009)
    chair_2009 = h.on(D(2009, 12, 31)).chair_state
    assert chair_2009 is not None
    assert chair_2009.state == "RUS"
    chair_2010 = h.on(D(2010, 12, 31)).chair_state
    assert chair_2010 is not None
    assert chair_2010.state == "BLR"


def test_the_months_without_a_secretary_general_in_full_office(h: History) -> None:
    for day in (D(2017, 2, 1), D(2019, 6, 1)):
        sg = h.on(day).secretary
        assert sg is not None
        assert (sg.name, sg.acting) == ("Valery Semerikov", True)
    full = h.on(D(2017, 6, 1)).secretary
    assert full is not None
    assert (full.name, full.acting) == ("Yuri Khachaturov", False)
