"""``csto serve``: the web application over the event store (SQLite by default).

Opens the store (``--db PATH``, default the SQLite file in the user's data directory; or
``--database-url`` / ``CSTO_DATABASE_URL`` for PostgreSQL), loads the curated history into
it on first start, reads the record back from it, and serves the pages and the JSON API
with uvicorn until interrupted.
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
def serve(
    host: str, port: int, db: Path | None, database_url: str | None, max_body_kb: int
) -> None:
    """Serve the web application: the organization on any date, the map of members,
    the timeline, states, organs, officials, instruments, sources, search, and the JSON
    API under /api/ (described at /api/openapi.json). Stop with Ctrl+C."""
    began = time.perf_counter()
    try:
        import uvicorn

        from csto.web.app import create_app
        from csto.web.site import Site
        from csto.web.storage import record_from_store
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise click.ClickException(
            f"csto serve needs the web extra ({exc.name} is missing): pip install 'csto[web]'"
        ) from None
    from csto.cli.store import default_db_path
    from csto.io import limits
    from csto.io.recordfiles import load_record
    from csto.state.history import History
    from csto.store import open_store

    if db is not None and database_url:
        raise click.UsageError("give --db PATH or --database-url URL, not both")
    limits.configure(replace(limits.current(), max_body_bytes=max_body_kb * limits.KIB))
    target = database_url or str(db or default_db_path())
    if "://" not in target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    store = open_store(target, create=True)
    try:
        loaded = record_from_store(store, load_record())
    finally:
        store.close()
    where = "PostgreSQL" if "://" in target else target
    site = Site(History(loaded.record))
    app = create_app(site, store=f"{where}, stream {loaded.stream}")
    what = (
        f"loaded {loaded.written} curated events into the store"
        if loaded.written
        else f"read {len(loaded.record.events)} events from the store"
    )
    click.echo(
        f"csto: {what} ({where}) in {time.perf_counter() - began:.2f} s\n"
        f"csto: serving on http://{host}:{port}/ (API: http://{host}:{port}/api); "
        "Ctrl+C to stop",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
