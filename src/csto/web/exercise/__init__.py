"""The exercise in the browser: the facilitator's console, the join page, a seat's room, the
projector's view, the after-action report (:mod:`.pages`), and the JSON API
(:mod:`.api`), over the engine API :class:`csto.io.exercises.Exercises`.

Safe against the people in it: sessions are the engine's seat credentials in ``HttpOnly``
cookies (:mod:`.sessions`), got only by redeeming a short-lived single-use invitation code
with a POST (:mod:`.invitations`); every state change passes the origin and form-token
checks (:mod:`.csrf`); moves and wrong codes are rate-limited (:mod:`.ratelimit`); every
participant's text is escaped by the templates. ``docs/exercise-web.md`` maps OWASP ASVS 5.0
level 1 to the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import Response

from csto.web import pages as site_pages
from csto.web.exercise.errors import AccessError
from csto.web.problems import problem_document

if TYPE_CHECKING:
    from csto.io.exercises import Exercises
    from csto.web.exercise.ratelimit import Limits

__all__ = ["PATHS", "handle_errors", "install"]

#: the paths the exercise's pages and API answer (each and everything under it)
PATHS = ("/exercise", "/api/exercises")


def install(
    app: FastAPI,
    exercises: Exercises | Callable[[], Exercises] | None,
    limits: Limits | Callable[[], Limits] | None = None,
) -> None:
    """Mount the exercise's pages and API on ``app`` over ``exercises`` (or what a function
    given instead makes, called now; default: an exercise store in memory, for a site
    served without one). The application loads this on the first request for one of
    :data:`PATHS` (:mod:`csto.web.groups`); :func:`handle_errors` is registered at start.
    ``limits``: the rate limits, or a function that makes them, called now (default: kept in
    the process; :func:`csto.web.exercise.sharedlimits.shared_limits` on PostgreSQL)."""
    from csto.io.exercises import Exercises
    from csto.web.exercise import api, pages
    from csto.web.exercise.ratelimit import Limits

    if exercises is None:
        from csto.io.exerciselaw import LawWorld
        from csto.store import MemoryEventStore

        exercises = Exercises(MemoryEventStore(), law=LawWorld(app.state.site.history))
    elif not isinstance(exercises, Exercises):
        exercises = exercises()
    app.state.exercises = exercises
    if callable(limits):
        limits = limits()
    app.state.exercise_limits = limits or Limits.default()
    app.include_router(api.router)
    app.include_router(pages.router)


def handle_errors(app: FastAPI) -> None:
    """Answer the exercise's refusals (:class:`AccessError`) on ``app``: a problem document
    under ``/api/``, an error page elsewhere, with the refusal's headers."""

    @app.exception_handler(AccessError)
    async def refused(request: Request, exc: AccessError) -> Response:
        query = request.url.query
        doc = problem_document(exc, request.url.path + (f"?{query}" if query else ""), exc.status)
        if request.url.path.startswith("/api/"):
            from fastapi.responses import JSONResponse

            response: Response = JSONResponse(
                doc, status_code=exc.status, media_type="application/problem+json"
            )
        else:
            response = site_pages.error_page(request, doc)
        for key, value in exc.headers.items():
            response.headers[key] = value
        return response
