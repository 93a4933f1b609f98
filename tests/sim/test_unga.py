"""The shipped UNGA agreement table: derived by the script with its provenance, and
reproducing the figures the research note computed independently from the same data."""

from __future__ import annotations

import datetime as dt

import pytest

from csto.io.simdata import agreement_table, unga_provenance


def _share(a: str, b: str, first: int, last: int) -> float:
    table = agreement_table()
    # a window ending in `last`: ask for a day in the next year
    got = table.window(a, b, dt.date(last + 1, 6, 1), years=last - first + 1)
    assert (got.first_year, got.last_year) == (first, last)
    return got.share


@pytest.mark.parametrize(
    ("state", "share"),
    [
        ("BLR", 0.766),
        ("TJK", 0.743),
        ("UZB", 0.732),
        ("KAZ", 0.731),
        ("KGZ", 0.724),
        ("ARM", 0.724),
        ("AZE", 0.720),
        ("GEO", 0.619),
    ],
)
def test_agreement_with_russia_1992_2019_matches_the_research_note(
    state: str, share: float
) -> None:
    assert _share("RUS", state, 1992, 2019) == pytest.approx(share, abs=0.0015)


def test_most_aligned_pairs_match_the_research_note() -> None:
    assert _share("KGZ", "TJK", 1992, 2019) == pytest.approx(0.917, abs=0.0015)
    assert _share("AZE", "TJK", 1992, 2019) == pytest.approx(0.916, abs=0.0015)
    assert _share("KGZ", "KAZ", 1992, 2019) == pytest.approx(0.915, abs=0.0015)


def test_a_crisis_after_the_data_reads_the_last_complete_years() -> None:
    got = agreement_table().window("ARM", "AZE", dt.date(2022, 9, 13))
    assert (got.first_year, got.last_year) == (2015, 2019)
    assert 0 < got.identical < got.common
    dist = got.dist()
    assert dist.kind == "beta"
    assert dist.mean == pytest.approx(got.share, abs=0.01)


def test_the_provenance_names_the_repository_commit_files_and_terms() -> None:
    meta = unga_provenance()
    assert meta["repository"] == "https://github.com/dgrtwo/unvotes"
    assert len(meta["commit"]) == 40
    assert {f["path"] for f in meta["files"]} >= {"data/un_votes.rda", "data/un_roll_calls.rda"}
    assert all(len(f["sha256"]) == 64 for f in meta["files"])
    assert "CC0" in meta["terms"]
    assert "MIT" in meta["terms"]
    assert "David Robinson" in meta["license_text"]
    assert meta["derived_by"] == "scripts/unga_agreement.py"


def test_unknown_states_are_refused_by_name() -> None:
    with pytest.raises(KeyError, match="XYZ"):
        agreement_table().window("RUS", "XYZ", dt.date(2020, 1, 1))
