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


def _sql(store: Any, statements: list[tuple[str, tuple[Any, ...]]], bypass: bool = True) -> None:
    if isinstance(store, SQLiteEventStore):
        conn = sqlite3.connect(store.path, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            if bypass:
                for op in ("update", "delete"):
                    conn.execute(f"DROP TRIGGER csto_events_no_{op}")
            for sql, params in statements:
                conn.execute(sql.replace("{t}", "csto_events").replace("%s", "?"), params)
            conn.execute("COMMIT")
        finally:
            conn.close()
        return
    import psycopg

    with psycopg.connect(store.url) as conn:
        if bypass:
            conn.execute("SET LOCAL session_replication_role = replica")
        for sql, params in statements:
            conn.execute(sql.replace("{t}", f"{store.schema}.csto_events").encode(), params)


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
