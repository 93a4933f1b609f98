"""``csto store``: create, verify, export, import and describe an event store.

Where the store is: ``--url URL`` (PostgreSQL), else ``--db PATH`` (SQLite), else the
``CSTO_DATABASE_URL`` environment variable (PostgreSQL), else the SQLite file in the user's
data directory (``$XDG_DATA_HOME/csto/csto.db``, or ``~/.local/share/csto/csto.db``). This
module is the only place that reads those variables.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from csto.cli.output import print_json
from csto.errors import InputError, IntegrityError, Problem
from csto.store import EventStore, open_store
from csto.store.migrations import LATEST

__all__ = ["default_db_path", "store"]


def default_db_path() -> Path:
    """The default SQLite file: in ``$XDG_DATA_HOME/csto`` or ``~/.local/share/csto``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "csto" / "csto.db"


def _target(db: Path | None, url: str | None) -> str:
    if db is not None and url is not None:
        raise click.UsageError("give --db PATH or --url URL, not both")
    if url is not None:
        return url
    if db is not None:
        return str(db)
    return os.environ.get("CSTO_DATABASE_URL") or str(default_db_path())


def _where(options: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--db``, ``--url`` and ``--schema`` to a command, and open the store for it."""

    @click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        help="SQLite file (default: $XDG_DATA_HOME/csto/csto.db).",
    )
    @click.option("--url", help="PostgreSQL URL (default: $CSTO_DATABASE_URL if set).")
    @click.option(
        "--schema", default="public", show_default=True, help="PostgreSQL schema of the store."
    )
    @functools.wraps(options)
    def wrapper(db: Path | None, url: str | None, schema: str, **kwargs: Any) -> Any:
        return options(_target(db, url), schema, **kwargs)

    return wrapper


def _open(target: str, schema: str, create: bool = False) -> EventStore:
    return open_store(target, create=create, schema=schema)


def _describe(target: str) -> str:
    if "://" in target:
        import re

        return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", target)
    return target


@click.group()
def store() -> None:
    """The event store: sessions and studies, append-only and tamper-evident.

    SQLite by default (a file in your data directory, or --db PATH); PostgreSQL with
    --url URL or CSTO_DATABASE_URL.
    """


@store.command()
@_where
def init(target: str, schema: str) -> None:
    """Create the store (or bring its schema up to date). Safe to run again."""
    s = _open(target, schema, create=True)
    try:
        head = s.head()
    finally:
        s.close()
    click.echo(f"store ready at {_describe(target)} (schema version {LATEST}, {head} events)")


def _parse_head(value: str | None) -> tuple[int, str] | None:
    if value is None:
        return None
    position, _, hash_ = value.partition(":")
    if not position.isdigit() or len(hash_) != 64:
        raise InputError(
            f"--head {value!r} is not POSITION:HASH",
            (Problem("expected the 'head' printed by an earlier verify", field="--head"),),
        )
    return int(position), hash_


@store.command()
@_where
@click.option(
    "--head",
    "noted",
    metavar="POS:HASH",
    help="A head printed by an earlier verify; finds rows cut from the end.",
)
def verify(target: str, schema: str, noted: str | None) -> None:
    """Recompute every hash chain; name each altered, removed or reordered row (exit 1)."""
    head = _parse_head(noted)
    s = _open(target, schema)
    try:
        report = s.verify(head)
    finally:
        s.close()
    if not report.ok:
        raise IntegrityError(
            f"{_describe(target)}: {len(report.problems)} problem(s) in {report.events} events",
            tuple(Problem(p) for p in report.problems),
        )
    click.echo(
        f"ok: {report.events} events in {report.streams} streams verify; "
        f"head {report.head_position}:{report.head_hash}"
    )


@store.command()
@_where
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of standard output.",
)
def export(target: str, schema: str, output: Path | None) -> None:
    """Write every event as JSON Lines, in log order, with its hashes."""
    from csto.store.jsonl import export as export_jsonl

    s = _open(target, schema)
    try:
        if output is None:
            count = export_jsonl(s, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as handle:
                count = export_jsonl(s, handle)
            click.echo(f"exported {count} events to {output}", err=True)
    finally:
        s.close()


@store.command("import")
@_where
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(target: str, schema: str, file: Path) -> None:
    """Import a JSON Lines export into a new, empty store.

    Every line is checked first (JSON, fields, record events, hash chains); if anything is
    wrong, each problem is named by line and field and nothing is written.
    """
    from csto.store.jsonl import load_export

    events = load_export(file)  # everything is checked before the store is touched
    s = _open(target, schema, create=True)
    try:
        count = s.restore(events)
    finally:
        s.close()
    click.echo(f"imported {count} events into {_describe(target)}")


@store.command()
@_where
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def info(target: str, schema: str, as_json: bool) -> None:
    """Where the store is, how many events it holds, and its head."""
    s = _open(target, schema)
    try:
        head = s.head()
        last = s.read_all(after=head - 1) if head else []
    finally:
        s.close()
    doc = {
        "location": _describe(target),
        "kind": "postgresql" if "://" in target else "sqlite",
        "schema_version": LATEST,
        "events": head,
        "head": f"{head}:{last[0].log_hash}" if last else None,
        "last_recorded_at": last[0].recorded_at if last else None,
    }
    if as_json:
        print_json(doc)
        return
    for key, value in doc.items():
        click.echo(f"{key:<17} {value if value is not None else '-'}")
