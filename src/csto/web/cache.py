"""Answers kept: a GET the application marked cacheable is answered again from memory.

What the pages and the API answer depends only on the record and the law the site was
built from (fixed for the life of the process), the request's path and query, its host,
and today's date (the default day). A route says an answer may be kept by setting the
header :data:`MARK` (``api._send`` and ``pages._render`` do); :class:`ResponseCache`, an
ASGI middleware, keeps such answers (status 200 only) in a least-recently-used table bounded
in bytes, and answers the same request again on the event loop without routing, without
the thread pool and without rendering. The mark never leaves the server. Answers that can
be made as cheaply from something kept elsewhere (``early``: a date page, rendered once
for its interval, filled in for the day asked) are made here too, and not kept again.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["MARK", "ResponseCache"]

#: the header a route sets on an answer that may be kept
MARK = "x-csto-cache"
_MARK = MARK.encode()
#: the most bytes of bodies kept (the oldest answers go first)
MAX_BYTES = 64 * 2**20

Key = tuple[str, bytes, bytes, dt.date]
#: answers made without the application, asked before the answers kept: a GET's headers and
#: body, or None (pages.kept_date_page: a date page filled in for its day)
Early = Callable[[Scope], tuple[list[tuple[bytes, bytes]], bytes] | None]
Kept = tuple[int, list[tuple[bytes, bytes]], bytes]


class ResponseCache:
    """ASGI middleware keeping the answers marked with :data:`MARK` (see the module)."""

    def __init__(
        self, app: ASGIApp, max_bytes: int = MAX_BYTES, early: Early | None = None
    ) -> None:
        self.app = app
        self.early = early
        self.max_bytes = max_bytes
        self.size = 0
        self.kept: OrderedDict[Key, Kept] = OrderedDict()

    def clear(self) -> None:
        """Forget every answer (when what the site serves changes)."""
        self.kept.clear()
        self.size = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if self.early is not None:
            found = self.early(scope)
            if found is not None:
                headers, body = found
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        host = next((v for k, v in scope["headers"] if k == b"host"), b"")
        key: Key = (scope["path"], scope["query_string"], host, dt.date.today())
        kept = self.kept.get(key)
        if kept is not None:
            self.kept.move_to_end(key)
            status, headers, body = kept
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, self._keeping(key, send))

    def _keeping(self, key: Key, send: Send) -> Send:
        status, headers = 0, list[tuple[bytes, bytes]]()
        parts: list[bytes] = []
        keep = False

        async def send_and_keep(message: Message) -> None:
            nonlocal status, headers, keep
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                marked = any(k.lower() == _MARK for k, _ in headers)
                if marked:
                    headers = [(k, v) for k, v in headers if k.lower() != _MARK]
                    message = {**message, "headers": list(headers)}  # the outer ones add theirs
                status = message["status"]
                keep = marked and status == 200
            elif message["type"] == "http.response.body" and keep:
                parts.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._store(key, status, headers, b"".join(parts))
            await send(message)

        return send_and_keep

    def _store(
        self, key: Key, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> None:
        if len(body) > self.max_bytes // 8:
            return
        old = self.kept.pop(key, None)
        if old is not None:
            self.size -= len(old[2])
        self.kept[key] = (status, headers, body)
        self.size += len(body)
        while self.size > self.max_bytes and self.kept:
            _, (_, _, dropped) = self.kept.popitem(last=False)
            self.size -= len(dropped)
