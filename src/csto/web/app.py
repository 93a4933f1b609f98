"""The application: routes, templates, static files, error answers and security headers.

:func:`create_app` takes a :class:`~csto.web.site.Site` (the record, loaded once) and
returns an ASGI application. Nothing starts on import; ``csto serve`` builds the site from
the store and runs it with uvicorn, and tests call :func:`create_app` directly.

Errors: a :class:`~csto.errors.CstoError` becomes a 4xx (the table in
:mod:`csto.web.problems`): under ``/api/`` a problem document, elsewhere an HTML page
with the same content. :class:`~csto.web.guard.Guard` wraps everything: every answer,
errors and bugs included, carries a Content-Security-Policy that lets the page load
nothing from anywhere but the application itself; request bodies are bounded; HEAD is
answered; redirects name no host.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from csto import __version__
from csto.errors import CstoError, InputError, Problem, UnknownIdError
from csto.web import api, compare, downloads, exercise, explore, pages
from csto.web.cache import ResponseCache
from csto.web.groups import Group, Groups, LoadGroups
from csto.web.guard import Guard
from csto.web.openapi import extend_openapi
from csto.web.problems import problem_document, validation_problems
from csto.web.site import Site

if TYPE_CHECKING:
    from csto.io.exercises import Exercises
    from csto.web.exercise.ratelimit import Limits
    from csto.web.live import LiveHub

__all__ = ["CSP", "create_app"]

HERE = Path(__file__).parent

#: nothing is loaded from outside the application; no inline scripts
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def _instance(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _answer(request: Request, error: CstoError, status: int | None = None) -> Response:
    doc = problem_document(error, _instance(request), status)
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return JSONResponse(doc, status_code=doc["status"], media_type="application/problem+json")
    return pages.error_page(request, doc)


def create_app(
    site: Site,
    *,
    store: str | None = None,
    live: LiveHub | None = None,
    exercises: Exercises | Callable[[], Exercises] | None = None,
    after_warm: Callable[[], None] | None = None,
    limits: Limits | Callable[[], Limits] | None = None,
) -> FastAPI:
    """The ASGI application serving ``site`` (``store`` describes where it was read from;
    ``live``: the exercises' live hub, started and stopped with the application and kept as
    ``app.state.live``; ``exercises``: the exercises' engine API over the store,
    :mod:`csto.web.exercise`, kept as ``app.state.exercises``, or a function that makes
    it, called when the exercise is first asked for; ``after_warm``: called in the warm-up
    thread once it is done, see below; ``limits``: the exercise's rate limits, or a function
    that makes them with the exercise (default: kept in the process), closed when the
    application stops).

    The exercise, the power page and the simulation page are route groups installed on
    their first request (:mod:`csto.web.groups`): their modules are not imported before
    the first answer. Once the first request is answered, a background thread loads the
    law (engine, worked verdicts, search index) and then the groups not yet installed, so
    that later pages are answered at once; a page that needs the law before it is ready
    waits for it. Started only then, the thread does not hold the interpreter while the
    first answer is made (it would take a sixth of the CPU the process spends before
    answering at all). Then it calls ``after_warm`` (``csto serve``:
    :func:`csto.web.serve.freeze_heap`).
    """

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            if live is None:
                yield
                return
            async with live.running():
                yield
        finally:
            made = getattr(app.state, "exercise_limits", None)
            if made is not None:
                made.close()

    app = FastAPI(
        lifespan=lifespan,
        title="csto",
        version=__version__,
        summary="The Collective Security Treaty Organization as executable software",
        description=(
            "The CSTO's sourced record, its state on any day, its instruments and articles. "
            "The state, diff and timeline documents are those of the command line's --json."
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,  # the stock documentation pages load scripts from a CDN
        redoc_url=None,
    )
    app.state.site = site
    app.state.store = store
    app.state.live = live
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in (api.router, pages.router, explore.router, compare.router, downloads.router):
        _add_routes(app, router)
    if exercises is not None and not callable(exercises):
        app.state.exercises = exercises
    groups = app.state.groups = Groups(_groups(app, exercises, limits))
    exercise.handle_errors(app)

    @app.exception_handler(CstoError)
    async def domain_error(request: Request, exc: CstoError) -> Response:
        return _answer(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return _answer(request, validation_problems(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            error: CstoError = UnknownIdError(
                f"nothing here: {request.url.path[:120]}",
                (Problem("no such page or endpoint", field="path", fix="see /api"),),
            )
        else:
            error = InputError(str(exc.detail))
        response = _answer(request, error, exc.status_code)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            groups.load_all()
            doc = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = extend_openapi(doc)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    # inside the guard: kept answers still get its headers
    app.add_middleware(LoadGroups, groups=groups)
    app.add_middleware(ResponseCache, early=pages.kept_date_page)
    app.add_middleware(Guard, answer=_answer, headers=_HEADERS)

    def warm() -> None:
        site.warm()
        groups.load_all()
        if after_warm is not None:
            after_warm()

    app.add_middleware(WarmAfterFirst, warm=warm)
    return app


def _add_routes(app: FastAPI, router: APIRouter) -> None:
    """Add ``router``'s routes to ``app`` as they were declared.

    ``include_router`` would build every route's validation models a second time, for the
    application (FastAPI 0.16x does it when a request first reaches the router: for the
    API's routes, 25 ms of CPU before the first answer, and as much again for the pages').
    These routers have their prefix and tags in their own declaration and nothing to add at
    inclusion (no prefix, tags, dependencies, responses or overrides), so the routes as
    declared are the ones ``include_router`` would build; the OpenAPI document, the routing
    and the answers are the same.
    """
    app.router.routes.extend(router.routes)


def _groups(
    app: FastAPI,
    exercises: Exercises | Callable[[], Exercises] | None,
    limits: Limits | Callable[[], Limits] | None,
) -> list[Group]:
    """The route groups installed on first request, each after the routes above (their
    paths are answered by no other route)."""

    def power() -> None:
        from csto.web import powerview

        _add_routes(app, powerview.router)

    def sim() -> None:
        from csto.web import simview

        _add_routes(app, simview.router)

    return [
        Group("exercise", exercise.PATHS, lambda: exercise.install(app, exercises, limits)),
        Group("power", ("/power", "/api/power"), power),
        Group("sim", ("/sim",), sim),
    ]


class WarmAfterFirst:
    """ASGI middleware: start ``warm`` in a background thread once, after the first HTTP
    request has been answered (see :func:`create_app`)."""

    def __init__(self, app: ASGIApp, warm: Callable[[], None]) -> None:
        self.app = app
        self.warm: Callable[[], None] | None = warm

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            warm, self.warm = self.warm, None
            if warm is not None and scope["type"] == "http":
                threading.Thread(target=warm, name="csto-warm", daemon=True).start()
            elif warm is not None:
                self.warm = warm
