"""Route groups loaded on their first request: the application starts with the routes most
pages need and adds the others (the exercise, the power page, the simulation page) when a
request first asks for one of their paths.

A :class:`Group` names the paths it answers (``/exercise`` and everything under it, say)
and how to install it on the application (import its module, include its router).
:class:`LoadGroups` is an ASGI middleware that installs a group, once, before the request
that first asks for it is routed; the import runs in a worker thread, not on the event
loop. :meth:`Groups.load_all` installs every group not yet installed: the OpenAPI document
does so before describing the routes (so it always describes all of them), and the
application does so in the background once its first answer has been sent.

A group's routes are appended after every route installed before it, so no group's paths
may be answered by another route (a test holds every route of a group inside its paths and
every other route outside them); a group installed late answers exactly what it would have
answered installed at start. An
exception handler a group needs is registered with the application at start (FastAPI
reads its handlers once, when it builds its middleware), never by the group's installer.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["Group", "Groups", "LoadGroups"]


@dataclass(frozen=True)
class Group:
    """Routes installed on first request: ``paths`` (each answers itself and everything
    under it, ``/sim`` answering ``/sim`` and ``/sim/...``), ``install`` adds the routes."""

    name: str
    paths: tuple[str, ...]
    install: Callable[[], None]

    def covers(self, path: str) -> bool:
        """Whether a request for ``path`` may be answered by this group's routes."""
        return any(path == p or path.startswith(p + "/") for p in self.paths)


class Groups:
    """The groups of one application, each installed at most once (from any thread)."""

    def __init__(self, groups: Iterable[Group]) -> None:
        self.groups = tuple(groups)
        self._pending = list(self.groups)
        self.installed: list[str] = []
        self._lock = threading.Lock()

    @property
    def pending(self) -> bool:
        """Whether some group is not installed yet."""
        return bool(self._pending)

    def wanted(self, path: str) -> list[Group]:
        """The groups not installed yet whose paths cover ``path``."""
        return [g for g in self._pending if g.covers(path)]

    def load(self, groups: Iterable[Group]) -> None:
        """Install ``groups`` (those already installed are skipped)."""
        with self._lock:
            for group in groups:
                if group in self._pending:
                    group.install()
                    self._pending.remove(group)
                    self.installed.append(group.name)

    def load_all(self) -> None:
        """Install every group not installed yet."""
        self.load(list(self._pending))


class LoadGroups:
    """ASGI middleware: install the groups a request's path needs before it is routed."""

    def __init__(self, app: ASGIApp, groups: Groups) -> None:
        self.app = app
        self.groups = groups

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.groups.pending and scope["type"] in ("http", "websocket"):
            wanted = self.groups.wanted(scope["path"])
            if wanted:
                await asyncio.to_thread(self.groups.load, wanted)
        await self.app(scope, receive, send)
