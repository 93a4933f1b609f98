"""The record as Correlates of War IGO v3 codes it: a state-year table, its notes, and a
cell-by-cell comparison with COW's own CSTO coding (1992-2014).

**Codes** (COW IGO v3 codebook, July 2019, section III.B, the country-year table): 0 no
membership, 1 full membership, 2 associate membership, 3 observer, -9 missing data, -1 IGO
not in existence. COW's data end in 2014; the export carries the same coding on to the
year asked for.

**How the record's statuses become COW codes** (each rule follows what COW did for the
CSTO, as its shipped rows show, ``csto/io/data/cow_igo_v3_csto.*``):

- the IGO exists from 2002, COW's start year for the CSTO (``sdate``; ionum 1125): every
  state-year before is -1, though the Treaty was in force among its parties from 1994
  (the record's membership of those years is in the other exports);
- a party to the Treaty in force for it (``member``) is 1; so is one whose participation
  is frozen by itself or whose withdrawal is pending: both remain members de jure, and COW
  codes membership, not participation;
- a party whose participation the Council suspended is 0: COW codes Uzbekistan 0 from
  2012, the year of its suspension (as it coded Cuba in the OAS after 1962 and Egypt in the
  Arab League after 1979, though not Syria in the Arab League after 2011);
- a state or its parliament holding observer status (the Parliamentary Assembly's
  observers) is 3, as COW codes Afghanistan and Serbia in 2013-2014; a parliament is
  tied to its state by the ISO code in brackets that ends its name in the record
  ("National Assembly of Serbia (SRB)");
- a signatory for which the Treaty is not yet in force, a former party, a partner (COW has
  no such category) and every other state in the system is 0;
- a year is coded by the status on 31 December (the codebook names no rule; the CSTO's
  rows fit this one: Uzbekistan is 0 in 2012, suspended in December); where an event dated
  only to a month, a year or a range may fall either side of 31 December the cell is -9.

Rows cover every state in COW's state system: for 1992-2014 exactly the state-years of
COW's table, after 2014 the states of 2014 (COW's list v2016 records no change after
2011). The notes list every cell where COW and the record part ways, and every cell where
the year-level code hides a change within the year.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from csto.codes import COW_NUMBERS
from csto.record.record import Record
from csto.state.history import History
from csto.state.model import State
from csto.state.statuses import TAKES_PART

__all__ = [
    "COW_CODES",
    "CowCell",
    "CowReference",
    "Disagreement",
    "compare_with_cow",
    "cow_code",
    "cow_reference",
    "cow_rows",
    "write_cow",
]

COW_CODES = {
    "no_membership": 0,
    "full": 1,
    "associate": 2,
    "observer": 3,
    "missing": -9,
    "not_in_existence": -1,
}
FIRST_YEAR = 1992
_MEMBER = TAKES_PART
_BRACKETED = re.compile(r"\(([A-Z]{3})\)\s*$")
_ISO_OF = {number: code for code, number in COW_NUMBERS.items()}


@dataclass(frozen=True, slots=True)
class CowReference:
    """COW IGO v3's CSTO column as shipped: cells by (ccode, year), names, provenance."""

    cells: dict[tuple[int, int], int]
    names: dict[int, tuple[str, str]]
    meta: dict[str, Any]

    @property
    def start_year(self) -> int:
        """The first year COW codes the CSTO as existing (its ``sdate``)."""
        return int(self.meta["igo"]["sdate"])

    @property
    def last_year(self) -> int:
        return max(y for _, y in self.cells)

    def system(self, year: int) -> list[int]:
        """COW country numbers of the states in the system in ``year`` (2014's after 2014)."""
        year = min(year, self.last_year)
        return sorted(c for c, y in self.cells if y == year)


@functools.cache
def cow_reference() -> CowReference:
    """The shipped COW IGO v3 CSTO rows (see scripts/cow_igo_rows.py for their making)."""
    data = resources.files("csto.io") / "data"
    text = (data / "cow_igo_v3_csto.csv").read_text(encoding="utf-8")
    cells = {
        (int(r["ccode"]), int(r["year"])): int(r["csto"]) for r in csv.DictReader(io.StringIO(text))
    }
    meta = json.loads((data / "cow_igo_v3_csto.json").read_text(encoding="utf-8"))
    names = {int(k): (v[0], v[1]) for k, v in meta["states"]["names"].items()}
    return CowReference(cells, names, meta)


