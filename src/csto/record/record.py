"""The whole record: sources, instruments and events, indexed, checked and immutable.

:func:`assemble` takes what decoders produced from any number of files, checks the ids and
references across files and the consistency of the history, and returns a
:class:`Record` or raises one :class:`~csto.errors.RecordError` listing every problem.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from csto.errors import Problem, RecordError
from csto.record.checks import check_history
from csto.record.codec import Reference, to_data
from csto.record.events import Event, problem_at
from csto.record.sources import Instrument, Source

__all__ = ["Record", "assemble"]


@dataclass(frozen=True)
class Record:
    """Sources, instruments and events (sorted by date, then id), with lookups by id."""

    sources: tuple[Source, ...]
    instruments: tuple[Instrument, ...]
    events: tuple[Event, ...]
    _by_id: dict[str, Event] = field(default_factory=dict, repr=False, compare=False)
    _sources: dict[str, Source] = field(default_factory=dict, repr=False, compare=False)
    _instruments: dict[str, Instrument] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update((e.id, e) for e in self.events)
        self._sources.update((s.id, s) for s in self.sources)
        self._instruments.update((i.id, i) for i in self.instruments)

    def event(self, event_id: str) -> Event:
        """The event with this id (KeyError if none)."""
        return self._by_id[event_id]

    def source(self, source_id: str) -> Source:
        """The source with this id (KeyError if none)."""
        return self._sources[source_id]

    def instrument(self, instrument_id: str) -> Instrument:
        """The instrument with this id (KeyError if none)."""
        return self._instruments[instrument_id]

    def has_event(self, event_id: str) -> bool:
        return event_id in self._by_id

    def version_labels(self) -> tuple[str, ...]:
        """The labels of every alternative version in the record, sorted."""
        return tuple(sorted({a.label for e in self.events for a in e.alternatives}))

    def versions(self, label: str) -> Record:
        """The record as told by the alternatives labelled ``label``.

        Every event with an alternative of that label is replaced by that version (which
        may be another type of event); the others stay as they are. A KeyError if no event
        has such an alternative.
        """
        swapped = [
            e.version(label) if any(a.label == label for a in e.alternatives) else e
            for e in self.events
        ]
        if all(new is old for new, old in zip(swapped, self.events, strict=True)):
            raise KeyError(label)
        return Record(self.sources, self.instruments, tuple(sorted(swapped, key=_sort_key)))

    def digest(self) -> str:
        """A SHA-256 over the record's content, for receipts: same facts, same digest."""
        return self._digest

    def same_facts(self, other: Record) -> bool:
        """Whether ``other`` holds the same sources, instruments and events, compared field
        by field and type by type (the files and lines they were read from aside), which
        is what the digest is computed from. If so, a digest either has computed is given
        to the other, which need not compute it again."""
        if self != other:
            return False
        for have, lack in ((self, other), (other, self)):
            if "_digest" in have.__dict__ and "_digest" not in lack.__dict__:
                lack.__dict__["_digest"] = have.__dict__["_digest"]
        return True

    @functools.cached_property
    def _digest(self) -> str:
        h = hashlib.sha256()
        for part in (self.sources, self.instruments, self.events):
            for obj in part:
                h.update(json.dumps(to_data(obj), sort_keys=True, ensure_ascii=False).encode())
                h.update(b"\n")
        return h.hexdigest()


def _sort_key(event: Event) -> tuple[object, ...]:
    return (event.date.earliest, event.date.latest, event.id)


def assemble(
    sources: Iterable[Source],
    instruments: Iterable[Instrument],
    events: Iterable[Event],
    references: Sequence[Reference] = (),
    problems: Sequence[Problem] = (),
) -> Record:
    """Check ids, references and history across everything decoded; build the Record.

    ``problems`` are those the decoders already found; they are reported together with
    the cross-file ones, so one error lists everything wrong.
    """
    found = list(problems)
    srcs, ins, evs = list(sources), list(instruments), list(events)
    for kind, items in (("source", srcs), ("instrument", ins), ("event", evs)):
        seen: dict[str, object] = {}
        for item in items:
            other = seen.get(item.id)
            if other is not None:
                found.append(
                    problem_at(
                        item.origin,
                        f"duplicate {kind} id {item.id!r} (first defined at "
                        f"{getattr(other, 'origin', None)})",
                        field="id",
                        fix=f"give this {kind} a different id, or remove one of the two",
                    )
                )
            else:
                seen[item.id] = item
    by_url: dict[str, Source] = {}
    for src in srcs:
        if src.url is None:
            continue
        first = by_url.setdefault(src.url.rstrip("/"), src)
        if first is not src:
            found.append(
                problem_at(
                    src.origin,
                    f"source {src.id!r} registers the same URL as {first.id!r} ({src.url})",
                    field="url",
                    fix=f"remove {src.id!r} and cite {first.id!r} instead",
                )
            )
    known = {
        "source": {s.id for s in srcs},
        "instrument": {i.id for i in ins},
        "event": {e.id for e in evs},
    }
    for ref in references:
        if ref.value not in known[ref.kind]:
            near = sorted(k for k in known[ref.kind] if k[:4] == ref.value[:4])[:5]
            found.append(
                Problem(
                    f"{ref.kind} {ref.value!r} is not registered",
                    file=ref.file,
                    line=ref.line,
                    field=ref.field,
                    expected=f"a registered {ref.kind} id"
                    + (f" (similar: {', '.join(near)})" if near else ""),
                    fix=f"register the {ref.kind} under '{ref.kind}s:' or correct the id",
                )
            )
    for event in evs:
        if not event.sources:
            found.append(
                problem_at(
                    event.origin,
                    f"event {event.id!r} cites no source",
                    field="sources",
                    fix="a fact without a source is not in the record: cite one",
                )
            )
    if not found:
        found.extend(check_history(evs))
    if found:
        raise RecordError(f"the record has {len(found)} problem(s)", tuple(found))
    evs.sort(key=_sort_key)
    return Record(
        tuple(sorted(srcs, key=lambda s: s.id)), tuple(sorted(ins, key=lambda i: i.id)), tuple(evs)
    )
