"""An ATOP-style table of the Collective Security Treaty's obligation phases: one row per
member and phase (and per status within a phase), in ``atop_phases.csv``.

**Phases.** A new phase opens whenever the set of parties changes (an entry into force, an
accession, a lapse, a withdrawal taking effect) or an article carrying an obligation is
reworded (the 2010 Protocol's new arts. 2 and 4, in force 19 December 2012). Within a phase
a member has one row per status (a suspension or a freeze does not change the Treaty's
obligations, so it splits the member's row, not the phase).

**Obligations** follow ATOP's five (defence, offence, neutrality, non-aggression,
consultation), each set to 1 when an article of the Treaty in force that day carries it,
read from the law data's tags, and named in ``articles``:

- ``defense``: an article tagged ``collective-defence`` (CST-1992 art. 4);
- ``nonagg``: tagged ``non-use-of-force`` (art. 1: no use or threat of force between
  states);
- ``consul``: tagged ``consultation`` (arts. 1 and 2);
- ``offense`` and ``neutral``: no article of the Treaty carries them (0).

**Columns** use the names of ATOP 5.1's member-level file where one exists (``member`` the
COW country number, ``yrent/moent/dayent`` the row's first day, ``yrexit/moexit/dayexit``
the first day after it, empty while it lasts, ``phase``) and its alliance-level obligation
names; the rest are csto's (see docs/exports.md for where this differs from ATOP).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from csto.codes import COW_NUMBERS
from csto.io.intervals import change_days
from csto.io.lawfiles import load_law
from csto.law.texts import ArticleRef, Law
from csto.record.record import Record
from csto.state.history import History
from csto.state.statuses import TREATY

__all__ = ["ATOP_COLUMNS", "OBLIGATION_TAGS", "Phase", "atop_rows", "phases", "write_atop"]

#: ATOP obligation -> the law data's article tag that carries it (None: no article does)
OBLIGATION_TAGS: dict[str, str | None] = {
    "defense": "collective-defence",
    "offense": None,
    "neutral": None,
    "nonagg": "non-use-of-force",
    "consul": "consultation",
}

ATOP_COLUMNS = [
    "alliance",
    "phase",
    "member",
    "iso3",
    "yrent",
    "moent",
    "dayent",
    "yrexit",
    "moexit",
    "dayexit",
    "status",
    "status_since_as_recorded",
    *OBLIGATION_TAGS,
    "articles",
    "phase_start",
    "phase_end",
    "phase_opened_by",
]


@dataclass(frozen=True, slots=True)
class Phase:
    """A span of constant parties and obligations: [start, end) and what opened it."""

    number: int
    start: dt.date
    end: dt.date | None
    parties: frozenset[str]
    obligations: tuple[tuple[str, tuple[str, ...]], ...]
    opened_by: tuple[str, ...]


def _obligations(law: Law, day: dt.date) -> tuple[tuple[str, tuple[str, ...]], ...]:
    treaty = law.instrument(TREATY)
    out = []
    for name, tag in OBLIGATION_TAGS.items():
        arts: list[str] = []
        for art in treaty.articles:
            if tag is None or tag not in art.tags:
                continue
            version = law.version(ArticleRef(TREATY, art.number), day)
            if version is not None:
                since = version.from_.isoformat() if version.from_ else "entry into force"
                arts.append(f"{TREATY} art. {art.number} (wording from {since})")
        out.append((name, tuple(arts)))
    return tuple(out)


def _law_days(law: Law) -> set[dt.date]:
    days: set[dt.date] = set()
    for art in law.instrument(TREATY).articles:
        for v in art.versions:
            days.update(d for d in (v.from_, v.to) if d is not None)
    return days


def phases(history: History, law: Law) -> list[Phase]:
    """The Treaty's obligation phases, oldest first."""
    start = law.instrument(TREATY).in_force_from()
    if start is None:
        return []
    days = sorted({d for d in [*change_days(history), *_law_days(law)] if d >= start} | {start})
    found: list[Phase] = []
    previous: tuple[frozenset[str], tuple[tuple[str, tuple[str, ...]], ...]] | None = None
    last_day = start - dt.timedelta(days=1)
    for day in days:
        state = history.on(day)
        parties = frozenset(c for c, m in state.members.items() if m.status != "signatory")
        signature = (parties, _obligations(law, day))
        if signature == previous:
            continue
        moved = parties ^ (previous[0] if previous is not None else frozenset())
        reasons = tuple(
            e
            for c in history.between(last_day, day)
            if c.section == "members" and c.key in moved
            for e in c.events
        )
        if previous is not None and signature[1] != previous[1]:
            reasons += tuple(
                f"{TREATY} reworded: {a}"
                for _, arts in signature[1]
                for a in arts
                if a not in {x for _, xs in previous[1] for x in xs}
            )
        if found:
            last = found[-1]
            found[-1] = Phase(last.number, last.start, day, last.parties, last.obligations,
                              last.opened_by)  # fmt: skip
        found.append(Phase(len(found) + 1, day, None, signature[0], signature[1],
                           tuple(dict.fromkeys(reasons))))  # fmt: skip
        previous, last_day = signature, day
    return found


def _ymd(day: dt.date | None) -> list[object]:
    return ["", "", ""] if day is None else [day.year, day.month, day.day]


def atop_rows(record: Record) -> list[dict[str, object]]:
    """One row per member, phase and status within the phase."""
    history = History(record)
    law = load_law(record)
    days = change_days(history)
    rows: list[dict[str, object]] = []
    for ph in phases(history, law):
        inner = [ph.start, *(d for d in days if ph.start < d and (ph.end is None or d < ph.end))]
        for code in sorted(ph.parties):
            spans: list[list[object]] = []  # [start, end, status, since]
            for day in inner:
                m = history.on(day).members.get(code)
                if m is None:
                    continue
                if spans and spans[-1][2] == m.status:
                    continue
                if spans:
                    spans[-1][1] = day
                spans.append([day, ph.end, m.status, m.since])
            flags = dict(ph.obligations)
            for first, end, status, since in spans:
                assert isinstance(first, dt.date)
                assert end is None or isinstance(end, dt.date)
                rows.append(
                    dict(
                        zip(
                            ATOP_COLUMNS,
                            [
                                TREATY,
                                ph.number,
                                COW_NUMBERS.get(code, ""),
                                code,
                                *_ymd(first),
                                *_ymd(end),
                                status,
                                since,
                                *(1 if flags[name] else 0 for name in OBLIGATION_TAGS),
                                "; ".join(
                                    f"{name}: {', '.join(arts)}"
                                    for name, arts in ph.obligations
                                    if arts
                                ),
                                ph.start.isoformat(),
                                "" if ph.end is None else ph.end.isoformat(),
                                "; ".join(ph.opened_by),
                            ],
                            strict=True,
                        )
                    )
                )
    return rows


def write_atop(record: Record, out: Path) -> list[Path]:
    """``atop_phases.csv`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "atop_phases.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=ATOP_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(atop_rows(record))
    return [path]