@dataclass(frozen=True, slots=True)
class CowCell:
    """One state-year: its COW code, and why, in words (empty when plainly 0 or 1)."""

    ccode: int
    iso3: str
    year: int
    value: int
    why: str = ""


def _holder(party: str) -> str | None:
    """The state an observer or partner stands for: its code, or the code its name ends with."""
    if party in COW_NUMBERS:
        return party
    m = _BRACKETED.search(party)
    return m.group(1) if m and m.group(1) in COW_NUMBERS else None


def cow_code(state: State, code: str) -> tuple[int, str]:
    """The COW value of state ``code`` on the state's date, and the reason if not plain."""
    for u in state.uncertain:
        if (u.section == "members" and u.key == code) or (
            u.section in ("observers", "partners") and _holder(u.key) == code
        ):
            days = f"{u.earliest.isoformat()}..{u.latest.isoformat()}"
            return COW_CODES["missing"], (
                f"missing: {', '.join(u.events)} may fall on either side of 31 December ({days})"
            )
    member = state.members.get(code)
    if member is not None:
        last = ", ".join(member.events[-1:])
        if member.status in _MEMBER:
            if member.status == "member":
                return COW_CODES["full"], ""
            return COW_CODES["full"], (
                f"a member de jure whose status is {member.status} ({last}); COW codes "
                "membership, not participation"
            )
        if member.status == "participation_suspended":
            return COW_CODES["no_membership"], (
                f"participation suspended by the Council ({last}): COW codes a suspended "
                "member 0 (as it coded Uzbekistan from 2012)"
            )
        return COW_CODES["no_membership"], (
            f"signed or acceded ({last}) but the Treaty not yet in force for it"
        )
    for party in state.observers.values():
        if _holder(party.party) == code:
            via = "" if party.party == code else f" through {party.party}"
            return COW_CODES["observer"], f"observer{via} ({', '.join(party.events[-1:])})"
    for party in state.partners.values():
        if _holder(party.party) == code:
            return COW_CODES["no_membership"], (
                f"partner ({', '.join(party.events[-1:])}): COW has no partner category"
            )
    return COW_CODES["no_membership"], ""


def cow_rows(record: Record, last_year: int) -> tuple[list[CowCell], list[str]]:
    """State-year cells for every state in COW's system, 1992 to ``last_year``, and notes
    on the cells where a change within the year is hidden by the year-level code."""
    ref = cow_reference()
    history = History(record)
    cells: list[CowCell] = []
    notes: list[str] = []
    for year in range(FIRST_YEAR, last_year + 1):
        end = history.on(dt.date(year, 12, 31))
        moved = {
            c.key
            for c in history.between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31))
            if c.section == "members"
        }
        for ccode in ref.system(year):
            iso3 = _ISO_OF.get(ccode, "")
            if year < ref.start_year:
                cells.append(CowCell(ccode, iso3, year, COW_CODES["not_in_existence"]))
                continue
            if not iso3:
                cells.append(CowCell(ccode, iso3, year, COW_CODES["no_membership"]))
                continue
            value, why = cow_code(end, iso3)
            cells.append(CowCell(ccode, iso3, year, value, why))
            if iso3 in moved and value != COW_CODES["missing"]:
                notes.append(
                    f"{iso3} {year}: coded {value} by its status on 31 December; its "
                    f"membership changed during the year (csto timeline --state {iso3} "
                    f"--from {year}-01-01 --to {year}-12-31 shows when)."
                )
    return cells, notes


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A cell where csto's coding and COW IGO v3 differ."""

    ccode: int
    iso3: str
    year: int
    cow: int
    csto: int
    why: str


