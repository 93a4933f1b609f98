"""What each seat may see, and what an inject of facts changes in the law's judgement."""

from __future__ import annotations

from csto.io.exercises import LawWorld
from tests.exercise.conftest import Clock, open_room


def test_a_facts_inject_changes_what_the_law_judges_on(law: LawWorld) -> None:
    room = open_room(law, Clock(), "arm-2022-09")
    room.ok("facilitator", "start")
    room.ok("chair", "open_item", item="appeal")
    room.ok("facilitator", "inject", id="hypothetical-freeze")
    room.ok("KAZ", "table", subject="A statement", text="Concern", kind="decision")
    room.ok("chair", "call_consensus")
    said = room.ok("ARM", "position", position="object")
    verdict = said.turns[0]["steps"][0]["step"]["verdict"]
    facts = [f for r in verdict["reasons"] for f in r["facts"]]
    assert any(
        "participation is frozen" in f["says"] and "hypo-arm-freeze-2022" in f["events"]
        for f in facts
    )


def test_observers_read_the_room_and_the_facilitator_sees_private_only_if_told(
    law: LawWorld,
) -> None:
    room = open_room(law, Clock(), "kaz-2022-01", observers=1)
    room.ok("facilitator", "start")
    room.ok("chair", "open_item", item="request")
    room.ok("RUS", "message", to=["KAZ", "facilitator"], text="To the white cell too")
    room.ok("KGZ", "message", to=["TJK"], text="Only between us")
    observer = room.view("observer-1")
    assert observer["channels"] == []
    assert observer["briefing"] == []
    assert observer["next"] == []
    assert "briefings" not in observer
    assert "sealed_channels" not in observer
    white = room.view("facilitator")
    assert [c["id"] for c in white["channels"]] == ["KAZ+RUS+facilitator"]
    assert white["sealed_channels"] == 1
    assert "KAZ" in white["briefings"]
    kaz = room.view("KAZ")
    assert kaz["briefing"]
    assert "briefings" not in kaz
    feed = room.api.feed(room.id, room.tokens["observer-1"])
    assert "Only between us" not in str(feed)
    assert "white cell" not in str(feed)


def test_a_facilitator_told_to_sees_every_channel(law: LawWorld) -> None:
    from csto.io.exercises import Exercises, configure
    from csto.store import MemoryEventStore
    from tests.exercise.conftest import Room

    config = configure(law, "kaz-2022-01")
    config = config.replace(facilitator_sees_private=True)
    api = Exercises(MemoryEventStore(), law=law, clock=Clock())
    created = api.create(config)
    room = Room(api, created.id, created.credentials)
    room.ok("facilitator", "start")
    room.ok("KGZ", "message", to=["TJK"], text="Only between us")
    assert room.view("facilitator")["channels"][0]["messages"][0]["text"] == "Only between us"
    assert room.view("RUS")["channels"] == []


def test_each_entrys_audience_is_what_the_feed_and_can_see_decide(law: LawWorld) -> None:
    from csto.exercise.log import MOVE, record_from_data
    from csto.exercise.views import can_see, project

    room = open_room(law, Clock(), "kaz-2022-01", observers=1)
    room.ok("facilitator", "start")
    room.ok("chair", "open_item", item="request")
    room.ok("RUS", "message", to=["KAZ"], text="Between us")
    room.ok("KGZ", "ask_floor")
    room.tokens["BLR"] = room.api.issue(room.id, room.tokens["facilitator"], "BLR")
    ex = room.api.load(room.id)
    entries = room.api.store.read_stream(f"exercise-{room.id}")
    seats = ex.config.seats
    shown = [project(ex, e) for e in entries]
    for seat in seats:
        feed = (
            room.api.feed(room.id, room.tokens[seat.seat], 0) if seat.seat in room.tokens else None
        )
        mine = [p.item for p in shown if p is not None and p.audience.admits(seat)]
        if feed is not None:
            assert feed == mine, seat.seat
        for entry, p in zip(entries, shown, strict=True):
            if entry.type == MOVE:
                assert p is not None
                rec = record_from_data(entry.data, entry.version)
                assert p.audience.admits(seat) == can_see(ex, seat, rec)
    private = [p for p in shown if p is not None and not p.audience.room]
    assert {p.item["type"] for p in private} == {"move", "credential"}
    message = next(p for p in private if p.item["type"] == "move")
    assert message.audience.seats == {"RUS", "KAZ"}
    assert not message.audience.roles  # the facilitator is not told unless the exercise says
