"""The bus: a revocation the web layer keeps outside the exercise's stream is announced with
:meth:`LiveHub.announce` and closes the streams of that principal in every process (two hubs
over one PostgreSQL schema, as two workers have; and one hub in one process); a write made
outside the hub's store (another process) still reaches the streams (the hub reads the log
whatever wakes it)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from csto.io.exercises import Exercises, LawWorld, configure
from csto.store import EventStore, open_store
from csto.web.live import LiveHub, listen_target, live_response, seat_sees
from tests.web.conftest import free_port
from tests.web.live.conftest import RUN
from tests.web.live.sse import Reader, ThreadServer


def _app(store: EventStore, ended: set[str], poll: float | None = None) -> Starlette:
    """Streams whose principal is revoked when its token is in ``ended`` (a session table
    of the web layer's, outside the exercise's stream)."""
    hub = LiveHub(store, listen=listen_target(store), poll=poll)
    api = Exercises(hub.publishing(store))

    async def live(request: Request) -> Response:
        token = request.headers["authorization"].removeprefix("Bearer ")
        exercise = request.path_params["id"]
        seat = await run_in_threadpool(api.seat, exercise, token)
        return await live_response(
            request, exercise, visible=seat_sees(seat), revoked=lambda: token in ended
        )

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with hub.running():
            yield

    app = Starlette(routes=[Route("/x/{id}/live", live)], lifespan=lifespan)
    app.state.live = hub
    return app


@pytest.fixture
def pg_schema(pg_url: str) -> str:
    return f"csto_t{RUN}_bus"


@pytest.mark.postgres
def test_an_announced_revocation_closes_the_stream_on_another_worker(
    pg_url: str, pg_schema: str, law: LawWorld
) -> None:
    stores = [open_store(pg_url, schema=pg_schema) for _ in range(3)]
    created = Exercises(stores[2], law=law).create(configure(law, "kaz-2022-01"))
    ended: set[str] = set()
    one, two = _app(stores[0], ended), _app(stores[1], ended)
    ports = free_port(), free_port()
    try:
        with ThreadServer(one, ports[0]), ThreadServer(two, ports[1]):
            blr = Reader(ports[1], created.id, created.credentials["BLR"]).start()
            rus = Reader(ports[1], created.id, created.credentials["RUS"]).start()
            blr.wait_version(1)
            rus.wait_version(1)
            ended.add(created.credentials["BLR"])
            one.state.live.announce(created.id)  # said on worker one
            assert blr.ended.wait(5), "the announced revocation did not reach worker two"
            assert blr.events[-1].event == "revoked"
            assert not rus.ended.is_set()  # the others' streams stay open
            # a move made by a third writer (another process, say) reaches worker two
            api = Exercises(stores[2], law=law)
            api.act(created.id, created.credentials["facilitator"], {"move": "start"})
            rus.wait_version(api.load(created.id).version, timeout=10)
            rus.close()
    finally:
        for store in stores:
            store.close()


def test_an_announced_revocation_closes_the_stream_in_one_process(
    tmp_path: Path, law: LawWorld
) -> None:
    store = open_store(f"{tmp_path}/bus.db")
    created = Exercises(store, law=law).create(configure(law, "kaz-2022-01"))
    ended: set[str] = set()
    app = _app(store, ended, poll=0.3)
    port = free_port()
    try:
        with ThreadServer(app, port):
            blr = Reader(port, created.id, created.credentials["BLR"]).start()
            blr.wait_version(1)
            ended.add(created.credentials["BLR"])
            app.state.live.announce(created.id)
            assert blr.ended.wait(5)
            assert blr.events[-1].event == "revoked"
            # a write through another store object (not the hub's): read by the poll
            other = open_store(f"{tmp_path}/bus.db")
            api = Exercises(other, law=law)
            rus = Reader(port, created.id, created.credentials["RUS"]).start()
            rus.wait_version(1)
            api.act(created.id, created.credentials["facilitator"], {"move": "start"})
            rus.wait_version(api.load(created.id).version, timeout=5)
            rus.close()
            other.close()
    finally:
        store.close()


def test_a_stream_may_start_where_the_store_is_before_the_hub_has_read_it(
    tmp_path: Path, law: LawWorld
) -> None:
    """A page rendered from the store just after a move, whose stream starts at that move's
    version before the hub has read it, is served (not refused as an event the exercise
    never had) and gets what follows, once (a version the store lacks is still refused:
    test_stream's bad Last-Event-ID cases)."""
    store = open_store(f"{tmp_path}/bus.db")
    created = Exercises(store, law=law).create(configure(law, "kaz-2022-01"))
    app = _app(store, set(), poll=3600)  # the hub reads the log only when woken
    port = free_port()
    other = open_store(f"{tmp_path}/bus.db")  # a writer the hub is not told about
    api = Exercises(other, law=law)
    try:
        with ThreadServer(app, port):
            blr = Reader(port, created.id, created.credentials["BLR"]).start()
            blr.wait_version(1)  # the hub now folds the exercise
            api.act(created.id, created.credentials["facilitator"], {"move": "start"})
            started = api.load(created.id).version
            rus = Reader(
                port, created.id, created.credentials["RUS"], last_event_id=started
            ).start()
            blr.wait_version(started, timeout=10)  # the join woke the hub
            api.act(
                created.id,
                created.credentials["facilitator"],
                {"move": "pause", "reason": "a break"},
            )
            app.state.live.poke()
            paused = api.load(created.id).version
            rus.wait_version(paused, timeout=10)
            ids = [e.id for e in rus.events if e.id is not None]
            assert rus.statuses == [200]
            assert ids == list(range(started + 1, paused + 1))
            rus.close()
            blr.close()
    finally:
        other.close()
        store.close()
