"""The store's schema and its migrations, as numbered steps per database.

Each :class:`Migration` has a number, a description and the statements for SQLite and for
PostgreSQL (``{s}`` stands for the PostgreSQL schema). An adapter applies the steps it has
not yet applied, in order, each in one transaction with its row in ``csto_schema``.

Why not Alembic: the schema is three tables whose guarantees live in dialect-specific
triggers and functions that Alembic cannot autogenerate anyway; numbered raw steps apply in
a millisecond at open time, need no ``env.py`` or script directory shipped with the
package, and keep the CLI's start-up free of Alembic and Mako imports.

Rows are append-only in the schema itself: triggers refuse ``UPDATE`` and ``DELETE`` (and
``TRUNCATE`` on PostgreSQL) on the events and idempotency tables, and (step 2) SQLite's
``REPLACE`` / ``INSERT OR REPLACE``, which would delete a row and insert another without
firing a delete trigger: an insert over an existing row is refused before it happens. On
PostgreSQL ``INSERT ... ON CONFLICT DO UPDATE`` fires the update trigger and is refused.

Step 2 also adds ``csto_head``, the store's head record (one row: the log's last position
and hash, the count and chain of idempotency keys, and its signature; see
:mod:`csto.store.hashchain`). The adapter fills it in the same transaction as the step,
from the log as it stands, because its hashes are computed in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from csto.errors import StoreError

__all__ = ["LATEST", "MIGRATIONS", "Migration", "pending"]


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered step of the schema, for each database."""

    number: int
    description: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


_SQLITE_V1 = (
    """CREATE TABLE csto_events (
        position INTEGER PRIMARY KEY,
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        stream_hash TEXT NOT NULL,
        log_hash TEXT NOT NULL,
        UNIQUE (stream_id, version)
    )""",
    """CREATE TABLE csto_idempotency (
        key TEXT PRIMARY KEY,
        stream_id TEXT NOT NULL,
        first_version INTEGER NOT NULL,
        last_version INTEGER NOT NULL,
        first_position INTEGER NOT NULL,
        last_position INTEGER NOT NULL,
        digest TEXT NOT NULL
    ) WITHOUT ROWID""",
    *(
        f"""CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
        BEGIN SELECT RAISE(ABORT, 'csto: {table} is append-only; {op} refused'); END"""
        for table in ("csto_events", "csto_idempotency")
        for op in ("UPDATE", "DELETE")
    ),
)

_POSTGRES_V1 = (
    """CREATE TABLE {s}.csto_events (
        position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        version bigint NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data text NOT NULL,
        metadata text NOT NULL,
        recorded_at text NOT NULL,
        stream_hash text NOT NULL,
        log_hash text NOT NULL,
        UNIQUE (stream_id, version)
    )""",
    """CREATE TABLE {s}.csto_idempotency (
        key text PRIMARY KEY,
        stream_id text NOT NULL,
        first_version bigint NOT NULL,
        last_version bigint NOT NULL,
        first_position bigint NOT NULL,
        last_position bigint NOT NULL,
        digest text NOT NULL
    )""",
    """CREATE FUNCTION {s}.csto_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'csto: % is append-only; % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'restrict_violation';
    END $$""",
    *(
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {{s}}.{table}
        FOR EACH ROW EXECUTE FUNCTION {{s}}.csto_refuse_change()"""
        for table in ("csto_events", "csto_idempotency")
    ),
    *(
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {{s}}.{table}
        FOR EACH STATEMENT EXECUTE FUNCTION {{s}}.csto_refuse_change()"""
        for table in ("csto_events", "csto_idempotency")
    ),
)

_SQLITE_V2 = (
    """CREATE TRIGGER csto_events_no_replace BEFORE INSERT ON csto_events
    WHEN EXISTS (SELECT 1 FROM csto_events WHERE position = NEW.position)
      OR EXISTS (SELECT 1 FROM csto_events WHERE stream_id = NEW.stream_id
                 AND version = NEW.version)
    BEGIN SELECT RAISE(ABORT,
        'csto: csto_events is append-only; an insert over an existing row (REPLACE) refused');
    END""",
    """CREATE TRIGGER csto_idempotency_no_replace BEFORE INSERT ON csto_idempotency
    WHEN EXISTS (SELECT 1 FROM csto_idempotency WHERE key = NEW.key)
    BEGIN SELECT RAISE(ABORT,
        'csto: csto_idempotency is append-only; an insert over an existing key refused');
    END""",
    """CREATE TABLE csto_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position INTEGER NOT NULL,
        log_hash TEXT NOT NULL,
        keys INTEGER NOT NULL,
        keys_hash TEXT NOT NULL,
        mac TEXT
    )""",
    """CREATE TRIGGER csto_head_no_delete BEFORE DELETE ON csto_head
    BEGIN SELECT RAISE(ABORT, 'csto: csto_head is the head record; DELETE refused'); END""",
)

_POSTGRES_V2 = (
    """CREATE TABLE {s}.csto_head (
        id integer PRIMARY KEY CHECK (id = 1),
        position bigint NOT NULL,
        log_hash text NOT NULL,
        keys bigint NOT NULL,
        keys_hash text NOT NULL,
        mac text
    )""",
    """CREATE TRIGGER csto_head_no_delete BEFORE DELETE OR TRUNCATE ON {s}.csto_head
    FOR EACH STATEMENT EXECUTE FUNCTION {s}.csto_refuse_change()""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "events, idempotency keys, append-only triggers", _SQLITE_V1, _POSTGRES_V1),
    Migration(
        2,
        "REPLACE refused; the head record (last position and hash, keys, signature)",
        _SQLITE_V2,
        _POSTGRES_V2,
    ),
)
LATEST = MIGRATIONS[-1].number


def pending(applied: int, where: str) -> tuple[Migration, ...]:
    """The migrations after ``applied``; refuses a store made by a newer csto."""
    if applied > LATEST:
        raise StoreError(
            f"the store at {where} has schema version {applied}, newer than this csto "
            f"knows ({LATEST}); upgrade csto"
        )
    return tuple(m for m in MIGRATIONS if m.number > applied)
