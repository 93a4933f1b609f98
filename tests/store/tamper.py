"""Changing a store behind its back, as an attacker with the database file or server would.

Each function takes a store of any adapter and bypasses its API (and, for the databases,
the append-only triggers) to alter, remove or swap rows, or tries a raw change with the
triggers in place and returns the database's refusal.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from csto.store.memory import MemoryEventStore
from csto.store.sqlite import SQLiteEventStore


def _names(sql: str, schema: str | None) -> str:
    prefix = f"{schema}." if schema else ""
    return (
        sql.replace("{t}", f"{prefix}csto_events")
        .replace("{k}", f"{prefix}csto_idempotency")
        .replace("{h}", f"{prefix}csto_head")
    )


def _sql(store: Any, statements: list[tuple[str, tuple[Any, ...]]], bypass: bool = True) -> None:
    if isinstance(store, SQLiteEventStore):
        conn = sqlite3.connect(store.path, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            if bypass:  # the attacker drops every trigger of the schema
                triggers = conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                ).fetchall()
                for (name,) in triggers:
                    conn.execute(f"DROP TRIGGER {name}")
            for sql, params in statements:
                conn.execute(_names(sql, None).replace("%s", "?"), params)
            conn.execute("COMMIT")
        finally:
            conn.close()
        return
    import psycopg

    with psycopg.connect(store.url) as conn:
        if bypass:
            conn.execute("SET LOCAL session_replication_role = replica")
        for sql, params in statements:
            conn.execute(_names(sql, store.schema).encode(), params)


def alter(store: Any, position: int, data: dict[str, Any]) -> None:
    """Change the data of the row at ``position``, keeping its hashes."""
    import json

    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    if isinstance(store, MemoryEventStore):
        row = list(store._rows[position - 1])
        row[5] = text
        store._rows[position - 1] = tuple(row)  # type: ignore[call-overload]
        return
    _sql(store, [("UPDATE {t} SET data = %s WHERE position = %s", (text, position))])


def remove(store: Any, position: int) -> None:
    """Delete the row at ``position``."""
    if isinstance(store, MemoryEventStore):
        del store._rows[position - 1]
        return
    _sql(store, [("DELETE FROM {t} WHERE position = %s", (position,))])


def swap(store: Any, a: int, b: int) -> None:
    """Exchange the contents of the rows at positions ``a`` and ``b`` (a reordering)."""
    if isinstance(store, MemoryEventStore):
        rows = store._rows
        ra, rb = rows[a - 1], rows[b - 1]
        rows[a - 1], rows[b - 1] = (a, *rb[1:]), (b, *ra[1:])  # type: ignore[assignment]
        return
    _sql(
        store,
        [
            ("UPDATE {t} SET position = -1 WHERE position = %s", (a,)),
            ("UPDATE {t} SET position = %s WHERE position = %s", (a, b)),
            ("UPDATE {t} SET position = %s WHERE position = -1", (b,)),
        ],
    )


def raw_change_refusals(store: Any) -> list[str] | None:
    """Try a raw UPDATE and a raw DELETE with the schema's triggers in place.

    Returns the database's error for each, or ``None`` for the memory store, whose only
    way in is its API (which has no update or delete).
    """
    if isinstance(store, MemoryEventStore):
        return None
    errors = []
    for sql in ("UPDATE {t} SET type = 'Changed'", "DELETE FROM {t}"):
        try:
            _sql(store, [(sql, ())], bypass=False)
        except Exception as exc:  # the driver's own error: this is the raw path
            errors.append(str(exc))
    return errors


def rewrite(store: Any, position: int, data: dict[str, Any]) -> None:
    """Change the data of the row at ``position`` and recompute every hash after it, as an
    attacker who knows the chain's recipe would: the chains verify on their own."""
    import json

    from csto.store import hashchain

    rows = [list(_row(e)) for e in store.read_all()]
    rows[position - 1][5] = json.dumps(data, sort_keys=True, separators=(",", ":"))
    log, streams = hashchain.GENESIS, {}
    for r in rows:
        previous = streams.get(r[1], hashchain.GENESIS)
        s_hash = hashchain.stream_hash(previous, hashchain.row_content(*r[1:3], r[0], *r[3:8]))
        streams[r[1]] = s_hash
        log = hashchain.log_hash(log, s_hash)
        r[8], r[9] = s_hash, log
    if isinstance(store, MemoryEventStore):
        store._rows[:] = [tuple(r) for r in rows]
        return
    _sql(
        store,
        [
            ("UPDATE {t} SET data = %s, stream_hash = %s, log_hash = %s WHERE position = %s",
             (r[5], r[8], r[9], r[0]))
            for r in rows
        ],
    )  # fmt: skip


