"""Export a store as JSON Lines, and import such a file: validated in full before writing.

One line per event, in position order, with every column the hashes cover::

    {"position": 1, "stream_id": "council", "version": 1, "type": "SessionHeld",
     "schema_version": 1, "data": {...}, "metadata": {...},
     "recorded_at": "2024-11-24T14:00:00.000000Z", "stream_hash": "...", "log_hash": "..."}

:func:`read_export` checks every line (JSON, fields and their types, record events through
:func:`csto.record.codec.event_from_data`, and both hash chains) and raises one
:class:`~csto.errors.ImportDataError` listing each problem with its line and field.
:func:`import_file` writes only when nothing is wrong, in one transaction, into an empty
store, so an import is all or nothing and the hashes survive the trip.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from csto.errors import ImportDataError, InputError, LimitError, Problem, RecordError, preview
from csto.io.limits import load_json, read_text
from csto.store.hashchain import ChainChecker
from csto.store.port import EventStore, StoredEvent
from csto.store.records import CODEC, record_event_of
from csto.store.serial import dumps

__all__ = ["export", "import_file", "load_export", "read_export"]

_HASH = re.compile(r"^[0-9a-f]{64}$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
_FIELDS: dict[str, tuple[type, str]] = {
    "position": (int, "a whole number >= 1"),
    "stream_id": (str, "a non-empty string"),
    "version": (int, "a whole number >= 1"),
    "type": (str, "a non-empty string"),
    "schema_version": (int, "a whole number >= 1"),
    "data": (dict, "a JSON object"),
    "metadata": (dict, "a JSON object"),
    "recorded_at": (str, "a UTC time like 2024-11-24T14:00:00.000000Z"),
    "stream_hash": (str, "64 lower-case hex digits"),
    "log_hash": (str, "64 lower-case hex digits"),
}
_MAX_PROBLEMS = 200


def _pages(store: EventStore, page: int = 10_000) -> Iterator[list[StoredEvent]]:
    after = 0
    while batch := store.read_all(after=after, limit=page):
        yield batch
        after = batch[-1].position


def export(store: EventStore, out: IO[str]) -> int:
    """Write every event of ``store`` to ``out`` as JSON Lines; returns how many."""
    count = 0
    for batch in _pages(store):
        for e in batch:
            line = {
                "position": e.position,
                "stream_id": e.stream_id,
                "version": e.version,
                "type": e.type,
                "schema_version": e.schema_version,
                "data": e.data,
                "metadata": e.metadata,
                "recorded_at": e.recorded_at,
                "stream_hash": e.stream_hash,
                "log_hash": e.log_hash,
            }
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count


def _check_fields(obj: dict[str, Any], file: str, line: int) -> list[Problem]:
    problems = []
    for name in obj:
        if name not in _FIELDS:
            problems.append(Problem(f"unknown field {name!r}", file, line, name, fix="remove it"))
    for name, (kind, expected) in _FIELDS.items():
        if name not in obj:
            problems.append(Problem("missing field", file, line, name, expected=expected))
            continue
        value = obj[name]
        bad = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if not bad and kind is int:
            bad = value < 1
        if not bad and kind is str:
            bad = not value.strip()
            if name.endswith("_hash"):
                bad = bad or not _HASH.match(value)
            if name == "recorded_at":
                bad = bad or not _TIME.match(value)
        if bad:
            problems.append(
                Problem("wrong value", file, line, name, expected=expected, got=preview(value))
            )
    return problems


def _record_problems(event: StoredEvent, file: str, line: int) -> list[Problem]:
    try:
        record_event_of(event)
    except RecordError as exc:
        return [
            Problem(
                p.message,
                file,
                line,
                f"data.{(p.field or '').removeprefix('event.')}",
                p.expected,
                p.got,
                p.fix,
            )
            for p in exc.problems
        ] or [Problem(exc.message, file, line, "data")]
    return []


def read_export(lines: Iterable[str], file: str = "<import>") -> list[StoredEvent]:
    """Every event of an export, or ImportDataError listing each problem by line and field."""
    problems: list[Problem] = []
    events: list[StoredEvent] = []
    checker = ChainChecker(max_problems=_MAX_PROBLEMS)
    for number, text in enumerate(lines, start=1):
        if len(problems) >= _MAX_PROBLEMS:
            break
        if not text.strip():
            continue
        try:
            obj = load_json(file, text, line=number)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if not isinstance(obj, dict):
            problems.append(
                Problem("expected one JSON object per line", file, number, got=type(obj).__name__)
            )
            continue
        found = _check_fields(obj, file, number)
        if found:
            problems.extend(found)
            continue
        event = StoredEvent(
            obj["position"], obj["stream_id"], obj["version"], obj["type"], obj["schema_version"],
            dumps(obj["data"]), dumps(obj["metadata"]), obj["recorded_at"],
            obj["stream_hash"], obj["log_hash"],
        )  # fmt: skip
        if obj["metadata"].get("codec") == CODEC:
            problems.extend(_record_problems(event, file, number))
        before = len(checker.problems)
        checker.check(
            event.position, event.stream_id, event.version, event.type, event.schema_version,
            event.data_json, event.metadata_json, event.recorded_at,
            event.stream_hash, event.log_hash,
        )  # fmt: skip
        problems.extend(
            Problem(text, file, number, "stream_hash/log_hash")
            for text in checker.problems[before:]
        )
        events.append(event)
    if problems:
        raise ImportDataError(
            f"{file}: {len(problems)} problem(s); nothing was imported", tuple(problems)
        )
    return events


def load_export(path: Path) -> list[StoredEvent]:
    """Read and validate the whole export at ``path`` (see :func:`read_export`)."""
    try:
        text = read_text(path)
    except LimitError:
        raise
    except InputError as exc:
        raise ImportDataError(exc.message, exc.problems) from None
    events = read_export(text.splitlines(), str(path))
    if not events:
        raise ImportDataError(f"{path} holds no events; nothing was imported")
    return events


def import_file(store: EventStore, path: Path) -> int:
    """Validate the whole export at ``path``, then restore it into ``store`` (empty)."""
    return store.restore(load_export(path))
