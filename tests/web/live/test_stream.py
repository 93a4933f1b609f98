"""The live stream in one process over SQLite: a reconnecting client resumes after its
Last-Event-ID with nothing missed and nothing twice; a stream carries what its seat may see
and nothing else (the same items as the engine's feed); a revocation closes an open stream at
once; a bad Last-Event-ID is an input error; a client that goes away leaves nothing behind;
the server's shutdown ends the streams."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bench.liveapp import build

from csto.io.exercises import Exercises, configure
from tests.web.conftest import free_port
from tests.web.live.sse import Client, Reader, ThreadServer


@dataclass
class Live:
    port: int
    api: Exercises
    id: str
    tokens: dict[str, str]
    client: Client
    server: ThreadServer

    def reader(self, seat: str, **options: object) -> Reader:
        return Reader(self.port, self.id, self.tokens[seat], **options).start()  # type: ignore[arg-type]

    def feed(self, seat: str) -> list[dict[str, object]]:
        return self.api.feed(self.id, self.tokens[seat], 0)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    app = build(str(tmp_path / "live.db"), poll=0.5, heartbeat=0.4)
    port = free_port()
    with ThreadServer(app, port) as server:
        api: Exercises = app.state.exercises
        created = api.create(configure(api.law, "kaz-2022-01"))
        client = Client(port, created.id, created.credentials)
        client.act("facilitator", "start")
        client.act("chair", "open_item", item="request")
        yield Live(port, api, created.id, created.credentials, client, server)
        client.close()


def _ids(events: list[object]) -> list[int]:
    return [e.id for e in events if getattr(e, "id", None) is not None]  # type: ignore[attr-defined]


def test_a_reconnecting_client_resumes_after_its_last_event_id(live: Live) -> None:
    first = live.reader("BLR")
    for n in range(3):
        version = live.client.speak("KAZ", f"statement {n}")
    first.wait_version(version)
    first.close()
    first.ended.wait(5)
    seen = first.last
    assert seen == version
    for n in range(3, 6):  # made while nobody from BLR listens
        version = live.client.speak("RUS", f"statement {n}")
    second = live.reader("BLR", last_event_id=seen)
    for n in range(6, 8):
        version = live.client.speak("KGZ", f"statement {n}")
    second.wait_version(version)
    got = first.events + second.events
    expected = live.feed("BLR")
    assert _ids(got) == [item["version"] for item in expected]  # in order, none twice
    assert len(set(_ids(got))) == len(got) == len(expected)  # counted
    assert _ids(got)[-1] == version
    assert [e.data for e in got] == expected  # the engine's own items
    assert first.retry == 2000
    assert second.events[0].id == seen + 1


def test_the_first_connection_starts_after_the_query_version(live: Live) -> None:
    version = live.client.speak("KAZ", "before the page was built")
    reader = live.reader("BLR", after=version)
    later = live.client.speak("KAZ", "after")
    reader.wait_version(later)
    assert _ids(reader.events) == list(range(version + 1, later + 1))


def test_a_stream_carries_what_its_seat_may_see_and_nothing_else(live: Live) -> None:
    readers = {seat: live.reader(seat) for seat in ("KAZ", "RUS", "BLR", "facilitator")}
    secret = live.client.act("KAZ", "message", to=["RUS"], text="only for Moscow")["version"]
    live.tokens["ARM"] = live.api.issue(live.id, live.tokens["facilitator"], "ARM")
    last = live.client.speak("BLR", "in the open")
    for seat, reader in readers.items():
        reader.wait_version(last)
        assert [e.data for e in reader.events] == live.feed(seat), seat
    for seat in ("KAZ", "RUS"):
        assert secret in _ids(readers[seat].events)
    for seat in ("BLR", "facilitator"):  # the facilitator too: not facilitator_sees_private
        assert secret not in _ids(readers[seat].events)
        assert "only for Moscow" not in str([e.data for e in readers[seat].events])
    credentials = [e for e in readers["facilitator"].events if e.event == "credential"]
    assert credentials, "the facilitator sees credential changes"
    assert all(e.event != "credential" for s in ("KAZ", "RUS", "BLR") for e in readers[s].events)


def test_a_revocation_closes_an_open_stream_at_once(live: Live) -> None:
    blr, rus = live.reader("BLR"), live.reader("RUS")
    version = live.client.speak("KAZ", "before")
    blr.wait_version(version)
    rus.wait_version(version)
    began = time.monotonic()
    live.api.revoke(live.id, live.tokens["facilitator"], "BLR")
    assert blr.ended.wait(5), "the revoked seat's stream stayed open"
    assert time.monotonic() - began < 3
    assert blr.events[-1].event == "revoked"
    live.tokens["RUS"] = live.api.issue(live.id, live.tokens["facilitator"], "RUS")
    assert rus.ended.wait(5), "a re-issued seat's old stream stayed open"
    after = live.client.speak("KAZ", "after the revocation")
    assert max(_ids(blr.events)) < after
    assert max(_ids(rus.events)) < after
    again = Reader(live.port, live.id, blr.token).start()  # the old credential
    assert again.ended.wait(10)
    assert again.statuses == [403]
    fresh = live.reader("RUS")  # the new credential works
    fresh.wait_version(after)


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("abc", "whole number"),
        ("-1", "whole number"),
        ("1" * 30, "whole number"),
        ("4" + "0" * 6, "past exercise"),
    ],
)
def test_a_bad_last_event_id_is_refused_as_input(live: Live, header: str, words: str) -> None:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=10)
    conn.request(
        "GET",
        f"/x/{live.id}/live",
        headers={"Authorization": f"Bearer {live.tokens['BLR']}", "Last-Event-ID": header},
    )
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    assert response.status == 400
    assert words in body


def test_heartbeats_keep_an_idle_stream_open(live: Live) -> None:
    reader = live.reader("BLR")
    reader.wait_for(lambda _: reader.heartbeats >= 2, timeout=10)
    version = live.client.speak("KAZ", "still there")
    reader.wait_version(version)


def test_a_client_that_goes_away_leaves_nothing_behind(live: Live) -> None:
    hub = live.server.app.state.live
    readers = [live.reader(seat) for seat in ("KAZ", "RUS", "BLR")]
    version = live.client.speak("KAZ", "hello")
    for reader in readers:
        reader.wait_version(version)
    assert hub.streams(live.id) == 3
    for reader in readers:
        reader.close()
    deadline = time.monotonic() + 10
    while hub.streams(live.id):
        assert time.monotonic() < deadline, "the streams of gone clients are still open"
        live.client.speak("KAZ", "anyone?")  # a write on a closed socket is noticed
        gc.collect()
        time.sleep(0.1)


def test_the_servers_shutdown_ends_the_streams(tmp_path: Path) -> None:
    app = build(str(tmp_path / "down.db"), poll=0.5)
    port = free_port()
    server = ThreadServer(app, port).__enter__()
    api: Exercises = app.state.exercises
    created = api.create(configure(api.law, "kaz-2022-01"))
    reader = Reader(port, created.id, created.credentials["BLR"]).start()
    reader.wait_version(len(api.feed(created.id, created.credentials["BLR"], 0)))
    began = time.monotonic()
    server.__exit__()
    assert reader.ended.wait(5)
    assert not server.thread.is_alive()
    assert time.monotonic() - began < 5
