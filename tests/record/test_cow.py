"""The Correlates of War export: its codes, its rules, and every COW cell of 1992-2014."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from csto.codes import COW_NUMBERS, STATES
from csto.io.cow import compare_with_cow, cow_code, cow_reference, cow_rows, write_cow
from csto.io.recordfiles import load_record
from csto.state.model import Member, Party, State, Uncertainty

FIXTURE = Path(__file__).parent.parent / "state" / "fixture_history.yaml"
DOCS = Path(__file__).parent.parent.parent / "docs" / "exports.md"

#: every cell where the shipped record and COW IGO v3 part ways, and why (docs/exports.md)
KNOWN = {
    # COW codes Uzbekistan a full member 2002-2005; the record has it outside the Treaty
    # from the lapse of 1999 until its readmission in 2006.
    ("UZB", 2002): (1, 0),
    ("UZB", 2003): (1, 0),
    ("UZB", 2004): (1, 0),
    ("UZB", 2005): (1, 0),
}


def test_every_cow_country_number_is_the_one_in_cows_state_list() -> None:
    names = cow_reference().names
    expected = {code: info.name for code, info in STATES.items()} | {
        "AFG": "Afghanistan",
        "SRB": "Yugoslavia",  # COW keeps 345 for Serbia, under the name Yugoslavia
    }
    assert set(COW_NUMBERS) == set(expected)
    for code, number in COW_NUMBERS.items():
        assert names[number][1] == expected[code], (code, number, names[number])


def test_the_shipped_cow_rows_say_where_they_come_from() -> None:
    ref = cow_reference()
    meta = ref.meta
    assert meta["repository"] == "https://github.com/dieghernan/igoR"
    assert len(meta["commit"]) == 40
    assert all(len(f["sha256"]) == 64 for f in meta["files"])
    assert "Pevehouse" in meta["citation"]
    assert "Correlates of War" in meta["terms"]
    assert meta["igo"]["ioname"] == "CSTO"
    assert ref.start_year == 2002
    assert set(ref.cells.values()) <= {-1, 0, 1, 2, 3, -9}
    assert {y for _, y in ref.cells} == set(range(1992, 2015))


def test_every_cow_cell_from_1992_to_2014_is_compared_with_the_record() -> None:
    cells, _ = cow_rows(load_record(), 2014)
    compared, disagreements = compare_with_cow(cells)
    assert compared == len(cow_reference().cells) == 4390
    found = {(d.iso3, d.year): (d.cow, d.csto) for d in disagreements}
    assert found == KNOWN, (
        "the record's COW coding now meets COW IGO v3 differently: check the change, then "
        "update KNOWN here and 'Where csto and COW IGO v3 disagree' in docs/exports.md"
    )


def test_the_docs_list_every_disagreement_with_cow() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for code in {c for c, _ in KNOWN}:
        years = sorted(y for c, y in KNOWN if c == code)
        assert f"{code} {years[0]}-{years[-1]}" in text


def test_the_notes_explain_each_disagreement(tmp_path: Path) -> None:
    write_cow(load_record(), tmp_path, last_year=2014)
    notes = (tmp_path / "cow_notes.md").read_text()
    assert "4390 cells compared" in notes
    assert "UZB 2002-2005: COW 1, csto 0" in notes
    assert "uzb-readmitted-2006" in notes
    assert "UZB 2012-2014: 0: participation suspended by the Council" in notes
    assert "dieghernan/igoR" in notes


def _day(members: dict[str, Member] | None = None, **kw: object) -> State:
    return State(date=dt.date(2013, 12, 31), members=members or {}, **kw)  # type: ignore[arg-type]


def _member(code: str, status: str) -> Member:
    return Member(code, status, "2000", "1994", events=(f"{code}-event",))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "value"),
    [
        ("member", 1),
        ("participation_frozen", 1),
        ("withdrawal_pending", 1),
        ("participation_suspended", 0),
        ("signatory", 0),
    ],
)
def test_member_statuses_become_cow_codes(status: str, value: int) -> None:
    code, why = cow_code(_day({"UZB": _member("UZB", status)}), "UZB")
    assert code == value
    assert (why == "") == (status == "member")


def test_a_parliament_observer_codes_its_state_as_observer() -> None:
    party = Party("National Assembly of Serbia (SRB)", "2013", "PA", ("pa-srb",))
    state = _day(observers={party.party: party})
    assert cow_code(state, "SRB") == (
        3,
        "observer through National Assembly of Serbia (SRB) (pa-srb)",
    )
    assert cow_code(state, "AFG") == (0, "")


def test_a_partner_is_not_a_member_in_cow_terms() -> None:
    state = _day(partners={"AFG": Party("AFG", "2015", None, ("p",))})
    value, why = cow_code(state, "AFG")
    assert value == 0
    assert "no partner category" in why


def test_an_event_straddling_31_december_makes_the_cell_missing() -> None:
    u = Uncertainty("members", "UZB", ("x",), dt.date(2013, 12, 1), dt.date(2014, 1, 31))
    value, why = cow_code(_day(uncertain=(u,)), "UZB")
    assert value == -9
    assert "x may fall on either side" in why


def test_cow_export_codes_the_fixture_history(tmp_path: Path) -> None:
    write_cow(load_record([FIXTURE], builtin=False), tmp_path, last_year=2025)
    text = (tmp_path / "cow_igo_stateyear.csv").read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    code = {(r["iso3"], int(r["year"])): int(r["csto"]) for r in rows if r["iso3"]}
    assert code["ARM", 1994] == -1  # COW: the IGO exists from 2002
    assert code["ARM", 2002] == 1
    assert code["GEO", 2002] == 0
    assert code["UZB", 2005] == 0
    assert code["UZB", 2006] == 1
    assert code["UZB", 2012] == 0  # its notice of June 2012 ran out on 28 December
    assert code["ARM", 2024] == 1  # frozen participation: a member de jure
    assert {r["ccode"] for r in rows if r["iso3"] == "RUS"} == {"365"}
    assert {r["stateabb"] for r in rows if r["iso3"] == "KAZ"} == {"KZK"}
    assert len({r["ccode"] for r in rows if r["year"] == "2025"}) == len(
        cow_reference().system(2014)
    )
    notes = (tmp_path / "cow_notes.md").read_text()
    assert "UZB 2012: coded 0 by its status on 31 December" in notes
    assert "ARM 2024-2025: 1: a member de jure whose status is participation_frozen" in notes
