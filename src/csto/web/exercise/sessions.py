"""Who is asking: the seat a request acts for, from its session cookie or a bearer token.

A session *is* the seat's engine credential (``cstox_`` and 256 random bits, of which the
exercise's log keeps only the SHA-256): redeeming an invitation has the engine grant a new
one (so every sign-in gets a new session token and ends the seat's previous one), and the
browser keeps it in an ``HttpOnly``, ``SameSite=Strict`` cookie, one per exercise, named
``__Host-cstox.<exercise>`` with ``Secure`` wherever the browser accepts it (https, and the
loopback addresses browsers treat as secure). Every request is checked against the log:
a revoked or replaced credential stops working at once, on every worker, after a restart.

Scripts and the API's clients may send the credential as ``Authorization: Bearer cstox_...``
instead (``csto exercise new --credentials`` writes them). Never in a URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from csto.errors import InputError, Problem, UnknownIdError
from csto.exercise.config import Seat
from csto.io.exercises import Exercises, SeatRefusedError
from csto.web.exercise.errors import ForbiddenError, NotSignedInError

__all__ = [
    "ID_PATTERN",
    "Principal",
    "clear_session",
    "cookie_name",
    "credential",
    "exercise_ids",
    "principal",
    "secure_request",
    "set_session",
]

#: an exercise id the web serves (letters, digits, '.', '_', '-'): it names a cookie
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"
_ID = re.compile(ID_PATTERN)
_PREFIX = "cstox."
_LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
#: how long a browser keeps a session (a class's day); the log decides before that ends
MAX_AGE = 12 * 3600


@dataclass(frozen=True)
class Principal:
    """A signed-in seat of one exercise; ``via``: cookie or bearer."""

    exercise: str
    token: str
    seat: Seat
    via: str

    @property
    def role(self) -> str:
        return self.seat.role


def secure_request(request: Request) -> bool:
    """Whether the browser will keep a ``Secure`` cookie from this address."""
    return request.url.scheme == "https" or (request.url.hostname or "") in _LOOPBACK


def check_id(exercise_id: str) -> str:
    if not _ID.match(exercise_id):
        raise InputError(
            "that is not an exercise id this site serves",
            (
                Problem(
                    "letters, digits, '.', '_' or '-', at most 80",
                    field="exercise",
                    expected=ID_PATTERN,
                ),
            ),
        )
    return exercise_id


def cookie_name(exercise_id: str, secure: bool) -> str:
    return ("__Host-" if secure else "") + _PREFIX + check_id(exercise_id)


def exercise_ids(request: Request) -> list[str]:
    """The exercises this browser holds a session cookie for (not checked)."""
    out = []
    for name in request.cookies:
        bare = name.removeprefix("__Host-")
        if bare.startswith(_PREFIX) and _ID.match(bare[len(_PREFIX) :]):
            out.append(bare[len(_PREFIX) :])
    return sorted(set(out))


def credential(request: Request, exercise_id: str) -> tuple[str, str] | None:
    """The credential the request carries for ``exercise_id``, and how (bearer, cookie)."""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip(), "bearer"
    for secure in (True, False):
        found = request.cookies.get(cookie_name(exercise_id, secure))
        if found:
            return found, "cookie"
    return None


def principal(request: Request, api: Exercises, exercise_id: str) -> Principal:
    """The seat the request acts for; NotSignedInError when it carries no valid session."""
    check_id(exercise_id)
    found = credential(request, exercise_id)
    if found is None:
        raise NotSignedInError(
            "you are not signed in to this exercise",
            (
                Problem(
                    "no session for this exercise",
                    field="session",
                    fix="join with the invitation code your facilitator gave you: /exercise/join",
                ),
            ),
        )
    token, via = found
    try:
        seat = api.seat(exercise_id, token)
    except UnknownIdError:
        raise
    except InputError as exc:
        if exc.problems and exc.problems[0].field == "exercise":
            raise UnknownIdError(exc.message, exc.problems) from None
        raise _ended() from None
    except SeatRefusedError:
        raise _ended() from None
    return Principal(exercise_id, token, seat, via)


def _ended() -> NotSignedInError:
    return NotSignedInError(
        "your session for this exercise has ended (the seat was revoked or handed on)",
        (
            Problem(
                "unknown, revoked or replaced credential",
                field="session",
                fix="ask your facilitator for a new invitation code",
            ),
        ),
    )


def require(p: Principal, *roles: str) -> Principal:
    """``p`` if its role is one of ``roles``; ForbiddenError otherwise."""
    if p.role not in roles:
        raise ForbiddenError(
            f"this is for the {' or the '.join(roles)} only",
            (Problem(f"your seat is {p.seat.seat} ({p.role})", field="session"),),
        )
    return p


def set_session(response: Response, request: Request, exercise_id: str, token: str) -> None:
    secure = secure_request(request)
    response.set_cookie(
        cookie_name(exercise_id, secure),
        token,
        max_age=MAX_AGE,
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )


def clear_session(response: Response, request: Request, exercise_id: str) -> None:
    for secure in (True, False):
        response.delete_cookie(
            cookie_name(exercise_id, secure),
            path="/",
            secure=secure,
            httponly=True,
            samesite="strict",
        )
