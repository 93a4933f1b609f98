"""The SQLite event store: the embedded default, one file, write-ahead log.

Each thread gets its own connection to the file (WAL journal, ``synchronous=FULL`` so an
acknowledged append survives a crash, a busy timeout so writers queue instead of failing).
An append runs inside ``BEGIN IMMEDIATE``, SQLite's database-wide write lock, so the log's
positions and hash chain advance one writer at a time, across threads and processes.
Driver errors become csto errors in :func:`_translate`, and only there.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from csto.errors import CstoError, StoreError
from csto.store import append as core
from csto.store import migrations
from csto.store.port import AppendResult, NewEvent, StoredEvent, VerifyReport
from csto.store.serial import Upcasters, batch_digest, timestamp, utc_now

__all__ = ["SQLiteEventStore"]

_COLUMNS = (
    "position, stream_id, version, type, schema_version, data, metadata, recorded_at, "
    "stream_hash, log_hash"
)
_INSERT = f"INSERT INTO csto_events ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)"
_INSERT_KEY = "INSERT INTO csto_idempotency VALUES (?,?,?,?,?,?,?)"
_KEY = (
    "SELECT key, stream_id, first_version, last_version, first_position, last_position, "
    "digest FROM csto_idempotency WHERE key = ?"
)
_STREAM_HEAD = (
    "SELECT version, stream_hash FROM csto_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1"
)
_HEADS = (
    "SELECT (SELECT version FROM csto_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1), "
    "(SELECT stream_hash FROM csto_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1), "
    "(SELECT position FROM csto_events ORDER BY position DESC LIMIT 1), "
    "(SELECT log_hash FROM csto_events ORDER BY position DESC LIMIT 1)"
)
_LOG_HEAD = "SELECT position, log_hash FROM csto_events ORDER BY position DESC LIMIT 1"
_READ_ALL = f"SELECT {_COLUMNS} FROM csto_events WHERE position > ? ORDER BY position LIMIT ?"
_READ_STREAM = (
    f"SELECT {_COLUMNS} FROM csto_events WHERE stream_id = ? AND version >= ? "
    "ORDER BY version LIMIT ?"
)
_PAGE = 10_000


def _translate(exc: sqlite3.Error, where: str) -> CstoError:
    """The one place SQLite errors become csto errors."""
    text = str(exc)
    if isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in text:
        from csto.errors import ConcurrencyError

        return ConcurrencyError(f"another writer appended the same version first ({text})")
    if "append-only" in text:
        return StoreError(f"{where}: {text}; the event log can only grow")
    if "locked" in text or "busy" in text:
        return StoreError(
            f"{where}: the database stayed locked by another writer ({text}); retry, or "
            "look for a process holding a long transaction"
        )
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in text:
        return StoreError(f"{where} is not an SQLite database ({text})")
    return StoreError(f"{where}: SQLite failed: {text}")


class SQLiteEventStore:
    """An :class:`~csto.store.port.EventStore` in one SQLite file.

    ``create=False`` refuses a file that does not exist or holds no csto store (what the
    CLI's read-only commands want); ``create=True`` makes and migrates it.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        upcasters: Upcasters | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        busy_timeout: float = 30.0,
    ) -> None:
        self.path = Path(path)
        self._where = str(self.path)
        self._upcasters = upcasters or Upcasters()
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._closed = False
        if not create and not self.path.exists():
            raise StoreError(
                f"no store at {self._where}; create one with 'csto store init --db {self._where}'"
            )
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._migrate(create)
        except sqlite3.Error as exc:
            self.close()
            raise _translate(exc, self._where) from exc
        except CstoError:
            self.close()
            raise

    # --- connections -----------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self._closed:
            raise StoreError("the store is closed")
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=self._busy_timeout,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            raise _translate(exc, self._where) from exc
        with self._guard:
            self._connections.append(conn)
        self._local.conn = conn
        return conn

    def _migrate(self, create: bool) -> None:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS csto_schema (number INTEGER PRIMARY KEY, "
                "description TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            applied = conn.execute("SELECT coalesce(max(number), 0) FROM csto_schema").fetchone()[0]
            steps = migrations.pending(applied, self._where)
            if steps and not create and applied == 0:
                raise StoreError(
                    f"{self._where} holds no csto store; create one with "
                    f"'csto store init --db {self._where}'"
                )
            for step in steps:
                for statement in step.sqlite:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO csto_schema VALUES (?, ?, ?)",
                    (step.number, step.description, timestamp(self._clock())),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # --- the port ----------------------------------------------------------------------

    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        *,
        expected_version: int,
        idempotency_key: str | None = None,
    ) -> AppendResult:
        core.check_request(stream_id, events, expected_version)
        digest = batch_digest(stream_id, events) if idempotency_key is not None else ""
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if idempotency_key is not None:
                    found = conn.execute(_KEY, (idempotency_key,)).fetchone()
                    if found is not None:
                        conn.execute("ROLLBACK")
                        return core.replay(core.KeyRecord(*found), stream_id, digest)
                sv, sh, lp, lh = conn.execute(_HEADS, (stream_id, stream_id)).fetchone()
                rows = core.plan(
                    stream_id,
                    events,
                    expected_version,
                    core.Head(sv, sh) if sv is not None else core.Head(),
                    core.Head(lp, lh) if lp is not None else core.Head(),
                    timestamp(self._clock()),
                )
                conn.executemany(_INSERT, rows)
                result = core.result_of(rows)
                if idempotency_key is not None:
                    conn.execute(
                        _INSERT_KEY,
                        (
                            idempotency_key,
                            stream_id,
                            result.first_version,
                            result.last_version,
                            result.first_position,
                            result.last_position,
                            digest,
                        ),
                    )
                conn.execute("COMMIT")
                return result
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _translate(exc, self._where) from exc

    def _query(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _translate(exc, self._where) from exc

    def stream_version(self, stream_id: str) -> int:
        found = self._query(_STREAM_HEAD, (stream_id,))
        return int(found[0][0]) if found else 0

    def read_stream(
        self, stream_id: str, *, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        rows = self._query(_READ_STREAM, (stream_id, from_version, -1 if limit is None else limit))
        return self._upcasters.upcast_all([StoredEvent(*r) for r in rows])

    def read_all(self, *, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        rows = self._query(_READ_ALL, (after, -1 if limit is None else limit))
        return self._upcasters.upcast_all([StoredEvent(*r) for r in rows])

    def head(self) -> int:
        found = self._query(_LOG_HEAD, ())
        return int(found[0][0]) if found else 0

    def wait(self, *, after: int, timeout: float) -> list[StoredEvent]:
        deadline = time.monotonic() + timeout
        pause = 0.005
        while True:
            found = self.read_all(after=after)
            remaining = deadline - time.monotonic()
            if found or remaining <= 0:
                return found
            time.sleep(min(pause, remaining))
            pause = min(pause * 2, 0.1)

    def verify(self, noted: tuple[int, str] | None = None) -> VerifyReport:
        def stored_at(position: int) -> str | None:
            found = self._query("SELECT log_hash FROM csto_events WHERE position = ?", (position,))
            return str(found[0][0]) if found else None

        pages = core.pages(lambda after: self._query(_READ_ALL, (after, _PAGE)))
        return core.verify_rows(pages, noted, stored_at)

    def restore(self, events: Sequence[StoredEvent]) -> int:
        rows = core.check_restore(events)
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                count = conn.execute("SELECT count(*) FROM csto_events").fetchone()[0]
                core.refuse_non_empty(count, self._where)
                conn.executemany(_INSERT, rows)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _translate(exc, self._where) from exc
        return len(rows)

    def close(self) -> None:
        with self._guard:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()
