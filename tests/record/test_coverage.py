"""The curated record covers what issue [record] section 2 requires, or this test fails.

Each check names the item of the coverage list it stands for, so a failure says exactly
what is missing from the record. Items known to be missing are marked as a strict
xfail whose reason starts with ``GAP``: counted in every run, never skipped, and the run
fails as soon as a gap is filled without removing its mark.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import pytest

from csto.io.recordfiles import load_record
from csto.record import events as ev
from csto.record.record import Record
from csto.state.history import History


@functools.cache
def _record() -> Record:
    """The curated record, read when a test first needs it (not while collecting)."""
    return load_record()


@functools.cache
def _history() -> History:
    return History(_record())


def _any(cls: type[ev.Event], pred: Callable[[ev.Event], bool] = lambda e: True) -> bool:
    return any(isinstance(e, cls) and pred(e) for e in _record().events)


def _year(e: ev.Event) -> int:
    return e.date.earliest.year


def test_size_and_sourcing() -> None:
    assert len(_record().events) >= 250
    seeds = {s.id for s in _record().sources if s.kind == "seed"}
    beyond = sum(1 for e in _record().events if any(c.source not in seeds for c in e.sources))
    assert beyond / len(_record().events) >= 0.70


@pytest.mark.parametrize("state", ["ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"])
def test_every_state_joined(state: str) -> None:
    joined = _any(
        ev.InstrumentSigned,
        lambda e: e.instrument == "CST-1992" and state in (e.signatories or e.states),  # type: ignore[attr-defined]
    ) or _any(ev.Acceded, lambda e: e.state == state)  # type: ignore[attr-defined]
    assert joined, f"no signature or accession of the Treaty by {state}"


@pytest.mark.parametrize("state", ["AZE", "GEO", "UZB"])
def test_the_three_that_did_not_renew_in_1999(state: str) -> None:
    assert _any(ev.MembershipLapsed, lambda e: e.state == state and _year(e) == 1999)  # type: ignore[attr-defined]


def test_uzbekistan_return_and_suspension() -> None:
    assert _any(ev.Readmitted, lambda e: e.state == "UZB" and _year(e) == 2006)  # type: ignore[attr-defined]
    assert _any(ev.SuspensionRequested, lambda e: e.state == "UZB" and _year(e) == 2012)  # type: ignore[attr-defined]
    assert _any(
        ev.ParticipationSuspended,
        lambda e: e.state == "UZB" and e.by == "CSC" and _year(e) == 2012,  # type: ignore[attr-defined]
    )


def test_armenia_frozen_participation_with_statements() -> None:
    frozen = [
        e for e in _record().events if isinstance(e, ev.ParticipationFrozen) and e.state == "ARM"
    ]
    assert frozen, "Armenia's frozen participation is missing"
    speakers = {s.by for e in frozen for s in e.statements}
    assert "ARM" in speakers
    assert len(speakers) >= 2, "record what others (the Secretariat, members) said too"


INSTRUMENTS = [
    "CST-1992",
    "CONCEPT-1995",
    "CST-PROTOCOL-1999",
    "MTC-AGREEMENT-2000",
    "CHARTER-2002",
    "LEGAL-STATUS-AGREEMENT-2002",
    "RAILWAY-AGREEMENT-2003",
    "CSC-REGULATION-2003",
    "RULES-2004",
    "PEACEKEEPING-AGREEMENT-2007",
    "CRRF-AGREEMENT-2009",
    "CST-PROTOCOL-2010",
    "CHARTER-PROTOCOL-2010",
    "TRANSPORT-AGREEMENT-2015",
    "STRATEGY-2025",
    "CHARTER-PROTOCOL-2018",
]


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_instrument_registered_and_signed(instrument: str) -> None:
    assert instrument in {i.id for i in _record().instruments}
    assert _any(ev.InstrumentSigned, lambda e: e.instrument == instrument)  # type: ignore[attr-defined]


@pytest.mark.parametrize("organ", ["CSC", "CFM", "CMD", "CSSC", "PC", "SEC", "JS", "PA"])
def test_organ_established(organ: str) -> None:
    assert _any(ev.OrganEstablished, lambda e: e.organ == organ)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "surname", ["Bordyuzha", "Khachaturov", "Semerikov", "Zas", "Tasmagambetov", "Masadykov"]
)
def test_every_secretary_general(surname: str) -> None:
    assert _any(ev.OfficialAppointed, lambda e: surname in e.person)  # type: ignore[attr-defined]


def _chairless(years: range) -> list[int]:
    return [y for y in years if _history().on(dt.date(y, 12, 31)).chair_state is None]


def test_a_chair_on_every_year_end_since_2007() -> None:
    missing = _chairless(range(2007, 2026))
    assert not missing, f"no chair of the Council known at the end of {missing}"


@pytest.mark.xfail(
    strict=True,
    reason="GAP: the chair's handovers of 2003-2006 were not found (only session hosts); "
    "see the officials helper's notes in chairmanship.yaml",
)
def test_a_chair_at_the_end_of_2003_to_2006() -> None:
    assert not _chairless(range(2003, 2007))


def test_council_sessions_every_year_since_2002() -> None:
    years = {
        _year(e) for e in _record().events if isinstance(e, ev.SessionHeld) and e.organ == "CSC"
    }
    missing = [y for y in range(2002, 2026) if y not in years]
    assert not missing, f"no Council session recorded in {missing}"


def test_the_2009_crrf_decision_without_belarus_and_uzbekistan() -> None:
    assert _any(
        ev.DecisionAdopted,
        lambda e: (
            _year(e) == 2009
            and {"BLR", "UZB"} <= set(e.not_signed_by)  # type: ignore[attr-defined]
            and e.consensus is False
        ),  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("force", ["CRDF-CA", "CRRF", "CPF", "CAF"])
def test_collective_forces(force: str) -> None:
    assert _any(ev.ForceEstablished, lambda e: e.force == force)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("requester", "year"), [("KGZ", 2010), ("ARM", 2021), ("ARM", 2022), ("KAZ", 2022)]
)
def test_requests_for_assistance(requester: str, year: int) -> None:
    assert _any(
        ev.AssistanceRequested,
        lambda e: e.requester == requester and _year(e) == year,  # type: ignore[attr-defined]
    )


def test_kazakhstan_2022_operation_started_and_ended() -> None:
    started = [
        e for e in _record().events if isinstance(e, ev.OperationStarted) and e.host == "KAZ"
    ]
    assert started
    assert any(e.contributors for e in started)
    assert _any(ev.OperationEnded, lambda e: e.operation == started[0].operation)  # type: ignore[attr-defined]


@pytest.mark.parametrize("year", [2020, 2021, 2022])
def test_conflicts_involving_members_are_recorded(year: int) -> None:
    states = {"ARM"} if year == 2020 else {"KGZ", "TJK"}
    assert any(_year(e) == year and states <= set(e.states) for e in _record().events)


def test_exercises_and_relations() -> None:
    assert sum(isinstance(e, ev.ExerciseHeld) for e in _record().events) >= 5
    assert _any(ev.StatusGranted, lambda e: "UN" in e.body)  # type: ignore[attr-defined]
    assert _any(ev.AgreementSigned, lambda e: e.partner == "SCO")  # type: ignore[attr-defined]
    assert _any(ev.AgreementSigned, lambda e: e.partner == "UN")  # type: ignore[attr-defined]


def test_record_fixture_is_loaded() -> None:
    assert isinstance(_record(), Record)
