"""The live hub: one per process (per worker), it follows the event store and fans each new
entry of an exercise out to that exercise's open live streams.

One pump task reads the log after the last position it saw (:meth:`EventStore.read_all`),
keeps the entries of exercises somebody follows, folds them into its own copy of each such
exercise (:class:`~csto.exercise.game.Exercise`), projects each entry once
(:func:`csto.exercise.views.project`: the item and who may see it), encodes its
server-sent-events frame once, and wakes the streams of that exercise; each stream then sends
the frames its principal may see. Reading, folding and encoding run in a worker thread, never
on the event loop; a stream's own work on the loop is a comparison and a write.

What wakes the pump is the bus:

- in one process (SQLite, or the memory store), the store the application writes through is
  wrapped by :meth:`LiveHub.publishing`: every committed append pokes the hub;
- on PostgreSQL, every append already ends with ``NOTIFY`` on the store's channel
  (:attr:`~csto.store.postgres.PostgresEventStore.channel`, delivered at commit); each
  process holds one connection that ``LISTEN`` s to it (:mod:`csto.web.live.listen`), so a
  move appended by one worker wakes the hub of every worker.

Besides, the pump reads the log every ``poll`` seconds whatever happens (a writer outside the
application or not writing through :meth:`LiveHub.publishing`, a notification lost while the
listening connection was re-made): the log is the
buffer, a notification only says "look now". A stream that falls behind what the hub keeps
in memory (``keep`` entries per exercise) reads the rest from the store.

Revocations travel on the same bus: a credential issued or revoked is an entry of the
exercise's stream, and :meth:`LiveHub.announce` asks every stream of an exercise, in every
worker, to ask its principal's revocation check again (for revocations the web layer keeps
outside the exercise's stream).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from csto.errors import InputError, Problem
from csto.store import AppendResult, EventStore, NewEvent, StoredEvent, VerifyReport

if TYPE_CHECKING:  # imported when an exercise is first followed, not when the server starts
    from csto.exercise.game import Exercise
    from csto.exercise.views import Audience


def _stream_of(exercise_id: str) -> str:
    """The store's stream of an exercise (:func:`csto.exercise.log.stream_of`, imported on
    first use: the exercise's modules are not loaded before the server's first answer)."""
    from csto.exercise.log import stream_of

    return stream_of(exercise_id)


__all__ = ["LiveEvent", "LiveHub", "Subscription"]

_PAGE = 2000
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LiveEvent:
    """One entry of an exercise's stream, ready to send: its version (the SSE ``id``), the
    store's event type, who may see it (None: nobody is shown it) and its frame, encoded
    once for every stream."""

    exercise: str
    version: int
    type: str
    audience: Audience | None
    frame: bytes

    @property
    def revokes(self) -> bool:
        """A credential of the exercise changed: streams ask their revocation check again."""
        from csto.exercise.log import ISSUED, REVOKED

        return self.type in (ISSUED, REVOKED)


def encode(version: int, item: dict[str, Any]) -> bytes:
    """The server-sent-events frame of one item: ``id`` (the version), ``event`` (the item's
    type) and ``data``, one line of JSON (participants' text is escaped there, never raw)."""
    data = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    return f"id: {version}\nevent: {item['type']}\ndata: {data}\n\n".encode()


def _live_event(ex: Exercise, entry: StoredEvent) -> LiveEvent:
    from csto.exercise.views import project

    shown = project(ex, entry)
    if shown is None:
        return LiveEvent(ex.config.id, entry.version, entry.type, None, b"")
    return LiveEvent(
        ex.config.id, entry.version, entry.type, shown.audience, encode(entry.version, shown.item)
    )


@dataclass(eq=False)
class Subscription:
    """One open stream: the room it follows, the last version it has passed, and what wakes
    it (new entries, a revocation to check, the hub closing)."""

    room: _Room
    last: int
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    recheck: bool = False


@dataclass(eq=False)
class _Room:
    """An exercise somebody follows: its fold (worker-thread side, under the hub's lock), the
    entries delivered so far (event-loop side), and its streams (held weakly: a response
    dropped before its first frame leaves nothing behind)."""

    id: str
    ex: Exercise
    subs: weakref.WeakSet[Subscription] = field(default_factory=weakref.WeakSet)
    recent: list[LiveEvent] = field(default_factory=list)
    delivered: int = 0


class LiveHub:
    """The live hub over ``store`` (see the module docstring). ``listen``: a PostgreSQL URL
    and channel to LISTEN on (:func:`csto.web.live.listen.listen_target` finds them for a
    store); ``poll``: seconds between reads of the log without a wake-up (default 2 s with a
    listener, else 0.25 s: a write that did not go through :meth:`publishing` is seen that
    late at worst); ``keep``: entries kept in memory per exercise."""

    def __init__(
        self,
        store: EventStore,
        *,
        listen: tuple[str, str] | None = None,
        poll: float | None = None,
        keep: int = 512,
    ) -> None:
        self.store = store
        self.listen = listen
        self.poll = poll if poll is not None else (2.0 if listen else 0.25)
        self.keep = keep
        self.closing = False
        self._rooms: dict[str, _Room] = {}
        self._fold = threading.Lock()
        self._position = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._announcer: Callable[[str], None] | None = None

    # --- the bus ----------------------------------------------------------------------------

    def poke(self) -> None:
        """Say that the log has grown (from any thread): the pump reads it now."""
        loop, wake = self._loop, self._wake
        if loop is None or wake is None or loop.is_closed():
            return
        if _on(loop):
            wake.set()
        else:
            loop.call_soon_threadsafe(wake.set)

    def publishing(self, store: EventStore | None = None) -> EventStore:
        """``store`` (default: the hub's) wrapped so that every append pokes the hub: give
        this one to the :class:`~csto.io.exercises.Exercises` the application writes with."""
        return _Publishing(store or self.store, self.poke)

    def announce(self, exercise_id: str) -> None:
        """Ask every stream of ``exercise_id``, in every worker, to run its revocation check
        again now (from any thread)."""
        announcer, loop = self._announcer, self._loop
        if announcer is not None and loop is not None and _on(loop):
            loop.run_in_executor(None, announcer, exercise_id)
        elif announcer is not None:
            announcer(exercise_id)
        else:
            self.announced(exercise_id)

    def announced(self, exercise_id: str) -> None:
        """A revocation was announced for ``exercise_id`` (the bus calls this, any thread)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        if _on(loop):
            self._recheck(exercise_id)
        else:
            loop.call_soon_threadsafe(self._recheck, exercise_id)

    def _recheck(self, exercise_id: str) -> None:
        room = self._rooms.get(exercise_id)
        for sub in list(room.subs if room else ()):
            sub.recheck = True
            sub.wake.set()

    # --- life -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the pump (and the listener, on PostgreSQL) on the running loop."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._position = await asyncio.to_thread(self.store.head)
        self._tasks.append(asyncio.create_task(self._pump(), name="csto-live-pump"))
        if self.listen is not None:
            from csto.web.live.listen import Listener

            listener = Listener(self.listen[0], self.listen[1], self)
            self._announcer = listener.announce
            self._tasks.append(asyncio.create_task(listener.run(), name="csto-live-listen"))

    async def stop(self) -> None:
        """End every open stream (cleanly: each sends its last frames and closes) and stop."""
        self.shutdown()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()

    @property
    def active(self) -> bool:
        """Started and not stopping."""
        return bool(self._tasks) and not self.closing

    def shutdown(self) -> None:
        """The server is going down: every open stream ends now (from any thread)."""
        loop = self._loop
        if loop is not None and not loop.is_closed() and not _on(loop):
            loop.call_soon_threadsafe(self.shutdown)
            return
        self.closing = True
        for room in list(self._rooms.values()):
            for sub in list(room.subs):
                sub.wake.set()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[LiveHub]:
        """Start, and stop on the way out; in the main thread, a SIGINT or SIGTERM also ends
        the streams at once (a server waits for its open responses before shutting down)."""
        await self.start()
        restore = self._chain_signals()
        try:
            yield self
        finally:
            restore()
            await self.stop()

    def _chain_signals(self) -> Callable[[], None]:
        if threading.current_thread() is not threading.main_thread():
            return lambda: None
        loop = asyncio.get_running_loop()
        before: dict[int, Any] = {}

        def handler(sig: int, frame: Any) -> None:
            loop.call_soon_threadsafe(self.shutdown)
            previous = before.get(sig)
            if callable(previous):
                previous(sig, frame)

        for sig in (signal.SIGINT, signal.SIGTERM):
            before[sig] = signal.getsignal(sig)
            signal.signal(sig, handler)

        def restore() -> None:
            for sig, previous in before.items():
                if signal.getsignal(sig) is handler:
                    signal.signal(sig, previous)

        return restore

    # --- following an exercise ---------------------------------------------------------------

    async def subscribe(self, exercise_id: str, after: int) -> Subscription:
        """A new stream of ``exercise_id`` that has seen everything up to version ``after``.
        InputError if the store holds no such exercise or ``after`` is past its version."""
        return await asyncio.to_thread(self._join, exercise_id, after)

    def unsubscribe(self, sub: Subscription) -> None:
        sub.room.subs.discard(sub)

    def streams(self, exercise_id: str) -> int:
        """How many streams of ``exercise_id`` are open in this process."""
        room = self._rooms.get(exercise_id)
        return len(room.subs) if room else 0

    def _join(self, exercise_id: str, after: int) -> Subscription:
        with self._fold:
            room = self._rooms.get(exercise_id)
            if room is None:
                entries = self.store.read_stream(_stream_of(exercise_id))
                if not entries:
                    raise InputError(
                        f"no exercise {exercise_id!r} in this store",
                        (Problem("unknown exercise", field="exercise"),),
                    )
                from csto.exercise.game import Exercise

                ex = Exercise.from_entries(entries)
                room = _Room(exercise_id, ex, delivered=ex.version)
                self._rooms[exercise_id] = room
            if after > room.ex.version:
                # a page rendered from the store a moment before the hub read the same
                # entries starts past the hub's fold: accepted when the store holds that
                # version (the stream waits for the pump, woken now), refused otherwise
                known = self.store.stream_version(_stream_of(exercise_id))
                if after > known:
                    raise InputError(
                        f"Last-Event-ID {after} is past exercise {exercise_id}'s version {known}",
                        (
                            Problem(
                                "an event this exercise never had",
                                field="Last-Event-ID",
                                expected=f"0 to {known}",
                                fix="reconnect without Last-Event-ID to start from the beginning",
                            ),
                        ),
                    )
                self.poke()
            sub = Subscription(room, after)
            room.subs.add(sub)
            return sub

    async def since(self, sub: Subscription) -> list[LiveEvent]:
        """The entries ``sub`` has not passed yet (from memory, else from the store), in
        order; ``sub.last`` moves on past them."""
        room = sub.room
        upto = room.delivered
        if upto <= sub.last:
            return []
        first = room.recent[0].version if room.recent else upto + 1
        if first <= sub.last + 1:
            found = room.recent[sub.last + 1 - first :]
        else:
            found = await asyncio.to_thread(self._catch_up, room, sub.last, upto)
        if found:
            sub.last = found[-1].version
        return found

    def _catch_up(self, room: _Room, after: int, upto: int) -> list[LiveEvent]:
        entries = self.store.read_stream(
            _stream_of(room.id), from_version=after + 1, limit=upto - after
        )
        with self._fold:
            return [_live_event(room.ex, e) for e in entries]

    # --- the pump -----------------------------------------------------------------------------

    async def _pump(self) -> None:
        assert self._wake is not None
        while not self.closing:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll):
                    await self._wake.wait()
            self._wake.clear()
            try:
                batches = await asyncio.to_thread(self._advance)
            except Exception:  # the store is away, say: said once per round, tried again
                _log.exception("csto live: reading the event store failed; trying again")
                await asyncio.sleep(min(self.poll, 1.0))
                continue
            for room, events in batches:
                self._deliver(room, events)

    def _advance(self) -> list[tuple[_Room, list[LiveEvent]]]:
        out: dict[str, tuple[_Room, list[LiveEvent]]] = {}
        with self._fold:
            for gone in [k for k, r in self._rooms.items() if not r.subs]:
                del self._rooms[gone]
            prefix = _stream_of("")
            while True:
                page = self.store.read_all(after=self._position, limit=_PAGE)
                for entry in page:
                    self._position = entry.position
                    if not entry.stream_id.startswith(prefix):
                        continue
                    room = self._rooms.get(entry.stream_id[len(prefix) :])
                    if room is None or entry.version <= room.ex.version:
                        continue
                    events = out.setdefault(room.id, (room, []))[1]
                    if entry.version > room.ex.version + 1:  # joined while this page was read
                        for missed in self.store.read_stream(
                            entry.stream_id,
                            from_version=room.ex.version + 1,
                            limit=entry.version - room.ex.version - 1,
                        ):
                            room.ex.apply(missed)
                            events.append(_live_event(room.ex, missed))
                    room.ex.apply(entry)
                    events.append(_live_event(room.ex, entry))
                if len(page) < _PAGE:
                    break
        return list(out.values())

    def _deliver(self, room: _Room, events: Sequence[LiveEvent]) -> None:
        fresh = [e for e in events if e.version > room.delivered]
        if not fresh:
            return
        room.recent.extend(fresh)
        room.delivered = fresh[-1].version
        if len(room.recent) > 2 * self.keep:
            del room.recent[: len(room.recent) - self.keep]
        for sub in list(room.subs):
            sub.wake.set()


def _on(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


class _Publishing:
    """An event store that pokes the hub after every committed append (the in-process bus);
    everything else is the wrapped store's."""

    def __init__(self, store: EventStore, poke: Callable[[], None]) -> None:
        self.wrapped = store
        self._poke = poke

    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        *,
        expected_version: int,
        idempotency_key: str | None = None,
    ) -> AppendResult:
        result = self.wrapped.append(
            stream_id, events, expected_version=expected_version, idempotency_key=idempotency_key
        )
        self._poke()
        return result

    def stream_version(self, stream_id: str) -> int:
        return self.wrapped.stream_version(stream_id)

    def read_stream(
        self, stream_id: str, *, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        return self.wrapped.read_stream(stream_id, from_version=from_version, limit=limit)

    def read_all(self, *, after: int = 0, limit: int | None = None) -> list[StoredEvent]:
        return self.wrapped.read_all(after=after, limit=limit)

    def head(self) -> int:
        return self.wrapped.head()

    def wait(self, *, after: int, timeout: float) -> list[StoredEvent]:
        return self.wrapped.wait(after=after, timeout=timeout)

    def verify(self, noted: tuple[int, str] | None = None) -> VerifyReport:
        return self.wrapped.verify(noted)

    def seal(self) -> VerifyReport:
        return self.wrapped.seal()

    def restore(self, events: Sequence[StoredEvent]) -> int:
        written = self.wrapped.restore(events)
        self._poke()
        return written

    def close(self) -> None:
        self.wrapped.close()