def compare_with_cow(cells: list[CowCell]) -> tuple[int, list[Disagreement]]:
    """Compare every COW cell (1992-2014) with ours: how many were compared, and where
    they differ. A COW cell with no row of ours is a defect (KeyError), never skipped."""
    ref = cow_reference()
    ours = {(c.ccode, c.year): c for c in cells}
    out = []
    compared = 0
    for (ccode, year), theirs in sorted(ref.cells.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if year > max((c.year for c in cells), default=0):
            continue
        mine = ours[ccode, year]
        compared += 1
        if mine.value != theirs:
            out.append(Disagreement(ccode, mine.iso3, year, theirs, mine.value, mine.why))
    return compared, out


def _explain(d: Disagreement, history: History, last_year: int) -> str:
    if d.why:
        return d.why
    state = history.on(dt.date(d.year, 12, 31))
    former = state.former_members.get(d.iso3)
    if former is not None:
        back = next(
            (
                m
                for y in range(d.year + 1, last_year + 1)
                if (m := history.on(dt.date(y, 12, 31)).members.get(d.iso3)) is not None
                and m.status in _MEMBER
            ),
            None,
        )
        again = f" until it rejoined ({back.events[-1]})" if back is not None else ""
        return (
            f"the record has it outside the Treaty from {former.left} ({former.how}: "
            f"{former.events[-1]}){again}"
        )
    member = state.members.get(d.iso3)
    if member is not None:
        return f"the record has it a member since {member.member_since} ({member.events[0]})"
    return "the record has no status for it that year"


def _spans(items: list[tuple[str, int, str]]) -> list[str]:
    """``(key, year, text)`` items, consecutive years with the same key and text joined."""
    runs: list[list[Any]] = []
    for key, year, text in sorted(items):
        last = runs[-1] if runs else None
        if last is not None and last[0] == key and last[2] == year - 1 and last[3] == text:
            last[2] = year
        else:
            runs.append([key, year, year, text])
    return [
        f"- {k} {a}{'' if a == b else f'-{b}'}: {t}."
        for k, a, b, t in sorted(runs, key=lambda r: (r[1], r[0]))
    ]


def write_cow(record: Record, out: Path, last_year: int | None = None) -> list[Path]:
    """``cow_igo_stateyear.csv`` and ``cow_notes.md`` in ``out``."""
    ref = cow_reference()
    last = last_year or dt.date.today().year
    cells, notes = cow_rows(record, last)
    compared, disagreements = compare_with_cow(cells)
    history = History(record)
    out.mkdir(parents=True, exist_ok=True)
    table = out / "cow_igo_stateyear.csv"
    with table.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["ccode", "stateabb", "iso3", "year", "csto"])
        for c in cells:
            writer.writerow([c.ccode, ref.names.get(c.ccode, ("", ""))[0], c.iso3, c.year, c.value])
    reasons = [c for c in cells if c.why]
    note = out / "cow_notes.md"
    lines = [
        "# csto record in Correlates of War IGO v3 coding: notes",
        "",
        "Codes (COW IGO v3 codebook, July 2019, III.B): 1 full membership, 2 associate,",
        "3 observer, 0 no membership, -9 missing data, -1 IGO not in existence.",
        "",
        f"The IGO exists from {ref.start_year} (COW's start year for the CSTO, ionum "
        f"{ref.meta['igo']['ionum']}); earlier years are -1 for every state.",
        "A year is coded by the status on 31 December. Rows: every state in COW's state",
        f"system (COW's own state-years up to {ref.last_year}, then the states of "
        f"{ref.last_year}).",
        "Country numbers: checked against COW's State System Membership list v2016.",
        f"Record digest: {record.digest()}",
        "",
        f"## Where csto and COW IGO v3 disagree ({compared} cells compared, "
        f"{FIRST_YEAR}-{min(ref.last_year, max(c.year for c in cells))})",
        "",
        *(
            _spans(
                [
                    (
                        d.iso3 or str(d.ccode),
                        d.year,
                        f"COW {d.cow}, csto {d.csto}: {_explain(d, history, last)}",
                    )
                    for d in disagreements
                ]
            )
            or ["- none"]
        ),
        "",
        "## Cells whose code needs a reason",
        "",
        *(_spans([(c.iso3, c.year, f"{c.value}: {c.why}") for c in reasons]) or ["- none"]),
        "",
        "## Changes within a year that the year-level code hides",
        "",
        *([f"- {n}" for n in notes] or ["- none"]),
        "",
        "## The COW data compared",
        "",
        f"{ref.meta['what']}; extracted by {ref.meta['extracted_by']} from "
        f"{ref.meta['repository']} at {ref.meta['commit']}. Cite: {ref.meta['citation']}",
        f"Terms: {ref.meta['terms']}",
        "",
    ]
    note.write_text("\n".join(lines), encoding="utf-8")
    return [table, note]
