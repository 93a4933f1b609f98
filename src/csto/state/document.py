"""The state, a diff and a timeline as JSON documents: the contract the CLI, the web API
and outside tools rely on. The shape is fixed by ``schema/state.schema.json`` (shipped in
the package); ``schema`` in every document names it with its version.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from csto import __version__
from csto.codes import ORGANS, read_state, state_name
from csto.errors import InputError, Problem
from csto.record.codec import to_data
from csto.record.events import EVENT_TYPES, Event
from csto.record.record import Record
from csto.record.sources import Source
from csto.state.diff import Change
from csto.state.history import History
from csto.state.model import State

if TYPE_CHECKING:
    from csto.state.table import StatusTable

__all__ = [
    "DIFF_SCHEMA",
    "EVENT_SCHEMA",
    "LIST_SCHEMA",
    "SOURCES_SCHEMA",
    "STATE_SCHEMA",
    "STATUSES_SCHEMA",
    "TIMELINE_SCHEMA",
    "EventFilter",
    "diff_document",
    "event_document",
    "event_list_document",
    "source_detail_document",
    "sources_document",
    "state_document",
    "statuses_document",
    "timeline_document",
    "timeline_of",
]

STATE_SCHEMA = "csto.state/1"
DIFF_SCHEMA = "csto.diff/1"
TIMELINE_SCHEMA = "csto.timeline/1"
STATUSES_SCHEMA = "csto.statuses/1"
EVENT_SCHEMA = "https://csto.example/schema/record-event/1"
SOURCES_SCHEMA = "https://csto.example/schema/record-sources/1"
LIST_SCHEMA = "https://csto.example/schema/record-list/1"


def _plain(obj: object) -> Any:
    if obj is None:
        return None
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [_plain(v) for v in obj]
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj


def _member(m: Any) -> dict[str, Any]:
    out = _plain(m)
    out["name"] = state_name(m.state)
    if out.get("effective") is None:
        out.pop("effective", None)
    return out  # type: ignore[no-any-return]


def state_document(state: State, record: Record) -> dict[str, Any]:
    """The state on its date as one JSON-ready document (schema ``csto.state/1``)."""
    chair, sg = state.chair_state, state.secretary
    titles = {i.id: i.title_en for i in record.instruments}
    return {
        "schema": STATE_SCHEMA,
        "date": state.date.isoformat(),
        "record_digest": record.digest(),
        "members": [_member(m) for m in state.members.values() if m.status != "signatory"],
        "signatories": [_member(m) for m in state.members.values() if m.status == "signatory"],
        "former_members": [_plain(f) for f in state.former_members.values()],
        "observers": [_plain(p) for p in state.observers.values()],
        "partners": [_plain(p) for p in state.partners.values()],
        "chair": None if chair is None else _plain(chair),
        "secretary_general": None if sg is None else _plain(sg),
        "organs": [_plain(o) | {"name": ORGANS.get(o.id, o.id)} for o in state.organs.values()],
        "instruments": [
            _plain(i) | {"title": titles.get(i.id, i.id)} for i in state.instruments.values()
        ],
        "forces": [_plain(f) for f in state.forces.values()],
        "operations": [
            _plain(o) | {"contributors": [{"state": s, "size": n} for s, n in o.contributors]}
            for o in state.operations.values()
        ],
        "disputed": list(state.disputed),
        "uncertain": [_plain(u) for u in state.uncertain],
    }


def statuses_document(table: StatusTable, record: Record) -> dict[str, Any]:
    """Every state's status on many days, in columns (schema ``csto.statuses/1``)."""
    names = table.categories
    return {
        "schema": STATUSES_SCHEMA,
        "record_digest": record.digest(),
        "dates": [d.isoformat() for d in table.days.tolist()],
        "states": list(table.states),
        "status": {
            state: [names[c] for c in table.codes[:, j].tolist()]
            for j, state in enumerate(table.states)
        },
        "uncertain": {
            state: table.uncertain[:, j].tolist() for j, state in enumerate(table.states)
        },
    }


def diff_document(start: State, end: State, changes: list[Change]) -> dict[str, Any]:
    """What changed between two dates (schema ``csto.diff/1``)."""
    return {
        "schema": DIFF_SCHEMA,
        "from": start.date.isoformat(),
        "to": end.date.isoformat(),
        "changes": [
            {
                "section": c.section,
                "key": c.key,
                "kind": c.kind,
                "before": _plain(c.before),
                "after": _plain(c.after),
                "events": list(c.events),
            }
            for c in changes
        ],
    }


