"""A small application around the live stream, for its tests and its bench: the engine's own
seat credentials (``Authorization: Bearer cstox_...``) stand in for the web's sessions.

- ``POST /x/{id}/act``: body ``{"move": {...}}``, the move made as the bearer's seat;
  answers ``{"accepted": ..., "version": ...}`` and the serving process's id;
- ``GET /x/{id}/live``: the bearer seat's live stream (:func:`csto.web.live.live_response`,
  with :func:`~csto.web.live.seat_sees` and a revocation check that asks the engine whether
  the credential still opens a seat);
- ``GET /x/pid``: the serving process's id (which worker answered).

``build(target)`` makes it over the store at ``target``; ``make()`` is the factory each
worker process of ``python -m bench.liveapp TARGET --port P --workers N`` imports (the target
travels in the environment variable ``CSTO_LIVE_TARGET``). Not a product: the exercise's web
pages, with their sessions, CSRF and rate limits, are the web application's own.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from csto.errors import CstoError
from csto.io.exercises import Exercises, SeatRefusedError
from csto.store import open_store
from csto.web.live import LiveHub, listen_target, live_response, seat_sees

TARGET = "CSTO_LIVE_TARGET"
SCHEMA = "CSTO_LIVE_SCHEMA"


def _token(request: Request) -> str:
    kind, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if kind.lower() == "bearer" else ""


def _problem(exc: CstoError) -> JSONResponse:
    status = 403 if isinstance(exc, SeatRefusedError) else 400
    return JSONResponse({"error": str(exc)}, status_code=status)


def build(
    target: str, *, schema: str = "public", poll: float | None = None, heartbeat: float = 15.0
) -> Starlette:
    """The application over the event store at ``target`` (in ``schema`` on PostgreSQL; see
    the module docstring); ``heartbeat``: seconds between a stream's keep-alive comments."""
    store = open_store(target, create=True, schema=schema)
    hub = LiveHub(store, listen=listen_target(store), poll=poll)
    api = Exercises(hub.publishing(store))

    async def act(request: Request) -> Response:
        body: dict[str, Any] = await request.json()
        try:
            result = await run_in_threadpool(
                api.act, request.path_params["id"], _token(request), body["move"]
            )
        except CstoError as exc:
            return _problem(exc)
        return JSONResponse(
            {"accepted": result.accepted, "version": result.version, "pid": os.getpid()}
        )

    async def live(request: Request) -> Response:
        exercise_id, token = request.path_params["id"], _token(request)
        try:
            seat = await run_in_threadpool(api.seat, exercise_id, token)
            response = await live_response(
                request,
                exercise_id,
                visible=seat_sees(seat),
                revoked=lambda: api.load(exercise_id).seat_of(token) is None,
                heartbeat=heartbeat,
            )
        except CstoError as exc:
            return _problem(exc)
        response.headers["x-pid"] = str(os.getpid())
        return response

    async def pid(_: Request) -> Response:
        return JSONResponse({"pid": os.getpid()})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with hub.running():
            yield
        store.close()

    app = Starlette(
        routes=[
            Route("/x/pid", pid),
            Route("/x/{id}/act", act, methods=["POST"]),
            Route("/x/{id}/live", live),
        ],
        lifespan=lifespan,
    )
    app.state.live = hub
    app.state.exercises = api
    return app


def make() -> Starlette:
    """The application of one worker process."""
    return build(os.environ[TARGET], schema=os.environ.get(SCHEMA, "public"))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.liveapp")
    parser.add_argument("target", help="the event store: a SQLite path or a PostgreSQL URL")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--schema", default="public", help="the PostgreSQL schema")
    args = parser.parse_args()
    os.environ[TARGET] = args.target
    os.environ[SCHEMA] = args.schema
    if args.workers > 1:
        from csto.web.serve import serve_workers

        serve_workers("bench.liveapp:make", "127.0.0.1", args.port, args.workers)
        return
    import uvicorn

    from csto.web.serve import GRACE

    uvicorn.run(
        make(),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=GRACE,
    )


if __name__ == "__main__":
    main()
