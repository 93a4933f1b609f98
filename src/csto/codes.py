"""Codes shared by every layer: member states, organs, and the codes other datasets use.

States are ISO 3166-1 alpha-3 codes. For each state that has been party to the Treaty we
keep the ISO numeric code (the key of the vendored world map) and the Correlates of War
country code (for COW exports). Organ ids follow the brief. Reading a state from what a
person types (a code or an English or Russian name, any case) is :func:`resolve_state` and
:func:`read_state`; the order of the members' Russian names, in which the chair and the
Secretary-General's post rotate, is :func:`in_russian_order`.

Sources: ISO numeric codes as found in world-atlas 2.0.2 ``countries-110m.json`` (vendored
with its licence: csto/web/data/world/README.md). COW country codes: every one was checked
against the Correlates of War State System Membership list v2016 (``states2016.csv`` as
downloaded from https://correlatesofwar.org/data-sets/state-system-membership/ and kept in
the igoR repository's data-raw/) and against Appendix B of the COW IGO v3 codebook (July 2019):
RUS 365, BLR 370, ARM 371, GRG (Georgia) 372, AZE 373, TAJ 702, KYR 703, UZB 704, KZK 705;
AFG 700 and YUG 345 (COW's number for Serbia, "Yugoslavia" in the list). The test
tests/record/test_cow.py checks them against the COW names shipped in
csto/io/data/cow_igo_v3_csto.json.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from csto.errors import InputError, Problem, UnknownIdError

__all__ = [
    "COW_NUMBERS",
    "ORGANS",
    "STATES",
    "StateInfo",
    "closest_states",
    "in_russian_order",
    "is_state_code",
    "label",
    "read_state",
    "resolve_state",
    "state_name",
    "state_name_ru",
    "state_words",
]


@dataclass(frozen=True, slots=True)
class StateInfo:
    """A state that has been party to the Collective Security Treaty."""

    code: str
    name: str
    name_ru: str
    iso_numeric: str
    cow: int


STATES: dict[str, StateInfo] = {
    s.code: s
    for s in (
        StateInfo("ARM", "Armenia", "Армения", "051", 371),
        StateInfo("AZE", "Azerbaijan", "Азербайджан", "031", 373),
        StateInfo("BLR", "Belarus", "Беларусь", "112", 370),
        StateInfo("GEO", "Georgia", "Грузия", "268", 372),
        StateInfo("KAZ", "Kazakhstan", "Казахстан", "398", 705),
        StateInfo("KGZ", "Kyrgyzstan", "Кыргызстан", "417", 703),
        StateInfo("RUS", "Russia", "Россия", "643", 365),
        StateInfo("TJK", "Tajikistan", "Таджикистан", "762", 702),
        StateInfo("UZB", "Uzbekistan", "Узбекистан", "860", 704),
    )
}

#: ISO alpha-3 -> Correlates of War country number, for every state the COW export codes:
#: the parties, and the states whose parliaments hold a status in the Parliamentary Assembly
COW_NUMBERS: dict[str, int] = {
    **{code: info.cow for code, info in STATES.items()},
    "AFG": 700,
    "SRB": 345,
}

ORGANS: dict[str, str] = {
    "CSC": "Collective Security Council",
    "CFM": "Council of Foreign Ministers",
    "CMD": "Council of Ministers of Defence",
    "CSSC": "Committee of Secretaries of Security Councils",
    "PC": "Permanent Council",
    "SEC": "Secretariat",
    "JS": "Joint Staff",
    "PA": "Parliamentary Assembly",
}


def is_state_code(code: str) -> bool:
    """Whether ``code`` has the shape of an ISO 3166-1 alpha-3 code (three capitals)."""
    return len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()


def state_name(code: str) -> str:
    """A state's English name (the code itself for a state we hold no name for)."""
    info = STATES.get(code)
    return code if info is None else info.name


def state_name_ru(code: str) -> str | None:
    """A state's Russian name (None for a state we hold no name for)."""
    info = STATES.get(code)
    return None if info is None else info.name_ru


def label(code: str | None) -> str:
    """A state's English name, or an organ's, or the code itself (``no one`` for None)."""
    if code is None:
        return "no one"
    if code in STATES:
        return STATES[code].name
    return ORGANS.get(code, code)


def _russian_key(code: str) -> str:
    info = STATES.get(code)
    return code if info is None else info.name_ru


def in_russian_order(codes: Iterable[str]) -> list[str]:
    """``codes`` in the order of the states' Russian names: the order in which the Council's
    chair and (since 2015) the Secretary-General's post rotate. Codes we hold no name for
    sort by the code itself."""
    return sorted(codes, key=_russian_key)


def _words(info: StateInfo) -> tuple[str, str, str]:
    return (info.code, info.name, info.name_ru)


def state_words() -> list[str]:
    """Every way a state may be named, as written: its code, English and Russian name."""
    return [w for info in STATES.values() for w in _words(info)]


def _names() -> dict[str, str]:
    """:func:`state_words`, case-folded, to the state's code."""
    return {w.casefold(): info.code for info in STATES.values() for w in _words(info)}


_BY_NAME = _names()


def resolve_state(text: str) -> str | None:
    """The code of the state ``text`` names: its code, or its English or Russian name, in
    any case (``RUS``, ``rus``, ``Russia``, ``Россия``); None when it names none we know."""
    return _BY_NAME.get(text.strip().casefold())


def closest_states(text: str, n: int = 3) -> list[str]:
    """The states whose code or name is closest to ``text``, as ``CODE (Name)``."""
    found = difflib.get_close_matches(text.strip().casefold(), list(_BY_NAME), n=n * 3, cutoff=0.5)
    codes = list(dict.fromkeys(_BY_NAME[f] for f in found))[:n]
    return [f"{c} ({STATES[c].name})" for c in codes]


def read_state(value: str, field: str, known: Iterable[str] = ()) -> str:
    """The code of the state ``value`` names (a code or a name, any case; for states we
    hold no name for, a code among ``known``); an error naming ``field`` otherwise."""
    text = value.strip()
    code = resolve_state(text)
    if code is not None:
        return code
    upper = text.upper()
    if not is_state_code(upper):
        near = closest_states(text)
        raise InputError(
            f"{value[:40]!r} is not a state code",
            (
                Problem(
                    "not an ISO 3166-1 alpha-3 code or a state's name"
                    + (f"; did you mean {' or '.join(near)}?" if near else ""),
                    field=field,
                    expected="three letters, e.g. ARM, or a name, e.g. Armenia",
                    got=repr(value[:40]),
                ),
            ),
        )
    choices = sorted({*known, *STATES})
    if upper not in choices:
        raise UnknownIdError(
            f"the record knows no state {upper!r}",
            (
                Problem(
                    "no event of the record concerns this state",
                    field=field,
                    expected="one of " + ", ".join(choices),
                    got=upper,
                ),
            ),
        )
    return upper
