"""The exercise's fold: a copy to try moves on shares what never changes and owns what a
move changes, so trying moves on it (the bots' answers) leaves the exercise as it was."""

from __future__ import annotations

from csto.exercise.engine import Accepted, Context, decide
from csto.exercise.moves import Position
from csto.exercise.views import view
from csto.io.exercises import LawWorld
from tests.exercise.conftest import Clock, open_room


def test_moves_tried_on_a_copy_leave_the_exercise_as_it_was(law: LawWorld, clock: Clock) -> None:
    room = open_room(law, clock, "kaz-2022-01")
    room.ok("facilitator", "start")
    room.ok("chair", "open_item", item="request")
    room.ok("KAZ", "request_assistance", grounds="unrest", attacker="non-state")
    room.ok("KAZ", "table", subject="Help", text="A mission", kind="assistance", form="mission")
    room.ok("chair", "call_consensus")
    room.ok("ARM", "position", position="support")
    ex = room.api.load(room.id)
    facilitator = ex.config.seat("facilitator")
    assert facilitator is not None
    now = clock.now
    before = view(ex, facilitator, now)
    steps = {p: len(log) for p, log in ex.play.procedures.items()}

    copy = ex.clone()
    assert copy.config is ex.config
    assert all(a is b for a, b in zip(copy.live, ex.live, strict=True))  # shared records
    seat = ex.config.seat("BLR")
    assert seat is not None
    ctx = Context(law.world(ex.config.date), law.judge(ex.config.profile, "consensus"), clock())
    tried = decide(copy, seat, Position(subject="Help", position="object"), ctx)
    assert isinstance(tried, Accepted)
    for rec in tried.records:
        copy.apply_move(rec)
    copy.rewind(1, len(copy.branches), clock())

    assert view(ex, facilitator, now) == before
    assert {p: len(log) for p, log in ex.play.procedures.items()} == steps
    assert ex.play.drafts["Help"].positions == {"ARM": "support"}
    assert copy.turn == 1
    assert ex.turn == len(ex.live) == room.api.load(room.id).version - 1 - 8  # 8 credentials
