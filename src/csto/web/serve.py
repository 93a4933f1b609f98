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
made through one worker reaches the live streams open on all of them). On PostgreSQL the
exercise's rate limits are kept in the database (:mod:`csto.web.exercise.sharedlimits`),
so the workers share one budget per client. The parent hands the
workers what they need in the environment variable ``CSTO_SERVE_WORKER`` (the store's URL,
the key file's path, never the key).

The port is tried before anything is said or loaded: one another program holds is an input
error naming ``--port`` (:func:`check_port`; no "serving on" line, no server traceback). With
``open_browser`` the address is opened in the user's browser once it answers, where there is
a graphical one (a desktop session, macOS or Windows; :func:`graphical_browser`); otherwise
the address is only printed.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import socket
import sys
import threading
import time
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

from csto.errors import InputError, Problem
from csto.io.recordfiles import load_record
from csto.state.history import History
from csto.store import open_store
from csto.web.app import create_app
from csto.web.live import LiveHub, listen_target
from csto.web.site import Site
from csto.web.storage import record_from_store

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

    from csto.io.exercises import Exercises
    from csto.store import EventStore
    from csto.web.exercise.ratelimit import Limits

__all__ = [
    "WORKER_SPEC",
    "check_port",
    "freeze_heap",
    "graphical_browser",
    "open_when_ready",
    "run",
    "serve_workers",
    "worker_app",
]

#: the environment variable that tells a worker process what to serve
WORKER_SPEC = "CSTO_SERVE_WORKER"
#: seconds a stopping server waits for its responses before it cancels them
GRACE = 5


def check_port(host: str, port: int) -> None:
    """Refuse, as an :class:`InputError` naming ``--port`` (or ``--host``), a port this
    process cannot listen on: in use, not permitted, or not an address of this machine."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                problem = Problem(
                    "the port is in use by another program",
                    field="--port",
                    expected="a free TCP port",
                    got=str(port),
                    fix=f"give another port (--port {port + 1 if port < 65535 else 8080})"
                    " or stop the program that holds it",
                )
            elif exc.errno == errno.EACCES:
                problem = Problem(
                    "this user may not listen on the port",
                    field="--port",
                    expected="a port above 1023, or a user allowed to bind below it",
                    got=str(port),
                    fix="give a port above 1023, e.g. --port 8000",
                )
            else:
                problem = Problem(
                    f"cannot listen there ({exc.strerror or exc})",
                    field="--host",
                    expected="an address of this machine, e.g. 127.0.0.1",
                    got=host,
                    fix="give --host 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)",
                )
            raise InputError(f"cannot serve on {host}:{port}", (problem,)) from None


def graphical_browser() -> bool:
    """Whether a browser can open in a window here (not a text browser in this terminal)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_when_ready(host: str, port: int, url: str, wait: float = 60) -> bool:
    """Open ``url`` in the user's browser once ``host``:``port`` accepts connections (at
    most ``wait`` seconds); whether a browser took it. Where none could be started, or the
    server never answered, say so on stderr with the address to open by hand (never an
    error: the server goes on serving)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                pass
        except OSError:
            time.sleep(0.05)
            continue
        try:
            opened = webbrowser.open(url)
        except webbrowser.Error:
            opened = False
        if not opened:
            print(
                f"csto: no browser could be started here; open {url} in yours",
                file=sys.stderr,
            )
        return opened
    print(
        f"csto: the server did not answer within {wait:.0f} s; not opening a browser",
        file=sys.stderr,
    )
    return False


def run(
    host: str,
    port: int,
    target: str,
    *,
    began: float | None = None,
    key: bytes | None = None,
    workers: int = 1,
    key_file: Path | None = None,
    open_browser: bool = False,
) -> None:
    """Serve the application on ``host``:``port`` over the event store at ``target``
    (``key``: the store's key, which signs its head record, read from ``key_file``) in
    ``workers`` processes; ``open_browser``: open the address in the user's browser once it
    answers, where there is a graphical one."""
    began = time.perf_counter() if began is None else began
    check_port(host, port)
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
    url = f"http://{host}:{port}/"
    opening = open_browser and graphical_browser()
    print(
        f"csto: {what} ({where}) in {time.perf_counter() - began:.2f} s\n"
        f"csto: serving on {url} (API: {url}api)"
        + (f" with {workers} workers" if workers > 1 else "")
        + ("; opening it in your browser" if opening else "")
        + "; Ctrl+C to stop",
        file=sys.stderr,
    )
    if open_browser and not opening:
        print(
            f"csto: no graphical browser here (no DISPLAY or WAYLAND_DISPLAY); open {url} in"
            " a browser on this machine, or forward the port",
            file=sys.stderr,
        )
    if opening:
        threading.Thread(target=open_when_ready, args=(host, port, url), daemon=True).start()
    if workers > 1:
        store.close()
        spec = {"target": target, "key_file": str(key_file) if key and key_file else None}
        os.environ[WORKER_SPEC] = json.dumps(spec)
        serve_workers("csto.web.serve:worker_app", host, port, workers)
        return
    site = Site(History(loaded.record))
    live = LiveHub(store, listen=listen_target(store))
    app = create_app(
        site,
        store=f"{where}, stream {loaded.stream}",
        live=live,
        exercises=lambda: _exercises(live, site),
        after_warm=freeze_heap,
        limits=_limits(store),
    )
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
    return create_app(
        site,
        store=f"PostgreSQL, stream {loaded.stream}",
        live=live,
        exercises=lambda: _exercises(live, site),
        after_warm=freeze_heap,
        limits=_limits(store),
    )


def freeze_heap() -> None:
    """Collect the garbage once, then leave every object alive now out of the cycle
    collector's later passes (:func:`gc.freeze`): the record, the site and its indexes, the
    law, the search index, the pages kept, what a server holds for its life. A full pass
    walked all of them, a pause of a third of a second every few thousand answers; the
    answers' own objects are collected as before. The application calls this once its
    warm-up is done (a server process's, never a library's: what is frozen is never
    collected)."""
    gc.collect()
    gc.freeze()


def _limits(store: EventStore) -> Callable[[], Limits] | None:
    """The exercise's rate limits for a server over ``store``: on PostgreSQL, kept in its
    database, so that every worker (and the server after a restart) shares one budget per
    client; on SQLite, one process's own (the default)."""
    # as listen_target does: a SQLite server does not import psycopg to find out
    postgres = sys.modules.get("csto.store.postgres")
    if postgres is None or not isinstance(store, postgres.PostgresEventStore):
        return None
    url, schema = store.url, store.schema

    def shared() -> Limits:
        from csto.web.exercise.sharedlimits import shared_limits

        return shared_limits(url, schema)

    return shared


def _exercises(live: LiveHub, site: Site) -> Exercises:
    """The exercises' engine API over the store the site was read from (made when the
    exercise is first asked for): they share the store (every append pokes the live hub)
    and the site's law engine, loaded on first use or by the site's warming after the first
    answer."""
    from csto.io.exerciselaw import LawWorld
    from csto.io.exercises import Exercises

    return Exercises(live.publishing(), law=LawWorld(site.history, lambda: site.lawview.engine))
