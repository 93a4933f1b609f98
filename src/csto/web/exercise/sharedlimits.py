"""Rate limits shared by every process of a server on PostgreSQL: the token buckets of
:mod:`csto.web.exercise.ratelimit` kept in a table of the store's schema.

With ``--workers N`` each worker used to keep buckets of its own, so a client whose
requests the kernel spread over the workers got up to ``N`` times each limit, and a
restart refilled every bucket. Here a bucket is a row of ``csto_rate_buckets`` (the kind
of limit, the key, the tokens left, when they were counted), and taking a token is one
statement: an insert that, over an existing row, refills the bucket for the time since it
was counted and takes one token only if one is there (PostgreSQL locks the row for the
statement, so two workers taking at once are counted one after the other). Time is the
database's clock, the one clock every worker shares.

The keys are stored as their SHA-256 (a move's key is the seat's credential: the table
never holds one). Buckets that have filled up again are deleted now and then, as the
process's own limiter forgets its fullest. The table is not part of the event store: it is
made here if missing, and dropping it only refills the buckets.

Should the database not answer, a limit falls back to the process's own buckets (the
limit then holds per worker, as before) and says so once in the log; the moves themselves
need the database anyway.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from typing import Any

import psycopg
import psycopg.errors
from psycopg_pool import ConnectionPool, PoolTimeout

from csto.errors import StoreError
from csto.web.exercise.ratelimit import Limiter, Limits, refusal

__all__ = ["PostgresBuckets", "SharedLimiter", "shared_limits"]

_LOG = logging.getLogger("csto.web")
#: takes between two sweeps of the buckets that have filled up again
SWEEP_EVERY = 500
#: the database's clock, in seconds (every worker's)
_NOW = "extract(epoch FROM clock_timestamp())::double precision"


class PostgresBuckets:
    """The buckets of every limit, in ``schema.csto_rate_buckets`` of the database at
    ``url`` (a small pool of connections of its own, in autocommit)."""

    def __init__(self, url: str, schema: str = "public", *, timeout: float = 2.0) -> None:
        if not schema.isidentifier() or not schema.isascii() or schema.lower() != schema:
            raise StoreError(f"schema name {schema!r} must be lower-case letters, digits and _")
        self.timeout = timeout
        table = f"{schema}.csto_rate_buckets"
        level = f"least(%(burst)s, b.tokens + greatest(0, {_NOW} - b.at) * %(rate)s)"
        self._create = (
            f"CREATE TABLE IF NOT EXISTS {table} (what text NOT NULL, key text NOT NULL, "
            "tokens double precision NOT NULL, at double precision NOT NULL, "
            "PRIMARY KEY (what, key))"
        )
        self._take = (
            f"INSERT INTO {table} AS b (what, key, tokens, at) "
            f"VALUES (%(what)s, %(key)s, %(burst)s - 1, {_NOW}) "
            "ON CONFLICT (what, key) DO UPDATE SET "
            "tokens = least(%(burst)s, b.tokens + greatest(0, excluded.at - b.at) * %(rate)s) - 1, "
            "at = greatest(b.at, excluded.at) "
            "WHERE least(%(burst)s, b.tokens + greatest(0, excluded.at - b.at) * %(rate)s) >= 1 "
            "RETURNING tokens"
        )
        self._level = f"SELECT {level} FROM {table} AS b WHERE what = %(what)s AND key = %(key)s"
        self._sweep = f"DELETE FROM {table} AS b WHERE what = %(what)s AND {level} >= %(burst)s"
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            url,
            min_size=1,
            max_size=4,
            open=False,
            kwargs={"autocommit": True, "connect_timeout": max(1, int(timeout))},
            name=f"csto-rate-{schema}",
        )
        try:
            self._pool.open(wait=True, timeout=timeout)
            # two workers making the table at once: one of them fails, and it is there
            with contextlib.suppress(psycopg.errors.UniqueViolation, psycopg.errors.DuplicateTable):
                self._execute(self._create, {})
        except BaseException:
            self._pool.close()
            raise

    def _execute(self, sql: str, params: dict[str, Any]) -> list[Any]:
        with self._pool.connection(timeout=self.timeout) as conn:
            cur = conn.execute(sql, params)
            return cur.fetchall() if cur.description else []

    def take(self, what: str, key: str, burst: float, rate: float) -> float | None:
        """Take a token: None if taken, else the bucket's level (below 1)."""
        params = {"what": what, "key": _digest(key), "burst": burst, "rate": rate}
        if self._execute(self._take, params):
            return None
        found = self._execute(self._level, params)
        return float(found[0][0]) if found else 0.0

    def level(self, what: str, key: str, burst: float, rate: float) -> float:
        """The tokens ``key`` has now (``burst`` if it has no bucket)."""
        params = {"what": what, "key": _digest(key), "burst": burst, "rate": rate}
        found = self._execute(self._level, params)
        return float(found[0][0]) if found else float(burst)

    def sweep(self, what: str, burst: float, rate: float) -> None:
        """Delete the buckets of ``what`` that have filled up again."""
        self._execute(self._sweep, {"what": what, "burst": burst, "rate": rate})

    def close(self) -> None:
        self._pool.close()


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class SharedLimiter:
    """One limit (:class:`csto.web.exercise.ratelimit.Limit`) over :class:`PostgresBuckets`,
    with the process's own :class:`~csto.web.exercise.ratelimit.Limiter` as its fallback."""

    def __init__(self, buckets: PostgresBuckets, what: str, burst: float, rate: float) -> None:
        self.buckets, self.what, self.burst, self.rate = buckets, what, burst, rate
        self.local = Limiter(what, burst, rate)
        self._takes = 0
        self._down = False
        self._guard = threading.Lock()

    def _failed(self, exc: BaseException) -> None:
        with self._guard:
            if not self._down:
                self._down = True
                _LOG.warning(
                    "csto: the shared rate limits' database did not answer (%s); %s are "
                    "limited in this process until it does",
                    exc,
                    self.what,
                )

    def _answered(self) -> None:
        if self._down:
            with self._guard:
                self._down = False

    def check(self, key: str) -> None:
        try:
            level = self.buckets.level(self.what, key, self.burst, self.rate)
        except (psycopg.Error, PoolTimeout) as exc:
            self._failed(exc)
            self.local.check(key)
            return
        self._answered()
        if level < 1:
            raise refusal(self.what, self.burst, self.rate, level)

    def take(self, key: str) -> None:
        try:
            refused = self.buckets.take(self.what, key, self.burst, self.rate)
        except (psycopg.Error, PoolTimeout) as exc:
            self._failed(exc)
            self.local.take(key)
            return
        self._answered()
        with self._guard:
            self._takes += 1
            sweep = self._takes % SWEEP_EVERY == 0
        if sweep:
            try:
                self.buckets.sweep(self.what, self.burst, self.rate)
            except (psycopg.Error, PoolTimeout) as exc:  # the token was taken; sweep later
                self._failed(exc)
        if refused is not None:
            raise refusal(self.what, self.burst, self.rate, refused)


def shared_limits(url: str, schema: str = "public") -> Limits:
    """The exercise's limits, shared through the database at ``url`` (its ``schema``)."""
    try:
        buckets = PostgresBuckets(url, schema)
    except (psycopg.Error, PoolTimeout) as exc:
        _LOG.warning(
            "csto: the shared rate limits' database did not answer (%s); the exercise's "
            "limits are kept in this process",
            exc,
        )
        return Limits.default()
    return Limits.default(
        lambda what, burst, rate: SharedLimiter(buckets, what, burst, rate), close=buckets.close
    )
