"""Edge: play an exercise from the terminal, against an event store.

``csto exercise new`` creates one (from a ready exercise, a file, or a date) and writes each
seat's credential to its own file (mode 0600) in ``--credentials DIR``; every other command
acts as the seat whose credential it is given. A credential is read from the file named by
``--credential-file`` or ``CSTO_EXERCISE_CREDENTIAL_FILE``, or from ``CSTO_EXERCISE_CREDENTIAL``
(the token itself): never from an option's value, which other users of the machine can see
in the process list and which stays in shell histories.

Where the store is: ``--db PATH`` (SQLite), ``--url URL`` (PostgreSQL), else
``CSTO_DATABASE_URL``, else the SQLite file in the user's data directory (as ``csto store``).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from csto.cli.exerciseview import render_result, render_view
from csto.cli.fields import field_options, options_data, say_resolved
from csto.cli.output import DATE, console, print_json
from csto.cli.store import default_db_path
from csto.errors import InputError, Problem
from csto.exercise.moves import CONTROLS, MOVES
from csto.exercise.permissions import RULES
from csto.io.limits import read_text
from csto.law.fields import specs
from csto.store import open_store

__all__ = ["exercise"]

_ENV_TOKEN = "CSTO_EXERCISE_CREDENTIAL"
_ENV_FILE = "CSTO_EXERCISE_CREDENTIAL_FILE"


def _store_target(db: Path | None, url: str | None) -> str:
    if db is not None and url is not None:
        raise click.UsageError("give --db PATH or --url URL, not both")
    if url is not None:
        return url
    if db is not None:
        return str(db)
    return os.environ.get("CSTO_DATABASE_URL") or str(default_db_path())


def _with_store(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--db``, ``--url`` and ``--schema``; open the store and the engine API."""

    @click.option(
        "--db", type=click.Path(dir_okay=False, path_type=Path), help="SQLite file of the store."
    )
    @click.option("--url", help="PostgreSQL URL of the store (default: $CSTO_DATABASE_URL).")
    @click.option("--schema", default="public", show_default=True, help="PostgreSQL schema.")
    @functools.wraps(fn)
    def wrapper(db: Path | None, url: str | None, schema: str, **kwargs: Any) -> Any:
        from csto.io.exercises import Exercises

        target = _store_target(db, url)
        made: list[Path] = []  # what this command made, removed again if it fails
        if "://" not in target:
            file = Path(target)
            missing = [p for p in (file.parent, *file.parent.parents) if not p.exists()]
            file.parent.mkdir(parents=True, exist_ok=True)
            if not file.exists():
                made = [file, *(Path(f"{file}{s}") for s in ("-wal", "-shm", "-journal"))]
                made += missing
        store = open_store(target, schema=schema)
        try:
            return fn(Exercises(store), **kwargs)
        except BaseException:
            store.close()
            _remove(made)  # a refused command leaves no new store behind
            raise
        finally:
            store.close()

    return wrapper


def _remove(made: list[Path]) -> None:
    for path in made:
        if path.is_dir():
            with contextlib.suppress(OSError):
                path.rmdir()  # only when empty
        else:
            path.unlink(missing_ok=True)


def _credential_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--credential-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"The file holding your seat's credential (or ${_ENV_FILE}, or the token in "
        f"${_ENV_TOKEN}); never give the token itself as an option.",
    )(fn)


def read_credential(path: Path | None) -> str:
    """The credential from ``path``, or the environment (see the module docstring)."""
    chosen = path or (Path(os.environ[_ENV_FILE]) if os.environ.get(_ENV_FILE) else None)
    if chosen is not None:
        try:
            text = read_text(chosen).strip()  # bounded: size, UTF-8 located
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                f"cannot read the credential file {chosen}: {exc}",
                (Problem("cannot read", file=str(chosen), fix="check the path"),),
            ) from None
        return text
    token = os.environ.get(_ENV_TOKEN)
    if token:
        return token.strip()
    raise InputError(
        "no credential: this command acts as a seat",
        (
            Problem(
                "missing credential",
                field="--credential-file",
                fix=f"give --credential-file PATH, or set {_ENV_FILE} or {_ENV_TOKEN}",
            ),
        ),
    )


