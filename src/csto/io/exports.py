"""Write the record to files other tools read: CSV, JSON Lines, Parquet, a Frictionless
data package; and read the JSON Lines export back (a lossless round trip).

Tables: ``events`` (one row per event, type-specific fields as a JSON column), ``citations``
(event, source, locator, and the alternative it supports if any), ``sources`` and
``instruments``. The Correlates of War export lives in :mod:`csto.io.cow`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from csto.errors import InputError, RecordError
from csto.io.limits import load_json, read_text
from csto.record.codec import Decoder, to_data
from csto.record.events import Event
from csto.record.record import Record, assemble
from csto.record.sources import Instrument, Source

__all__ = [
    "TABLES",
    "read_jsonl",
    "table_rows",
    "write_csv",
    "write_datapackage",
    "write_jsonl",
    "write_parquet",
]

_COMMON = {
    "id",
    "type",
    "date",
    "recorded",
    "states",
    "summary",
    "confidence",
    "sources",
    "alternatives",
    "default_reason",
    "note",
}

#: table name -> [(column, Table Schema type, description)]
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "events": [
        ("id", "string", "Stable id of the event"),
        ("type", "string", "Event type (past tense), see docs/record-format.md"),
        ("date", "string", "Date as recorded: YYYY-MM-DD, YYYY-MM, YYYY, or a range D1/D2"),
        ("date_precision", "string", "day, month, year or range"),
        ("date_earliest", "date", "First day the date may stand for"),
        ("date_latest", "date", "Last day the date may stand for"),
        ("recorded", "date", "Day the event entered the record"),
        ("states", "string", "ISO 3166-1 alpha-3 codes of the states concerned, ';'-separated"),
        ("summary", "string", "One line in our own words"),
        ("confidence", "string", "high, medium or low"),
        ("disputed", "boolean", "Whether sources give other versions"),
        ("default_reason", "string", "Why the main version is the default, if disputed"),
        ("fields", "string", "The type-specific fields, as a JSON object"),
    ],
    "citations": [
        ("event_id", "string", "The event cited for"),
        ("source_id", "string", "The source cited"),
        ("locator", "string", "Where in the source (page, article, line)"),
        ("alternative", "string", "The alternative version this citation supports, if any"),
    ],
    "sources": [
        ("id", "string", "Stable id of the source"),
        ("title", "string", "Title"),
        ("publisher", "string", "Publisher or author"),
        ("url", "string", "Where it can be read"),
        ("language", "string", "ISO 639-1 language"),
        ("accessed", "date", "Day it was read"),
        ("kind", "string", "seed, primary, official, news, scholarship or reference"),
        ("published", "string", "Publication date if known"),
        ("note", "string", "Note"),
    ],
    "instruments": [
        ("id", "string", "Stable id of the instrument"),
        ("title_en", "string", "English title"),
        ("title_ru", "string", "Russian title"),
        ("kind", "string", "treaty, protocol, charter, agreement, ..."),
    ],
}


def _event_row(event: Event) -> dict[str, Any]:
    data = to_data(event)
    specific = {k: v for k, v in data.items() if k not in _COMMON}
    return {
        "id": event.id,
        "type": event.type,
        "date": event.date.iso(),
        "date_precision": event.date.precision,
        "date_earliest": event.date.earliest.isoformat(),
        "date_latest": event.date.latest.isoformat(),
        "recorded": event.recorded.isoformat(),
        "states": ";".join(event.states),
        "summary": event.summary,
        "confidence": event.confidence,
        "disputed": event.disputed,
        "default_reason": event.default_reason or "",
        "fields": json.dumps(specific, ensure_ascii=False, sort_keys=True),
    }


def _citations(record: Record) -> Iterator[dict[str, Any]]:
    for event in record.events:
        for c in event.sources:
            yield {
                "event_id": event.id,
                "source_id": c.source,
                "locator": c.locator or "",
                "alternative": "",
            }
        for alt in event.alternatives:
            for c in alt.sources:
                yield {
                    "event_id": event.id,
                    "source_id": c.source,
                    "locator": c.locator or "",
                    "alternative": alt.label,
                }


def table_rows(record: Record) -> dict[str, list[dict[str, Any]]]:
    """The record as four flat tables of rows (column name -> value)."""

    def flat(obj: Source | Instrument, table: str) -> dict[str, Any]:
        data = to_data(obj)
        return {col: data.get(col, "") for col, _, _ in TABLES[table]}

    return {
        "events": [_event_row(e) for e in record.events],
        "citations": list(_citations(record)),
        "sources": [flat(s, "sources") for s in record.sources],
        "instruments": [flat(i, "instruments") for i in record.instruments],
    }


def write_csv(record: Record, out: Path) -> list[Path]:
    """One CSV per table in ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in table_rows(record).items():
        path = out / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=[c for c, _, _ in TABLES[name]])
            writer.writeheader()
            for row in rows:
                writer.writerow(
                    {
                        k: ("true" if v is True else "false" if v is False else v)
                        for k, v in row.items()
                    }
                )
        written.append(path)
    return written


