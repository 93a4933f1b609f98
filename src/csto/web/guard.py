"""The application's outer guard: a pure ASGI middleware around everything the app answers.

- **Security headers** (the Content-Security-Policy, ``nosniff``, no referrer) on every
  answer: pages, API documents, static files, error documents, and the answer to a bug.
- **Bounded bodies**: a request body over ``max_body_bytes`` (:mod:`csto.io.limits`) is
  refused with 413 and a problem document (E150) naming the limit and how to raise it: at
  once when the declared length is over it, else as soon as the streamed body passes it.
- **HEAD** is answered as ``GET`` without the body (the framework's routes take GET only).
- **Redirects never name a host**: a ``Location`` is sent as a path and query, so a forged
  ``Host`` header cannot send a visitor to another site.
- **A bug is a problem document**: an exception that escapes the application becomes a
  500 with code E900 (logged with its traceback to the ``csto.web`` logger), never a bare
  server error page without the headers.

How an error is rendered (a problem document under ``/api/``, an HTML page elsewhere) is
the application's :func:`~csto.web.app.create_app` business: it hands the guard its
``answer`` function.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from csto.errors import CstoError, InternalError
from csto.io import limits

__all__ = ["Answer", "Guard"]

#: renders an error for a request (``status`` overrides the table of statuses)
Answer = Callable[[Request, CstoError, int | None], Response]

_log = logging.getLogger("csto.web")


def _declared_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _path_only(headers: Sequence[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    out = []
    for key, value in headers:
        if key.lower() == b"location":
            parts = urlsplit(value.decode("latin-1"))
            if parts.scheme or parts.netloc:
                path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                value = path.encode("latin-1")
        out.append((key, value))
    return out


class Guard:
    """See the module docstring. ``headers`` go on every answer."""

    def __init__(
        self, app: ASGIApp, *, answer: Answer, headers: Sequence[tuple[bytes, bytes]]
    ) -> None:
        self.app = app
        self.answer = answer
        self.headers = list(headers)
        self._names = {key.lower() for key, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                kept = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() not in self._names
                ]
                message = {**message, "headers": _path_only(kept) + self.headers}
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        limit = limits.current().max_body_bytes
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            error = limits.too_large("the request body", declared, limit, "max_body_bytes")
            await self._error(scope, receive, guarded_send, error, None)
            return
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise limits.too_large("the request body", None, limit, "max_body_bytes")
            return message

        try:
            await self.app(scope, bounded_receive, guarded_send)
        except CstoError as exc:  # raised outside the routes (e.g. while reading the body)
            if started:
                raise
            await self._error(scope, receive, guarded_send, exc, None)
        except Exception:
            if started:
                raise
            _log.exception("a bug answered as a 500: %s %s", scope["method"], scope["path"])
            bug = InternalError("this is a bug in csto; please report it with the request")
            await self._error(scope, receive, guarded_send, bug, 500)

    async def _error(
        self, scope: Scope, receive: Receive, send: Send, error: CstoError, status: int | None
    ) -> None:
        request = Request(scope, receive)
        try:
            response = self.answer(request, error, status)
        except Exception:  # rendering the error page failed too: the plain document
            _log.exception("rendering an error failed")
            response = JSONResponse(
                {"title": "internal error", "status": 500, "code": "E900", "detail": str(error)},
                status_code=500,
                media_type="application/problem+json",
            )
        await response(scope, receive, send)
