"""The exercise in csto's event store: its own stream (and refusal log) on SQLite and on
PostgreSQL, the state rebuilt from the stream alone, the hash chains intact, and optimistic
concurrency: two writers racing on one exercise never both win with the same version."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from csto.exercise.game import Exercise
from csto.exercise.log import refusals_stream, stream_of
from csto.io.exercises import Exercises, LawWorld, SeatRefusedError, configure
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


class _Counting:
    """A store that counts the stream reads made through it (everything else passes)."""

    def __init__(self, store: EventStore) -> None:
        self.store, self.reads = store, 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def read_stream(self, stream_id: str, **kw: object) -> object:
        self.reads += 1
        return self.store.read_stream(stream_id, **kw)  # type: ignore[arg-type]


def test_a_writer_judges_on_its_own_fold_and_reads_the_stream_only_when_it_must(
    tmp_path: Path, law: LawWorld
) -> None:
    path = tmp_path / "two.db"
    counted = _Counting(open_store(path))
    first = Exercises(counted, law=law, clock=Clock())  # type: ignore[arg-type]
    created = first.create(configure(law, "kaz-2022-01"))
    tokens, ex_id = created.credentials, created.id
    room = Room(first, ex_id, tokens)
    room.ok("facilitator", "start")
    before = counted.reads
    room.ok("chair", "open_item", item="request")
    room.ok("RUS", "ask_floor")
    assert counted.reads == before  # the only writer: its fold is the stream
    assert first.load(ex_id).version == counted.stream_version(stream_of(ex_id))

    second = Exercises(open_store(path), law=law, clock=Clock())
    other = Room(second, ex_id, tokens)
    other.ok("chair", "give_floor")  # the first's fold has nobody on the floor
    # refused on the first's fold, accepted on the stream: read, judged again
    before = counted.reads
    room.ok("RUS", "statement", text="We are ready.")
    assert counted.reads == before + 1
    # a credential granted through the other writer opens its seat here
    fresh = second.issue(ex_id, tokens["facilitator"], "BLR")
    room.tokens["BLR"] = fresh
    room.ok("BLR", "ask_floor")
    # the replaced one opens nothing, even on a fold that had not heard of the change
    other.ok("ARM", "ask_floor")
    second.revoke(ex_id, tokens["facilitator"], "TJK")
    with pytest.raises(SeatRefusedError):
        first.act(ex_id, tokens["BLR"], {"move": "ask_floor"})
    version = first.load(ex_id).version
    with pytest.raises(SeatRefusedError):  # the fold knows TJK; the append finds it revoked
        first.act(ex_id, tokens["TJK"], {"move": "leave"})
    assert first.load(ex_id).version == version  # nothing written
    # moves through both writers, one after the other: every one lands once, in order
    for n in range(6):
        writer, seat = (room, "ARM") if n % 2 else (other, "KGZ")
        said = writer.ok(seat, "message", to=["KAZ"], text=f"note {n}")
        assert said.version == version + n + 1
    entries = counted.read_stream(stream_of(ex_id))
    rebuilt = Exercise.from_entries(entries)  # type: ignore[arg-type]
    for api in (first, second):
        folded = api.load(ex_id)
        assert folded.version == rebuilt.version
        assert [r.move for r in folded.live] == [r.move for r in rebuilt.live]
        assert folded.hashes == rebuilt.hashes
    counted.store.close()
    second.store.close()


class _Held:
    """A store whose appends wait until the test lets them through."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self.entered, self.go = threading.Event(), threading.Event()

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def append(self, stream_id: str, events: object, **kw: object) -> object:
        self.entered.set()
        assert self.go.wait(30), "the test never let the append through"
        return self.store.append(stream_id, events, **kw)  # type: ignore[arg-type]


def test_readers_of_the_exercise_do_not_wait_for_a_move_being_committed(
    law: LawWorld, clock: Clock
) -> None:
    from csto.store import MemoryEventStore

    held = _Held(MemoryEventStore())
    held.go.set()
    api = Exercises(held, law=law, clock=clock)  # type: ignore[arg-type]
    created = api.create(configure(law, "kaz-2022-01"))
    room = Room(api, created.id, created.credentials)
    room.ok("facilitator", "start")
    held.go.clear()
    held.entered.clear()
    moving = threading.Thread(
        target=room.ok, args=("chair", "open_item"), kwargs={"item": "request"}
    )
    moving.start()
    try:
        assert held.entered.wait(30), "the move never reached the store"
        seen: list[int] = []
        reader = threading.Thread(target=lambda: seen.append(api.load(created.id).version))
        reader.start()
        reader.join(30)
        assert seen, "a reader waited for the append to finish"
        assert room.api.seat(created.id, created.credentials["BLR"]).seat == "BLR"
    finally:
        held.go.set()
        moving.join(30)
    assert api.load(created.id).version == seen[0] + 1  # the move is in, folded once
