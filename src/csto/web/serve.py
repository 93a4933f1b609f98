"""Serving the application: the one entry point the command line starts the web with.

:func:`run` opens the event store at ``target`` (a SQLite path, or a PostgreSQL URL), loads
the curated history into it on first start, reads the record back from it, builds the
:class:`~csto.web.site.Site` and serves the pages and the JSON API with uvicorn until
interrupted. ``csto serve`` parses its options and calls this; the command line and the web
share nothing else.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import uvicorn

from csto.io.exerciselaw import LawWorld
from csto.io.exercises import Exercises
from csto.io.recordfiles import load_record
from csto.state.history import History
from csto.store import open_store
from csto.web.app import create_app
from csto.web.site import Site
from csto.web.storage import record_from_store

__all__ = ["run"]


def run(
    host: str, port: int, target: str, *, began: float | None = None, key: bytes | None = None
) -> None:
    """Serve the application on ``host``:``port`` over the event store at ``target``
    (``key``: the store's key, which signs its head record)."""
    began = time.perf_counter() if began is None else began
    if "://" not in target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    store = open_store(target, create=True, key=key)
    try:
        loaded = record_from_store(store, load_record())
    except BaseException:
        store.close()
        raise
    where = "PostgreSQL" if "://" in target else target
    site = Site(History(loaded.record))
    exercises = Exercises(store, law=LawWorld(site.history))  # the exercises share the store
    app = create_app(site, store=f"{where}, stream {loaded.stream}", exercises=exercises)
    what = (
        f"loaded {loaded.written} curated events into the store"
        if loaded.written
        else f"read {len(loaded.record.events)} events from the store"
    )
    print(
        f"csto: {what} ({where}) in {time.perf_counter() - began:.2f} s\n"
        f"csto: serving on http://{host}:{port}/ (API: http://{host}:{port}/api); "
        "Ctrl+C to stop",
        file=sys.stderr,
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        store.close()
