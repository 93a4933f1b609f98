"""How complete the record is, kind of fact by kind of fact: what is recorded, what is not.

A researcher who cites the record needs to know where it stops. :func:`coverage` lists, for
each kind of fact the record means to hold (Council sessions, the chair, the
Secretary-General, ratifications, members' positions, crises, standing operations and
bodies, external relations, and the event types themselves), the items a complete record
would have, and for each item the events that record it. An item with no event must be
covered by a declared :class:`Gap` saying what was searched: either still ``missing`` (the
fact exists and was not found) or ``not_held`` (searched, and the sources show there was
nothing to record, e.g. a year without a Council session). An item with neither is
``undeclared``; a gap declared for an item that is now recorded is ``stale``. The coverage
test fails on both, so the report cannot drift from the record.

The expected items are defined in :mod:`csto.state.coverage_kinds`: computed from the record
where it can say what to expect (the signatories of each instrument, the years of the
Organization), listed there where only outside knowledge can (the crises the Organization
was asked about, the UN General Assembly's resolutions). Gaps are data
(``csto/state/gaps.yaml``, read by :mod:`csto.io.coverage`). Nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from csto.record.record import Record
from csto.state.coverage_kinds import KINDS, Gap, Item, ItemStatus
from csto.state.history import History

__all__ = [
    "COVERAGE_SCHEMA",
    "Gap",
    "Item",
    "KindReport",
    "coverage",
    "coverage_document",
    "unknown_gap_items",
]

COVERAGE_SCHEMA = "csto.coverage/1"


@dataclass(frozen=True, slots=True)
class KindReport:
    """The coverage of one kind of fact."""

    kind: str
    title: str
    what: str
    items: tuple[Item, ...]
    figures: tuple[tuple[str, str], ...] = ()

    def count(self, status: ItemStatus) -> int:
        return sum(1 for i in self.items if i.status == status)


def coverage(
    record: Record,
    gaps: Sequence[Gap] = (),
    today: dt.date | None = None,
    history: History | None = None,
) -> tuple[KindReport, ...]:
    """The record's coverage on ``today`` (default: the latest day the record knows)."""
    day = today or max(e.date.latest for e in record.events)
    hist = history or History(record)
    declared: dict[tuple[str, str], Gap] = {}
    for gap in gaps:
        for key in gap.items:
            declared[(gap.kind, key)] = gap
    reports = []
    for kind in KINDS:
        items = tuple(
            Item(i.key, i.label, i.events, declared.get((kind.kind, i.key)))
            for i in kind.items(record, hist, day)
        )
        reports.append(
            KindReport(
                kind.kind, kind.title, kind.what, items, tuple(kind.figures(record, hist, day))
            )
        )
    return tuple(reports)


def unknown_gap_items(reports: Sequence[KindReport], gaps: Sequence[Gap]) -> list[str]:
    """Declared gap items that match no expected item (``kind:key``), e.g. after a typo."""
    known = {(r.kind, i.key) for r in reports for i in r.items}
    return [f"{g.kind}:{k}" for g in gaps for k in g.items if (g.kind, k) not in known]


def coverage_document(reports: Sequence[KindReport], record: Record) -> dict[str, object]:
    """The coverage as one JSON-ready document (schema ``csto.coverage/1``)."""
    statuses: tuple[ItemStatus, ...] = ("recorded", "missing", "not_held", "undeclared")
    return {
        "schema": COVERAGE_SCHEMA,
        "record_digest": record.digest(),
        "kinds": [
            {
                "kind": r.kind,
                "title": r.title,
                "what": r.what,
                "counts": {s: r.count(s) for s in statuses},
                "figures": [{"name": n, "value": v} for n, v in r.figures],
                "items": [
                    {
                        "key": i.key,
                        "label": i.label,
                        "status": i.status,
                        "events": list(i.events),
                        "searched": None if i.gap is None else i.gap.searched,
                    }
                    for i in r.items
                ],
            }
            for r in reports
        ],
    }
