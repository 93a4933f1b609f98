"""The exercise's pages: the facilitator's console, the join page, a seat's room, the
projector's view and the after-action report. Server-rendered (Jinja2, every participant's
text escaped), usable without JavaScript; ``static/exercise.js`` only makes them live.

Routes and who may use them (``tests/web/exercise/test_access.py`` tries every route as
every role):

==========================================  ====================================
``GET /exercise``                           anyone: create, join, your exercises
``POST /exercise/new``                      anyone (rate-limited): becomes its facilitator
``GET|POST /exercise/join``                 anyone (wrong codes rate-limited)
``GET /exercise/{id}/console``              the facilitator
``POST /exercise/{id}/invite`` ``/revoke``  the facilitator
``GET /exercise/{id}/room``                 any seat of the exercise
``GET /exercise/{id}/projector``            any seat (shows the public room only)
``POST /exercise/{id}/move``                any seat (the referee decides the rest)
``GET /exercise/{id}/events``               any seat (its own channels; live stream)
``GET /exercise/{id}/report[.html|.pdf]``   any seat (private channels only once archived)
``POST /exercise/{id}/signout``             any seat
==========================================  ====================================
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from csto.errors import CstoError, InputError
from csto.io.exercises import Exercises
from csto.web.exercise import csrf, invitations
from csto.web.exercise.common import api_of, client_key, create, library, limits_of
from csto.web.exercise.forms import move_forms, move_from_form
from csto.web.exercise.sessions import (
    ID_PATTERN,
    Principal,
    clear_session,
    exercise_ids,
    principal,
    require,
    set_session,
)
from csto.web.pages import templates
from csto.web.problems import problem_document

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
ExId = Annotated[str, Path(pattern=ID_PATTERN)]


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page for one person: a form token in its forms, never kept by any cache."""
    context["csrf"] = csrf.form_token(request)
    context.setdefault("live", getattr(request.app.state, "live", None) is not None)
    response = templates.TemplateResponse(request, name, context, status_code=status)
    csrf.keep_token(request, response)
    response.headers["Cache-Control"] = "no-store"
    return response


async def _form(request: Request) -> dict[str, list[str]]:
    """The submitted form (urlencoded), after the origin and form-token checks."""
    csrf.check_origin(request)
    body = (await request.body()).decode("utf-8", "replace")
    form = parse_qs(body, keep_blank_values=True, max_num_fields=200)
    sent = form.get(csrf.FIELD, [None])[-1]
    csrf.check_token(request, sent)
    return form


def _one(form: dict[str, list[str]], key: str) -> str:
    return (form.get(key) or [""])[-1].strip()


def _see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# --- anyone ----------------------------------------------------------------------------------


@router.get("/exercise", response_class=HTMLResponse)
def index(request: Request) -> Response:
    api = api_of(request)
    mine = []
    for ex_id in exercise_ids(request):
        try:
            p = principal(request, api, ex_id)
        except CstoError:
            continue
        mine.append({"id": ex_id, "title": api.load(ex_id).config.title, "seat": p.seat})
    return page(
        request,
        "exercise/index.html",
        library=library(),
        mine=mine,
        today=dt.date.today().isoformat(),
    )


@router.post("/exercise/new")
async def new(request: Request) -> Response:
    form = await _form(request)
    try:
        minutes = int(_one(form, "minutes") or 0) or None
        observers = int(_one(form, "observers") or 0)
    except ValueError:
        raise InputError("minutes and observers are whole numbers") from None
    created = create(
        request,
        source=_one(form, "library") or None,
        date=_one(form, "date") or None,
        title=_one(form, "title") or None,
        minutes=minutes,
        observers=observers,
    )
    response = _see_other(f"/exercise/{created.id}/console")
    set_session(response, request, created.id, created.credentials["facilitator"])
    return response


@router.get("/exercise/join", response_class=HTMLResponse)
def join_page(request: Request) -> Response:
    return page(request, "exercise/join.html")


@router.post("/exercise/join")
async def join(request: Request) -> Response:
    form = await _form(request)
    api = api_of(request)
    try:
        exercise, seat = redeem(request, api, _one(form, "code"))
    except invitations.InvalidCodeError as exc:
        doc = problem_document(exc, request.url.path)
        return page(request, "exercise/join.html", 401, problem=doc)
    token = api.grant(exercise, seat, by="invitation")
    where = "console" if seat == "facilitator" else "room"
    response = _see_other(f"/exercise/{exercise}/{where}")
    set_session(response, request, exercise, token)
    return response