def _write_credentials(folder: Path, credentials: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    taken = [folder / f"{seat}.key" for seat in credentials if (folder / f"{seat}.key").exists()]
    if taken:
        raise InputError(
            f"{folder} holds credentials already",
            tuple(Problem("will not overwrite", file=str(p)) for p in taken),
        )
    out = []
    for seat, token in credentials.items():
        path = folder / f"{seat}.key"
        _write_secret(path, token)
        out.append(path)
    return out


def _write_secret(path: Path, token: str) -> None:
    """Write a credential to a new file only its owner can read."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    except OSError as exc:
        raise InputError(
            f"cannot write {path}: {exc}", (Problem("cannot write", file=str(path)),)
        ) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")


@click.group()
def exercise() -> None:
    """Play a Council session: seats, moves judged by the law, bots, the facilitator's
    controls, the after-action report.

    Start with 'csto exercise library', then 'csto exercise new'; each seat acts with its own
    credential file ('--credential-file', or $CSTO_EXERCISE_CREDENTIAL_FILE).
    """


@exercise.command()
def library() -> None:
    """The ready exercises (ids for 'csto exercise new')."""
    from csto.io.exercisefiles import library_files
    from csto.io.lawfiles import parse_yaml

    table = Table(title="Ready exercises", title_justify="left")
    for col in ("id", "title", "scenario"):
        table.add_column(col, overflow="fold")
    for path in library_files():
        doc = parse_yaml(str(path), path.read_text(encoding="utf-8"))
        block = doc.get("exercise", {})
        scenario = doc.get("scenario")
        table.add_row(
            path.stem, str(block.get("title", "")), scenario if isinstance(scenario, str) else "-"
        )
    console.print(table)


@exercise.command()
@click.argument("source", required=False)
@click.option("--id", "exercise_id", help="The exercise's id (default: the file's).")
@click.option("--date", type=DATE, help="Fork the organization on this day (no file needed).")
@click.option("--title", help="Title (for --date).")
@click.option("--item", "items", multiple=True, help="An agenda item's title (for --date).")
@click.option("--minutes", type=click.IntRange(1, 1440), help="Each item's time (for --date).")
@click.option("--bot", "bots", multiple=True, metavar="STATE", help="A seat a bot plays.")
@click.option("--empty", multiple=True, metavar="STATE", help="A seat nobody plays.")
@click.option("--observers", type=click.IntRange(0, 50), default=0, help="Observer seats.")
@click.option("--profile", help="Interpretation profile (default: the scenario's, or default).")
@click.option("--variant", help="Decision rule: consensus (the law), majority, k-of-n:K...")
@click.option(
    "--credentials",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write each seat's credential to (SEAT.key, readable by you only).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_with_store
def new(api: Any, source: str | None, folder: Path, as_json: bool, **options: Any) -> None:
    """Create an exercise from a ready exercise or file (SOURCE), or fork the organization
    on --date; write each seat's credential into --credentials DIR."""
    from csto.io.exercises import configure

    config = configure(api.law, source, **options)
    created = api.create(config)
    paths = _write_credentials(folder, created.credentials)
    if as_json:
        print_json(
            {
                "id": created.id,
                "seats": [
                    {"seat": s.seat, "role": s.role, "state": s.state, "play": s.play}
                    for s in config.seats
                ],
                "credentials": [str(p) for p in paths],
            }
        )
        return
    console.print(f"[bold]{escape(config.title)}[/] - exercise [bold]{created.id}[/]")
    console.print(f"The organization on {config.date}: {_fork_line(config)}")
    for s in config.seats:
        key = folder / f"{s.seat}.key"
        where = str(key) if s.seat in created.credentials else f"({s.play})"
        console.print(f"  {s.seat:<12} {s.role:<11} {escape(where)}")
    console.print("Hand each seat its key file; the facilitator starts with 'csto exercise start'.")


def _fork_line(config: Any) -> str:
    f = config.fork
    members = ", ".join(
        f"{m.state}" + (f" ({m.status})" if m.status != "member" else "") for m in f.members
    )
    return (
        f"members {members}; chair {f.chair or '-'}; Secretary-General "
        f"{f.secretary_general or '-'}; {len(f.instruments)} instruments in force"
    )


@exercise.command(name="list")
@_with_store
def list_(api: Any) -> None:
    """The exercises in the store."""
    table = Table(title="Exercises", title_justify="left")
    for col in ("id", "title", "fork day", "version", "created"):
        table.add_column(col, overflow="fold")
    for row in api.catalogue():
        table.add_row(row["id"], row["title"], row["date"], str(row["version"]), row["created"])
    console.print(table)


@exercise.command()
@click.argument("exercise_id")
@click.option("--issue", metavar="SEAT", help="Issue a new credential for SEAT (its old one ends).")
@click.option("--revoke", metavar="SEAT", help="Revoke SEAT's credential: its access ends at once.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --issue: the file to write the new credential to (required).",
)
@_credential_option
@_with_store
def seats(
    api: Any,
    exercise_id: str,
    issue: str | None,
    revoke: str | None,
    out: Path | None,
    credential_file: Path | None,
) -> None:
    """The seats and who plays them; the facilitator issues and revokes credentials."""
    token = read_credential(credential_file)
    if issue:
        if out is None:
            raise InputError("--issue needs --out FILE", (Problem("missing", field="--out"),))
        if out.exists():
            raise InputError(f"{out} exists", (Problem("will not overwrite", file=str(out)),))
        new_token = api.issue(exercise_id, token, issue)
        _write_secret(out, new_token)
        console.print(f"issued a new credential for {issue}: {out}")
    if revoke:
        api.revoke(exercise_id, token, revoke)
        console.print(f"revoked {revoke}'s credential")
    doc = api.view(exercise_id, token)
    table = Table(title="Seats", title_justify="left")
    cols = ["seat", "role", "state", "played by", "in the room"]
    if "credential" in (doc["seats"][0] if doc["seats"] else {}):
        cols.append("credential")
    for col in cols:
        table.add_column(col)
    for s in doc["seats"]:
        row = [s["seat"], s["role"], s["state"] or "-", s["play"], "yes" if s["in_room"] else "no"]
        if "credential" in s:
            row.append(s["credential"])
        table.add_row(*row)
    console.print(table)


# --- acting -------------------------------------------------------------------------------


def _act(
    api: Any,
    exercise_id: str,
    data: dict[str, Any],
    credential_file: Path | None,
    expect: int | None,
    as_json: bool,
    file: str = "<command line>",
) -> None:
    from csto.exercise.moves import read_move

    move, resolved = read_move(data, file=file)
    say_resolved(resolved)
    token = read_credential(credential_file)
    result = api.act(exercise_id, token, move, expected_version=expect, file=file)
    if as_json:
        print_json(result.to_data())
    else:
        render_result(result)
    if not result.accepted:
        raise click.exceptions.Exit(2)


_EXPECT = click.Option(
    ["--expect"],
    type=int,
    help="The version you last saw: refused as stale if the exercise has moved on since.",
)
_JSON = click.Option(["--json", "as_json"], is_flag=True, help="Print JSON instead of text.")


def _move_command(verb: str) -> click.Command:
    cls = MOVES[verb]

    def run(
        exercise_id: str,
        credential_file: Path | None,
        expect: int | None,
        as_json: bool,
        db: Path | None,
        url: str | None,
        schema: str,
        **kwargs: Any,
    ) -> None:
        data = {"move": verb, **options_data(specs(cls), kwargs)}
        _with_store(lambda api: _act(api, exercise_id, data, credential_file, expect, as_json))(
            db=db, url=url, schema=schema
        )

    doc = " ".join((cls.__doc__ or verb).split()).replace("``", "'")
    rule = RULES[verb]
    who = ", ".join(sorted(rule.roles))
    params: list[click.Parameter] = [
        click.Argument(["exercise_id"]),
        *field_options(specs(cls)),
        click.Option(
            ["--credential-file"],
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"Your seat's credential file (or ${_ENV_FILE} / ${_ENV_TOKEN}).",
        ),
        _EXPECT,
        _JSON,
        click.Option(
            ["--db"], type=click.Path(dir_okay=False, path_type=Path), help="SQLite file."
        ),
        click.Option(["--url"], help="PostgreSQL URL (default: $CSTO_DATABASE_URL)."),
        click.Option(["--schema"], default="public", show_default=True, help="PostgreSQL schema."),
    ]
    return click.Command(
        verb.replace("_", "-"),
        callback=run,
        params=params,
        help=f"{doc} (Who: {who}; channel: {rule.channel}.)",
        short_help=doc.split(" (")[0].split(".")[0].split(";")[0][:60],
    )


@click.group()
def act() -> None:
    """Make a move as your seat: the referee judges it by the rules and the law; a refused
    move changes nothing and exits with status 2. 'from-file' reads a move document."""


for _verb in MOVES:
    act.add_command(_move_command(_verb))


@act.command(name="from-file")
@click.argument("exercise_id")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@_credential_option
@click.option("--expect", type=int, help="The version you last saw (refused as stale if not).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_with_store
def from_file(
    api: Any,
    exercise_id: str,
    path: Path,
    credential_file: Path | None,
    expect: int | None,
    as_json: bool,
) -> None:
    """Make the move a YAML or JSON file describes ({move: position, position: support})."""
    from csto.io.lawfiles import parse_yaml

    try:
        text = read_text(path)  # bounded: size, UTF-8 located
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read {path}: {exc}", (Problem("cannot read", file=str(path)),)
        ) from None
    data = parse_yaml(str(path), text)
    if not isinstance(data, dict):
        raise InputError(
            f"{path} holds no move", (Problem("expected a mapping with 'move'", file=str(path)),)
        )
    _act(api, exercise_id, dict(data), credential_file, expect, as_json, file=str(path))


exercise.add_command(act)


def _control(verb: str, help_text: str, extra: list[click.Parameter]) -> click.Command:
    """A shortcut for one of the facilitator's moves: ``csto exercise pause ID --reason``."""

    def run(
        exercise_id: str,
        credential_file: Path | None,
        as_json: bool,
        db: Path | None,
        url: str | None,
        schema: str,
        **kwargs: Any,
    ) -> None:
        data = {"move": verb, **options_data(specs(MOVES[verb]), kwargs)}
        _with_store(lambda api: _act(api, exercise_id, data, credential_file, None, as_json))(
            db=db, url=url, schema=schema
        )

    fields = [p for p in field_options(specs(MOVES[verb])) if p.name not in ("by",)]
    return click.Command(
        verb.replace("open_archive", "archive").replace("_", "-"),
        callback=run,
        params=[
            click.Argument(["exercise_id"]),
            *fields,
            *extra,
            click.Option(
                ["--credential-file"],
                type=click.Path(dir_okay=False, path_type=Path),
                help=f"The facilitator's credential file (or ${_ENV_FILE} / ${_ENV_TOKEN}).",
            ),
            _JSON,
            click.Option(
                ["--db"], type=click.Path(dir_okay=False, path_type=Path), help="SQLite file."
            ),
            click.Option(["--url"], help="PostgreSQL URL (default: $CSTO_DATABASE_URL)."),
            click.Option(["--schema"], default="public", show_default=True, help="Schema."),
        ],
        help=help_text,
    )


for _verb in CONTROLS:
    if _verb in ("set_seat",):
        continue
    _doc = " ".join((MOVES[_verb].__doc__ or _verb).split()).replace("``", "'")
    exercise.add_command(_control(_verb, f"{_doc} (The facilitator's; same as 'act {_verb}'.)", []))


# --- reading ------------------------------------------------------------------------------


@exercise.command()
@click.argument("exercise_id")
@_credential_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option(
    "--last",
    type=click.IntRange(0, 10_000),
    default=15,
    show_default=True,
    help="How many turns of the timeline to show.",
)
@_with_store
def show(
    api: Any, exercise_id: str, credential_file: Path | None, as_json: bool, last: int
) -> None:
    """What your seat may see: phase, in-game date, agenda and timers, the floor, drafts and
    positions, statements, your private channels, the timeline, the moves open to you."""
    doc = api.view(exercise_id, read_credential(credential_file))
    if as_json:
        print_json(doc)
        return
    render_view(doc, last)


@exercise.command()
@click.argument("exercise_id")
@click.option("--after", type=click.IntRange(0), default=0, help="Only what came after version.")
@click.option("--follow", is_flag=True, help="Keep waiting for new entries (Ctrl+C to stop).")
@_credential_option
@_with_store
def feed(
    api: Any, exercise_id: str, after: int, follow: bool, credential_file: Path | None
) -> None:
    """The change feed your seat may see, one JSON object per line, each with its version
    (resume with --after VERSION)."""
    token = read_credential(credential_file)
    while True:
        items = (
            api.wait(exercise_id, token, after, 15.0)
            if follow
            else api.feed(exercise_id, token, after)
        )
        for item in items:
            click.echo(json.dumps(item, ensure_ascii=False))
            after = max(after, int(item["version"]))
        if not follow:
            return
        after = max(after, api.load(exercise_id).version)


@exercise.command()
@click.argument("exercise_id")
@_credential_option
@click.option("--html", type=click.Path(dir_okay=False, path_type=Path), help="Write HTML here.")
@click.option("--pdf", type=click.Path(dir_okay=False, path_type=Path), help="Write PDF here.")
@click.option("--json", "as_json", is_flag=True, help="Print the report's JSON document.")
@click.option(
    "--replications",
    type=click.IntRange(0, 1_000_000),
    default=20_000,
    show_default=True,
    help="Replications of the simulation to place the outcome in (0: none).",
)
@_with_store
def report(
    api: Any,
    exercise_id: str,
    credential_file: Path | None,
    html: Path | None,
    pdf: Path | None,
    as_json: bool,
    replications: int,
) -> None:
    """The after-action report, from the log alone: the timeline turn by turn, every article
    applied and every refusal, departures, who blocked what, private channels once the archive
    is open, what the real Council did next and where the outcome falls among the
    simulation's runs. HTML and PDF (offline)."""
    from csto.io.exercisereport import build_report, write_html, write_pdf

    doc = build_report(api, exercise_id, read_credential(credential_file), replications)
    if html:
        write_html(doc, html)
        console.print(f"wrote {html}")
    if pdf:
        pages = write_pdf(doc, pdf)
        console.print(f"wrote {pdf} ({pages} pages)")
    if as_json or not (html or pdf):
        print_json(doc)
