"""The SQLite event store: the embedded default, one file, write-ahead log.

Each thread gets its own connection to the file (WAL journal, ``synchronous=FULL`` so an
acknowledged append survives a crash, a busy timeout so writers queue instead of failing).
An append runs inside ``BEGIN IMMEDIATE``, SQLite's database-wide write lock, so the log's
positions and hash chain advance one writer at a time, across threads and processes; the
head record is checked against the log and advanced in the same transaction. A store
opened with ``create=False`` is opened read-only (``mode=ro``): it never migrates, never
changes the journal mode, never writes to the file. Driver errors become csto errors in
:func:`_translate`, and only there.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from csto.errors import CstoError, NoStoreError, StoreError
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
#: rows per INSERT statement of an append (8 parameters each, well under SQLite's limit)
_ROWS_PER_INSERT = 100


@functools.cache
def _insert_many(count: int) -> str:
    """One INSERT of ``count`` rows of one append: SQLite runs it as one statement, not
    ``count``. The rows share their stream id (``?1``) and recording time (``?2``), bound
    once; each row binds its other 8 columns."""
    rows = (
        f"(?{n},?1,?{n + 1},?{n + 2},?{n + 3},?{n + 4},?{n + 5},?2,?{n + 6},?{n + 7})"
        for n in range(3, 3 + 8 * count, 8)
    )
    return f"INSERT INTO csto_events ({_COLUMNS}) VALUES {','.join(rows)}"


def _insert_rows(conn: sqlite3.Connection, rows: Sequence[core.Row]) -> None:
    """Insert the rows of one append (one stream, one recording time: what plan returns)."""
    stream_id, recorded_at = rows[0][1], rows[0][7]
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        values: list[object] = [stream_id, recorded_at]
        add = values.extend
        for p, _, v, t, sv, d, m, _, sh, lh in chunk:
            add((p, v, t, sv, d, m, sh, lh))
        conn.execute(_insert_many(len(chunk)), values)


_INSERT_KEY = "INSERT INTO csto_idempotency VALUES (?,?,?,?,?,?,?)"
_KEY = (
    "SELECT key, stream_id, first_version, last_version, first_position, last_position, "
    "digest FROM csto_idempotency WHERE key = ?"
)
_STREAM_HEAD = (
    "SELECT version, stream_hash FROM csto_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1"
)
#: under the write lock, in one statement: the stream's head, the log's head and the head record
_HEADS = (
    "SELECT (SELECT version FROM csto_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1), "
    "(SELECT stream_hash FROM csto_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1), "
    "(SELECT position FROM csto_events ORDER BY position DESC LIMIT 1), "
    "(SELECT log_hash FROM csto_events ORDER BY position DESC LIMIT 1), "
    "h.position, h.log_hash, h.keys, h.keys_hash, h.mac "
    "FROM (SELECT 1) LEFT JOIN csto_head AS h ON h.id = 1"
)
_LOG_HEAD = "SELECT position, log_hash FROM csto_events ORDER BY position DESC LIMIT 1"
_HEAD_RECORD = "SELECT position, log_hash, keys, keys_hash, mac FROM csto_head WHERE id = 1"
_SET_HEAD = (
    "INSERT INTO csto_head VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
    "position = excluded.position, log_hash = excluded.log_hash, keys = excluded.keys, "
    "keys_hash = excluded.keys_hash, mac = excluded.mac"
)
_KEYS = (
    "SELECT key, stream_id, first_version, last_version, first_position, last_position, "
    "digest FROM csto_idempotency ORDER BY first_position, key"
)
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
        return NoStoreError(f"{where} is not an SQLite database ({text})")
    return StoreError(f"{where}: SQLite failed: {text}")


class SQLiteEventStore:
    """An :class:`~csto.store.port.EventStore` in one SQLite file.

    ``create=False`` opens the file read-only and refuses one that does not exist or holds
    no csto store (what the CLI's read-only commands want); ``create=True`` makes and
    migrates it. ``key`` (kept outside the store) signs the head record on every append
    and lets :meth:`verify` check the signature.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        upcasters: Upcasters | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        busy_timeout: float = 30.0,
        key: bytes | None = None,
    ) -> None:
        self.path = Path(path)
        self._secret = key
        self._read_only = not create
        self._schema = 0
        self._where = str(self.path)
        self._upcasters = upcasters or Upcasters()
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self._closed = False
        if not create and not self.path.exists():
            raise NoStoreError(
                f"no store at {self._where}; create one with 'csto store init --db {self._where}'"
            )
        if create and not self.path.parent.is_dir():
            raise NoStoreError(
                f"no directory {self.path.parent} for the store {self._where}; create it "
                "first (csto does not make directories you did not ask for)"
            )
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
            if self._read_only:  # never writes: no journal mode, no migration, mode=ro
                conn = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro",
                    uri=True,
                    timeout=self._busy_timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
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
        if not create:
            found = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'csto_schema'"
            ).fetchone()[0]
            applied = 0
            if found:
                applied = conn.execute(
                    "SELECT coalesce(max(number), 0) FROM csto_schema"
                ).fetchone()[0]
            migrations.pending(applied, self._where)  # refuses a newer schema
            if applied == 0:
                raise NoStoreError(
                    f"{self._where} holds no csto store; create one with "
                    f"'csto store init --db {self._where}'"
                )
            self._schema = int(applied)
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS csto_schema (number INTEGER PRIMARY KEY, "
                "description TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            applied = conn.execute("SELECT coalesce(max(number), 0) FROM csto_schema").fetchone()[0]
            steps = migrations.pending(applied, self._where)
            for step in steps:
                for statement in step.sqlite:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO csto_schema VALUES (?, ?, ?)",
                    (step.number, step.description, timestamp(self._clock())),
                )
                if step.number == 2:  # the head record, from the log as it stands
                    log = conn.execute(_LOG_HEAD).fetchone()
                    keys = [core.KeyRecord(*r) for r in conn.execute(_KEYS).fetchall()]
                    head = core.head_of(core.Head(*log) if log else core.Head(), keys)
                    self._set_head(conn, head.signed(self._secret))
            self._schema = migrations.LATEST
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
        self._writable()
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
                sv, sh, lp, lh, *recorded = conn.execute(_HEADS, (stream_id, stream_id)).fetchone()
                log = core.Head(lp, lh) if lp is not None else core.Head()
                head = None if recorded[0] is None else core.HeadRecord(*recorded)
                core.check_head(head, log, self._secret, self._where)
                assert head is not None
                rows = core.plan(
                    stream_id,
                    events,
                    expected_version,
                    core.Head(sv, sh) if sv is not None else core.Head(),
                    log,
                    timestamp(self._clock()),
                )
                _insert_rows(conn, rows)
                result = core.result_of(rows)
                key = None
                if idempotency_key is not None:
                    key = core.KeyRecord(
                        idempotency_key,
                        stream_id,
                        result.first_version,
                        result.last_version,
                        result.first_position,
                        result.last_position,
                        digest,
                    )
                    conn.execute(_INSERT_KEY, key.row())
                self._set_head(conn, core.advance(head, rows, key, self._secret))
                conn.execute("COMMIT")
                return result
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _translate(exc, self._where) from exc

    def _writable(self) -> None:
        if self._read_only:
            raise StoreError(f"{self._where} was opened read-only (create=False)")
        if self._schema < migrations.LATEST:  # pragma: no cover - a writer migrates first
            raise StoreError(f"{self._where} needs an upgrade: run 'csto store init'")

    @staticmethod
    def _head(conn: sqlite3.Connection) -> core.HeadRecord | None:
        found = conn.execute(_HEAD_RECORD).fetchone()
        return None if found is None else core.HeadRecord(*found)

    @staticmethod
    def _set_head(conn: sqlite3.Connection, head: core.HeadRecord) -> None:
        conn.execute(_SET_HEAD, (head.position, head.log_hash, head.keys, head.keys_hash, head.mac))

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

        conn = self._conn()
        try:
            conn.execute("BEGIN")  # one snapshot: the log, its keys and its head agree
            try:
                has_head = self._schema >= 2
                head = self._head(conn) if has_head else None
                keys = [core.KeyRecord(*r) for r in conn.execute(_KEYS).fetchall()]
                pages = core.pages(lambda after: self._query(_READ_ALL, (after, _PAGE)))
                return core.verify_rows(
                    pages,
                    noted,
                    stored_at,
                    keys=keys,
                    head=head,
                    has_head=has_head,
                    secret=self._secret,
                )
            finally:
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise _translate(exc, self._where) from exc

    def seal(self) -> VerifyReport:
        if self._secret is None:
            raise StoreError(f"{self._where}: sealing signs the head record; give the key")
        self._writable()
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                keys = [core.KeyRecord(*r) for r in conn.execute(_KEYS).fetchall()]
                pages = core.pages(lambda after: conn.execute(_READ_ALL, (after, _PAGE)).fetchall())
                head = core.sealed(pages, keys, self._head(conn), self._secret, self._where)
                self._set_head(conn, head)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _translate(exc, self._where) from exc
        return self.verify()

    def restore(self, events: Sequence[StoredEvent]) -> int:
        rows = core.check_restore(events)
        self._writable()
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                count = conn.execute("SELECT count(*) FROM csto_events").fetchone()[0]
                core.refuse_non_empty(count, self._where)
                conn.executemany(_INSERT, rows)
                if rows:
                    self._set_head(conn, core.advance(core.HeadRecord(), rows, None, self._secret))
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