def write_jsonl(record: Record, out: Path) -> list[Path]:
    """Write sources, instruments and events as JSON Lines: lossless, one object a line."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, items in (
        ("sources", record.sources),
        ("instruments", record.instruments),
        ("events", record.events),
    ):
        path = out / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for item in items:
                fh.write(json.dumps(to_data(item), ensure_ascii=False, sort_keys=True) + "\n")
        written.append(path)
    return written


def read_jsonl(directory: Path) -> Record:
    """Read a JSON Lines export back into a checked Record."""
    sources: list[Source] = []
    instruments: list[Instrument] = []
    events: list[Event] = []
    decoders: list[Decoder] = []
    for name in ("sources", "instruments", "events"):
        path = directory / f"{name}.jsonl"
        if not path.exists():
            raise InputError(f"{path}: missing; a JSON Lines export has {name}.jsonl")
        decoder = Decoder(str(path))
        decoders.append(decoder)
        for n, line in enumerate(read_text(path).split("\n"), start=1):
            if not line.strip():
                continue
            try:
                data = load_json(str(path), line, line=n)
            except InputError as exc:
                raise RecordError(exc.message, exc.problems) from None
            if name == "sources":
                s = decoder.source(data, f"line {n}")
                if s is not None:
                    sources.append(s)
            elif name == "instruments":
                i = decoder.instrument(data, f"line {n}")
                if i is not None:
                    instruments.append(i)
            else:
                e = decoder.event(data, f"line {n}")
                if e is not None:
                    events.append(e)
    return assemble(
        sources,
        instruments,
        events,
        [r for d in decoders for r in d.references],
        [p for d in decoders for p in d.problems],
    )


def write_parquet(record: Record, out: Path) -> list[Path]:
    """One Parquet file per table (needs the ``export`` extra: pyarrow)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            "Parquet export needs pyarrow; install it with: pip install 'csto[export]'"
        ) from None
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in table_rows(record).items():
        columns = {c: [r[c] for r in rows] for c, _, _ in TABLES[name]}
        path = out / f"{name}.parquet"
        pq.write_table(pa.table(columns), path)
        written.append(path)
    return written


def write_datapackage(record: Record, out: Path, version: str) -> list[Path]:
    """CSV tables plus a Frictionless v2 ``datapackage.json`` with foreign keys."""
    written = write_csv(record, out)
    keys = {"events": "id", "sources": "id", "instruments": "id"}
    resources = []
    for name, columns in TABLES.items():
        schema: dict[str, Any] = {
            "fields": [
                {"name": c, "type": t, "description": d}
                | ({"trueValues": ["true"], "falseValues": ["false"]} if t == "boolean" else {})
                for c, t, d in columns
            ]
        }
        if name in keys:
            schema["primaryKey"] = [keys[name]]
        if name == "citations":
            schema["foreignKeys"] = [
                {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["id"]}},
                {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["id"]}},
            ]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "type": "table",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "csto-record",
        "title": "The record of the Collective Security Treaty Organization (csto)",
        "description": "Dated, sourced events of the CST/CSTO since 1992, with their sources.",
        "version": version,
        "csto_record_digest": record.digest(),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }
    path = out / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [*written, path]
