"""The curated record covers what issues [record] and [record-truth] require, or this fails.

Each check names the item of the coverage list it stands for, so a failure says exactly
what is missing from the record. The coverage report (csto.state.coverage) lists every item
of every kind of fact; an item the record lacks must be declared in
src/csto/state/gaps.yaml with what was searched. Each item of a ``missing`` gap is a strict
xfail whose reason starts with ``GAP``: counted in every run, never skipped, and the run
fails as soon as the gap is filled without removing it. A ``not_held`` gap (searched:
nothing to record) holds while the record indeed has nothing there. Only the gaps file is
read while collecting; the record is read when a test first needs it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import pytest

from csto.io.coverage import load_gaps
from csto.io.recordfiles import load_record
from csto.record import events as ev
from csto.record.record import Record
from csto.state.coverage import Gap, KindReport, coverage, unknown_gap_items
from csto.state.coverage_kinds import sg_vacancies
from csto.state.history import History

GAPS = load_gaps()


@functools.cache
def _record() -> Record:
    """The curated record, read when a test first needs it (not while collecting)."""
    return load_record()


@functools.cache
def _history() -> History:
    return History(_record())


@functools.cache
def _report() -> tuple[KindReport, ...]:
    return coverage(_record(), GAPS, history=_history())


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


# --- the coverage report, item by item ------------------------------------------------------


def _items(gap_status: str) -> list[object]:
    """One test per item of every declared gap of this status (only the gaps file is read)."""
    out = []
    for gap in GAPS:
        if gap.status != gap_status:
            continue
        searched = " ".join(gap.searched.split())
        for key in gap.items:
            marks = []
            if gap_status == "missing":
                marks.append(
                    pytest.mark.xfail(strict=True, reason=f"GAP ({gap.kind}): {searched[:200]}")
                )
            out.append(pytest.param(gap, key, id=f"{gap.kind}:{key}", marks=marks))
    return out


def _item_events(kind: str, key: str) -> tuple[str, ...]:
    for report in _report():
        if report.kind == kind:
            for item in report.items:
                if item.key == key:
                    return item.events
    raise AssertionError(f"src/csto/state/gaps.yaml names {kind}:{key}, which no kind expects")


@pytest.mark.parametrize(("gap", "key"), _items("missing"))
def test_a_missing_item_is_still_missing(gap: Gap, key: str) -> None:
    """Strict xfail: passes (and so fails the run) once the record holds the item."""
    events = _item_events(gap.kind, key)
    assert events, f"{gap.kind}:{key} is still missing (gaps.yaml line {gap.line})"


@pytest.mark.parametrize(("gap", "key"), _items("not_held"))
def test_a_not_held_item_stays_empty(gap: Gap, key: str) -> None:
    events = _item_events(gap.kind, key)
    assert not events, (
        f"{gap.kind}:{key} is declared 'not_held' in src/csto/state/gaps.yaml (line {gap.line}), "
        f"yet the record has {list(events)}: remove it from the gap"
    )


def test_every_item_is_recorded_or_its_gap_declared() -> None:
    undeclared = [
        f"{r.kind}:{i.key} ({i.label})"
        for r in _report()
        for i in r.items
        if i.status == "undeclared"
    ]
    assert not undeclared, (
        "not in the record and declared in no gap (record each with a source, or add it to "
        f"src/csto/state/gaps.yaml saying what was searched): {undeclared}"
    )


def test_every_declared_gap_names_an_expected_item() -> None:
    unknown = unknown_gap_items(_report(), GAPS)
    assert not unknown, f"src/csto/state/gaps.yaml names items no kind expects: {unknown}"


def test_every_kind_of_the_issue_is_reported() -> None:
    kinds = {r.kind for r in _report()}
    assert kinds >= {
        "sessions",
        "chair",
        "secretary_general",
        "ratifications",
        "positions",
        "crises",
        "operations",
        "relations",
        "event_types",
    }
    for r in _report():
        assert r.items, f"kind {r.kind} expects nothing"
        assert r.count("recorded") > 0, f"kind {r.kind} has nothing recorded"


def test_the_secretary_generals_post_is_never_vacant_for_a_day() -> None:
    """OfficialLeft is dated the first day out of office (docs/record-format.md): a term that
    ends on 31 December and a successor from 1 January leave no day without a holder."""
    spells = sg_vacancies(_record(), dt.date(2003, 4, 28), dt.date(2026, 12, 31))
    assert not spells, f"days with no Secretary-General nor acting one: {spells}"


def test_the_chair_passes_to_armenia_at_dushanbe_in_2015() -> None:
    """A fact-check found the handover dated 21 Dec 2015; Armenia's own statement puts it at
    the Dushanbe session of 15 Sept 2015. The old date stays as a version."""
    chair = _record().event("chair-arm-2015")
    assert chair.date.iso() == "2015-09-15"
    assert "2015-12-21" in [str(dict(a.changes).get("date")) for a in chair.alternatives]
    assert _history().on(dt.date(2015, 10, 1)).chair_state.state == "ARM"  # type: ignore[union-attr]


def test_uzbekistan_2012_is_told_both_ways() -> None:
    """The Council 'suspended' Uzbekistan; other sources and datasets say it left. The
    default version keeps it a suspended member; the 'left' version folds it out."""
    day = dt.date(2013, 1, 1)
    assert _history().on(day).members["UZB"].status == "participation_suspended"
    assert "uzb-suspension-csc-decision-2012" in _history().on(day).disputed
    left = History(_record().versions("left")).on(day)
    assert "UZB" not in left.members
    assert left.former_members["UZB"].left == "2012-12-19"


def test_the_coverage_page_is_current() -> None:
    from pathlib import Path

    from csto.io.coverage import coverage_markdown

    page = Path(__file__).resolve().parents[2] / "docs" / "record-coverage.md"
    assert page.read_text(encoding="utf-8") == coverage_markdown(_report()), (
        "docs/record-coverage.md is out of date: run python scripts/coverage_report.py"
    )


def test_afghanistans_observer_status_ends_with_its_parliament() -> None:
    wolesi = "Wolesi Jirga (lower house of the National Assembly of Afghanistan) (AFG)"
    assert wolesi in _history().on(dt.date(2021, 8, 14)).observers
    assert wolesi not in _history().on(dt.date(2021, 8, 15)).observers


def test_political_positions_leave_the_status_alone_and_show_in_the_timeline() -> None:
    armenia = _history().on(dt.date(2025, 1, 1)).members["ARM"]
    assert armenia.status == "participation_frozen"
    timeline = {e.id for e in _history().timeline(state="ARM", start=dt.date(2023, 1, 1))}
    for kind in (ev.IntentionToLeaveDeclared, ev.ContributionsWithheld, ev.ExerciseCancelled):
        ids = {e.id for e in _record().events if isinstance(e, kind) and "ARM" in e.states}
        assert ids, f"no {kind.__name__} for Armenia"
        assert ids <= timeline
        assert not ids & set(armenia.events), "a political position is not behind a status"
