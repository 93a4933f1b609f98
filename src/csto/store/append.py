"""The one append algorithm every adapter runs while it holds the log's write lock.

An adapter takes its lock (a mutex, ``BEGIN IMMEDIATE``, an advisory lock), looks up any
earlier use of the idempotency key, reads the log's head and the stream's head, and calls
:func:`plan`, which checks the expected version and returns the rows to insert with their
positions, versions and hashes. Keeping this in one place is what makes the adapters agree
byte for byte: an export from one imports into another with the same hashes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from csto.errors import ConcurrencyError, IdempotencyKeyError, InputError
from csto.store import hashchain
from csto.store.port import ANY, AppendResult, NewEvent, StoredEvent, VerifyReport
from csto.store.serial import dumps

__all__ = [
    "Head",
    "KeyRecord",
    "Row",
    "check_request",
    "check_restore",
    "pages",
    "plan",
    "refuse_non_empty",
    "replay",
    "result_of",
    "verify_rows",
]

#: a row in column order: position, stream_id, version, type, schema_version, data_json,
#: metadata_json, recorded_at, stream_hash, log_hash (the fields of StoredEvent, in order)
Row = tuple[int, str, int, str, int, str, str, str, str, str]


@dataclass(frozen=True, slots=True)
class Head:
    """The last row of the log or of a stream: its number and its hash."""

    number: int = 0
    hash: str = hashchain.GENESIS


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """What an idempotency key recorded the first time it was used."""

    key: str
    stream_id: str
    first_version: int
    last_version: int
    first_position: int
    last_position: int
    digest: str


def check_request(stream_id: str, events: Sequence[NewEvent], expected_version: int) -> None:
    """Refuse appends that can never succeed, before taking any lock."""
    if not isinstance(stream_id, str) or not stream_id.strip():
        raise InputError("a stream id must be a non-empty string")
    if not events:
        raise InputError(f"an append to stream {stream_id!r} needs at least one event")
    if expected_version < ANY:
        raise InputError(
            f"expected_version {expected_version} is not valid; use the stream's version "
            "(0 for a new stream) or ANY"
        )
    for i, e in enumerate(events):
        if not isinstance(e, NewEvent):
            raise InputError(f"event {i} of the batch is a {type(e).__name__}, not a NewEvent")
        if not e.type or e.schema_version < 1:
            raise InputError(f"event {i} of the batch needs a type and a schema_version >= 1")


def replay(record: KeyRecord, stream_id: str, digest: str) -> AppendResult:
    """The first result of an idempotency key, or an error if the key now means other work."""
    if record.stream_id != stream_id or record.digest != digest:
        raise IdempotencyKeyError(
            f"idempotency key {record.key!r} was used for another append (stream "
            f"{record.stream_id!r}, versions {record.first_version}..{record.last_version}); "
            "use a fresh key for new work"
        )
    return AppendResult(
        record.stream_id,
        record.first_version,
        record.last_version,
        record.first_position,
        record.last_position,
        duplicate=True,
    )


def plan(
    stream_id: str,
    events: Sequence[NewEvent],
    expected_version: int,
    stream: Head,
    log: Head,
    recorded_at: str,
) -> list[Row]:
    """The rows to insert, chained onto the stream's and the log's heads.

    Raises :class:`~csto.errors.ConcurrencyError` if ``expected_version`` is stale.
    """
    if expected_version != ANY and expected_version != stream.number:
        raise ConcurrencyError(
            f"stream {stream_id!r} is at version {stream.number}, not {expected_version}: "
            "another writer appended first; read the stream again and retry"
        )
    rows: list[Row] = []
    s_hash, l_hash = stream.hash, log.hash
    version, position = stream.number, log.number
    for e in events:
        version += 1
        position += 1
        data_json = dumps(e.data)
        meta_json = dumps(e.metadata)
        content = hashchain.row_content(
            stream_id,
            version,
            position,
            e.type,
            e.schema_version,
            data_json,
            meta_json,
            recorded_at,
        )
        s_hash = hashchain.stream_hash(s_hash, content)
        l_hash = hashchain.log_hash(l_hash, s_hash)
        rows.append(
            (
                position,
                stream_id,
                version,
                e.type,
                e.schema_version,
                data_json,
                meta_json,
                recorded_at,
                s_hash,
                l_hash,
            )
        )
    return rows


def result_of(rows: Sequence[Row]) -> AppendResult:
    """The result of an append that wrote ``rows``."""
    first, last = rows[0], rows[-1]
    return AppendResult(first[1], first[2], last[2], first[0], last[0])


def check_restore(events: Sequence[StoredEvent]) -> list[Row]:
    """Rows for :meth:`~csto.store.port.EventStore.restore`, after checking every chain."""
    from csto.errors import ImportDataError, Problem

    checker = hashchain.ChainChecker()
    rows: list[Row] = []
    for e in events:
        row: Row = (
            e.position, e.stream_id, e.version, e.type, e.schema_version, e.data_json,
            e.metadata_json, e.recorded_at, e.stream_hash, e.log_hash,
        )  # fmt: skip
        checker.check(*row)
        rows.append(row)
    if checker.problems:
        raise ImportDataError(
            "the events to restore do not verify; nothing was written",
            tuple(Problem(p) for p in checker.problems),
        )
    return rows


def refuse_non_empty(count: int, where: str) -> None:
    """Restore writes only into an empty store: raise if ``count`` events are already there."""
    if count:
        from csto.errors import ImportDataError

        raise ImportDataError(
            f"the store at {where} already holds {count} events; import into a new store"
        )


def pages(fetch: Callable[[int], list[Row]]) -> Iterable[list[Row]]:
    """Read the log page by page: ``fetch(after)`` returns the rows after a position."""
    after = 0
    while True:
        page = fetch(after)
        if not page:
            return
        yield page
        after = page[-1][0]


def verify_rows(
    pages: Iterable[Sequence[Row]],
    noted: tuple[int, str] | None = None,
    stored_hash_at: Callable[[int], str | None] | None = None,
) -> VerifyReport:
    """Check rows (in position order, page by page) and a head noted earlier, if any."""
    checker = hashchain.ChainChecker()
    for page in pages:
        for row in page:
            checker.check(*row)
    if noted is not None and stored_hash_at is not None:
        checker.check_noted(noted[0], noted[1], stored_hash_at(noted[0]))
    return VerifyReport(
        checker.events,
        checker.streams,
        checker.head_position,
        checker.head_hash,
        tuple(checker.problems),
    )
