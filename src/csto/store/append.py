"""The one append algorithm every adapter runs while it holds the log's write lock.

An adapter takes its lock (a mutex, ``BEGIN IMMEDIATE``, an advisory lock), looks up any
earlier use of the idempotency key, reads the log's head, the stream's head and the head
record, and calls :func:`plan`, which checks the expected version and returns the rows to
insert with their positions, versions and hashes; :func:`check_head` refuses to write onto a
log that no longer matches its head record, and :func:`advance` gives the head record to
write with the rows. Keeping this in one place is what makes the adapters agree byte for
byte: an export from one imports into another with the same hashes.

:func:`verify_rows` checks a store: the chains (:class:`~csto.store.hashchain.ChainChecker`),
every idempotency key against the events it names (stream, versions, and the digest of the
batch recomputed from the stored rows), and the head record (position, hash, keys, and its
signature when a key is given).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from csto.errors import (
    ConcurrencyError,
    IdempotencyKeyError,
    InputError,
    IntegrityError,
    StoreError,
)
from csto.store import hashchain
from csto.store.port import ANY, AppendResult, NewEvent, StoredEvent, VerifyReport
from csto.store.serial import dumps

__all__ = [
    "Head",
    "HeadRecord",
    "KeyRecord",
    "Row",
    "advance",
    "check_head",
    "check_request",
    "check_restore",
    "head_of",
    "pages",
    "plan",
    "refuse_non_empty",
    "replay",
    "result_of",
    "sealed",
    "verify_rows",
]

#: SHA-256 begun with each chain's prefix; every row's hash starts from a copy of one
_STREAM_BEGUN = hashlib.sha256(hashchain.STREAM_PREFIX)
_LOG_BEGUN = hashlib.sha256(hashchain.LOG_PREFIX)

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

    def row(self) -> tuple[str, str, int, int, int, int, str]:
        """The key's row, in column order."""
        return (
            self.key,
            self.stream_id,
            self.first_version,
            self.last_version,
            self.first_position,
            self.last_position,
            self.digest,
        )

    def content(self) -> bytes:
        """What the head record's chain over the keys covers."""
        return hashchain.key_content(
            self.key,
            self.stream_id,
            self.first_version,
            self.last_version,
            self.first_position,
            self.last_position,
            self.digest,
        )


@dataclass(frozen=True, slots=True)
class HeadRecord:
    """The store's head record: the log's last position and log hash, how many idempotency
    keys it holds and the chain over them, and the signature (None: written without a key)."""

    position: int = 0
    log_hash: str = hashchain.GENESIS
    keys: int = 0
    keys_hash: str = hashchain.GENESIS
    mac: str | None = None

    def signed(self, secret: bytes | None) -> HeadRecord:
        """This head, signed with ``secret`` (unsigned when there is none)."""
        mac = None
        if secret is not None:
            mac = hashchain.head_mac(
                secret, self.position, self.log_hash, self.keys, self.keys_hash
            )
        return HeadRecord(self.position, self.log_hash, self.keys, self.keys_hash, mac)

    def signature_holds(self, secret: bytes) -> bool:
        """Whether the signature is this head's under ``secret``."""
        expected = self.signed(secret).mac
        return (
            self.mac is not None
            and expected is not None
            and hmac.compare_digest(self.mac, expected)
        )


def head_of(log: Head, keys: Sequence[KeyRecord], secret: bytes | None = None) -> HeadRecord:
    """The head record of a log whose last row is ``log`` and whose keys are ``keys`` (in
    the order they were written: by first position)."""
    chained = hashchain.GENESIS
    for k in keys:
        chained = hashchain.keys_hash(chained, k.content())
    return HeadRecord(log.number, log.hash, len(keys), chained).signed(secret)


def check_head(head: HeadRecord | None, log: Head, secret: bytes | None, where: str) -> None:
    """Refuse to append onto a log that does not match its head record (a cut tail, a
    rewritten chain) or whose head record's signature does not hold."""
    fix = f"run 'csto store verify' on {where} to see what changed"
    if head is None:
        raise StoreError(
            f"{where} has no head record (a store of an older schema opened read-only); "
            "open it with create=True or run 'csto store init' to upgrade it"
        )
    if (head.position, head.log_hash) != (log.number, log.hash):
        raise IntegrityError(
            f"{where}: the log ends at position {log.number}, but its head record says "
            f"{head.position}; rows were removed or rewritten behind csto's back; "
            f"nothing was written; {fix}"
        )
    if secret is None:
        return
    if head.mac is None and head.position > 0:
        raise IntegrityError(
            f"{where}: the head record is not signed (written without the store's key); "
            "nothing was written; verify the store and sign it: 'csto store init'"
        )
    if head.mac is not None and not head.signature_holds(secret):
        raise IntegrityError(
            f"{where}: the head record's signature does not hold under this key (forged, "
            f"or signed with another key); nothing was written; {fix}"
        )


