"""Export to the Correlates of War IGO state-year format, with a note on where we differ.

COW IGO v3 codes a state's status in an IGO per year: 1 full member, 2 associate, 3
observer, 0 not a member, -1 IGO not in existence, -9 missing (codebook values as
documented with the igoR distribution of the data:
https://dieghernan.github.io/igoR/reference/state_year_format3.html). COW's v3 data end in
2014. Our record has day resolution, so a year needs a rule; ours is the status on
31 December, and the note lists every state-year where another rule (a member on any day of
the year) would code differently, so users can see what the year-level coding hides.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from csto.codes import STATES
from csto.record.record import Record
from csto.state.history import History
from csto.state.model import State

__all__ = ["COW_CODES", "cow_code", "cow_rows", "write_cow"]

COW_CODES = {
    "no_membership": 0,
    "full": 1,
    "associate": 2,
    "observer": 3,
    "missing": -9,
    "not_in_existence": -1,
}
FIRST_YEAR = 1992


def cow_code(state: State, code: str) -> int:
    """The COW value for ``code`` on the state's date (see the module docstring)."""
    if any(u.section == "members" and u.key == code for u in state.uncertain):
        return COW_CODES["missing"]
    if not state.members and not state.former_members:
        return COW_CODES["not_in_existence"]
    member = state.members.get(code)
    if member is not None and member.status != "signatory":
        return COW_CODES["full"]
    if code in state.observers:
        return COW_CODES["observer"]
    return COW_CODES["no_membership"]


def cow_rows(record: Record, last_year: int) -> tuple[list[dict[str, object]], list[str]]:
    """State-year rows for every state that has been a party, and the notes on them."""
    history = History(record)
    rows: list[dict[str, object]] = []
    notes: list[str] = []
    for year in range(FIRST_YEAR, last_year + 1):
        end = history.on(dt.date(year, 12, 31))
        for code, info in STATES.items():
            value = cow_code(end, code)
            rows.append({"ccode": info.cow, "iso3": code, "year": year, "csto": value})
            changes = [
                c
                for c in history.between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31))
                if c.section == "members" and c.key == code
            ]
            if changes and value != COW_CODES["full"]:
                was = [getattr(c.before, "status", None) for c in changes]
                if any(s not in (None, "signatory") for s in was):
                    events = ", ".join(e for c in changes for e in c.events)
                    notes.append(
                        f"{code} {year}: coded {value} (status on 31 December) but a member "
                        f"for part of the year ({events})."
                    )
            member = end.members.get(code)
            if member is not None and member.status in (
                "participation_frozen",
                "participation_suspended",
                "withdrawal_pending",
            ):
                notes.append(
                    f"{code} {year}: coded 1 (a member de jure) though its status on 31 "
                    f"December was {member.status} ({', '.join(member.events[-1:])}); COW has "
                    "no code for a member that does not take part."
                )
            if member is not None and member.status == "signatory":
                notes.append(
                    f"{code} {year}: coded 0: it had signed or acceded but the Treaty was not "
                    "yet in force for it."
                )
    return rows, notes


def write_cow(record: Record, out: Path, last_year: int | None = None) -> list[Path]:
    """``cow_igo_stateyear.csv`` and ``cow_notes.md`` in ``out``."""
    rows, notes = cow_rows(record, last_year or dt.date.today().year)
    out.mkdir(parents=True, exist_ok=True)
    table = out / "cow_igo_stateyear.csv"
    with table.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["ccode", "iso3", "year", "csto"])
        writer.writeheader()
        writer.writerows(rows)
    note = out / "cow_notes.md"
    lines = [
        "# csto record in Correlates of War IGO coding: notes",
        "",
        "Values: 1 full member, 0 not a member, 3 observer, -1 organization not in",
        "existence, -9 missing (the record cannot tell: an event dated only to a month or",
        "year straddles 31 December).",
        "",
        "Year rule: the status on 31 December of the year (csto has day resolution).",
        "",
        "Country numbers: only Russia's (365) was checked against a published list; the",
        "others are the codes in common use, not yet verified (see csto/codes.py).",
        "",
        "Comparison with COW's published coding: COW IGO v3 ends in 2014 and its CSTO row",
        "could not be read here (the data are distributed as Stata and R binaries, which",
        "csto's sources could not open); so this note cannot yet list year-by-year",
        "disagreements with COW's values. What it lists instead is every state-year where",
        "csto's day-resolution record and a year-level code part ways:",
        "",
        *[f"- {n}" for n in notes],
        "",
    ]
    note.write_text("\n".join(lines), encoding="utf-8")
    return [table, note]
