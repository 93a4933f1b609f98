"""Helpers to keep csto record events in a store, through :mod:`csto.record.codec`.

A record event is stored with its type as the store's event type, the codec's plain data
(:func:`~csto.record.codec.to_data`) as its data, and ``{"codec": "csto.record"}`` in its
metadata, so an import can validate it field by field with
:func:`~csto.record.codec.event_from_data`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from csto.record.codec import event_from_data, to_data
from csto.record.events import Event
from csto.store.port import AppendResult, EventStore, NewEvent, StoredEvent

__all__ = [
    "CODEC",
    "append_record_events",
    "is_record_event",
    "new_record_event",
    "read_record_events",
    "record_event_of",
]

CODEC = "csto.record"


def new_record_event(event: Event, metadata: Mapping[str, Any] | None = None) -> NewEvent:
    """A :class:`NewEvent` holding a record event."""
    return NewEvent(event.type, to_data(event), {**(metadata or {}), "codec": CODEC})


def is_record_event(stored: StoredEvent) -> bool:
    """True when the stored event was written by :func:`new_record_event`."""
    return stored.metadata.get("codec") == CODEC


def record_event_of(stored: StoredEvent) -> Event:
    """The record event a stored event holds (raises RecordError naming bad fields)."""
    return event_from_data(stored.data, file=f"store:{stored.stream_id}@{stored.version}")


def append_record_events(
    store: EventStore,
    stream_id: str,
    events: Iterable[Event],
    *,
    expected_version: int,
    idempotency_key: str | None = None,
) -> AppendResult:
    """Append record events to a stream, as one batch."""
    return store.append(
        stream_id,
        [new_record_event(e) for e in events],
        expected_version=expected_version,
        idempotency_key=idempotency_key,
    )


def read_record_events(store: EventStore, stream_id: str) -> list[Event]:
    """The record events of a stream, decoded, in version order."""
    return [record_event_of(e) for e in store.read_stream(stream_id) if is_record_event(e)]