def advance(
    head: HeadRecord, rows: Sequence[Row], key: KeyRecord | None, secret: bytes | None
) -> HeadRecord:
    """The head record after appending ``rows`` (and ``key``, if the append used one)."""
    keys, chained = head.keys, head.keys_hash
    if key is not None:
        keys, chained = keys + 1, hashchain.keys_hash(chained, key.content())
    last = rows[-1]
    return HeadRecord(last[0], last[9], keys, chained).signed(secret)


def check_request(stream_id: str, events: Sequence[NewEvent], expected_version: int) -> None:
    """Refuse appends that can never succeed, before taking any lock."""
    if not isinstance(stream_id, str) or not stream_id.strip():
        raise InputError("a stream id must be a non-empty string")
    if not stream_id.isascii():
        try:
            stream_id.encode()
        except UnicodeEncodeError:
            raise InputError("a stream id must be valid Unicode (no lone surrogate)") from None
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
        if not isinstance(e.type, str) or not e.type or e.schema_version < 1:
            raise InputError(f"event {i} of the batch needs a type and a schema_version >= 1")
        if not e.type.isascii():
            try:
                e.type.encode()
            except UnicodeEncodeError:
                raise InputError(f"event {i} of the batch: its type is not valid Unicode") from None


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
    # hashchain.row_content, stream_hash and log_hash, written out: this loop is the store's
    # per-event cost (tests/store hold it to those definitions through verify). Each hash
    # starts from a copy of one begun with its prefix (OpenSSL's set-up is most of a short
    # hash's cost), and the text before the data is kept while the type does not change.
    new_stream, new_log = _STREAM_BEGUN.copy, _LOG_BEGUN.copy
    id_part = f"{len(stream_id)}:{stream_id},"
    append = rows.append
    type_, schema_version, type_part = "", 0, ""
    for e in events:
        version += 1
        position += 1
        data_json = dumps(e.data)
        meta = e.metadata
        meta_json = dumps(meta) if meta else "{}"  # what dumps gives, without the call
        if e.type is not type_ or e.schema_version is not schema_version:
            type_, schema_version = e.type, e.schema_version
            type_part = f"{len(type_)}:{type_},{schema_version},"
        hashing = new_stream()
        hashing.update(
            f"{s_hash}\x00{id_part}{version},{position},{type_part}{len(data_json)}:{data_json},"
            f"{len(meta_json)}:{meta_json},{recorded_at}".encode()
        )
        s_hash = hashing.hexdigest()
        hashing = new_log()
        hashing.update(f"{l_hash}\x00{s_hash}".encode())
        l_hash = hashing.hexdigest()
        append(
            (
                position,
                stream_id,
                version,
                type_,
                schema_version,
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


def sealed(
    pages: Iterable[Sequence[Row]],
    keys: Sequence[KeyRecord],
    head: HeadRecord | None,
    secret: bytes,
    where: str,
) -> HeadRecord:
    """The head record to sign for a store that verifies (chains, keys, and its head record
    but for the signature); IntegrityError naming every problem otherwise. A head signed
    with another key, or forged, is never signed over."""
    from csto.errors import Problem

    report = verify_rows(pages, keys=keys, head=head, has_head=head is not None)
    problems = list(report.problems)
    if head is not None and head.mac is not None and not head.signature_holds(secret):
        problems.append(
            "the head record is signed, but not with this key (or forged): csto will not "
            "sign over it; find the right key (--key-file)"
        )
    if problems:
        raise IntegrityError(
            f"{where}: {len(problems)} problem(s) in {report.events} events; nothing was signed",
            tuple(Problem(p) for p in problems),
        )
    ordered = sorted(keys, key=lambda k: (k.first_position, k.key))
    return head_of(Head(report.head_position, report.head_hash), ordered, secret)


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


class _KeyCheck:
    """Recompute one idempotency key's batch from the rows it names, as they stream by."""

    def __init__(self, record: KeyRecord) -> None:
        self.record = record
        self.digest = hashlib.sha256(record.stream_id.encode())
        self.version = record.first_version
        self.problem: str | None = None

    def feed(self, row: Row) -> None:
        r = self.record
        if row[1] != r.stream_id or row[2] != self.version:
            self.problem = (
                f"idempotency key {r.key!r} names positions {r.first_position}.."
                f"{r.last_position} of stream {r.stream_id!r}, but position {row[0]} is "
                f"version {row[2]} of stream {row[1]!r}: the key was altered"
            )
            return
        self.version += 1
        try:
            data, meta = json.loads(row[5]), json.loads(row[6])
            text = dumps({"t": row[3], "v": row[4], "d": data, "m": meta})
        except (ValueError, StoreError):
            self.problem = f"idempotency key {r.key!r}: position {row[0]} is not JSON"
            return
        self.digest.update(b"\x00" + text.encode())

    def finish(self) -> str | None:
        if self.problem is None and self.digest.hexdigest() != self.record.digest:
            r = self.record
            self.problem = (
                f"idempotency key {r.key!r}: the digest of positions {r.first_position}.."
                f"{r.last_position} does not match the key's: the key or its events altered"
            )
        return self.problem


def _key_shape(r: KeyRecord) -> str | None:
    if r.first_position < 1 or r.last_position < r.first_position:
        return f"idempotency key {r.key!r}: positions {r.first_position}..{r.last_position}"
    if r.last_version - r.first_version != r.last_position - r.first_position:
        return (
            f"idempotency key {r.key!r}: versions {r.first_version}..{r.last_version} do not "
            f"span positions {r.first_position}..{r.last_position}: the key was altered"
        )
    return None


def verify_rows(
    pages: Iterable[Sequence[Row]],
    noted: tuple[int, str] | None = None,
    stored_hash_at: Callable[[int], str | None] | None = None,
    *,
    keys: Sequence[KeyRecord] = (),
    head: HeadRecord | None = None,
    has_head: bool = False,
    secret: bytes | None = None,
) -> VerifyReport:
    """Check rows (in position order, page by page), the idempotency ``keys`` against the
    rows they name, the store's ``head`` record (``has_head``: the schema has one; None
    then means the record is missing) with its signature under ``secret``, and a head
    noted earlier, if any."""
    checker = hashchain.ChainChecker()
    keys = sorted(keys, key=lambda k: (k.first_position, k.key))
    starting: dict[int, list[KeyRecord]] = {}
    for k in keys:
        bad = _key_shape(k)
        if bad:
            checker.report(bad)
        else:
            starting.setdefault(k.first_position, []).append(k)
    active: list[_KeyCheck] = []
    for page in pages:
        for row in page:
            checker.check(*row)
            active.extend(_KeyCheck(k) for k in starting.pop(row[0], ()))
            for check in active:
                if check.record.first_position <= row[0] <= check.record.last_position:
                    check.feed(row)
            done = [c for c in active if row[0] >= c.record.last_position]
            for check in done:
                active.remove(check)
                problem = check.finish()
                if problem:
                    checker.report(problem)
    for k in [c.record for c in active] + [k for ks in starting.values() for k in ks]:
        checker.report(
            f"idempotency key {k.key!r} names positions {k.first_position}.."
            f"{k.last_position}, which the log does not hold"
        )
    notes: list[str] = []
    if has_head:
        _check_head_record(checker, head, len(keys), keys, secret, notes)
    else:
        notes.append(
            "this store's schema has no head record (an older csto made it); run "
            "'csto store init' to upgrade it"
        )
    if noted is not None and stored_hash_at is not None:
        checker.check_noted(noted[0], noted[1], stored_hash_at(noted[0]))
    return VerifyReport(
        checker.events,
        checker.streams,
        checker.head_position,
        checker.head_hash,
        tuple(checker.problems),
        tuple(notes),
    )


def _check_head_record(
    checker: hashchain.ChainChecker,
    head: HeadRecord | None,
    count: int,
    keys: Sequence[KeyRecord],
    secret: bytes | None,
    notes: list[str],
) -> None:
    if head is None:
        checker.report("the store's head record is missing: it was deleted")
        return
    last = checker.head_position
    if head.position > last:
        checker.report(
            f"the log ends at position {last}, but its head record says {head.position}: "
            "rows removed from the end"
        )
    elif head.position < last:
        checker.report(
            f"the log goes on to position {last}, but its head record says {head.position}: "
            "rows added behind csto's back"
        )
    elif head.log_hash != checker.head_hash:
        checker.report(
            f"position {last}: log hash {checker.head_hash[:12]}... differs from the head "
            f"record's {head.log_hash[:12]}...: the chain was rewritten"
        )
    recomputed = head_of(Head(head.position, head.log_hash), keys)
    if (head.keys, head.keys_hash) != (count, recomputed.keys_hash):
        checker.report(
            f"the store holds {count} idempotency key(s), but its head record says "
            f"{head.keys}, or their chain differs: keys added, removed or altered"
        )
    if secret is None:
        notes.append(
            "the head record was compared with the log; its signature was not checked "
            "(no key given)"
        )
    elif head.mac is None:
        checker.report(
            "the head record is not signed (written without the store's key); if the rest "
            "verifies, sign it with 'csto store init'"
        )
    elif not head.signature_holds(secret):
        checker.report(
            "the head record's signature does not hold under this key: the head was "
            "forged, or signed with another key"
        )
    else:
        notes.append(f"the head record is signed and holds (position {head.position})")
