"""The in-memory event store: the reference adapter and the test double.

It keeps rows in a list under one lock and runs the same append algorithm
(:mod:`csto.store.append`) and hash chains as the database adapters, so its behaviour is
the contract's, and what it holds exports and verifies like any other store. Nothing
survives the process.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence

from csto.errors import StoreError
from csto.store import append as core
from csto.store.port import AppendResult, NewEvent, StoredEvent, VerifyReport
from csto.store.serial import Upcasters, batch_digest, timestamp, utc_now

__all__ = ["MemoryEventStore"]


class MemoryEventStore:
    """An :class:`~csto.store.port.EventStore` held in this process's memory."""

    def __init__(
        self,
        *,
        upcasters: Upcasters | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        key: bytes | None = None,
    ) -> None:
        self._secret = key
        self._heads = [core.HeadRecord().signed(key)]  # shared by every handle (with_key)
        self._rows: list[core.Row] = []
        self._streams: dict[str, list[int]] = {}
        self._keys: dict[str, core.KeyRecord] = {}
        self._cond = threading.Condition()
        self._upcasters = upcasters or Upcasters()
        self._clock = clock
        self._closed = False

    @property
    def _head(self) -> core.HeadRecord:
        return self._heads[0]

    @_head.setter
    def _head(self, head: core.HeadRecord) -> None:
        self._heads[0] = head

    def with_key(self, key: bytes | None) -> MemoryEventStore:
        """Another handle on the same events, holding ``key`` (as another process would
        open the same database with its own key, or none)."""
        other = MemoryEventStore(upcasters=self._upcasters, clock=self._clock, key=key)
        other._heads, other._rows, other._streams = self._heads, self._rows, self._streams
        other._keys, other._cond = self._keys, self._cond
        return other

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the store is closed")

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
        with self._cond:
            self._check_open()
            if idempotency_key is not None and idempotency_key in self._keys:
                return core.replay(self._keys[idempotency_key], stream_id, digest)
            indices = self._streams.get(stream_id, [])
            stream = core.Head()
            if indices:
                last = self._rows[indices[-1]]
                stream = core.Head(last[2], last[8])
            log = core.Head(self._rows[-1][0], self._rows[-1][9]) if self._rows else core.Head()
            core.check_head(self._head, log, self._secret, "memory")
            rows = core.plan(
                stream_id, events, expected_version, stream, log, timestamp(self._clock())
            )
            start = len(self._rows)
            self._rows.extend(rows)
            self._streams.setdefault(stream_id, []).extend(range(start, start + len(rows)))
            result = core.result_of(rows)
            key = None
            if idempotency_key is not None:
                key = self._keys[idempotency_key] = core.KeyRecord(
                    idempotency_key,
                    stream_id,
                    result.first_version,
                    result.last_version,
                    result.first_position,
                    result.last_position,
                    digest,
                )
            self._head = core.advance(self._head, rows, key, self._secret)
            self._cond.notify_all()
            return result

    def stream_version(self, stream_id: str) -> int:
        with self._cond:
            self._check_open()
            return len(self._streams.get(stream_id, ()))

    def read_stream(
        self, stream_id: str, *, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        with self._cond:
            self._check_open()
            indices = self._streams.get(stream_id, [])[max(from_version, 1) - 1 :]
            if limit is not None:
                indices = indices[:limit]
            rows = [self._rows[i] for i in indices]
        return self._upcasters.upcast_all([StoredEvent(*r) for r in rows])

    def read_all(self, *, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        with self._cond:
            self._check_open()
            end = None if limit is None else max(after, 0) + limit
            rows = self._rows[max(after, 0) : end]
        return self._upcasters.upcast_all([StoredEvent(*r) for r in rows])

    def head(self) -> int:
        with self._cond:
            self._check_open()
            return len(self._rows)

    def wait(self, *, after: int, timeout: float) -> list[StoredEvent]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._rows) <= after and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
        return self.read_all(after=after)

    def verify(self, noted: tuple[int, str] | None = None) -> VerifyReport:
        with self._cond:
            self._check_open()
            rows = list(self._rows)
            keys = list(self._keys.values())
            head = self._head
        by_position = {r[0]: r[9] for r in rows}
        return core.verify_rows(
            [rows],
            noted,
            by_position.get,
            keys=keys,
            head=head,
            has_head=True,
            secret=self._secret,
        )

    def seal(self) -> VerifyReport:
        if self._secret is None:
            raise StoreError("memory: sealing signs the head record; give the key")
        with self._cond:
            self._check_open()
            keys = list(self._keys.values())
            rows = [list(self._rows)]
            self._head = core.sealed(rows, keys, self._head, self._secret, "memory")
        return self.verify()

    def restore(self, events: Sequence[StoredEvent]) -> int:
        rows = core.check_restore(events)
        with self._cond:
            self._check_open()
            core.refuse_non_empty(len(self._rows), "memory")
            for i, row in enumerate(rows):
                self._rows.append(row)
                self._streams.setdefault(row[1], []).append(i)
            if rows:
                self._head = core.advance(core.HeadRecord(), rows, None, self._secret)
            self._cond.notify_all()
        return len(rows)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
