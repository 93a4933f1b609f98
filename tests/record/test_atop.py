"""The ATOP-style table: phases open when the parties or the Treaty's wording change, one
row per member and status within a phase, obligations read from the law data."""

from __future__ import annotations

import csv
import datetime as dt
import itertools

import pytest

from csto.io.atop import ATOP_COLUMNS, OBLIGATION_TAGS, phases, write_atop
from csto.io.lawfiles import load_law
from csto.io.recordfiles import load_record
from csto.record.record import Record
from csto.state.history import History


@pytest.fixture(scope="module")
def shipped() -> Record:
    return load_record()


@pytest.fixture(scope="module")
def rows(shipped: Record, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    out = tmp_path_factory.mktemp("atop")
    (path,) = write_atop(shipped, out)
    with path.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ATOP_COLUMNS
        return list(reader)


def test_phases_open_on_membership_and_wording_changes(shipped: Record) -> None:
    found = phases(History(shipped), load_law(shipped))
    starts = [p.start for p in found]
    assert starts[0] == dt.date(1994, 4, 20)  # the Treaty in force
    assert dt.date(1999, 4, 20) in starts  # three states lapse
    assert dt.date(2006, 6, 23) in starts  # Uzbekistan readmitted
    assert dt.date(2012, 12, 19) in starts  # the 2010 Protocol's new wording in force
    for before, after in itertools.pairwise(found):
        assert before.end == after.start
        assert (before.parties, before.obligations) != (after.parties, after.obligations)
        assert after.opened_by
    assert found[-1].end is None


def test_each_row_is_a_member_in_a_phase_with_its_obligations(rows: list[dict[str, str]]) -> None:
    lapse = [r for r in rows if r["phase_start"] == "1994-04-20" and r["iso3"] == "UZB"]
    assert [(r["status"], r["yrexit"], r["moexit"], r["dayexit"]) for r in lapse] == [
        ("member", "1999", "2", "9"),
        ("withdrawal_pending", "1999", "4", "20"),
    ]
    assert all(r["defense"] == "1" and r["consul"] == "1" and r["nonagg"] == "1" for r in rows)
    assert all(r["offense"] == "0" and r["neutral"] == "0" for r in rows)
    assert all("CST-1992 art. 4" in r["articles"] for r in rows)
    suspended = [r for r in rows if r["iso3"] == "UZB" and r["status"] == "participation_suspended"]
    assert suspended
    assert suspended[0]["member"] == "704"
    assert suspended[0]["yrexit"] == ""  # still in the phase
    assert not [r for r in rows if r["iso3"] in ("AZE", "GEO") and r["yrent"] > "1999"]


def test_obligations_follow_the_law_data_tags(shipped: Record) -> None:
    law = load_law(shipped)
    tags = {t for a in law.instrument("CST-1992").articles for t in a.tags}
    for name, tag in OBLIGATION_TAGS.items():
        assert tag is None or tag in tags, (name, tag)
