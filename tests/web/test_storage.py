"""The served record goes through the event store: written once, read back identical."""

from __future__ import annotations

from pathlib import Path

import pytest

import csto
from csto.errors import StoreError
from csto.record.record import Record
from csto.store import MemoryEventStore, append_record_events, open_store
from csto.web.storage import STREAM_PREFIX, record_from_store, stream_for


@pytest.fixture(scope="module")
def curated() -> Record:
    return csto.load().record


def test_first_start_writes_the_curated_record_and_reads_it_back(curated: Record) -> None:
    store = MemoryEventStore()
    first = record_from_store(store, curated)
    assert first.written == len(curated.events)
    assert first.stream == STREAM_PREFIX + curated.digest()[:16]
    assert first.record.digest() == curated.digest()
    assert first.record.events == curated.events
    again = record_from_store(store, curated)
    assert again.written == 0
    assert store.head() == len(curated.events)


def test_the_sqlite_store_keeps_it_across_restarts(curated: Record, tmp_path: Path) -> None:
    db = tmp_path / "csto.db"
    store = open_store(db)
    try:
        assert record_from_store(store, curated).written == len(curated.events)
    finally:
        store.close()
    store = open_store(db, create=False)
    try:
        loaded = record_from_store(store, curated)
        assert loaded.written == 0
        assert loaded.record.digest() == curated.digest()
        assert store.verify().ok
    finally:
        store.close()


def test_a_stream_that_does_not_hold_the_record_is_refused(curated: Record) -> None:
    store = MemoryEventStore()
    append_record_events(store, stream_for(curated), curated.events[:5], expected_version=0)
    with pytest.raises(StoreError, match="does not hold the curated record"):
        record_from_store(store, curated)
