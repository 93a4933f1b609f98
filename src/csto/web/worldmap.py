"""The map of members on a date: vendored outlines, coloured by each state's CSTO status.

The outlines (``data/world/region-110m.json``, built by :mod:`csto.web.geobuild` from
Natural Earth via world-atlas, see ``data/world/README.md``) are read once. For a date,
:func:`map_view` gives every country a status class (member, signatory, frozen, suspended,
withdrawal pending, former, observer, none) that the stylesheet colours; the template
draws the SVG on the server, so the map works without JavaScript.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from dataclasses import dataclass
from typing import Any

from csto.codes import STATES
from csto.state.model import State

__all__ = [
    "CAPTION",
    "LEGEND",
    "PALETTE",
    "Country",
    "MapView",
    "country_names",
    "geometry",
    "map_view",
    "status_class",
]

#: status class -> legend text, in legend order
LEGEND: dict[str, str] = {
    "member": "member",
    "signatory": "signatory (Treaty not yet in force)",
    "frozen": "participation frozen (de facto)",
    "suspended": "participation suspended",
    "pending": "withdrawal pending",
    "former": "former member",
    "observer": "observer (the state or its parliament)",
    "annexed": "annexed territory (Crimea, since 2014)",
    "none": "never a party, or not yet",
}

#: the colour of each class (the stylesheet's custom properties use the same values; a test
#: checks contrast against white and that they stay apart for colour-blind readers)
PALETTE: dict[str, str] = {
    "member": "#1a2f7a",
    "signatory": "#2f6fe0",
    "frozen": "#a01c12",
    "suspended": "#c22fa8",
    "pending": "#94800f",
    "former": "#5a5050",
    "observer": "#16905a",
    "annexed": "#8c8c8c",
    "none": "#e6e7ea",
}

_STATUS_CLASS = {
    "member": "member",
    "signatory": "signatory",
    "participation_frozen": "frozen",
    "participation_suspended": "suspended",
    "withdrawal_pending": "pending",
    "former": "former",
}

CAPTION = (
    "Borders as Natural Earth draws them at 1:110m (version 4.1.0, via world-atlas 2.0.2), "
    "which follows de facto control (Abkhazia and South Ossetia inside Georgia, "
    "Nagorno-Karabakh inside Azerbaijan), with one historical change: before 18 March 2014 "
    "Crimea is drawn as part of Ukraine; from that day, when Russia signed a treaty "
    "annexing it, it is drawn on its own and hatched, since the UN General Assembly "
    "(resolution 68/262) and most states hold it to be Ukraine's. Simplified, islets "
    "dropped. The map shows CSTO status, not sovereignty."
)


@dataclass(frozen=True, slots=True)
class Country:
    """One outline, with its status class on the map's date and a tooltip."""

    iso3: str | None
    name: str
    d: str
    css: str
    title: str
    label: tuple[float, float] | None
    in_inset: bool


@dataclass(frozen=True, slots=True)
class MapView:
    """Everything the map template needs for one date."""

    width: int
    height: int
    countries: tuple[Country, ...]
    counts: dict[str, int]
    inset: tuple[float, float, float, float]
    notes: tuple[str, ...] = ()


@functools.cache
def geometry() -> dict[str, Any]:
    """The vendored outlines (read once)."""
    path = importlib.resources.files("csto.web") / "data" / "world" / "region-110m.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@functools.cache
def country_names() -> dict[str, str]:
    """ISO alpha-3 code -> the country's name, for every country the map draws."""
    names = {f["iso3"]: f["name"] for f in geometry()["features"] if f["iso3"]}
    names.update({code: info.name for code, info in STATES.items()})
    return names


def _observer_codes(state: State) -> tuple[set[str], list[str]]:
    """States that are observers, or whose parliament is (the party's name ends in (ISO));
    and the observers that stand for no single state (nothing to colour)."""
    codes: set[str] = set()
    without: list[str] = []
    for party in [*state.observers.values(), *state.partners.values()]:
        name = party.party
        if name in STATES or (len(name) == 3 and name.isupper()):
            codes.add(name)
            continue
        found = _CODE_IN_NAME.search(name)
        if found:
            codes.add(found.group(1))
        else:
            without.append(name)
    return codes, without


_CODE_IN_NAME = re.compile(r"\(([A-Z]{3})\)\s*$")


def status_class(state: State, iso3: str | None, observers: set[str]) -> str:
    """The map class of one country on the state's date."""
    if iso3 is None:
        return "none"
    if iso3 in state.members:
        return _STATUS_CLASS[state.members[iso3].status]
    if iso3 in state.former_members:
        return "former"
    return "observer" if iso3 in observers else "none"


def _drawn_on(feature: dict[str, Any], day: str) -> bool:
    """Whether an outline is drawn on a day (historical outlines have from/until)."""
    return feature.get("from", "") <= day and ("until" not in feature or day < feature["until"])


def map_view(state: State) -> MapView:
    """The map on the state's date: today's outlines, or the historical ones where borders
    differed; each coloured by its state's status (annexed territory hatched)."""
    geo = geometry()
    observers, without = _observer_codes(state)
    day = state.date.isoformat()
    ix, iy, iw, ih = (float(v) for v in geo["inset"])
    countries = []
    counts = dict.fromkeys(LEGEND, 0)
    for f in geo["features"]:
        if not _drawn_on(f, day):
            continue
        iso3 = f["iso3"]
        if f.get("annexed"):
            css = "annexed"
            name = f["name"]
            title = (
                f"{name}: annexed by Russia on {f['from']}; the UN General Assembly "
                "(resolution 68/262) and most states hold it to be part of Ukraine"
            )
        else:
            css = status_class(state, iso3, observers)
            name = STATES[iso3].name if iso3 in STATES else f["name"]
            title = f"{name}: {LEGEND[css]}" if css != "none" else name
        if iso3 in state.members:
            title += f" since {state.members[iso3].since}"
        elif iso3 in state.former_members:
            title += f" since {state.former_members[iso3].left}"
        if css != "observer":
            counts[css] += 1
        x0, y0, x1, y1 = f["bbox"]
        countries.append(
            Country(
                iso3=iso3,
                name=name,
                d=f["d"],
                css=css,
                title=title,
                label=tuple(f["label"]) if iso3 in STATES else None,
                in_inset=x1 >= ix and x0 <= ix + iw and y1 >= iy and y0 <= iy + ih,
            )
        )
    # the legend counts observers, not outlines: an assembly of members has none to colour
    counts["observer"] = len(state.observers) + len(state.partners)
    notes = tuple(
        f"{name} is an observer too; it stands for no single state, so nothing is coloured for it."
        for name in without
    )
    return MapView(geo["width"], geo["height"], tuple(countries), counts, (ix, iy, iw, ih), notes)
