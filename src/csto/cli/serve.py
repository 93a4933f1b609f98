"""``csto serve``: the web application over the event store (SQLite by default).

Parses where the store is (``--db PATH``, default the SQLite file in the user's data
directory; or ``--database-url`` / ``CSTO_DATABASE_URL`` for PostgreSQL), how many worker
processes (``--workers``, PostgreSQL only) and hands over to
:func:`csto.web.serve.run`, the web's one entry point, which loads the curated history into
the store on first start, reads the record back and serves until interrupted.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import click

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="TCP port to listen on (1-65535).",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file of the event store (default: $XDG_DATA_HOME/csto/csto.db).",
)
@click.option(
    "--database-url",
    envvar="CSTO_DATABASE_URL",
    help="PostgreSQL URL of the event store instead (default: $CSTO_DATABASE_URL if set).",
)
@click.option(
    "--max-body-kb",
    type=click.IntRange(1, 1024 * 1024),
    default=256,
    show_default=True,
    envvar="CSTO_MAX_BODY_KB",
    help="The largest request body the server reads, in KiB; also CSTO_MAX_BODY_KB.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes (more than 1 needs --database-url: live streams fan out "
    "through PostgreSQL's LISTEN/NOTIFY).",
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=False,
    show_default=True,
    help="Open the address in your browser once it answers, where there is a graphical one "
    "(bash scripts/start passes --open).",
)
def serve(
    host: str,
    port: int,
    db: Path | None,
    database_url: str | None,
    max_body_kb: int,
    workers: int,
    open_browser: bool,
) -> None:
    """Serve the web application: the organization on any date, the map of members, two
    dates compared, the timeline, states, organs, officials, instruments, sources, search,
    the law, the cases, voting power, the simulation, the exercise (a class playing a
    Council session, by invitation), downloads, and the JSON API under /api/ (described at
    /api/openapi.json). A port in use is refused before anything loads. Stop with Ctrl+C."""
    began = time.perf_counter()
    try:
        from csto.web.serve import run
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise click.ClickException(
            f"csto serve needs the web extra ({exc.name} is missing): pip install 'csto[web]'"
        ) from None
    from csto.cli.store import default_db_path, default_key_path, read_key
    from csto.io import limits

    if db is not None and database_url:
        raise click.UsageError("give --db PATH or --database-url URL, not both")
    limits.configure(replace(limits.current(), max_body_bytes=max_body_kb * limits.KIB))
    if workers > 1 and not database_url:
        raise click.UsageError("--workers above 1 needs --database-url (PostgreSQL)")
    target = database_url or str(db or default_db_path())
    key_file = default_key_path()
    run(
        host,
        port,
        target,
        began=began,
        key=read_key(key_file),
        workers=workers,
        key_file=key_file,
        open_browser=open_browser,
    )