def redeem(request: Request, api: Exercises, code: str) -> tuple[str, str]:
    """The exercise and seat a code opens (a wrong code costs the address a token)."""
    codes = limits_of(request).codes
    key = client_key(request)
    codes.check(key)
    try:
        return invitations.redeem(api.store, code, now=api.clock())
    except invitations.InvalidCodeError:
        codes.take(key)
        raise


# --- a seat ------------------------------------------------------------------------------------


def _room_context(api: Exercises, p: Principal, doc: dict[str, Any]) -> dict[str, Any]:
    room = {
        "seats": [(s["seat"], f"{s['seat']} ({s['name']})") for s in doc["seats"]],
        "items": [a["id"] for a in doc["agenda"]],
        "subjects": [d["subject"] for d in doc["drafts"] if d["status"] in ("open", "called")]
        or [d["subject"] for d in doc["drafts"]],
        "ids": [i["id"] for i in doc.get("prepared_injects", ())],
    }
    return {"doc": doc, "me": p.seat, "exercise": p.exercise, "room": room}


@router.get("/exercise/{exercise}/room", response_class=HTMLResponse)
def room_page(request: Request, exercise: ExId) -> Response:
    api = api_of(request)
    p = principal(request, api, exercise)
    return _room(request, api, p)


def _room(
    request: Request,
    api: Exercises,
    p: Principal,
    status: int = 200,
    problem: dict[str, Any] | None = None,
) -> Response:
    doc = api.view(p.exercise, p.token)
    ctx = _room_context(api, p, doc)
    verbs = list(doc["next"])
    if p.role == "facilitator":
        verbs = []  # the facilitator's controls are on the console
    ctx["forms"] = move_forms(verbs, ctx["room"])
    ctx["problem"] = problem
    ctx["last"] = request.query_params.get("moved", "")
    return page(request, "exercise/room.html", status, **ctx)


@router.get("/exercise/{exercise}/projector", response_class=HTMLResponse)
def projector(request: Request, exercise: ExId) -> Response:
    api = api_of(request)
    p = principal(request, api, exercise)
    doc = api.public_view(exercise)
    return page(request, "exercise/projector.html", doc=doc, exercise=exercise, me=p.seat)


_BACK = {"room", "console"}


@router.post("/exercise/{exercise}/move")
async def move(request: Request, exercise: ExId) -> Response:
    api = api_of(request)
    p = principal(request, api, exercise)
    form = await _form(request)
    back = _one(form, "back")
    back = back if back in _BACK else "room"
    limits_of(request).moves.take(p.token)
    try:
        data = move_from_form(_one(form, "move"), form)
        result = api.act(exercise, p.token, data, file="<form>")
    except InputError as exc:
        doc = problem_document(exc, request.url.path)
        if back == "console" and p.role == "facilitator":
            return _console(request, api, p, status=400, problem=doc)
        return _room(request, api, p, status=400, problem=doc)
    outcome = "accepted" if result.accepted else "refused"
    return _see_other(f"/exercise/{exercise}/{back}?moved={outcome}#result")


@router.get("/exercise/{exercise}/events")
async def events(request: Request, exercise: ExId) -> Response:
    """The page's live stream (server-sent events, :mod:`csto.web.live`): what this seat may
    see (``?view=projector``: the public room only), from ``Last-Event-ID`` or ``after``;
    it ends the moment the seat's session does."""
    from csto.web.live import live_response, room_only, seat_sees

    api = api_of(request)
    p = await asyncio.to_thread(principal, request, api, exercise)

    def revoked() -> bool:
        try:
            api.seat(exercise, p.token)
        except CstoError:
            return True
        return False

    projector = request.query_params.get("view") == "projector"
    visible = room_only if projector else seat_sees(p.seat)
    return await live_response(request, exercise, visible=visible, revoked=revoked)


@router.post("/exercise/{exercise}/signout")
async def signout(request: Request, exercise: ExId) -> Response:
    api = api_of(request)
    principal(request, api, exercise)
    await _form(request)
    response = _see_other("/exercise")
    clear_session(response, request, exercise)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


