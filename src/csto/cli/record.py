"""``csto record``: validate, list, show and export the record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from csto import __version__
from csto.cli.output import DATE, console, print_json
from csto.errors import InputError, Problem
from csto.io import exports
from csto.io.recordfiles import load_record
from csto.record.codec import to_data
from csto.record.events import EVENT_TYPES
from csto.record.record import Record
from csto.state.document import (
    EventFilter,
    event_document,
    event_list_document,
    sources_document,
)

__all__ = ["export", "record"]


def _share_beyond_seeds(rec: Record) -> float:
    seeds = {s.id for s in rec.sources if s.kind == "seed"}
    beyond = sum(1 for e in rec.events if any(c.source not in seeds for c in e.sources))
    return beyond / len(rec.events) if rec.events else 0.0


@click.group()
def record() -> None:
    """The sourced record of the CST/CSTO: validate, list, show, export."""


@record.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--alone", is_flag=True, help="Check PATHS on their own, without the shipped record.")
def validate(paths: tuple[Path, ...], alone: bool) -> None:
    """Check record files: the shipped record, plus PATHS (files or directories).

    Every problem is listed with its file, line and field; exit 2 if there is any.
    """
    rec = load_record(paths, builtin=not alone)
    click.echo(
        f"ok: {len(rec.events)} events, {len(rec.sources)} sources, "
        f"{len(rec.instruments)} instruments; {_share_beyond_seeds(rec):.0%} of events cite "
        "a source beyond the seeds"
    )


@record.command("list")
@click.option(
    "--type",
    "types",
    multiple=True,
    metavar="TYPE",
    help="Only events of this type (repeatable): " + ", ".join(sorted(EVENT_TYPES)) + ".",
)
@click.option(
    "--state",
    "states",
    multiple=True,
    help="Only events concerning this state (a code or a name; repeatable).",
)
@click.option(
    "--from", "start", type=DATE, help="Only events that may have happened on or after this day."
)
@click.option(
    "--to", "end", type=DATE, help="Only events that may have happened on or before this day."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def list_(
    types: tuple[str, ...],
    states: tuple[str, ...],
    start: dt.date | None,
    end: dt.date | None,
    as_json: bool,
) -> None:
    """List events, oldest first, with filters."""
    rec = load_record()
    chosen = EventFilter.read(rec, types=types, states=states, start=start, end=end)
    if as_json:
        print_json(event_list_document(rec, chosen))
        return
    events = [e for e in rec.events if chosen.admits(e)]
    table = Table(title=f"{len(events)} events", show_lines=False)
    for col in ("date", "type", "states", "summary", "id"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(e.date.iso(), e.type, " ".join(e.states), e.summary, e.id)
    console.print(table)


@record.command()
@click.argument("event_id")
@click.option("--json", "as_json", is_flag=True, help="Print the event as JSON.")
def show(event_id: str, as_json: bool) -> None:
    """Show one event: its fields, its other versions, and its sources in full."""
    from csto.errors import UnknownIdError

    rec = load_record()
    if not rec.has_event(event_id):
        near = [e.id for e in rec.events if event_id.lower() in e.id][:8]
        hint = f" Did you mean: {', '.join(near)}?" if near else " See 'csto record list'."
        raise UnknownIdError(f"no event with id {event_id!r}.{hint}")
    event = rec.event(event_id)
    doc = event_document(rec, event_id)
    if as_json:
        print_json(doc)
        return
    cited = [s["id"] for s in doc["sources"]]
    console.print(
        f"[bold]{event.id}[/bold]  {event.type}  {event.date.iso()} ({event.date.precision})"
    )
    console.print(event.summary)
    for key, value in to_data(event).items():
        if key in ("id", "type", "summary", "date", "alternatives"):
            continue
        console.print(f"  [dim]{key}:[/dim] {value}")
    for alt in event.alternatives:
        changes = ", ".join(f"{k}={to_data(v)}" for k, v in alt.changes)
        console.print(f"  [yellow]other version[/yellow] '{alt.label}': {changes}")
        if alt.note:
            console.print(f"    {alt.note}")
    console.print("[bold]sources[/bold]")
    for sid in cited:
        src = rec.source(sid)
        console.print(f"  {sid}: {src.title} ({src.publisher or '-'}) {src.url or ''}")


@record.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def sources(as_json: bool) -> None:
    """List the registered sources and how many events cite each."""
    rec = load_record()
    doc = sources_document(rec)
    if as_json:
        print_json(doc)
        return
    counts = {s["id"]: s["cited_by"] for s in doc["sources"]}
    table = Table(title=f"{len(rec.sources)} sources")
    for col in ("id", "kind", "title", "cited by", "url"):
        table.add_column(col, overflow="fold")
    for s in rec.sources:
        table.add_row(s.id, s.kind, s.title, str(counts.get(s.id, 0)), s.url or "")
    console.print(table)


@record.command()
@click.option("--json", "as_json", is_flag=True, help="Print the manifest: one digest per item.")
def digest(as_json: bool) -> None:
    """The shipped record's digest, to cite with csto's version; --json prints the manifest
    that 'csto record diff' can compare later versions with."""
    from csto.io.snapshots import manifest_document

    doc = manifest_document(load_record(), __version__)
    if as_json:
        print_json(doc)
        return
    counts = doc["counts"]
    click.echo(f"csto {__version__}, record digest {doc['record_digest']}")
    click.echo(
        f"{counts['events']} events ({counts['disputed_events']} disputed), "
        f"{counts['sources']} sources, {counts['instruments']} instruments"
    )


@record.command("diff")
@click.argument("old")
@click.argument("new", default="shipped")
@click.option(
    "--repo",
    type=click.Path(path_type=Path, file_okay=False),
    help="The csto checkout whose git revisions OLD and NEW name (default: here).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (record-diff/1).")
def diff_(old: str, new: str, repo: Path | None, as_json: bool) -> None:
    """What moved between two versions of the record: events added, withdrawn, corrected,
    newly disputed or re-sourced, and sources and instruments.

    OLD and NEW are each 'shipped' (the installed record; NEW's default), a git revision
    (tag, branch, commit), a directory of record files, a JSON Lines export, or a manifest
    from 'csto record digest --json' (compared item by item only).
    """
    from csto.io.snapshots import diff_document, load_version

    doc = diff_document(load_version(old, repo), load_version(new, repo))
    if as_json:
        print_json(doc)
        return
    _print_diff(doc)


def _some(ids: list[str], most: int = 20) -> str:
    more = f" and {len(ids) - most} more" if len(ids) > most else ""
    return ", ".join(ids[:most]) + more


def _print_diff(doc: dict[str, Any]) -> None:
    old, new, counts, events = doc["old"], doc["new"], doc["counts"], doc["events"]
    for label, side in (("old", old), ("new", new)):
        where = f" {side['commit'][:12]}" if "commit" in side else ""
        click.echo(f"{label}: {side['name']} ({side['kind']}{where}) {side['record_digest']}")
    if doc["same"]:
        click.echo("the same record: nothing moved")
        return
    click.echo(
        "events: "
        + ", ".join(
            f"{counts[k]} {word}"
            for k, word in (
                ("added", "added"),
                ("removed", "withdrawn"),
                ("corrected", "corrected"),
                ("disputed", "newly or differently disputed"),
                ("cited", "re-sourced"),
                ("changed", "changed (manifest: no detail)"),
            )
            if counts[k] or k in ("added", "removed", "corrected")
        )
    )
    for title, key in (("added", "added"), ("withdrawn", "removed")):
        if events[key]:
            click.echo(f"{title}:")
            for e in events[key]:
                click.echo(f"  {e.get('date', '?'):<10} {e.get('type', '?'):<22} {e['id']}")
    if events["changed"]:
        click.echo("changed:")
        for e in events["changed"]:
            click.echo(f"  {e['id']} [{', '.join(e['kinds'])}]")
            for name, values in e["fields"].items():
                if "added" in values:
                    items = [f"+{x}" for x in values["added"]]
                    items += [f"-{x}" for x in values["removed"]]
                    click.echo(f"    {name}: {'; '.join(map(str, items)) or 'reordered'}")
                else:
                    click.echo(f"    {name}: {values['old']} -> {values['new']}")
    for part in ("sources", "instruments"):
        moved = doc[part]
        if any(moved.values()):
            click.echo(
                f"{part}: "
                + ", ".join(f"{len(v)} {k}" for k, v in moved.items())
                + "".join(f"\n  {k}: {_some(v)}" for k, v in moved.items() if v)
            )


FORMATS = ("csv", "jsonl", "parquet", "datapackage", "cow", "popolo", "atop")


@record.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="What to write.")
@click.option(
    "--out", type=click.Path(path_type=Path), required=True, help="Directory to write into."
)
def export(fmt: str, out: Path) -> None:
    """Export the record: csv, jsonl, parquet, a Frictionless data package, Correlates of War
    IGO codes, Popolo JSON, or ATOP-style obligation phases (docs/exports.md).

    Also available as 'csto export'.
    """
    if out.exists() and not out.is_dir():
        raise InputError(
            f"--out {out} is a file",
            (
                Problem(
                    "expected a directory to write into",
                    field="--out",
                    got="an existing file",
                    fix="name a directory (it is made if missing)",
                ),
            ),
        )
    rec = load_record()
    try:
        written = _write_export(rec, fmt, out)
    except OSError as exc:
        raise InputError(
            f"cannot write the export into {out}",
            (
                Problem(
                    f"{exc.strerror or exc}: {exc.filename or out}",
                    field="--out",
                    fix="choose a directory you can write to",
                ),
            ),
        ) from None
    for path in written:
        click.echo(f"wrote {path}")


def _write_export(rec: Record, fmt: str, out: Path) -> list[Path]:
    if fmt == "csv":
        written = exports.write_csv(rec, out)
    elif fmt == "jsonl":
        written = exports.write_jsonl(rec, out)
    elif fmt == "parquet":
        written = exports.write_parquet(rec, out)
    elif fmt == "datapackage":
        written = exports.write_datapackage(rec, out, __version__)
    elif fmt == "cow":
        from csto.io.cow import write_cow

        written = write_cow(rec, out)
    elif fmt == "popolo":
        from csto.io.popolo import write_popolo

        written = write_popolo(rec, out, __version__)
    else:
        from csto.io.atop import write_atop

        written = write_atop(rec, out)
    return list(written)
