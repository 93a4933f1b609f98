"""``csto store``: create, verify, export, import and describe an event store.

Where the store is: ``--url URL`` (PostgreSQL), else ``--db PATH`` (SQLite), else the
``CSTO_DATABASE_URL`` environment variable (PostgreSQL), else the SQLite file in the user's
data directory (``$XDG_DATA_HOME/csto/csto.db``, or ``~/.local/share/csto/csto.db``).

The store's key (which signs its head record, so that a cut tail or a rewritten chain is
found without anyone keeping the head by hand) is a file kept outside the store:
``--key-file PATH``, else ``CSTO_STORE_KEY_FILE``, else ``store.key`` in the same data
directory. ``csto store init`` makes it (readable by its owner only) when it is missing;
the other commands use it when it is there. This module is the only place that reads these
variables.
"""

from __future__ import annotations

import functools
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from csto.cli.output import print_json
from csto.errors import InputError, IntegrityError, Problem
from csto.io.limits import read_text
from csto.store import EventStore, open_store
from csto.store.migrations import LATEST

__all__ = ["default_db_path", "default_key_path", "read_key", "store"]


def _data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "csto"


def default_db_path() -> Path:
    """The default SQLite file: in ``$XDG_DATA_HOME/csto`` or ``~/.local/share/csto``."""
    return _data_dir() / "csto.db"


def default_key_path() -> Path:
    """The store key's file: ``CSTO_STORE_KEY_FILE``, else ``store.key`` in the data
    directory."""
    named = os.environ.get("CSTO_STORE_KEY_FILE")
    return Path(named) if named else _data_dir() / "store.key"


def read_key(path: Path) -> bytes | None:
    """The key in ``path`` (64 hex digits), or None when there is no such file."""
    if not path.exists():
        return None
    try:
        text = read_text(path).strip()  # bounded: a key file is 64 characters
        if len(text) == 64 and text.isascii():
            return bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError, InputError):
        pass
    raise InputError(
        f"{path} is not a csto store key",
        (
            Problem(
                "not a key",
                file=str(path),
                expected="64 hexadecimal digits (as 'csto store init' writes)",
                fix="name the right file with --key-file, or move this one away",
            ),
        ),
    )


def _make_key(path: Path) -> bytes:
    """Write a new random key to ``path``, readable by its owner only."""
    key = secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    return key


def _target(db: Path | None, url: str | None) -> str:
    if db is not None and url is not None:
        raise click.UsageError("give --db PATH or --url URL, not both")
    if url is not None:
        return url
    if db is not None:
        return str(db)
    return os.environ.get("CSTO_DATABASE_URL") or str(default_db_path())


_KEY_FILE = click.option(
    "--key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The store's key, kept outside the store (default: $CSTO_STORE_KEY_FILE, else "
    "store.key in the data directory).",
)


def _where(options: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--db``, ``--url``, ``--schema`` and ``--key-file`` to a command."""

    @click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        help="SQLite file (default: $XDG_DATA_HOME/csto/csto.db).",
    )
    @click.option("--url", help="PostgreSQL URL (default: $CSTO_DATABASE_URL if set).")
    @click.option(
        "--schema", default="public", show_default=True, help="PostgreSQL schema of the store."
    )
    @_KEY_FILE
    @functools.wraps(options)
    def wrapper(
        db: Path | None, url: str | None, schema: str, key_file: Path | None, **kwargs: Any
    ) -> Any:
        return options(_target(db, url), schema, key_file or default_key_path(), **kwargs)

    return wrapper


def _open(target: str, schema: str, key_file: Path, create: bool = False) -> EventStore:
    return open_store(target, create=create, schema=schema, key=read_key(key_file))


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
def init(target: str, schema: str, key_file: Path) -> None:
    """Create the store (or bring its schema up to date), and its key if there is none;
    sign the store's head record with the key. Safe to run again.

    The default store's directory is made if missing (and said); a directory named with
    --db must exist."""
    if "://" not in target:
        folder = Path(target).parent
        if not folder.is_dir():
            if Path(target) != default_db_path():
                raise InputError(
                    f"no directory {folder} for the store",
                    (
                        Problem(
                            "the directory does not exist",
                            field="--db",
                            fix=f"create it first (mkdir -p {folder}), or check the path",
                        ),
                    ),
                )
            folder.mkdir(parents=True)
            click.echo(f"made the data directory {folder}", err=True)
    key = read_key(key_file)
    if key is None:
        key = _make_key(key_file)
        click.echo(
            f"made the store key {key_file} (owner-only); it signs the store's head record: "
            "keep it, and keep it outside the store",
            err=True,
        )
    s = open_store(target, create=True, schema=schema, key=key)
    try:
        s.seal()  # verifies the chains, keys and head record first; signs only what holds
        head = s.head()
    finally:
        s.close()
    click.echo(
        f"store ready at {_describe(target)} (schema version {LATEST}, {head} events; "
        "head record signed)"
    )


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
def verify(target: str, schema: str, key_file: Path, noted: str | None) -> None:
    """Recompute every hash chain, check every idempotency key against its events, and
    compare the log with the store's signed head record: name each altered, removed,
    reordered or added row, a cut tail and a rewritten chain (exit 1). Never writes."""
    head = _parse_head(noted)
    s = _open(target, schema, key_file)
    try:
        report = s.verify(head)
    finally:
        s.close()
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
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
def export(target: str, schema: str, key_file: Path, output: Path | None) -> None:
    """Write every event as JSON Lines, in log order, with its hashes."""
    from csto.store.jsonl import export as export_jsonl

    s = _open(target, schema, key_file)
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
def import_(target: str, schema: str, key_file: Path, file: Path) -> None:
    """Import a JSON Lines export into a new, empty store.

    Every line is checked first (JSON, fields, record events, hash chains); if anything is
    wrong, each problem is named by line and field and nothing is written.
    """
    from csto.store.jsonl import load_export

    events = load_export(file)  # everything is checked before the store is touched
    s = _open(target, schema, key_file, create=True)
    try:
        count = s.restore(events)
    finally:
        s.close()
    click.echo(f"imported {count} events into {_describe(target)}")


@store.command()
@_where
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def info(target: str, schema: str, key_file: Path, as_json: bool) -> None:
    """Where the store is, how many events it holds, and its head."""
    s = _open(target, schema, key_file)
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
