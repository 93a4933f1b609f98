"""The record the application serves, kept in (and read back from) the event store.

On start, ``csto serve`` opens the store (SQLite by default, PostgreSQL on request) and
calls :func:`record_from_store`: if the store does not yet hold the curated history of
this version of csto, its events are appended as one batch to the stream
``curated-record-<digest>`` (the first 16 hex digits of the record's digest, so a newer
curated record goes to a new stream and nothing is ever rewritten). The events are then
read back from the store and assembled with the curated sources and instruments, so what
the pages show is what the store holds; the record read back is compared with the curated
one, field by field and type by type, to prove it (:meth:`Record.same_facts`: what the
digest is computed from, less the files and lines each fact was read from; the curated
record's digest, computed to name the stream, is then the served record's, not computed a
second time).
"""

from __future__ import annotations

from dataclasses import dataclass

from csto.errors import ConcurrencyError, StoreError
from csto.record.record import Record, assemble
from csto.store import EventStore, append_record_events, read_record_events

__all__ = ["STREAM_PREFIX", "Loaded", "record_from_store", "stream_for"]

STREAM_PREFIX = "curated-record-"


@dataclass(frozen=True, slots=True)
class Loaded:
    """The record read back from the store, and whether this start wrote it."""

    record: Record
    stream: str
    written: int


def stream_for(record: Record) -> str:
    """The stream that holds this curated record's events."""
    return STREAM_PREFIX + record.digest()[:16]


def record_from_store(store: EventStore, curated: Record) -> Loaded:
    """Load ``curated`` into ``store`` unless it is there, and read it back."""
    stream = stream_for(curated)
    written = 0
    if store.stream_version(stream) == 0:
        try:
            result = append_record_events(
                store, stream, curated.events, expected_version=0, idempotency_key=stream
            )
            written = 0 if result.duplicate else len(curated.events)
        except ConcurrencyError:
            pass  # another process loaded it first: read theirs
    events = read_record_events(store, stream)
    record = assemble(curated.sources, curated.instruments, events)
    if not record.same_facts(curated):
        raise StoreError(
            f"the store's stream {stream} does not hold the curated record "
            f"({len(events)} events read, {len(curated.events)} expected); "
            "check it with 'csto store verify'"
        )
    return Loaded(record, stream, written)
