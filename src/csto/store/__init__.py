"""The event store: an append-only, tamper-evident log of events, on SQLite or PostgreSQL.

What a class played in a Council session or a researcher ran in a study is kept here: it
is never lost, never silently changes, and replays to the same state. One port
(:class:`~csto.store.port.EventStore`), three adapters held to one contract suite:

- :class:`~csto.store.memory.MemoryEventStore`: the reference, and the test double;
- :class:`~csto.store.sqlite.SQLiteEventStore`: the embedded default, one WAL file;
- :class:`~csto.store.postgres.PostgresEventStore`: a shared server (needs ``csto[pg]``).

Modules: ``port`` (the protocol and its types), ``append`` (the one append algorithm),
``hashchain`` (pure hashing and verification), ``serial`` (canonical JSON, times,
upcasters), ``migrations`` (the schema), ``records`` (csto record events in a store),
``jsonl`` (export and validated import). The core never imports this package; this package
never reads the environment (the CLI resolves ``--db``, ``--url`` and
``CSTO_DATABASE_URL``). ``docs/store.md`` states the guarantees and how each is tested.
"""

from __future__ import annotations

from pathlib import Path

from csto.store.memory import MemoryEventStore
from csto.store.port import ANY, AppendResult, EventStore, NewEvent, StoredEvent, VerifyReport
from csto.store.records import append_record_events, read_record_events
from csto.store.serial import Upcasters
from csto.store.sqlite import SQLiteEventStore

__all__ = [
    "ANY",
    "AppendResult",
    "EventStore",
    "MemoryEventStore",
    "NewEvent",
    "SQLiteEventStore",
    "StoredEvent",
    "Upcasters",
    "VerifyReport",
    "append_record_events",
    "open_store",
    "read_record_events",
]


def open_store(
    target: str | Path, *, create: bool = True, schema: str = "public", key: bytes | None = None
) -> EventStore:
    """Open a store: a ``postgresql://`` URL (in ``schema``), or else an SQLite file path.
    ``create=False`` opens it read-only; ``key`` signs and checks its head record."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        from csto.store.postgres import PostgresEventStore

        return PostgresEventStore(text, schema=schema, create=create, key=key)
    return SQLiteEventStore(Path(target), create=create, key=key)
