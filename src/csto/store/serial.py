"""How events become stored text, and how old schema versions are read: JSON and upcasters.

- :func:`dumps` is the one canonical JSON encoding (sorted keys, no spaces, UTF-8 kept),
  so equal data gives equal text, and therefore equal hashes and idempotency digests. The
  standard library's encoder defines it; orjson (sorted keys) writes the same text ten
  times faster for the data where the two agree byte for byte, plain dicts and lists of
  text, whole numbers, booleans and nulls, and is used for those only (floats, whose
  exponents orjson writes otherwise, and every other type go to the standard encoder).
- :func:`timestamp` formats the recording time the one way the store keeps it.
- :class:`Upcasters` holds functions that lift an event type's data from schema version
  ``n`` to ``n + 1``; a reader applies them in turn until the current version. Stored rows
  are never rewritten: upcasting happens on the way out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import Any

from csto.errors import InternalError, StoreError
from csto.store.port import NewEvent, StoredEvent

__all__ = ["Upcaster", "Upcasters", "batch_digest", "dumps", "timestamp", "utc_now"]

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode

_orjson: ModuleType | None
try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a platform without its wheels: the stdlib encodes
    _orjson = None
_SORTED = 0 if _orjson is None else _orjson.OPT_SORT_KEYS
_SCALARS = frozenset({str, int, bool, type(None)})


def _plain(value: dict[Any, Any]) -> bool:
    """Whether ``value`` holds only dicts with text keys, lists, tuples, text, whole numbers,
    booleans and None, each of exactly that type (no subclasses, no floats)."""
    scalars = _SCALARS
    for key, item in value.items():
        if type(key) is not str:
            return False
        kind = type(item)
        if kind in scalars:
            continue
        if kind is list or kind is tuple:
            for inner in item:
                if type(inner) not in scalars and not _plain({"": inner}):
                    return False
        elif kind is not dict or not _plain(item):
            return False
    return True


def dumps(value: Mapping[str, Any]) -> str:
    """Canonical JSON text of a mapping; raises StoreError for values JSON cannot hold."""
    if not value:
        return "{}"
    if _orjson is not None and type(value) is dict and _plain(value):
        try:
            encoded: bytes = _orjson.dumps(value, option=_SORTED)
            return encoded.decode()
        except TypeError:  # a lone surrogate, a number past 64 bits: the stdlib decides
            pass
    try:
        text = _CANONICAL(value)
        if not text.isascii():
            text.encode()  # a lone surrogate cannot be stored (nor hashed) as UTF-8
        return text
    except UnicodeEncodeError as exc:
        raise StoreError(
            "event data holds text that is not valid Unicode (a lone surrogate such as "
            "\\ud800); store whole characters only"
        ) from exc
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"event data is not JSON: {exc}; convert dates, sets and objects to plain "
            "values first (csto.record.codec.to_data does this for record events)"
        ) from exc


def utc_now() -> dt.datetime:
    """The current time in UTC (the default clock of every adapter)."""
    return dt.datetime.now(dt.UTC)


def timestamp(moment: dt.datetime) -> str:
    """The stored form of a recording time: ISO 8601 in UTC with microseconds and 'Z'."""
    if moment.tzinfo is None:
        raise InternalError("the store's clock must return timezone-aware times")
    utc = moment.astimezone(dt.UTC)
    if utc.year < 1000:  # strftime's %Y is not padded to four digits on every platform
        return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    # the same text as strftime("%Y-%m-%dT%H:%M:%S.%fZ"), in a third of the time
    return utc.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def batch_digest(stream_id: str, events: Sequence[NewEvent]) -> str:
    """A digest of what an append asked for, to tell a retry from a reused key."""
    h = hashlib.sha256(stream_id.encode())
    for e in events:
        h.update(
            b"\x00"
            + dumps({"t": e.type, "v": e.schema_version, "d": e.data, "m": e.metadata}).encode()
        )
    return h.hexdigest()


class Upcasters:
    """Functions lifting an event type's data one schema version at a time.

    >>> up = Upcasters()
    >>> up.register("SessionHeld", 1, lambda d: {**d, "format": "in person"})
    >>> up.current("SessionHeld")
    2
    """

    def __init__(self) -> None:
        self._steps: dict[tuple[str, int], Upcaster] = {}
        self._current: dict[str, int] = {}

    def register(self, type_: str, from_version: int, step: Upcaster) -> None:
        """Register how to lift ``type_`` data from ``from_version`` to the next version."""
        if (type_, from_version) in self._steps:
            raise InternalError(f"an upcaster for {type_} v{from_version} is already registered")
        self._steps[type_, from_version] = step
        self._current[type_] = max(self._current.get(type_, 1), from_version + 1)

    def current(self, type_: str) -> int:
        """The newest schema version of ``type_`` (1 if no upcaster is registered)."""
        return self._current.get(type_, 1)

    def upcast(self, event: StoredEvent) -> StoredEvent:
        """The event with its data lifted to the current schema version of its type."""
        target = self._current.get(event.type)
        if target is None or event.schema_version >= target:
            return event
        data = dict(event.data)
        version = event.schema_version
        while version < target:
            step = self._steps.get((event.type, version))
            if step is None:
                raise StoreError(
                    f"no upcaster for {event.type} from schema version {version} (event at "
                    f"position {event.position}); register one with Upcasters.register"
                )
            data = step(data)
            version += 1
        return dataclasses.replace(event, schema_version=version, data_json=dumps(data))

    def upcast_all(self, events: list[StoredEvent]) -> list[StoredEvent]:
        """:meth:`upcast` each event (a no-op when nothing is registered)."""
        if not self._current:
            return events
        return [self.upcast(e) for e in events]
