"""The curated record at N times its events, for the scale figures (not facts: bench data).

Every event of the curated record is told ``factor`` times: copy ``k`` of an event has the
id ``ID.copyK`` (copy 0 keeps the id) and the same date, type and fields, and a reference to
another event (``session``) points to that event's copy ``k``. The history it tells is the
curated one with every fact repeated: the same boundary days, ``factor`` times the events
on each, entries whose lists of events grow ``factor`` times. Sources and instruments are
not repeated.

:func:`scaled_record` clones the loaded events (for the state figures); :func:`scaled_texts`
writes the record files themselves (for the loading figures), block-style YAML as the
curated files are written.
"""

from __future__ import annotations

import dataclasses
import io
from functools import cache
from typing import Any

from csto.record.events import Event
from csto.record.record import Record


def _clone_id(event_id: str, k: int) -> str:
    return event_id if k == 0 else f"{event_id}.copy{k}"


def _clone(event: Event, k: int) -> Event:
    changes: dict[str, Any] = {"id": _clone_id(event.id, k)}
    for f in dataclasses.fields(event):
        value = getattr(event, f.name)
        if f.metadata.get("kind") == "event" and isinstance(value, str):
            changes[f.name] = _clone_id(value, k)
    return dataclasses.replace(event, **changes)


@cache
def scaled_record(factor: int) -> Record:
    """The curated record with every event told ``factor`` times (see the module's doc)."""
    from csto.io.recordfiles import load_record

    base = load_record()
    if factor == 1:
        return base
    events = sorted(
        (_clone(e, k) for e in base.events for k in range(factor)),
        key=lambda e: (e.date.earliest, e.date.latest, e.id),
    )
    return Record(base.sources, base.instruments, tuple(events))


def scaled_texts(factor: int) -> list[tuple[str, str]]:
    """(name, YAML text) of the curated record files with every event told ``factor`` times."""
    from ruamel.yaml import YAML

    from csto.io.recordfiles import builtin_files

    reader = YAML(typ="safe", pure=False)
    writer = YAML(typ="safe", pure=False)
    writer.default_flow_style = False
    writer.width = 4096
    # copies share their nested values: written out each time, never as YAML aliases (the
    # loader bounds what aliases may expand to, as it should for hostile files)
    writer.representer.ignore_aliases = lambda _data: True
    out = []
    for name, text in builtin_files():
        doc = reader.load(text) or {}
        events = doc.get("events") or []
        if events:
            doc["events"] = [_clone_data(e, k) for e in events for k in range(factor)]
        buffer = io.StringIO()
        writer.dump(doc, buffer)
        out.append((name, buffer.getvalue()))
    return out


def _clone_data(data: dict[str, Any], k: int) -> dict[str, Any]:
    copy = dict(data)
    copy["id"] = _clone_id(str(data["id"]), k)
    if isinstance(data.get("session"), str):
        copy["session"] = _clone_id(data["session"], k)
    return copy
