"""The map: vendored outlines with their licence, every party on it, colours by status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import csto.web
from csto.codes import STATES
from csto.state.model import Member, Party, State
from csto.web.site import Site
from csto.web.worldmap import INSET, LEGEND, geometry, map_view, status_class

DATA = Path(csto.web.__file__).parent / "data" / "world"


def test_the_geometry_is_vendored_with_its_licence_and_provenance() -> None:
    licence = (DATA / "LICENSE-world-atlas.txt").read_text()
    assert "Michael Bostock" in licence
    readme = (DATA / "README.md").read_text()
    for words in ("Natural Earth", "public domain", "world-atlas 2.0.2", "ISC", "sha256"):
        assert words in readme
    geo = geometry()
    assert "Natural Earth 4.1.0" in geo["source"]
    assert (DATA / "region-110m.json").stat().st_size < 60_000


def test_every_party_is_on_the_map_with_a_label() -> None:
    features = {f["iso3"]: f for f in geometry()["features"]}
    for code in STATES:
        assert code in features, code
        assert features[code]["d"].startswith("M")
        x0, y0, x1, y1 = features[code]["bbox"]
        assert 0 <= x0 < x1 <= geometry()["width"]
        assert 0 <= y0 < y1 <= geometry()["height"]
    ix, iy, iw, ih = INSET
    for code in ("ARM", "AZE", "GEO"):  # the inset enlarges the South Caucasus
        x0, y0, x1, y1 = features[code]["bbox"]
        assert ix <= x0, code
        assert x1 <= ix + iw, code
        assert iy <= y0, code
        assert y1 <= ih + iy, code


def test_status_classes() -> None:
    day = dt.date(2024, 1, 1)
    state = State(
        date=day,
        members={
            "RUS": Member("RUS", "member", "1994", "1994"),
            "ARM": Member("ARM", "participation_frozen", "2024", "1994"),
            "UZB": Member("UZB", "participation_suspended", "2012", "2006"),
            "AZE": Member("AZE", "withdrawal_pending", "1999", "1994", effective="1999-04-20"),
            "BLR": Member("BLR", "signatory", "1993", ""),
        },
        observers={"x": Party("National Assembly of Serbia (SRB)", "2013", "PA")},
    )
    observers = {"SRB"}
    got = {c: status_class(state, c, observers) for c in ("RUS", "ARM", "UZB", "AZE", "BLR")}
    assert got == {
        "RUS": "member",
        "ARM": "frozen",
        "UZB": "suspended",
        "AZE": "pending",
        "BLR": "signatory",
    }
    assert status_class(state, "SRB", observers) == "observer"
    assert status_class(state, "CHN", observers) == "none"
    assert status_class(state, None, observers) == "none"
    assert set(LEGEND) == {
        "member",
        "signatory",
        "frozen",
        "suspended",
        "pending",
        "former",
        "observer",
        "none",
    }


def test_the_map_on_curated_dates(site: Site) -> None:
    view = map_view(site.on(dt.date(2014, 6, 1)))
    by_code = {c.iso3: c for c in view.countries}
    assert by_code["UZB"].css == "suspended"
    assert by_code["GEO"].css == "former"
    assert by_code["AFG"].css == "observer"  # its parliament observes in the PA (2013)
    assert view.counts["member"] == 6
    assert "since" in by_code["KAZ"].title
