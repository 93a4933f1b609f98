"""The exercise, live: one server-sent-events stream per page, carrying what its principal
may see of an exercise as it happens.

A route that has authenticated its principal calls :func:`live_response`::

    @router.get("/exercise/{exercise_id}/live")
    async def live(request: Request, exercise_id: str) -> Response:
        seat = ...  # the session's seat (the route's own authentication)
        return await live_response(
            request,
            exercise_id,
            visible=seat_sees(seat),               # or room_only, for the projector
            revoked=lambda: not still_valid(...),  # sync (run in a thread) or async
        )

The stream:

- sends each entry of the exercise's stream that ``visible`` admits, as an event whose
  ``id`` is the entry's version in the exercise's stream (the store's position in it),
  ``event`` the item's type (``move``, ``rewound``, ``credential``, ``created``) and
  ``data`` the item as :meth:`csto.io.exercises.Exercises.feed` gives it, as JSON;
- starts after the client's ``Last-Event-ID`` header (a browser's ``EventSource`` sends it
  when it reconnects), else after the ``after`` query parameter (the page's first
  connection: the version its server-rendered room was built at), else from the start; so
  nothing is missed and nothing comes twice;
- says ``retry:`` (how long a client waits before reconnecting) and sends a comment every
  ``heartbeat`` seconds so that proxies keep it open;
- asks ``revoked`` again whenever a credential of the exercise changes (an entry of the
  stream: it reaches every worker), whenever :meth:`LiveHub.announce` is called for the
  exercise (any worker), and at every heartbeat; once it says yes, the stream sends
  ``event: revoked`` and closes: nothing after the revocation reaches the principal;
- ends when the client goes away, and when the server shuts down (the client reconnects to
  whichever worker or restarted server answers, and resumes).

``visible`` runs on the event loop for every entry and every stream: it must be a cheap,
pure test (:func:`seat_sees` is a set lookup). The work per entry (reading the store,
folding, projecting, encoding) is done once per process by the hub
(:mod:`csto.web.live.hub`), in a worker thread. The hub is the application's
(``request.app.state.live``), started with the application; on PostgreSQL it listens for the
store's notifications (:mod:`csto.web.live.listen`), so a move made through one worker
reaches streams open on any other.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import StreamingResponse

from csto.errors import InputError, Problem
from csto.web.live.hub import LiveEvent, LiveHub, Subscription
from csto.web.live.listen import listen_target

if TYPE_CHECKING:
    from csto.exercise.config import Seat

__all__ = [
    "LiveEvent",
    "LiveHub",
    "Revoked",
    "Visible",
    "last_event_id",
    "listen_target",
    "live_response",
    "room_only",
    "seat_sees",
]

#: which entries a principal may see
Visible = Callable[[LiveEvent], bool]
#: whether the principal's access has ended (sync: run in a thread; or async)
Revoked = Callable[[], bool] | Callable[[], Awaitable[bool]]

MEDIA_TYPE = "text/event-stream; charset=utf-8"
_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
_MAX_ID = 2**53


def seat_sees(seat: Seat) -> Visible:
    """What ``seat`` may see: the room, and the private channels it is a member of (the
    facilitator: as the exercise says), as :func:`csto.exercise.views.feed` decides."""

    def visible(event: LiveEvent) -> bool:
        return event.audience is not None and event.audience.admits(seat)

    return visible


def room_only(event: LiveEvent) -> bool:
    """The public room only (the projector, an observer's screen)."""
    return event.audience is not None and event.audience.room


def last_event_id(request: Request, query: str = "after") -> int:
    """The version the client saw last: its ``Last-Event-ID`` header, else the ``query``
    parameter, else 0. InputError (a 400) for anything but a whole number >= 0."""
    header = request.headers.get("last-event-id")
    text, where = (header, "Last-Event-ID") if header is not None else (None, query)
    if text is None:
        text = request.query_params.get(query)
    if text is None or text.strip() == "":
        return 0
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 16 or int(text) >= _MAX_ID:
        raise InputError(
            f"{where} must be the id of an event of this stream, got {text[:40]!r}",
            (
                Problem(
                    "not a whole number",
                    field=where,
                    expected="a whole number >= 0 (an event's id)",
                    fix="reconnect without it to start from the beginning",
                ),
            ),
        )
    return int(text)


async def live_response(
    request: Request,
    exercise_id: str,
    *,
    visible: Visible,
    revoked: Revoked,
    after: int | None = None,
    hub: LiveHub | None = None,
    heartbeat: float = 15.0,
    retry_ms: int = 2000,
) -> StreamingResponse:
    """The live stream of ``exercise_id`` for one principal (see the module docstring).
    ``after``: the version to start after (default: :func:`last_event_id` of the request);
    ``hub``: default ``request.app.state.live``. Raises InputError (before anything is sent)
    for an unknown exercise or an ``after`` past its version."""
    hub = hub or request.app.state.live
    start = last_event_id(request) if after is None else after
    sub = await hub.subscribe(exercise_id, start)
    return StreamingResponse(
        _frames(hub, sub, visible, revoked, heartbeat, retry_ms),
        media_type=MEDIA_TYPE,
        headers=_HEADERS,
    )


async def _still_admitted(revoked: Revoked) -> bool:
    if inspect.iscoroutinefunction(revoked):
        return not await revoked()
    answer = await asyncio.to_thread(revoked)
    if inspect.isawaitable(answer):
        answer = await answer
    return not answer


_REVOKED = b'event: revoked\ndata: {"type":"revoked"}\n\n'


async def _frames(
    hub: LiveHub,
    sub: Subscription,
    visible: Visible,
    revoked: Revoked,
    heartbeat: float,
    retry_ms: int,
) -> AsyncIterator[bytes]:
    try:
        if not await _still_admitted(revoked):
            yield _REVOKED
            return
        yield f"retry: {retry_ms}\n\n".encode()
        while not hub.closing:
            sub.wake.clear()
            check, out = sub.recheck, list[bytes]()
            sub.recheck = False
            for event in await hub.since(sub):
                if event.revokes:
                    check = True
                    if not await _still_admitted(revoked):  # nothing after it is sent
                        yield b"".join(out) + _REVOKED
                        return
                    check = False
                if event.audience is not None and visible(event):
                    out.append(event.frame)
            if out:
                yield b"".join(out)
            if check and not await _still_admitted(revoked):
                yield _REVOKED
                return
            if sub.room.delivered > sub.last or hub.closing:
                continue
            try:
                async with asyncio.timeout(heartbeat):
                    await sub.wake.wait()
            except TimeoutError:
                yield b": keep-alive\n\n"
                sub.recheck = True
    finally:
        hub.unsubscribe(sub)
