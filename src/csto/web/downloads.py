"""Every table on the site as a file, written as the command line writes it.

- ``/download/members.csv|json?date=D``: the members on a day, the rows of ``csto state D
  --json``'s ``members`` (and signatories) with the same fields;
- ``/download/timeline.csv?...``: the timeline as filtered, with the columns of the
  ``events`` table that ``csto export --format csv`` writes (its rows, filtered);
- ``/download/sources.csv|json|bib``: the sources, as the ``sources`` table of the CSV
  export, as ``csto record sources --json``, and as BibTeX;
- ``/download/record-FORMAT.zip``: the whole record in each format ``csto export`` writes
  (csv, jsonl, parquet, datapackage, cow, popolo, atop), made by the same functions of
  :mod:`csto.io` into a scratch directory, zipped, and kept (the record does not change
  while the server runs).

The ``/downloads`` page lists them all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from csto import __version__
from csto.errors import InputError, Problem, UnknownIdError
from csto.io import exports
from csto.io.bibtex import bibtex
from csto.record.record import Record
from csto.state.document import sources_document, state_document
from csto.web.pages import _render, _site
from csto.web.params import parse_day, parse_kinds, parse_state

__all__ = ["FORMATS", "record_zip", "router"]

router = APIRouter(include_in_schema=False)

#: the whole-record formats, as ``csto export --format`` names them, and what each is
FORMATS: dict[str, str] = {
    "csv": "CSV tables: events, citations, sources, instruments",
    "jsonl": "JSON Lines, one object per event (reads back losslessly)",
    "parquet": "Parquet tables, for data tools (pandas, R arrow, DuckDB)",
    "datapackage": "a Frictionless data package: the CSV tables with their description",
    "cow": "Correlates of War IGO codes: each state's membership, year by year",
    "popolo": "Popolo JSON: organizations, memberships, posts and people",
    "atop": "ATOP-style obligation phases of the Treaty",
}

_WRITERS: dict[str, Callable[[Record, Path], list[Path]]] = {
    "csv": exports.write_csv,
    "jsonl": exports.write_jsonl,
    "parquet": exports.write_parquet,
    "datapackage": lambda rec, out: exports.write_datapackage(rec, out, __version__),
}
_ZIPS: dict[tuple[str, str], bytes] = {}
_ZIP_LOCK = threading.Lock()


def _writer(fmt: str) -> Callable[[Record, Path], list[Path]]:
    if fmt in _WRITERS:
        return _WRITERS[fmt]
    if fmt == "cow":
        from csto.io.cow import write_cow

        return lambda rec, out: write_cow(rec, out)
    if fmt == "popolo":
        from csto.io.popolo import write_popolo

        return lambda rec, out: write_popolo(rec, out, __version__)
    from csto.io.atop import write_atop

    return write_atop


def record_zip(record: Record, fmt: str) -> bytes:
    """The record exported as ``csto export --format FMT`` writes it, zipped (made once)."""
    key = (record.digest(), fmt)
    with _ZIP_LOCK:
        if key not in _ZIPS:
            with tempfile.TemporaryDirectory(prefix="csto-export-") as tmp:
                out = Path(tmp) / f"csto-{fmt}"
                written = _writer(fmt)(record, out)
                buffer = io.BytesIO()
                with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
                    for path in sorted(written):
                        z.write(path, f"csto-{fmt}/{path.relative_to(out)}")
                _ZIPS[key] = buffer.getvalue()
        return _ZIPS[key]


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False)
                if isinstance(v, list | dict)
                else ("true" if v is True else "false" if v is False else "" if v is None else v)
                for k, v in row.items()  # booleans as csto export writes them
            }
        )
    return buffer.getvalue().encode("utf-8")


def _file(body: bytes, name: str, media: str) -> Response:
    return Response(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


DateQ = Annotated[str | None, Query()]


@router.get("/downloads", response_class=HTMLResponse)
async def downloads_page(request: Request) -> Response:
    """Every table of the site and the whole record, as files."""
    return _render(request, "downloads.html", formats=FORMATS)


MEMBER_COLUMNS = ["state", "name", "status", "since", "member_since", "effective", "events"]


@router.get("/download/members.{ext}")
async def members_file(request: Request, ext: str, date: DateQ = None) -> Response:
    """The members (and signatories) on a day, as ``csto state D --json`` lists them."""
    site = _site(request)
    day = parse_day(date, "date", default=dt.date.today())
    doc = state_document(site.on(day), site.record)
    if ext == "json":
        # the members and signatories of the state document, as csto state D --json has them
        part = {k: doc[k] for k in ("schema", "date", "members", "signatories")}
        body = json.dumps(part, ensure_ascii=False, indent=1).encode()
        return _file(body, f"csto-members-{day}.json", "application/json")
    if ext == "csv":
        rows = doc["members"] + doc["signatories"]
        body = _csv(rows, MEMBER_COLUMNS)
        return _file(body, f"csto-members-{day}.csv", "text/csv; charset=utf-8")
    raise _unknown_ext(ext, ("csv", "json"))


@router.get("/download/timeline.csv")
async def timeline_file(
    request: Request,
    state: Annotated[str | None, Query()] = None,
    kind: Annotated[list[str] | None, Query()] = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    disputed: Annotated[str | None, Query()] = None,
) -> Response:
    """The timeline as filtered on its page, with the columns of the CSV export's events
    table."""
    site = _site(request)
    code = parse_state(state, "state", site.state_codes)
    kinds = parse_kinds(kind, "kind")
    d1 = parse_day(start, "from") if start else None
    d2 = parse_day(end, "to") if end else None
    events = site.history.timeline(state=code, kind=kinds or None, start=d1, end=d2)
    if disputed:
        events = [e for e in events if e.disputed]
    wanted = {e.id for e in events}
    rows = [r for r in exports.table_rows(site.record)["events"] if r["id"] in wanted]
    columns = [c for c, _, _ in exports.TABLES["events"]]
    return _file(_csv(rows, columns), "csto-timeline.csv", "text/csv; charset=utf-8")


@router.get("/download/sources.{ext}")
async def sources_file(request: Request, ext: str) -> Response:
    """The sources: the CSV export's table, ``csto record sources --json``, or BibTeX."""
    record = _site(request).record
    if ext == "csv":
        rows = exports.table_rows(record)["sources"]
        columns = [c for c, _, _ in exports.TABLES["sources"]]
        return _file(_csv(rows, columns), "csto-sources.csv", "text/csv; charset=utf-8")
    if ext == "json":
        body = json.dumps(sources_document(record), ensure_ascii=False, indent=1).encode()
        return _file(body, "csto-sources.json", "application/json")
    if ext == "bib":
        return _file(bibtex(record.sources).encode(), "csto-sources.bib", "application/x-bibtex")
    raise _unknown_ext(ext, ("csv", "json", "bib"))


