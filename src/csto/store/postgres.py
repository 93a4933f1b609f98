"""The PostgreSQL event store: for a server several people use at once (psycopg 3 + a pool).

Tables live in one PostgreSQL schema (``public`` unless told). An append takes a
transaction-scoped advisory lock that belongs to that schema, then reads the stream's and
the log's heads and inserts its rows: appends to the log are serialised, so positions have
no gaps, commit in order (a reader following ``read_all(after=...)`` never skips a row that
commits late) and the log's hash chain is safe under concurrent writers. Reads take no
lock. Statements go out in pipeline mode: an append costs two round trips and one commit;
the head record is read with the heads and written with the rows. ``wait`` listens on a
``NOTIFY`` channel that every append signals. ``create=False`` opens every connection with
``default_transaction_read_only``: such a store never migrates and never writes. ``verify``
reads the log, its keys and its head record in one ``REPEATABLE READ`` snapshot. Driver
errors become csto errors in :func:`_translate`, and only there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
import psycopg.errors
from psycopg_pool import ConnectionPool

from csto.errors import ConcurrencyError, CstoError, NoStoreError, StoreError
from csto.store import append as core
from csto.store import migrations
from csto.store.port import AppendResult, NewEvent, StoredEvent, VerifyReport
from csto.store.serial import Upcasters, batch_digest, timestamp, utc_now

__all__ = ["START_HINT", "PostgresEventStore"]

START_HINT = (
    "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
)
_SCHEMA = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_COLUMNS = (
    "position, stream_id, version, type, schema_version, data, metadata, recorded_at, "
    "stream_hash, log_hash"
)
_PAGE = 10_000


def _translate(exc: psycopg.Error, where: str) -> CstoError:
    """The one place psycopg errors become csto errors."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, psycopg.errors.UniqueViolation):
        return ConcurrencyError(f"another writer appended the same version first ({text})")
    if isinstance(exc, psycopg.errors.RestrictViolation) or "append-only" in text:
        return StoreError(f"{where}: {text}; the event log can only grow")
    if isinstance(exc, psycopg.errors.UndefinedTable):
        return NoStoreError(
            f"{where} holds no csto store ({text}); run 'csto store init --url ...'"
        )
    if isinstance(exc, psycopg.OperationalError) and "does not exist" in text:
        return StoreError(f"{where}: {text}; create the database first (createdb)")
    if isinstance(exc, psycopg.OperationalError):
        return StoreError(f"cannot reach PostgreSQL at {where}: {text}; {START_HINT}")
    return StoreError(f"{where}: PostgreSQL failed: {text}")


