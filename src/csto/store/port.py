"""The port of the event store: the :class:`EventStore` protocol and the types it speaks.

Every adapter (:mod:`~csto.store.memory`, :mod:`~csto.store.sqlite`,
:mod:`~csto.store.postgres`) implements :class:`EventStore`, and one contract suite
(``tests/store/contract.py``) holds them all to the same behaviour:

- ``append(stream_id, events, expected_version=..., idempotency_key=...)`` writes a batch
  to one stream, all of it or none of it. ``expected_version`` is the stream's version the
  caller last saw (0: the stream must not exist yet; :data:`ANY`: do not check). A stale
  one raises :class:`~csto.errors.ConcurrencyError` and writes nothing. Retrying with the
  same ``idempotency_key`` returns the first result (``duplicate=True``) and writes nothing.
- ``read_stream`` reads one stream in version order; ``read_all`` reads the whole log in
  position order after a position; ``wait`` blocks until there are events after a position
  (or a timeout passes) and returns them.
- ``verify`` recomputes the hash chains (per stream and over the whole log) and names every
  row that was altered, removed or reordered; checks every idempotency key against the
  events it names; and compares the log with the store's head record (its last position
  and hash, its keys, signed with the store's key when one is given), which finds a cut
  tail or a rewritten chain without anyone keeping the head by hand.
- ``seal`` verifies the whole store and signs its head record with the store's key (after
  an upgrade, or after writers without the key).

Versions start at 1 in each stream; positions start at 1 in the log and have no gaps.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol, runtime_checkable

__all__ = [
    "ANY",
    "AppendResult",
    "EventStore",
    "NewEvent",
    "StoredEvent",
    "VerifyReport",
]

#: ``expected_version=ANY`` appends whatever the stream's version is.
ANY: Final = -1


#: NewEvent's default metadata: a fresh empty dict for each event
_FRESH: Any = object()


@dataclass(frozen=True, slots=True, init=False)
class NewEvent:
    """An event to append: its type, JSON-ready data and metadata, and its schema version."""

    type: str
    data: Mapping[str, Any]
    metadata: Mapping[str, Any] = field(default_factory=dict)
    schema_version: int = 1

    def __init__(
        self,
        type: str,
        data: Mapping[str, Any],
        metadata: Mapping[str, Any] = _FRESH,
        schema_version: int = 1,
    ) -> None:
        # what the generated __init__ of a frozen dataclass does, in half the time: each
        # slot set through its descriptor, not object.__setattr__ (an append of many
        # events builds one NewEvent per event)
        _set_type(self, type)
        _set_data(self, data)
        _set_metadata(self, {} if metadata is _FRESH else metadata)
        _set_schema_version(self, schema_version)


_set_type, _set_data, _set_metadata, _set_schema_version = (
    NewEvent.__dict__[f].__set__ for f in ("type", "data", "metadata", "schema_version")
)


@dataclass(frozen=True)
class StoredEvent:
    """An event as the store holds it.

    ``data`` and ``metadata`` are decoded from their stored JSON text on first access;
    the text itself (``data_json``, ``metadata_json``) is what the hashes cover.
    ``recorded_at`` is the ISO 8601 UTC time the store recorded the event, as stored.
    """

    position: int
    stream_id: str
    version: int
    type: str
    schema_version: int
    data_json: str
    metadata_json: str
    recorded_at: str
    stream_hash: str
    log_hash: str

    @functools.cached_property
    def data(self) -> dict[str, Any]:
        """The event's data, decoded."""
        value: dict[str, Any] = json.loads(self.data_json)
        return value

    @functools.cached_property
    def metadata(self) -> dict[str, Any]:
        """The event's metadata, decoded."""
        value: dict[str, Any] = json.loads(self.metadata_json)
        return value


@dataclass(frozen=True, slots=True)
class AppendResult:
    """What an append wrote: the stream's versions and the log's positions it now holds.

    ``duplicate`` is true when the idempotency key had been used before: nothing was
    written and the versions and positions are those of the first append.
    """

    stream_id: str
    first_version: int
    last_version: int
    first_position: int
    last_position: int
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """The result of checking every hash chain: ``ok`` when ``problems`` is empty.

    ``head_position`` and ``head_hash`` identify the last row (the store's head record keeps
    them too; ``csto store verify --head POS:HASH`` still checks one kept elsewhere).
    ``notes`` say what was checked and how (signed or not), without being problems.
    """

    events: int
    streams: int
    head_position: int
    head_hash: str
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every chain verifies."""
        return not self.problems


@runtime_checkable
class EventStore(Protocol):
    """The event store port. Adapters are thread-safe; close them when done."""

    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        *,
        expected_version: int,
        idempotency_key: str | None = None,
    ) -> AppendResult:
        """Append a batch to a stream: all of it or none of it (see the module docstring)."""
        ...

    def stream_version(self, stream_id: str) -> int:
        """The stream's current version (0 when it has no events)."""
        ...

    def read_stream(
        self, stream_id: str, *, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        """The stream's events from ``from_version`` on, in version order."""
        ...

    def read_all(self, *, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        """The log's events after position ``after``, in position order."""
        ...

    def head(self) -> int:
        """The position of the last event in the log (0 when it is empty)."""
        ...

    def wait(self, *, after: int, timeout: float) -> list[StoredEvent]:
        """Events after ``after``, waiting up to ``timeout`` seconds for some to arrive."""
        ...

    def verify(self, noted: tuple[int, str] | None = None) -> VerifyReport:
        """Recompute every hash chain and report each row that does not verify.

        ``noted`` is a head (position, log hash) kept from an earlier verify: the log must
        still hold that row with that hash, which detects a cut-off or rewritten tail.
        """
        ...

    def seal(self) -> VerifyReport:
        """Verify the whole store and, if it verifies, sign its head record with the store's
        key. Raises :class:`~csto.errors.IntegrityError` if it does not verify and
        :class:`~csto.errors.StoreError` if the store was opened without a key."""
        ...

    def restore(self, events: Sequence[StoredEvent]) -> int:
        """Write exported events into an empty store, keeping positions, times and hashes.

        All or nothing; raises :class:`~csto.errors.ImportDataError` if the store is not
        empty or a hash does not match. Returns the number of events written.
        """
        ...

    def close(self) -> None:
        """Release connections. The store cannot be used afterwards."""
        ...
