"""The map: vendored outlines with their licence, every party and observer on it whole,
historical borders (Crimea before 2014), colours by status, and a palette that stays
readable for colour-blind readers and against white."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from pathlib import Path

import csto.web
from csto.codes import STATES
from csto.state.model import Member, Party, State
from csto.web.dated import party_code
from csto.web.site import Site
from csto.web.worldmap import LEGEND, PALETTE, geometry, map_view, status_class

DATA = Path(csto.web.__file__).parent / "data" / "world"
CSS = Path(csto.web.__file__).parent / "static" / "csto.css"


def test_the_geometry_is_vendored_with_its_licence_and_provenance() -> None:
    licence = (DATA / "LICENSE-world-atlas.txt").read_text()
    assert "Michael Bostock" in licence
    readme = (DATA / "README.md").read_text()
    for words in ("Natural Earth", "public domain", "world-atlas 2.0.2", "ISC", "sha256"):
        assert words in readme
    for words in ("Crimea", "2014-03-18", "68/262", "geobuild"):  # the historical border
        assert words in readme
    geo = geometry()
    assert "Natural Earth 4.1.0" in geo["source"]
    assert (DATA / "region-110m.json").stat().st_size < 60_000


def _features(day: str) -> dict[str | None, dict[str, object]]:
    out = {}
    for f in geometry()["features"]:
        if f.get("from", "") <= day and ("until" not in f or day < f["until"]):
            out[f["iso3"] if f["iso3"] else f["key"]] = f
    return out


def test_every_party_and_every_observer_is_on_the_map_whole(site: Site) -> None:
    geo = geometry()
    width, height = geo["width"], geo["height"]
    features = _features("2020-01-01")
    parties = {o for e in site.record.events for o in [getattr(e, "party", None)] if o}
    observed = {party_code(p)[1] for p in parties} - {None}
    assert {"AFG", "SRB"} <= observed
    for code in [*STATES, *observed]:
        assert code in features, f"{code} is not drawn"
        assert features[code]["d"].startswith("M")  # type: ignore[union-attr]
        x0, y0, x1, y1 = features[code]["bbox"]  # type: ignore[misc]
        # whole: not cut off at an edge of the frame (Afghanistan was cut at the bottom)
        assert 0 < x0 < x1 < width, code
        assert 0 < y0 < y1 < height, code
    ix, iy, iw, ih = geo["inset"]
    for code in ("ARM", "AZE", "GEO"):  # the inset enlarges the South Caucasus
        x0, y0, x1, y1 = features[code]["bbox"]  # type: ignore[misc]
        assert ix <= x0, code
        assert x1 <= ix + iw, code
        assert iy <= y0, code
        assert y1 <= iy + ih, code


def test_crimea_is_drawn_as_part_of_ukraine_before_2014_and_apart_after(site: Site) -> None:
    before, after = _features("2014-03-17"), _features("2014-03-18")
    assert "crimea" not in before
    assert "crimea" in after
    assert len(before["UKR"]["d"]) > len(after["UKR"]["d"])  # type: ignore[arg-type]
    # Ukraine's earlier outline reaches further south (the peninsula)
    assert before["UKR"]["bbox"][3] > after["UKR"]["bbox"][3]  # type: ignore[index]
    # Russia's outline never holds the peninsula; it is never coloured as a party's
    crimea_box = after["crimea"]["bbox"]
    for day in ("1993-06-01", "2014-06-01"):
        view = map_view(site.on(dt.date.fromisoformat(day)))
        css = {c.name: c.css for c in view.countries}
        assert css["Russia"] in ("signatory", "member")
        assert css.get("Crimea", "absent") == ("absent" if day < "2014" else "annexed")
        assert css["Ukraine"] == "none"
    assert crimea_box[0] > before["UKR"]["bbox"][0]  # type: ignore[index]


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
    assert set(LEGEND) == set(PALETTE)


def test_the_map_on_curated_dates(site: Site) -> None:
    view = map_view(site.on(dt.date(2014, 6, 1)))
    by_code = {c.iso3: c for c in view.countries}
    assert by_code["UZB"].css == "suspended"
    assert by_code["GEO"].css == "former"
    assert by_code["AFG"].css == "observer"  # its parliament observes in the PA (2013)
    assert by_code["SRB"].css == "observer"
    assert view.counts["member"] == 6
    assert "since" in by_code["KAZ"].title


def test_the_legend_counts_every_observer_the_page_lists(site: Site) -> None:
    for day in (dt.date(2014, 6, 1), dt.date(2022, 6, 1), dt.date.today()):
        state = site.on(day)
        view = map_view(state)
        assert view.counts["observer"] == len(state.observers) + len(state.partners)
        coloured = {c.iso3 for c in view.countries if c.css == "observer"}
        # every coloured observer is one on that day (an ended status is not drawn)
        on_day = {party_code(p.party)[1] for p in state.observers.values()}
        assert coloured <= on_day
        # an observer with no state of its own is explained under the map
        stateless = [p for p in state.observers.values() if party_code(p.party)[1] is None]
        assert len(view.notes) == len(stateless)


# --- the palette ---------------------------------------------------------------------------

#: Machado, Oliveira and Fernandes (2009), full severity, on linear RGB
CVD = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(hex_colour: str) -> tuple[float, float, float]:
    def one(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return one(r), one(g), one(b)


def _luminance(hex_colour: str) -> float:
    r, g, b = _linear(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, v)) for v in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _seen(hex_colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    lin = _linear(hex_colour)
    r, g, b = (sum(row[j] * lin[j] for j in range(3)) for row in matrix)
    return _lab((r, g, b))


def _stylesheet_palette() -> dict[str, str]:
    css = CSS.read_text()
    return {k: v.lower() for k, v in re.findall(r"--([a-z]+):\s*(#[0-9a-fA-F]{6});", css)}


def test_the_stylesheet_uses_the_palette() -> None:
    sheet = _stylesheet_palette()
    for css, colour in PALETTE.items():
        assert sheet[css] == colour.lower(), css


def test_legend_colours_stand_out_against_white() -> None:
    """WCAG 1.4.11: graphical objects need 3:1 against what surrounds them; the 'none'
    swatch (the map's background land) is outlined instead, with a 3:1 border."""
    for css, colour in PALETTE.items():
        if css == "none":
            border = re.search(
                r"\.legend \.sw\.c-none \{ border-color: (#[0-9a-f]{6})", CSS.read_text()
            )
            assert border, "none needs a border"
            assert contrast(border.group(1), "#ffffff") >= 3, "none needs a border"
            continue
        assert contrast(colour, "#ffffff") >= 3, (
            f"{css} {colour}: {contrast(colour, '#ffffff'):.2f}"
        )


def test_the_palette_is_colour_blind_safe() -> None:
    """Every two status colours stay apart (CIE76 distance of at least 15 in Lab) as seen
    with normal vision and with each of the three full colour-vision deficiencies: for a
    deuteranope 'member' and 'participation frozen' were nearly the same (8.7)."""
    worst = []
    for name, matrix in CVD.items():
        for (a, ca), (b, cb) in itertools.combinations(PALETTE.items(), 2):
            d = math.dist(_seen(ca, matrix), _seen(cb, matrix))
            worst.append((d, name, a, b))
    d, name, a, b = min(worst)
    assert d >= 15, f"{a} and {b} are {d:.1f} apart for {name}"
