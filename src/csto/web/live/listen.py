"""The bus across processes: PostgreSQL ``LISTEN``/``NOTIFY``.

Every append to a PostgreSQL store ends with ``NOTIFY`` on the store's channel, delivered
when the transaction commits (:mod:`csto.store.postgres`). Each worker process holds one
autocommit connection (psycopg's async connection, on the worker's event loop) listening to
that channel and to the revocation channel beside it; a notification pokes the worker's
:class:`~csto.web.live.hub.LiveHub`, which reads the log itself (a notification carries no
event: its payload is small and it may be coalesced; the log is the buffer). When the
connection drops, it is made again (waiting up to 5 s between tries) and the hub is poked, so
that whatever was appended meanwhile is read.

``LISTEN`` needs a direct connection to the server: not through PgBouncer in transaction
pooling mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from typing import TYPE_CHECKING

from csto.store import EventStore

if TYPE_CHECKING:
    from csto.web.live.hub import LiveHub

__all__ = ["Listener", "listen_target"]


def listen_target(store: EventStore) -> tuple[str, str] | None:
    """The URL and channel to LISTEN on for ``store``; None for a store of one process."""
    from csto.web.live.hub import _Publishing

    if isinstance(store, _Publishing):
        store = store.wrapped
    # a PostgreSQL store exists only once its module is imported: a SQLite server does not
    # import psycopg (a tenth of csto serve's start) to find out that it is not one
    postgres = sys.modules.get("csto.store.postgres")
    if postgres is not None and isinstance(store, postgres.PostgresEventStore):
        return store.url, store.channel
    return None


def revocation_channel(channel: str) -> str:
    """The channel revocations are announced on, beside the store's."""
    return f"{channel}_revoked"


class Listener:
    """One listening connection for one process (see the module docstring)."""

    def __init__(self, url: str, channel: str, hub: LiveHub) -> None:
        self.url = url
        self.channel = channel
        self.revoked = revocation_channel(channel)
        self.hub = hub
        self.connected = asyncio.Event()

    async def run(self) -> None:
        import psycopg

        pause = 0.25
        while not self.hub.closing:
            try:
                conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True)
            except psycopg.Error:
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)
                continue
            try:
                await conn.execute(f"LISTEN {self.channel}")
                await conn.execute(f"LISTEN {self.revoked}")
                self.connected.set()
                pause = 0.25
                self.hub.poke()  # what was appended while nobody listened
                async for note in conn.notifies():
                    if note.channel == self.revoked:
                        self.hub.announced(note.payload)
                    else:
                        self.hub.poke()
            except psycopg.Error:
                self.connected.clear()
                await asyncio.sleep(pause)
            finally:
                self.connected.clear()
                with contextlib.suppress(psycopg.Error):
                    await conn.close()

    def announce(self, exercise_id: str) -> None:
        """NOTIFY every worker that ``exercise_id``'s streams must check their principals."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("SELECT pg_notify(%s, %s)", (self.revoked, exercise_id))
