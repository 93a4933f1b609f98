"""Serving the application: the one entry point the command line starts the web with.

:func:`run` opens the event store at ``target`` (a SQLite path, or a PostgreSQL URL), loads
the curated history into it on first start, reads the record back from it, builds the
:class:`~csto.web.site.Site` and serves the pages and the JSON API with uvicorn until
interrupted. ``csto serve`` parses its options and calls this; the command line and the web
share nothing else.

With ``workers`` > 1 (PostgreSQL only: SQLite is one process's store), the curated history is
loaded once, then uvicorn starts that many worker processes on one socket
(:func:`serve_workers`); each builds its own application (:func:`worker_app`: its own
connections to the store, its own live hub listening for the store's notifications, so a move
made through one worker reaches the live streams open on all of them). The parent hands the
workers what they need in the environment variable ``CSTO_SERVE_WORKER`` (the store's URL,
the key file's path, never the key).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from csto.errors import InputError, Problem
from csto.io.exerciselaw import LawWorld
from csto.io.exercises import Exercises
from csto.io.recordfiles import load_record
from csto.state.history import History
from csto.store import open_store
from csto.web.app import create_app
from csto.web.live import LiveHub, listen_target
from csto.web.site import Site
from csto.web.storage import record_from_store

__all__ = ["WORKER_SPEC", "run", "serve_workers", "worker_app"]

#: the environment variable that tells a worker process what to serve
WORKER_SPEC = "CSTO_SERVE_WORKER"
#: seconds a stopping server waits for its responses before it cancels them
GRACE = 5


def run(
    host: str,
    port: int,
    target: str,
    *,
    began: float | None = None,
    key: bytes | None = None,
    workers: int = 1,
    key_file: Path | None = None,
) -> None:
    """Serve the application on ``host``:``port`` over the event store at ``target``
    (``key``: the store's key, which signs its head record, read from ``key_file``) in
    ``workers`` processes."""
    began = time.perf_counter() if began is None else began
    postgres = "://" in target
    if workers > 1 and not postgres:
        raise InputError(
            f"{workers} workers need a PostgreSQL store; {target} is a SQLite file",
            (
                Problem(
                    "SQLite is one process's store",
                    field="--workers",
                    fix="give --database-url postgresql://..., or serve with --workers 1",
                ),
            ),
        )
    if not postgres:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    store = open_store(target, create=True, key=key)
    try:
        loaded = record_from_store(store, load_record())
    except BaseException:
        store.close()
        raise
    where = "PostgreSQL" if postgres else target
    what = (
        f"loaded {loaded.written} curated events into the store"
        if loaded.written
        else f"read {len(loaded.record.events)} events from the store"
    )
    print(
        f"csto: {what} ({where}) in {time.perf_counter() - began:.2f} s\n"
        f"csto: serving on http://{host}:{port}/ (API: http://{host}:{port}/api)"
        + (f" with {workers} workers" if workers > 1 else "")
        + "; Ctrl+C to stop",
        file=sys.stderr,
    )
    if workers > 1:
        store.close()
        spec = {"target": target, "key_file": str(key_file) if key and key_file else None}
        os.environ[WORKER_SPEC] = json.dumps(spec)
        serve_workers("csto.web.serve:worker_app", host, port, workers)
        return
    site = Site(History(loaded.record))
    live = LiveHub(store, listen=listen_target(store))
    # the exercises share the store; every append pokes the live hub
    exercises = Exercises(live.publishing(), law=LawWorld(site.history))
    app = create_app(site, store=f"{where}, stream {loaded.stream}", live=live, exercises=exercises)
    try:
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=GRACE,
        )
    finally:
        store.close()


def serve_workers(factory: str, host: str, port: int, workers: int) -> None:
    """Serve the application ``factory`` builds (``module:function``, imported in each
    worker) in ``workers`` processes sharing one socket, until interrupted."""
    uvicorn.run(
        factory,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=GRACE,
    )


def worker_app() -> FastAPI:
    """The application of one worker process (see the module docstring)."""
    spec = json.loads(os.environ[WORKER_SPEC])
    key_file = spec.get("key_file")
    key = bytes.fromhex(Path(key_file).read_text(encoding="ascii").strip()) if key_file else None
    store = open_store(spec["target"], create=True, key=key)
    loaded = record_from_store(store, load_record())
    site = Site(History(loaded.record))
    live = LiveHub(store, listen=listen_target(store))
    exercises = Exercises(live.publishing(), law=LawWorld(site.history))
    return create_app(
        site, store=f"PostgreSQL, stream {loaded.stream}", live=live, exercises=exercises
    )