def _redact(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class PostgresEventStore:
    """An :class:`~csto.store.port.EventStore` in a PostgreSQL schema.

    ``url`` is a libpq connection string (``postgresql://user@host:5432/db``). The CLI
    reads it from ``--url`` or ``CSTO_DATABASE_URL``; this class never reads the
    environment.
    """

    def __init__(
        self,
        url: str,
        *,
        schema: str = "public",
        create: bool = True,
        pool_size: int = 4,
        upcasters: Upcasters | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        connect_timeout: float = 5.0,
        key: bytes | None = None,
    ) -> None:
        if not _SCHEMA.match(schema):
            raise StoreError(f"schema name {schema!r} must be lower-case letters, digits and _")
        self.url = url
        self.schema = schema
        self._secret = key
        self._read_only = not create
        self._schema_version = 0
        self._where = f"{_redact(url)} (schema {schema})"
        self._upcasters = upcasters or Upcasters()
        self._clock = clock
        self._lock_key = int.from_bytes(
            hashlib.sha256(f"csto:{schema}".encode()).digest()[:8], "big", signed=True
        )
        self._channel = f"csto_events_{schema}"
        self._listener: psycopg.Connection[Any] | None = None
        self._listen_guard = threading.Lock()
        t = f"{schema}.csto_events"
        by_v, by_p = "ORDER BY version DESC LIMIT 1", "ORDER BY position DESC LIMIT 1"
        self._sql = {
            "lock": "SELECT pg_advisory_xact_lock(%s)",
            "key": "SELECT key, stream_id, first_version, last_version, first_position, "
            f"last_position, digest FROM {schema}.csto_idempotency WHERE key = %s",
            "heads": f"SELECT (SELECT version FROM {t} WHERE stream_id = %s {by_v}), "
            f"(SELECT stream_hash FROM {t} WHERE stream_id = %s {by_v}), "
            f"(SELECT position FROM {t} {by_p}), (SELECT log_hash FROM {t} {by_p})",
            "insert": f"INSERT INTO {t} ({_COLUMNS}) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            "insert_key": f"INSERT INTO {schema}.csto_idempotency VALUES (%s,%s,%s,%s,%s,%s,%s)",
            "notify": f"NOTIFY {self._channel}",
            "stream_head": f"SELECT version FROM {t} WHERE stream_id = %s {by_v}",
            "log_head": f"SELECT position FROM {t} {by_p}",
            "read_all": f"SELECT {_COLUMNS} FROM {t} WHERE position > %s "
            "ORDER BY position LIMIT %s",
            "read_stream": f"SELECT {_COLUMNS} FROM {t} WHERE stream_id = %s AND version >= %s "
            "ORDER BY version LIMIT %s",
            "hash_at": f"SELECT log_hash FROM {t} WHERE position = %s",
            "count": f"SELECT count(*) FROM {t}",
            "head": "SELECT position, log_hash, keys, keys_hash, mac "
            f"FROM {schema}.csto_head WHERE id = 1",
            "set_head": f"INSERT INTO {schema}.csto_head VALUES (1, %s, %s, %s, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET position = excluded.position, "
            "log_hash = excluded.log_hash, keys = excluded.keys, "
            "keys_hash = excluded.keys_hash, mac = excluded.mac",
            "keys": "SELECT key, stream_id, first_version, last_version, first_position, "
            f"last_position, digest FROM {schema}.csto_idempotency "
            "ORDER BY first_position, key",
            "last": f"SELECT position, log_hash FROM {t} {by_p}",
        }
        try:  # one direct attempt first: a clear error, and no retry noise from the pool
            psycopg.connect(url, connect_timeout=max(1, int(connect_timeout))).close()
        except psycopg.Error as exc:
            raise _translate(exc, self._where) from exc
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            open=False,
            kwargs={
                "connect_timeout": max(1, int(connect_timeout)),
                **({"options": "-c default_transaction_read_only=on"} if not create else {}),
            },
            name=f"csto-{schema}",
        )
        try:
            self._pool.open(wait=True, timeout=connect_timeout)
        except psycopg.Error as exc:
            self._pool.close()
            raise _translate(exc, self._where) from exc
        except Exception as exc:  # psycopg_pool.PoolTimeout is not a psycopg.Error
            self._pool.close()
            raise StoreError(
                f"cannot reach PostgreSQL at {self._where}: {exc}; {START_HINT}"
            ) from exc
        try:
            self._migrate(create)
        except BaseException:
            self.close()
            raise

    @property
    def channel(self) -> str:
        """The channel every committed append is announced on (``NOTIFY``, no payload):
        ``LISTEN`` to it to be woken, then read the log after the last position seen."""
        return self._channel

    # --- schema --------------------------------------------------------------------------

    def _migrate(self, create: bool) -> None:
        s = self.schema
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
                exists = conn.execute(
                    "SELECT to_regclass(%s) IS NOT NULL", (f"{s}.csto_schema",)
                ).fetchone()
                applied = 0
                if exists and exists[0]:
                    row = conn.execute(
                        f"SELECT coalesce(max(number), 0) FROM {s}.csto_schema"
                    ).fetchone()
                    applied = int(row[0]) if row else 0
                steps = migrations.pending(applied, self._where)
                if not create:  # read-only: never migrate
                    if applied == 0:
                        raise NoStoreError(
                            f"{self._where} holds no csto store; "
                            "create one with 'csto store init --url ...'"
                        )
                    self._schema_version = applied
                    return
                if steps:
                    conn.execute(f"CREATE SCHEMA IF NOT EXISTS {s}")
                    conn.execute(
                        f"CREATE TABLE IF NOT EXISTS {s}.csto_schema (number integer PRIMARY KEY, "
                        "description text NOT NULL, applied_at text NOT NULL)"
                    )
                for step in steps:
                    for statement in step.postgres:
                        conn.execute(statement.replace("{s}", s).encode())
                    conn.execute(
                        f"INSERT INTO {s}.csto_schema VALUES (%s, %s, %s)",
                        (step.number, step.description, timestamp(self._clock())),
                    )
                    if step.number == 2:  # the head record, from the log as it stands
                        last = conn.execute(self._sql["last"]).fetchone()
                        keys = [core.KeyRecord(*r) for r in conn.execute(self._sql["keys"])]
                        head = core.head_of(core.Head(*last) if last else core.Head(), keys)
                        self._set_head(conn, head.signed(self._secret))
                self._schema_version = migrations.LATEST
        except psycopg.Error as exc:
            raise _translate(exc, self._where) from exc

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
        sql = self._sql
        try:
            with self._pool.connection() as conn:
                outcome: AppendResult | CstoError
                with conn.pipeline() as pipe, conn.transaction():
                    cur = conn.cursor()
                    cur.execute(sql["lock"], (self._lock_key,))
                    key_cur = None
                    if idempotency_key is not None:
                        key_cur = conn.cursor()
                        key_cur.execute(sql["key"], (idempotency_key,))
                    heads = conn.cursor()
                    heads.execute(sql["heads"], (stream_id, stream_id))
                    record = conn.cursor()
                    record.execute(sql["head"])
                    pipe.sync()
                    found = key_cur.fetchone() if key_cur is not None else None
                    head_row = record.fetchone()
                    outcome = self._write(
                        conn,
                        stream_id,
                        events,
                        expected_version,
                        idempotency_key,
                        digest,
                        found,
                        heads.fetchone(),
                        None if head_row is None else core.HeadRecord(*head_row),
                    )
                    keep = isinstance(outcome, AppendResult) and not outcome.duplicate
                    if not keep:  # a refused append or a repeated key: write nothing
                        raise psycopg.Rollback
                    pipe.sync()
        except psycopg.Error as exc:
            raise _translate(exc, self._where) from exc
        if isinstance(outcome, CstoError):
            raise outcome
        return outcome

    def _write(
        self,
        conn: psycopg.Connection[Any],
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        key: str | None,
        digest: str,
        found: Any,
        heads: Any,
        head: core.HeadRecord | None,
    ) -> AppendResult | CstoError:
        """Inside the lock: replay a used key, or plan and send the inserts (no raise)."""
        try:
            if found is not None:
                return core.replay(core.KeyRecord(*found), stream_id, digest)
            s_version, s_hash, l_position, l_hash = heads
            log = core.Head(l_position, l_hash) if l_position is not None else core.Head()
            core.check_head(head, log, self._secret, self._where)
            assert head is not None
            rows = core.plan(
                stream_id,
                events,
                expected_version,
                core.Head(s_version, s_hash) if s_version is not None else core.Head(),
                log,
                timestamp(self._clock()),
            )
        except CstoError as exc:
            return exc
        cur = conn.cursor()
        cur.executemany(self._sql["insert"], rows)
        result = core.result_of(rows)
        record = None
        if key is not None:
            record = core.KeyRecord(
                key,
                stream_id,
                result.first_version,
                result.last_version,
                result.first_position,
                result.last_position,
                digest,
            )
            cur.execute(self._sql["insert_key"], record.row())
        self._set_head(conn, core.advance(head, rows, record, self._secret))
        cur.execute(self._sql["notify"])
        return result

    def _writable(self) -> None:
        if self._read_only:
            raise StoreError(f"{self._where} was opened read-only (create=False)")

    def _set_head(self, conn: psycopg.Connection[Any], head: core.HeadRecord) -> None:
        conn.execute(
            self._sql["set_head"],
            (head.position, head.log_hash, head.keys, head.keys_hash, head.mac),
        )

    def _query(self, name: str, params: tuple[Any, ...]) -> list[Any]:
        try:
            with self._pool.connection() as conn:
                return conn.execute(self._sql[name], params).fetchall()
        except psycopg.Error as exc:
            raise _translate(exc, self._where) from exc

    def stream_version(self, stream_id: str) -> int:
        found = self._query("stream_head", (stream_id,))
        return int(found[0][0]) if found else 0

    def read_stream(
        self, stream_id: str, *, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        rows = self._query("read_stream", (stream_id, from_version, limit))
        return self._upcasters.upcast_all([StoredEvent(*r) for r in rows])

    def read_all(self, *, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        rows = self._query("read_all", (after, limit))
        return self._upcasters.upcast_all([StoredEvent(*r) for r in rows])

    def head(self) -> int:
        found = self._query("log_head", ())
        return int(found[0][0]) if found else 0

    def wait(self, *, after: int, timeout: float) -> list[StoredEvent]:
        deadline = time.monotonic() + timeout
        with self._listen_guard:
            try:
                if self._listener is None:
                    self._listener = psycopg.connect(self.url, autocommit=True)
                    self._listener.execute(f"LISTEN {self._channel}")
                while True:
                    found = self.read_all(after=after)
                    remaining = deadline - time.monotonic()
                    if found or remaining <= 0:
                        return found
                    for _ in self._listener.notifies(timeout=remaining, stop_after=1):
                        pass
            except psycopg.Error as exc:
                raise _translate(exc, self._where) from exc

    def verify(self, noted: tuple[int, str] | None = None) -> VerifyReport:
        sql = self._sql
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

                def stored_at(position: int) -> str | None:
                    found = conn.execute(sql["hash_at"], (position,)).fetchone()
                    return str(found[0]) if found else None

                has_head = self._schema_version >= 2
                head = None
                if has_head:
                    row = conn.execute(sql["head"]).fetchone()
                    head = None if row is None else core.HeadRecord(*row)
                keys = [core.KeyRecord(*r) for r in conn.execute(sql["keys"]).fetchall()]
                pages = core.pages(
                    lambda after: conn.execute(sql["read_all"], (after, _PAGE)).fetchall()
                )
                return core.verify_rows(
                    pages,
                    noted,
                    stored_at,
                    keys=keys,
                    head=head,
                    has_head=has_head,
                    secret=self._secret,
                )
        except psycopg.Error as exc:
            raise _translate(exc, self._where) from exc

    def seal(self) -> VerifyReport:
        if self._secret is None:
            raise StoreError(f"{self._where}: sealing signs the head record; give the key")
        self._writable()
        sql = self._sql
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute(sql["lock"], (self._lock_key,))
                keys = [core.KeyRecord(*r) for r in conn.execute(sql["keys"]).fetchall()]
                pages = core.pages(
                    lambda after: conn.execute(sql["read_all"], (after, _PAGE)).fetchall()
                )
                row = conn.execute(sql["head"]).fetchone()
                head = None if row is None else core.HeadRecord(*row)
                self._set_head(conn, core.sealed(pages, keys, head, self._secret, self._where))
        except psycopg.Error as exc:
            raise _translate(exc, self._where) from exc
        return self.verify()

    def restore(self, events: Sequence[StoredEvent]) -> int:
        rows = core.check_restore(events)
        self._writable()
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute(self._sql["lock"], (self._lock_key,))
                row = conn.execute(self._sql["count"]).fetchone()
                core.refuse_non_empty(int(row[0]) if row else 0, self._where)
                with conn.cursor() as cur:
                    cur.executemany(self._sql["insert"], rows)
                if rows:
                    self._set_head(conn, core.advance(core.HeadRecord(), rows, None, self._secret))
                conn.execute(self._sql["notify"])
        except psycopg.Error as exc:
            raise _translate(exc, self._where) from exc
        return len(rows)

    def close(self) -> None:
        with self._listen_guard:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
        self._pool.close()
