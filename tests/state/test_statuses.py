"""The membership rules of csto.state.statuses, on the invented fixture history."""

from __future__ import annotations

import datetime as dt

from csto.record.dates import EventDate
from csto.state.history import History
from csto.state.statuses import withdrawal_effective

D = dt.date


def test_signatories_before_entry_into_force_and_members_after(history: History) -> None:
    before = history.on(D(1993, 1, 1))
    assert {s: m.status for s, m in before.members.items()} == {
        "ARM": "signatory",
        "KAZ": "signatory",
        "RUS": "signatory",
        "UZB": "signatory",
    }
    after = history.on(D(1994, 4, 20))
    assert all(m.status == "member" for m in after.members.values())
    assert after.members["ARM"].member_since == "1994-04-20"
    assert after.members["GEO"].status == "member"


def test_an_accession_known_only_to_the_month_is_uncertain_within_it(history: History) -> None:
    s = history.on(D(1993, 12, 15))
    assert "GEO" not in s.members
    assert sorted((u.section, u.key, u.events) for u in s.uncertain) == [
        ("instruments", "CST-1992", ("geo-acceded",)),
        ("members", "GEO", ("geo-acceded",)),
    ]
    assert history.on(D(1993, 12, 31)).members["GEO"].status == "signatory"
    assert history.on(D(1993, 12, 31)).uncertain == ()


def test_lapse_of_1999_makes_former_members(history: History) -> None:
    s = history.on(D(1999, 4, 20))
    assert s.former_members["GEO"].how == "lapsed"
    assert s.former_members["UZB"].left == "1999-04-20"
    assert "UZB" not in s.members
    assert "geo-lapsed" in s.disputed
    assert history.on(D(1999, 4, 19)).status_of("UZB") == "member"


def test_readmission_then_withdrawal_pending_for_six_months(history: History) -> None:
    assert history.on(D(2006, 8, 16)).members["UZB"].member_since == "2006-08-16"
    pending = history.on(D(2012, 7, 1)).members["UZB"]
    assert (pending.status, pending.effective) == ("withdrawal_pending", "2012-12-28")
    assert history.on(D(2012, 12, 27)).status_of("UZB") == "withdrawal_pending"
    gone = history.on(D(2012, 12, 28))
    assert gone.former_members["UZB"].how == "withdrew"
    assert gone.former_members["UZB"].left == "2012-12-28"


def test_notice_on_the_31st_ends_on_the_last_day_of_a_shorter_month(history: History) -> None:
    assert history.on(D(2030, 9, 1)).members["KAZ"].effective == "2031-02-28"
    assert history.on(D(2031, 2, 28)).status_of("KAZ") == "former"
    assert withdrawal_effective(EventDate.parse("2027-08-31"), None) == D(2028, 2, 29)
    assert withdrawal_effective(EventDate.parse("2027-08"), None) is None


def test_frozen_participation_known_to_the_month(history: History) -> None:
    assert history.on(D(2024, 2, 10)).status_of("ARM") == "member"
    assert history.on(D(2024, 2, 10)).uncertain[0].key == "ARM"
    assert history.on(D(2024, 3, 1)).status_of("ARM") == "participation_frozen"


def test_what_the_record_knew_before_an_event_was_recorded(history: History) -> None:
    assert history.as_recorded(D(2024, 2, 1)).on(D(2024, 6, 1)).status_of("ARM") == "member"


def test_secretary_general_and_the_months_without_one(history: History) -> None:
    sg = history.on(D(2010, 1, 1)).secretary
    assert sg is not None
    assert (sg.name, sg.state, sg.acting) == ("Ann One", "RUS", False)
    assert history.on(D(2017, 1, 15)).secretary is None
    later = history.on(D(2017, 5, 2)).secretary
    assert later is not None
    assert later.name == "Bob Two"


def test_chair_forces_operations_organs_and_instruments(history: History) -> None:
    s = history.on(D(2022, 1, 10))
    chair = s.chair_state
    assert chair is not None
    assert chair.state == "ARM"
    assert s.forces["CRRF"].contributions[0].size == 8000
    assert list(s.operations) == ["op-kaz"]
    assert "op-kaz" not in history.on(D(2022, 1, 13)).operations
    assert list(s.organs) == ["CSC"]
    charter = s.instruments["CHARTER-2002"]
    assert (charter.in_force, charter.in_force_for) == (True, ("ARM",))
    treaty = s.instruments["CST-1992"]
    assert treaty.in_force_for == ("ARM", "KAZ", "RUS")
    assert not history.on(D(2003, 9, 17)).instruments["CHARTER-2002"].in_force
