"""The hash chains of the event store: pure functions, no I/O, no clock.

Every row carries two SHA-256 hashes, as lower-case hex:

- ``stream_hash`` = H("csto-stream/1", previous stream hash, row content): a chain over the
  rows of one stream in version order. The first row of a stream chains from
  :data:`GENESIS`.
- ``log_hash`` = H("csto-log/1", previous log hash, stream hash): a chain over the whole
  log in position order, starting from :data:`GENESIS`.

The row content (:func:`row_content`) is the stream id, version, position, type, schema
version, data, metadata and recording time, the texts length-prefixed, with the data and
metadata as the exact text the store holds and the time as it was recorded, so verifying
is deterministic.
Because the position and the version are inside the content, a row moved elsewhere no
longer matches its hashes; because every hash covers the previous one, a removed row
breaks the chain after it. :class:`ChainChecker` checks rows one at a time, in position
order, and names every row that does not verify.

A chain cannot see its own tail cut off, nor a chain recomputed from scratch by someone
who rewrote rows. The store's **head record** closes both gaps: one row holding the log's
last position and log hash, how many idempotency keys there are and ``keys_hash`` (a chain
over the key rows in the order they were written, :func:`keys_hash`), updated in the same
transaction as every append, and signed with :func:`head_mac` (HMAC-SHA256 under a key
kept outside the store). Verifying compares the log with its head record: a cut tail, a
rewritten chain, or an idempotency key added, removed or altered no longer matches it, and
the signature cannot be forged without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field

__all__ = [
    "GENESIS",
    "LOG_PREFIX",
    "STREAM_PREFIX",
    "ChainChecker",
    "head_mac",
    "key_content",
    "keys_hash",
    "log_hash",
    "row_content",
    "stream_hash",
]

GENESIS = "0" * 64
_STREAM = b"csto-stream/1\x00"
_LOG = b"csto-log/1\x00"
#: what :func:`stream_hash` and :func:`log_hash` hash first (for loops that inline them)
STREAM_PREFIX, LOG_PREFIX = _STREAM, _LOG
_KEYS = b"csto-keys/1\x00"
_HEAD = b"csto-head/1\x00"


def row_content(
    stream_id: str,
    version: int,
    position: int,
    type_: str,
    schema_version: int,
    data_json: str,
    metadata_json: str,
    recorded_at: str,
) -> bytes:
    """The canonical bytes of one row's content (what the stream hash covers).

    UTF-8 of ``L:stream_id,version,position,L:type,schema_version,L:data,L:metadata,
    recorded_at`` where ``L:`` is the length of the text after it in code points, so no
    text can be mistaken for a separator.
    """
    return (
        f"{len(stream_id)}:{stream_id},{version},{position},{len(type_)}:{type_},"
        f"{schema_version},{len(data_json)}:{data_json},{len(metadata_json)}:{metadata_json},"
        f"{recorded_at}"
    ).encode()


def stream_hash(previous: str, content: bytes) -> str:
    """The stream hash of a row, chained from the stream's previous row."""
    return hashlib.sha256(_STREAM + previous.encode("ascii") + b"\x00" + content).hexdigest()


def log_hash(previous: str, stream_hash_: str) -> str:
    """The log hash of a row, chained from the log's previous row."""
    return hashlib.sha256(
        _LOG + previous.encode("ascii") + b"\x00" + stream_hash_.encode()
    ).hexdigest()


def key_content(
    key: str,
    stream_id: str,
    first_version: int,
    last_version: int,
    first_position: int,
    last_position: int,
    digest: str,
) -> bytes:
    """The canonical bytes of one idempotency key row (texts length-prefixed)."""
    return (
        f"{len(key)}:{key},{len(stream_id)}:{stream_id},{first_version},{last_version},"
        f"{first_position},{last_position},{digest}"
    ).encode()


def keys_hash(previous: str, content: bytes) -> str:
    """The chain over the idempotency key rows, in the order they were written."""
    return hashlib.sha256(_KEYS + previous.encode("ascii") + b"\x00" + content).hexdigest()


def head_mac(secret: bytes, position: int, log_hash_: str, keys: int, keys_hash_: str) -> str:
    """The head record's signature: HMAC-SHA256 under the store's key (kept outside it)."""
    message = _HEAD + f"{position}\x00{log_hash_}\x00{keys}\x00{keys_hash_}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


@dataclass
class ChainChecker:
    """Check rows in position order; collect one message per row that does not verify.

    Feed it every row with :meth:`check`; ``problems`` then names each bad row by position,
    stream and version, and says what is wrong: altered (contents do not match the hash),
    removed (a gap in positions or versions), reordered (a version out of sequence).
    """

    max_problems: int = 100
    events: int = 0
    head_position: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)
    _streams: dict[str, tuple[int, str]] = field(default_factory=dict)

    @property
    def streams(self) -> int:
        """How many streams were seen."""
        return len(self._streams)

    def report(self, text: str) -> None:
        if len(self.problems) < self.max_problems:
            self.problems.append(text)
        elif len(self.problems) == self.max_problems:
            self.problems.append("... (more problems not listed)")

    def check(
        self,
        position: int,
        stream_id: str,
        version: int,
        type_: str,
        schema_version: int,
        data_json: str,
        metadata_json: str,
        recorded_at: str,
        stored_stream_hash: str,
        stored_log_hash: str,
    ) -> None:
        """Check one row against the rows before it."""
        self.events += 1
        where = f"position {position} (stream {stream_id!r}, version {version})"
        expected_position = self.head_position + 1
        if position != expected_position:
            if position > expected_position:
                missing = f"{expected_position}..{position - 1}"
                if position - 1 == expected_position:
                    missing = str(expected_position)
                self.report(f"{where}: position(s) {missing} missing before it: rows removed")
            else:
                self.report(f"{where}: position out of order after {self.head_position}")
        last_version, previous = self._streams.get(stream_id, (0, GENESIS))
        if version != last_version + 1:
            self.report(
                f"{where}: stream version {version} follows version {last_version}: "
                "rows removed or reordered in this stream"
            )
        content = row_content(
            stream_id,
            version,
            position,
            type_,
            schema_version,
            data_json,
            metadata_json,
            recorded_at,
        )
        s_hash = stream_hash(previous, content)
        if s_hash != stored_stream_hash:
            if version == last_version + 1:
                self.report(f"{where}: contents do not match the stream hash: row altered")
            s_hash = stored_stream_hash  # chain on from what is stored, to report each row once
        l_hash = log_hash(self.head_hash, stored_stream_hash)
        if l_hash != stored_log_hash:
            self.report(f"{where}: log hash does not chain from the previous row")
        self._streams[stream_id] = (version, s_hash)
        self.head_position = max(position, self.head_position)
        self.head_hash = stored_log_hash

    def check_noted(self, position: int, hash_: str, stored: str | None) -> None:
        """Compare a head noted earlier (position, log hash) with what the log now holds.

        ``stored`` is the log hash now stored at ``position``, or ``None`` if there is no
        such row: the tail of the log was cut off.
        """
        if stored is None:
            self.report(
                f"the log ends at position {self.head_position}, but position {position} was "
                "noted earlier: rows removed from the end"
            )
        elif stored != hash_:
            self.report(
                f"position {position}: log hash {stored[:12]}... differs from the noted "
                f"{hash_[:12]}...: the log was rewritten"
            )
