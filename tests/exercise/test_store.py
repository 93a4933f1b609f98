"""The exercise in csto's event store: its own stream (and refusal log) on SQLite and on
PostgreSQL, the state rebuilt from the stream alone, the hash chains intact, and optimistic
concurrency: two writers racing on one exercise never both win with the same version."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from csto.exercise.game import Exercise
from csto.exercise.log import refusals_stream, stream_of
from csto.io.exercises import Exercises, LawWorld, configure
from csto.store import EventStore, open_store
from tests.exercise.conftest import RUN, Clock, Room


def _play(room: Room) -> None:
    room.ok("facilitator", "start")
    room.ok("chair", "open_item", item="request")
    room.ok("KAZ", "request_assistance", grounds="unrest", attacker="non-state")
    room.ok("KAZ", "table", subject="Help", text="A mission", kind="assistance", form="mission")
    room.ok("chair", "call_consensus")
    room.ok("ARM", "message", to=["KAZ"], text="Between us")
    room.no("KAZ", "call_consensus", "permission")


def _check_rebuilt(store: EventStore, law: LawWorld, room: Room, version: int) -> None:
    entries = store.read_stream(stream_of(room.id))
    assert [e.type for e in entries[:1]] == ["ExerciseCreated"]
    assert {e.type for e in entries[1:]} == {"CredentialIssued", "MoveMade"}
    rebuilt = Exercise.from_entries(entries)
    assert rebuilt.version == version
    assert rebuilt.turn == 6
    assert rebuilt.play.drafts["Help"].called == 5
    refusals = store.read_stream(refusals_stream(room.id))
    assert [e.data["kind"] for e in refusals] == ["permission"]
    again = Exercises(store, law=law, clock=Clock())
    assert again.view(room.id, room.tokens["ARM"])["channels"][0]["messages"][0]["text"] == (
        "Between us"
    )
    assert store.verify().ok


def test_on_sqlite_the_exercise_is_rebuilt_from_its_stream(tmp_path: Path, law: LawWorld) -> None:
    path = tmp_path / "class.db"
    store = open_store(path)
    api = Exercises(store, law=law, clock=Clock())
    created = api.create(configure(law, "kaz-2022-01"))
    room = Room(api, created.id, created.credentials)
    _play(room)
    version = room.version
    store.close()
    reopened = open_store(path)
    try:
        _check_rebuilt(reopened, law, room, version)
    finally:
        reopened.close()


@pytest.mark.postgres
def test_on_postgres_the_exercise_is_rebuilt_from_its_stream(pg_url: str, law: LawWorld) -> None:
    schema = f"csto_t{RUN}_exercise"
    store = open_store(pg_url, schema=schema)
    api = Exercises(store, law=law, clock=Clock())
    created = api.create(configure(law, "kaz-2022-01"))
    room = Room(api, created.id, created.credentials)
    _play(room)
    version = room.version
    store.close()
    reopened = open_store(pg_url, schema=schema)
    try:
        _check_rebuilt(reopened, law, room, version)
    finally:
        reopened.close()


def test_two_writers_on_one_exercise_cannot_both_win(tmp_path: Path, law: LawWorld) -> None:
    path = tmp_path / "race.db"
    first = Exercises(open_store(path), law=law, clock=Clock())
    created = first.create(configure(law, "kaz-2022-01"))
    room = Room(first, created.id, created.credentials)
    room.ok("facilitator", "start")
    room.ok("chair", "open_item", item="request")
    second = Exercises(open_store(path), law=law, clock=Clock())
    seen = first.load(created.id).version
    assert second.load(created.id).version == seen
    results = {}
    barrier = threading.Barrier(2)

    def move(name: str, api: Exercises, seat: str) -> None:
        barrier.wait()
        results[name] = api.act(
            created.id, created.credentials[seat], {"move": "ask_floor"}, expected_version=seen
        )

    threads = [
        threading.Thread(target=move, args=("a", first, "RUS")),
        threading.Thread(target=move, args=("b", second, "KGZ")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    accepted = [r for r in results.values() if r.accepted]
    refused = [r for r in results.values() if not r.accepted]
    assert len(accepted) == 1
    assert len(refused) == 1
    assert refused[0].refusal is not None
    assert refused[0].refusal.kind == "stale"
    assert first.load(created.id).version == seen + 1
    # without a version to expect, both are judged again on what is there, one after the other
    barrier = threading.Barrier(2)

    def free(api: Exercises, seat: str) -> None:
        barrier.wait()
        results[seat] = api.act(created.id, created.credentials[seat], {"move": "leave"})

    threads = [
        threading.Thread(target=free, args=(first, "BLR")),
        threading.Thread(target=free, args=(second, "TJK")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results["BLR"].accepted
    assert results["TJK"].accepted
    turns = sorted(r.turns[0]["turn"] for r in (results["BLR"], results["TJK"]))
    assert turns[1] == turns[0] + 1
    first.store.close()
    second.store.close()
