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

__all__ = ["CAPTION", "INSET", "LEGEND", "Country", "MapView", "geometry", "map_view"]

#: status class -> legend text, in legend order
LEGEND: dict[str, str] = {
    "member": "member",
    "signatory": "signatory (Treaty not yet in force)",
    "frozen": "participation frozen (de facto)",
    "suspended": "participation suspended",
    "pending": "withdrawal pending",
    "former": "former member",
    "observer": "observer (the state or its parliament, in an organ)",
    "none": "never a party, or not yet",
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
    "which follows de facto control: Crimea inside Russia, Abkhazia and South Ossetia inside "
    "Georgia, Nagorno-Karabakh inside Azerbaijan. The same present-day outlines serve every "
    "date; only the colours change with the chosen day. Simplified, islets dropped. The map "
    "shows CSTO status, not sovereignty."
)

#: the Caucasus inset: the box of the main map it enlarges (x, y, width, height)
INSET = (78.0, 592.0, 84.0, 112.0)


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


@functools.cache
def geometry() -> dict[str, Any]:
    """The vendored outlines (read once)."""
    path = importlib.resources.files("csto.web") / "data" / "world" / "region-110m.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


_CODE_IN_NAME = re.compile(r"\(([A-Z]{3})\)\s*$")


def _observer_codes(state: State) -> set[str]:
    """States that are observers, or whose parliament is (the party's name ends in (ISO))."""
    codes = set()
    for party in state.observers.values():
        if party.party in STATES or (len(party.party) == 3 and party.party.isupper()):
            codes.add(party.party)
        else:
            found = _CODE_IN_NAME.search(party.party)
            if found:
                codes.add(found.group(1))
    return codes


def status_class(state: State, iso3: str | None, observers: set[str]) -> str:
    """The map class of one country on the state's date."""
    if iso3 is None:
        return "none"
    if iso3 in state.members:
        return _STATUS_CLASS[state.members[iso3].status]
    if iso3 in state.former_members:
        return "former"
    return "observer" if iso3 in observers else "none"


def map_view(state: State) -> MapView:
    """The map on the state's date."""
    geo = geometry()
    observers = _observer_codes(state)
    ix, iy, iw, ih = INSET
    countries = []
    counts = dict.fromkeys(LEGEND, 0)
    for f in geo["features"]:
        iso3 = f["iso3"]
        css = status_class(state, iso3, observers)
        name = STATES[iso3].name if iso3 in STATES else f["name"]
        title = f"{name}: {LEGEND[css]}" if css != "none" else name
        if iso3 in state.members:
            m = state.members[iso3]
            title += f" since {m.since}"
        elif iso3 in state.former_members:
            title += f" since {state.former_members[iso3].left}"
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
    return MapView(geo["width"], geo["height"], tuple(countries), counts, INSET)
