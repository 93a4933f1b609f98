"""What moved between two versions of the record: events added, withdrawn, corrected,
newly disputed or re-sourced; sources and instruments added, removed or changed.

A version is either a whole :class:`~csto.record.record.Record` or a :class:`Manifest` (the
record's digest and one digest per item, what ``csto record digest --json`` prints and what
a release keeps): two records compare field by field, a manifest only item by item.

How an event that exists in both versions is classed (it may be in several classes):

- ``corrected``: a field of its main version changed (date, summary, states, the fields of
  its type, confidence, note), each change listed with its old and new value;
- ``disputed``: its other versions changed: it became disputed, gained or lost an
  alternative, or an alternative changed (also ``default_reason``);
- ``cited``: only what it cites changed (its sources, or their locators);
- ``changed``: compared through a manifest, which says that it changed but not how.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from csto.record.codec import to_data
from csto.record.record import Record

__all__ = [
    "EventChange",
    "Manifest",
    "RecordDiff",
    "compare",
    "item_digest",
    "manifest",
]

_OTHER_VERSIONS = ("alternatives", "default_reason")
_CITATIONS = ("sources",)
_BOOKKEEPING = ("recorded",)


def item_digest(obj: object) -> str:
    """A SHA-256 over one source, instrument or event, as the files write it."""
    data = json.dumps(to_data(obj), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Manifest:
    """A version of the record as digests: the whole, and each item by id."""

    digest: str
    events: Mapping[str, str]
    sources: Mapping[str, str]
    instruments: Mapping[str, str]
    csto_version: str | None = None


def manifest(record: Record, csto_version: str | None = None) -> Manifest:
    """The manifest of ``record``."""
    return Manifest(
        digest=record.digest(),
        events={e.id: item_digest(e) for e in record.events},
        sources={s.id: item_digest(s) for s in record.sources},
        instruments={i.id: item_digest(i) for i in record.instruments},
        csto_version=csto_version,
    )


@dataclass(frozen=True, slots=True)
class EventChange:
    """One event present in both versions that differs: how, and field by field."""

    id: str
    kinds: tuple[str, ...]
    fields: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RecordDiff:
    """What moved from ``old`` to ``new``."""

    old_digest: str
    new_digest: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[EventChange, ...] = ()
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    instruments: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    detailed: bool = True

    @property
    def same(self) -> bool:
        return self.old_digest == self.new_digest

    def of_kind(self, kind: str) -> list[EventChange]:
        """The changed events in class ``kind`` (corrected, disputed, cited, changed)."""
        return [c for c in self.changed if kind in c.kinds]


def _keyed(old: Mapping[str, str], new: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    return {
        "added": tuple(sorted(set(new) - set(old))),
        "removed": tuple(sorted(set(old) - set(new))),
        "changed": tuple(sorted(k for k in set(old) & set(new) if old[k] != new[k])),
    }


def _event_change(event_id: str, old: dict[str, Any], new: dict[str, Any]) -> EventChange | None:
    names = [n for n in dict.fromkeys([*old, *new]) if old.get(n) != new.get(n)]
    if not names:
        return None
    kinds = []
    if any(n not in (*_OTHER_VERSIONS, *_CITATIONS, *_BOOKKEEPING) for n in names):
        kinds.append("corrected")
    if any(n in _OTHER_VERSIONS for n in names):
        kinds.append("disputed")
    if any(n in _CITATIONS for n in names) and not kinds:
        kinds.append("cited")
    if not kinds:
        kinds.append("corrected")  # only bookkeeping moved (the day it was recorded)
    return EventChange(event_id, tuple(kinds), {n: (old.get(n), new.get(n)) for n in names})


def _as_manifest(version: Record | Manifest) -> Manifest:
    return version if isinstance(version, Manifest) else manifest(version)


def compare(old: Record | Manifest, new: Record | Manifest) -> RecordDiff:
    """What moved from ``old`` to ``new`` (field by field when both are records)."""
    m_old, m_new = _as_manifest(old), _as_manifest(new)
    events = _keyed(m_old.events, m_new.events)
    detailed = isinstance(old, Record) and isinstance(new, Record)
    changes: list[EventChange] = []
    for event_id in events["changed"]:
        if isinstance(old, Record) and isinstance(new, Record):
            change = _event_change(
                event_id, to_data(old.event(event_id)), to_data(new.event(event_id))
            )
            if change is not None:
                changes.append(change)
        else:
            changes.append(EventChange(event_id, ("changed",)))
    order = _order(new, old)
    return RecordDiff(
        old_digest=m_old.digest,
        new_digest=m_new.digest,
        added=tuple(sorted(events["added"], key=order)),
        removed=tuple(sorted(events["removed"], key=order)),
        changed=tuple(sorted(changes, key=lambda c: order(c.id))),
        sources=_keyed(m_old.sources, m_new.sources),
        instruments=_keyed(m_old.instruments, m_new.instruments),
        detailed=detailed,
    )


def _order(*versions: Record | Manifest) -> Any:
    """Sort key: an event's place in the records given (date order), else its id."""
    rank: dict[str, int] = {}
    for v in versions:
        if isinstance(v, Record):
            for n, e in enumerate(v.events):
                rank.setdefault(e.id, n)

    def key(event_id: str) -> tuple[int, str]:
        return (rank.get(event_id, len(rank)), event_id)

    return key