def event_summary(event: Event) -> dict[str, Any]:
    """The short form of an event used in lists and timelines."""
    return {
        "id": event.id,
        "type": event.type,
        "date": event.date.iso(),
        "date_precision": event.date.precision,
        "states": list(event.states),
        "summary": event.summary,
        "confidence": event.confidence,
        "disputed": event.disputed,
        "sources": [to_data(c) for c in event.sources],
    }


def timeline_document(events: list[Event], filters: dict[str, Any]) -> dict[str, Any]:
    """A filtered list of events, oldest first (schema ``csto.timeline/1``)."""
    return {
        "schema": TIMELINE_SCHEMA,
        "filters": filters,
        "count": len(events),
        "events": [event_summary(e) for e in events],
    }


def timeline_of(
    history: History,
    state: str | None = None,
    kinds: Iterable[str] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[str, Any]:
    """``csto timeline --json``: the history's events filtered by state, kind and period."""
    chosen = tuple(kinds)
    events = history.timeline(state=state, kind=chosen or None, start=start, end=end)
    filters = {
        "state": state,
        "kind": list(chosen),
        "from": start and start.isoformat(),
        "to": end and end.isoformat(),
    }
    return timeline_document(events, filters)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a list shows: of any of ``types``, concerning any of ``states``, that
    may have happened from ``start`` to ``end`` (each part left out: no restriction)."""

    types: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()
    start: dt.date | None = None
    end: dt.date | None = None

    @classmethod
    def read(
        cls,
        record: Record,
        *,
        types: Iterable[str] = (),
        states: Iterable[str] = (),
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> EventFilter:
        """The filter from what a person typed: event type names (checked), states by code
        or name (checked against the record); errors name the field ``type`` or ``state``."""
        known = {s for e in record.events for s in e.states}
        for name in types:
            if name not in EVENT_TYPES:
                raise InputError(
                    f"{name[:40]!r} is not an event type",
                    (
                        Problem(
                            "unknown event type",
                            field="type",
                            expected="one of " + ", ".join(sorted(EVENT_TYPES)),
                            got=repr(name[:40]),
                        ),
                    ),
                )
        codes = frozenset(read_state(s, "state", known) for s in states)
        return cls(frozenset(types), codes, start, end)

    def admits(self, event: Event) -> bool:
        return (
            (not self.types or event.type in self.types)
            and (not self.states or bool(self.states & set(event.states)))
            and (self.start is None or event.date.latest >= self.start)
            and (self.end is None or event.date.earliest <= self.end)
        )


def event_list_document(
    record: Record, chosen: EventFilter, offset: int = 0, limit: int | None = None
) -> dict[str, Any]:
    """``csto record list --json`` and ``/api/events``: the events the filter admits,
    oldest first, with the record's digest.

    ``offset`` and ``limit`` ask for one page of them: only that page's events are
    summarised. When the page does not hold every admitted event, the document says so in
    ``page`` (``offset``, ``limit``, ``total``; ``count`` is the page's); when it does, the
    document is the whole list's, as the command line prints it.
    """
    events = [e for e in record.events if chosen.admits(e)]
    total = len(events)
    shown = events[offset : None if limit is None else offset + limit]
    doc: dict[str, Any] = {
        "schema": LIST_SCHEMA,
        "csto_version": __version__,
        "record_digest": record.digest(),
        "count": len(shown),
        "events": [event_summary(e) for e in shown],
    }
    if len(shown) < total:
        doc["page"] = {"offset": offset, "limit": limit, "total": total}
    return doc


def source_detail_document(
    source: Source, events: Iterable[Event], articles: Iterable[str]
) -> dict[str, Any]:
    """``/api/sources/ID``: a source in full, the events citing it and the instruments and
    articles (as labels) whose law data cite it."""
    return {
        "schema": "csto.web.source/1",
        "source": to_data(source),
        "events": [event_summary(e) for e in events],
        "articles": list(articles),
    }


def event_document(record: Record, event_id: str) -> dict[str, Any]:
    """One event with its other versions and every source it cites (``csto record show``);
    a KeyError if there is no such event."""
    event = record.event(event_id)
    cited = {c.source for c in event.sources} | {
        c.source for a in event.alternatives for c in a.sources
    }
    return {
        "schema": EVENT_SCHEMA,
        "event": to_data(event),
        "sources": [to_data(record.source(s)) for s in sorted(cited)],
    }


def sources_document(record: Record) -> dict[str, Any]:
    """Every registered source and how many events cite it (``csto record sources``)."""
    counts: dict[str, int] = {}
    for e in record.events:
        for c in {c.source for c in e.sources}:
            counts[c] = counts.get(c, 0) + 1
    return {
        "schema": SOURCES_SCHEMA,
        "sources": [to_data(s) | {"cited_by": counts.get(s.id, 0)} for s in record.sources],
    }
