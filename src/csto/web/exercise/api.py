"""The exercise's JSON API (``/api/exercises``): what the pages do, for scripts and tests.

A client signs in with a credential: ``Authorization: Bearer cstox_...`` (what ``POST
/api/exercises`` and ``POST /api/exercises/join`` answer with, or what ``csto exercise new
--credentials`` wrote), or the browser's session cookie (then the form token's header
``X-CSRF-Token`` is needed on a POST). A refused move is an answer (``accepted: false``,
with the verdict and the reasons), not an error. The live stream is
``GET /exercise/{id}/events`` (server-sent events, not described here).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from csto.exercise.moves import move_schema
from csto.web.exercise import csrf, invitations, pages
from csto.web.exercise.common import api_of, create, library, limits_of
from csto.web.exercise.pages import redeem
from csto.web.exercise.sessions import ID_PATTERN, Principal, principal, require, set_session

__all__ = ["router"]

router = APIRouter(prefix="/api/exercises", tags=["exercise"])
ExId = Annotated[str, Path(pattern=ID_PATTERN, max_length=80)]


def _problem(text: str) -> dict[str, Any]:
    return {
        "description": text,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


_AUTH: dict[int | str, dict[str, Any]] = {
    401: _problem("not signed in to this exercise (no, a revoked or a replaced session)"),
    403: _problem("a request from another site, or without the form token"),
    404: _problem("no such exercise"),
}
_FAC: dict[int | str, dict[str, Any]] = {
    **_AUTH,
    403: _problem("not the facilitator, or a request from another site"),
}
_MANY: dict[int | str, dict[str, Any]] = {
    429: _problem("over a rate limit (Retry-After says when to try again)")
}


def _state_change(request: Request) -> None:
    csrf.check_origin(request)


def _signed(request: Request, exercise: str) -> Principal:
    p = principal(request, api_of(request), exercise)
    if p.via == "cookie":
        csrf.check_token(request, None)
    return p


class NewExercise(BaseModel):
    """A ready exercise (``library``) or a day to fork the organization on (``date``)."""

    model_config = ConfigDict(extra="forbid")
    library: str | None = Field(None, max_length=80, description="a ready exercise's id")
    date: str | None = Field(None, max_length=10, description="YYYY-MM-DD")
    title: str | None = Field(None, max_length=200)
    minutes: int | None = Field(None, ge=1, le=1440)
    observers: int = Field(0, ge=0, le=50)


class Join(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(max_length=40, description="the invitation code (XXXX-XXXX-XXXX)")


class Invite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seat: str = Field(max_length=40)
    minutes: int = Field(invitations.LIFETIME_MINUTES, ge=1, le=240)


@router.get("/library", summary="The ready exercises")
def ready() -> list[dict[str, str]]:
    return [{"id": i, "title": t} for i, t in library()]


@router.post(
    "",
    status_code=201,
    summary="Create an exercise; you are its facilitator",
    responses={**_MANY, 403: _AUTH[403]},
)
def new(request: Request, body: NewExercise) -> JSONResponse:
    _state_change(request)
    created = create(
        request,
        source=body.library,
        date=body.date,
        title=body.title,
        minutes=body.minutes,
        observers=body.observers,
    )
    token = created.credentials["facilitator"]
    doc = {"id": created.id, "seat": "facilitator", "credential": token}
    response = JSONResponse(doc, status_code=201, headers={"Cache-Control": "no-store"})
    set_session(response, request, created.id, token)
    return response


@router.post(
    "/join",
    summary="Exchange an invitation code for a seat's credential (once)",
    responses={**_MANY, 403: _AUTH[403], 401: _problem("the code opens nothing")},
)
def join(request: Request, body: Join) -> JSONResponse:
    _state_change(request)
    api = api_of(request)
    exercise, seat = redeem(request, api, body.code)
    token = api.grant(exercise, seat, by="invitation")
    doc = {"exercise": exercise, "seat": seat, "credential": token}
    response = JSONResponse(doc, headers={"Cache-Control": "no-store"})
    set_session(response, request, exercise, token)
    return response


@router.get("/{exercise}", summary="What your seat may see now", responses=_AUTH)
def view(request: Request, exercise: ExId) -> dict[str, Any]:
    p = principal(request, api_of(request), exercise)
    return api_of(request).view(exercise, p.token)


@router.get("/{exercise}/feed", summary="What your seat may see after a version", responses=_AUTH)
def feed(
    request: Request, exercise: ExId, after: Annotated[int, Query(ge=0, le=2**53)] = 0
) -> list[dict[str, Any]]:
    p = principal(request, api_of(request), exercise)
    return api_of(request).feed(exercise, p.token, after)


@router.post(
    "/{exercise}/moves",
    summary="Make a move as your seat (a refused move answers accepted: false)",
    responses={**_AUTH, **_MANY},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": move_schema()}},
        }
    },
)
def act(
    request: Request,
    exercise: ExId,
    move: Annotated[dict[str, Any], Body(examples=[{"move": "position", "position": "support"}])],
    expect: Annotated[int | None, Query(ge=0, le=2**53)] = None,
) -> dict[str, Any]:
    _state_change(request)
    p = _signed(request, exercise)
    limits_of(request).moves.take(p.token)
    result = api_of(request).act(exercise, p.token, move, expected_version=expect, file="<body>")
    return result.to_data()


@router.get(
    "/{exercise}/seats", summary="The seats and their sessions (the facilitator)", responses=_FAC
)
def seats(request: Request, exercise: ExId) -> dict[str, Any]:
    api = api_of(request)
    require(principal(request, api, exercise), "facilitator")
    doc = api.public_view(exercise)
    status = api.load(exercise).credential_status()
    codes = invitations.open_invitations(api.store, exercise, api.clock())
    return {
        "seats": [
            {**s, "credential": status[s["seat"]], "invitation_expires": codes.get(s["seat"])}
            for s in doc["seats"]
        ]
    }


@router.post(
    "/{exercise}/invitations",
    status_code=201,
    summary="Issue an invitation code for a seat (the facilitator)",
    responses=_FAC,
)
def invite(request: Request, exercise: ExId, body: Invite) -> JSONResponse:
    _state_change(request)
    api = api_of(request)
    p = require(_signed(request, exercise), "facilitator")
    if api.load(exercise).config.seat(body.seat) is None:
        from csto.errors import InputError, Problem

        raise InputError(f"no seat {body.seat[:20]!r}", (Problem("unknown seat", field="seat"),))
    made = invitations.issue(
        api.store, exercise, body.seat, by=p.seat.seat, now=api.clock(), minutes=body.minutes
    )
    doc = {"code": made.code, "seat": made.seat, "expires": made.expires.isoformat()}
    return JSONResponse(doc, status_code=201, headers={"Cache-Control": "no-store"})


@router.post(
    "/{exercise}/seats/{seat}/revoke",
    summary="End a seat's session at once, and its open invitation (the facilitator)",
    responses=_FAC,
)
def revoke(
    request: Request, exercise: ExId, seat: Annotated[str, Path(max_length=40)]
) -> dict[str, Any]:
    _state_change(request)
    api = api_of(request)
    p = require(_signed(request, exercise), "facilitator")
    api.revoke(exercise, p.token, seat)
    invitations.void(api.store, exercise, seat, by=p.seat.seat, now=api.clock())
    return {"seat": seat, "revoked": True}


@router.get("/{exercise}/refusals", summary="Your seat's refused moves", responses=_AUTH)
def refusals(request: Request, exercise: ExId) -> list[dict[str, Any]]:
    from csto.exercise.log import refused_to_data

    p = principal(request, api_of(request), exercise)
    return [refused_to_data(r) for r in api_of(request).refusals(exercise, p.token)]


@router.get("/{exercise}/report", summary="The after-action report", responses=_AUTH)
def report(
    request: Request,
    exercise: ExId,
    replications: Annotated[int | None, Query(ge=0, le=20_000)] = None,
) -> dict[str, Any]:
    """``replications``: the simulation's runs (default: the site's, 2,000)."""
    from csto.io.exercisereport import build_report

    p = principal(request, api_of(request), exercise)
    runs = pages.replications(request) if replications is None else replications
    return build_report(api_of(request), exercise, p.token, runs)