@router.get("/download/table/{name}.csv")
async def table_file(request: Request, name: str) -> Response:
    """One table of ``csto export --format csv`` (events, citations, sources, instruments),
    the same bytes as the file that command writes."""
    if name not in exports.TABLES:
        raise UnknownIdError(
            f"no export table {name[:20]!r}",
            (
                Problem(
                    "no such table",
                    field="name",
                    expected="one of " + ", ".join(exports.TABLES),
                    got=repr(name[:20]),
                ),
            ),
        )
    rows = exports.table_rows(_site(request).record)[name]
    columns = [c for c, _, _ in exports.TABLES[name]]
    return _file(_csv(rows, columns), f"csto-{name}.csv", "text/csv; charset=utf-8")


@router.get("/download/record-{fmt}.zip")
def record_file(request: Request, fmt: str) -> Response:
    """The whole record as ``csto export --format FMT --out DIR`` writes it, zipped."""
    if fmt not in FORMATS:
        raise UnknownIdError(
            f"no export format {fmt[:20]!r}",
            (Problem("no such format", field="fmt", expected="one of " + ", ".join(FORMATS)),),
        )
    body = record_zip(_site(request).record, fmt)
    return _file(body, f"csto-{fmt}.zip", "application/zip")


def _unknown_ext(ext: str, known: tuple[str, ...]) -> InputError:
    return UnknownIdError(
        f"no such file type {ext[:10]!r}",
        (Problem("no such file type", field="ext", expected="one of " + ", ".join(known)),),
    )