# --- the facilitator -------------------------------------------------------------------------


@router.get("/exercise/{exercise}/console", response_class=HTMLResponse)
def console(request: Request, exercise: ExId) -> Response:
    api = api_of(request)
    p = require(principal(request, api, exercise), "facilitator")
    return _console(request, api, p)


def _console(
    request: Request,
    api: Exercises,
    p: Principal,
    *,
    status: int = 200,
    problem: dict[str, Any] | None = None,
    invited: invitations.Invitation | None = None,
) -> Response:
    doc = api.view(p.exercise, p.token)
    ctx = _room_context(api, p, doc)
    ctx["forms"] = move_forms(doc["next"], ctx["room"])
    ctx["problem"] = problem
    ctx["invited"] = invited
    ctx["open_codes"] = invitations.open_invitations(api.store, p.exercise, api.clock())
    ctx["refusals"] = doc.get("refusals", [])
    ctx["last"] = request.query_params.get("moved", "")
    return page(request, "exercise/console.html", status, **ctx)


def _seat_id(api: Exercises, exercise: str, form: dict[str, list[str]]) -> str:
    seat = _one(form, "seat")
    if api.load(exercise).config.seat(seat) is None:
        raise InputError(f"no seat {seat[:20]!r} in this exercise")
    return seat


@router.post("/exercise/{exercise}/invite", response_class=HTMLResponse)
async def invite(request: Request, exercise: ExId) -> Response:
    api = api_of(request)
    p = require(principal(request, api, exercise), "facilitator")
    form = await _form(request)
    seat = _seat_id(api, exercise, form)
    try:
        minutes = int(_one(form, "minutes") or invitations.LIFETIME_MINUTES)
    except ValueError:
        minutes = 0
    if not 1 <= minutes <= 240:
        raise InputError("an invitation lasts 1 to 240 minutes")
    made = invitations.issue(
        api.store, exercise, seat, by=p.seat.seat, now=api.clock(), minutes=minutes
    )
    return _console(request, api, p, invited=made)


@router.post("/exercise/{exercise}/revoke")
async def revoke(request: Request, exercise: ExId) -> Response:
    api = api_of(request)
    p = require(principal(request, api, exercise), "facilitator")
    form = await _form(request)
    seat = _seat_id(api, exercise, form)
    invitations.void(api.store, exercise, seat, by=p.seat.seat, now=api.clock())
    api.revoke(exercise, p.token, seat)
    return _see_other(f"/exercise/{exercise}/console")


# --- the report ------------------------------------------------------------------------------

#: the simulation's runs behind the web's report (the command line's default is 20,000)
REPLICATIONS = 2_000


def replications(request: Request) -> int:
    """How many runs of the simulation the report makes (the application's setting)."""
    return int(getattr(request.app.state, "exercise_replications", REPLICATIONS))


def report_doc(request: Request, api: Exercises, p: Principal) -> dict[str, Any]:
    from csto.io.exercisereport import build_report

    return build_report(api, p.exercise, p.token, replications(request))


@router.get("/exercise/{exercise}/report", response_class=HTMLResponse)
def report(request: Request, exercise: ExId) -> Response:
    api = api_of(request)
    p = principal(request, api, exercise)
    doc = report_doc(request, api, p)
    return page(request, "exercise/report.html", doc=doc, exercise=exercise, me=p.seat)


@router.get("/exercise/{exercise}/report.html")
def report_html(request: Request, exercise: ExId) -> Response:
    from csto.io.exercisereport import render_html

    api = api_of(request)
    p = principal(request, api, exercise)
    body = render_html(report_doc(request, api, p))
    return Response(
        body,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{exercise}-report.html"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/exercise/{exercise}/report.pdf")
def report_pdf(request: Request, exercise: ExId) -> Response:
    import tempfile
    from pathlib import Path as FilePath

    from csto.io.exercisereport import write_pdf

    api = api_of(request)
    p = principal(request, api, exercise)
    doc = report_doc(request, api, p)
    with tempfile.TemporaryDirectory() as tmp:
        out = FilePath(tmp) / "report.pdf"
        write_pdf(doc, out)
        body = out.read_bytes()
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{exercise}-report.pdf"',
            "Cache-Control": "no-store",
        },
    )