def _row(e: Any) -> tuple[Any, ...]:
    return (
        e.position, e.stream_id, e.version, e.type, e.schema_version, e.data_json,
        e.metadata_json, e.recorded_at, e.stream_hash, e.log_hash,
    )  # fmt: skip


def set_head(store: Any, **fields: Any) -> None:
    """Overwrite fields of the head record (position, log_hash, keys, keys_hash, mac)."""
    import dataclasses

    if isinstance(store, MemoryEventStore):
        store._head = dataclasses.replace(store._head, **fields)
        return
    sets = ", ".join(f"{k} = %s" for k in fields)
    _sql(store, [(f"UPDATE {{h}} SET {sets} WHERE id = 1", tuple(fields.values()))])


def head_matching_the_log(store: Any) -> dict[str, Any]:
    """The head record fields that describe the log as it now is (unsigned)."""
    last = store.read_all()[-1]
    return {"position": last.position, "log_hash": last.log_hash}


def alter_key(store: Any, key: str, **fields: Any) -> None:
    """Change fields of an idempotency key's row."""
    import dataclasses

    if isinstance(store, MemoryEventStore):
        store._keys[key] = dataclasses.replace(store._keys[key], **fields)
        return
    sets = ", ".join(f"{k} = %s" for k in fields)
    _sql(store, [(f"UPDATE {{k}} SET {sets} WHERE key = %s", (*fields.values(), key))])


def delete_key(store: Any, key: str) -> None:
    """Remove an idempotency key's row."""
    if isinstance(store, MemoryEventStore):
        del store._keys[key]
        return
    _sql(store, [("DELETE FROM {k} WHERE key = %s", (key,))])


def raw_replace_refusals(store: Any) -> list[str] | None:
    """Try to rewrite rows by inserting over them (SQLite's REPLACE and INSERT OR REPLACE,
    PostgreSQL's INSERT ... ON CONFLICT DO UPDATE) with the triggers in place; the
    database's error for each, or None for the memory store."""
    if isinstance(store, MemoryEventStore):
        return None
    first = _row(store.read_all()[0])
    values = (first[0], first[1], first[2], "Changed", *first[4:])
    marks = ", ".join(["%s"] * 10)
    if isinstance(store, SQLiteEventStore):
        attempts = [
            f"REPLACE INTO {{t}} VALUES ({marks})",
            f"INSERT OR REPLACE INTO {{t}} VALUES ({marks})",
            f"INSERT INTO {{t}} VALUES ({marks}) ON CONFLICT DO UPDATE SET type = 'Changed'",
        ]
        keys = ["REPLACE INTO {k} SELECT key, stream_id, first_version, last_version, "
                "first_position, last_position, 'forged' FROM {k}"]  # fmt: skip
    else:
        attempts = [
            f"INSERT INTO {{t}} VALUES ({marks}) ON CONFLICT (position) "
            "DO UPDATE SET type = 'Changed'"
        ]
        keys = ["INSERT INTO {k} SELECT * FROM {k} ON CONFLICT (key) DO UPDATE SET digest = 'x'"]
    errors = []
    for sql in attempts:
        try:
            _sql(store, [(sql, values)], bypass=False)
        except Exception as exc:  # the driver's own error: this is the raw path
            errors.append(str(exc))
    for sql in keys:
        try:
            _sql(store, [(sql, ())], bypass=False)
        except Exception as exc:
            errors.append(str(exc))
    return errors


def downgrade_to_schema_1(path: Any) -> None:
    """Make an SQLite store look as csto 0.1 made it (schema 1: no head record)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for name in (
            "csto_events_no_replace",
            "csto_idempotency_no_replace",
            "csto_head_no_delete",
        ):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE csto_head")
        conn.execute("DELETE FROM csto_schema WHERE number > 1")
        conn.execute("COMMIT")
    finally:
        conn.close()
