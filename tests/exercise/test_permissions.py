"""The permissions matrix, move by move: every move made by every role from a state in which
the move is otherwise possible; exactly the matrix's cells are accepted, in the move's channel,
and every other cell is refused for permission, changing nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from csto.exercise.config import ExerciseConfig
from csto.exercise.moves import MOVES
from csto.exercise.permissions import ROLES, RULES
from csto.io.exercises import Exercises, LawWorld, configure
from csto.store import MemoryEventStore
from tests.exercise.conftest import Clock, Room

#: the seat that plays each role in these tests (Minsk 2006: Uzbekistan is the guest)
ACTOR = {
    "facilitator": "facilitator",
    "chair": "chair",
    "member": "KAZ",
    "guest": "UZB",
    "observer": "observer-1",
}
DRAFT = "Admission of Uzbekistan"


@pytest.fixture(scope="module")
def config(law: LawWorld) -> ExerciseConfig:
    return configure(law, "uzb-2006-06", observers=1)


def _table(room: Room, actor: str) -> None:
    room.ok("chair", "table", subject=DRAFT, text="Uzbekistan is admitted", kind="decision")


def _floor(room: Room, actor: str) -> None:
    if actor not in ("chair", "facilitator", "observer-1"):
        room.ok(actor, "ask_floor")
        room.ok("chair", "give_floor", seat=actor)


def _called(room: Room, actor: str) -> None:
    _table(room, actor)
    room.ok("chair", "call_consensus")


def _supported(room: Room, actor: str) -> None:
    _called(room, actor)
    for code in ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"):
        room.ok(code, "position", position="support")


def _left(room: Room, actor: str) -> None:
    if actor in ("KAZ", "UZB"):
        room.ok(actor, "leave")


def _nothing(room: Room, actor: str) -> None:
    pass


#: per move: how to reach a state where it can be made, and its fields
CASES: dict[str, tuple[Callable[[Room, str], None], dict[str, Any]]] = {
    "ask_floor": (_nothing, {}),
    "statement": (_floor, {"text": "We welcome Uzbekistan back."}),
    "message": (_nothing, {"to": ["RUS"], "text": "A word before the vote?"}),
    "table": (_nothing, {"subject": "A statement", "text": "The Council welcomes the return."}),
    "amend": (_table, {"subject": DRAFT, "text": "Uzbekistan is admitted as a full member"}),
    "position": (_called, {"position": "support"}),
    "request_assistance": (_nothing, {"grounds": "threat"}),
    "give_notice": (_nothing, {}),
    "apply": (_nothing, {}),
    "leave": (_nothing, {"reason": "to consult our capital"}),
    "return": (_left, {}),
    "open_item": (lambda r, a: r.ok("chair", "close_item"), {"item": "other-business"}),
    "close_item": (_nothing, {}),
    "give_floor": (lambda r, a: r.ok("RUS", "ask_floor"), {}),
    "consult": (lambda r, a: r.ok("KAZ", "request_assistance", grounds="threat"), {}),
    "call_consensus": (_table, {}),
    "declare_adopted": (_supported, {}),
    "declare_blocked": (_table, {}),
    "start": (_nothing, {}),
    "pause": (_nothing, {"reason": "a break"}),
    "resume": (lambda r, a: r.ok("facilitator", "pause", reason="a break"), {}),
    "inject": (_nothing, {"kind": "news", "title": "News", "text": "Minsk is sunny."}),
    "rewind": (_nothing, {"to": 1}),
    "set_seat": (_nothing, {"seat": "KGZ", "play": "absent"}),
    "end": (_nothing, {}),
    "open_archive": (lambda r, a: r.ok("facilitator", "end"), {}),
}


def test_every_move_has_a_case() -> None:
    assert set(CASES) == set(MOVES) == set(RULES)


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("verb", list(MOVES))
def test_the_matrix_cell(verb: str, role: str, config: ExerciseConfig, law: LawWorld) -> None:
    api = Exercises(MemoryEventStore(), law=law, clock=Clock())
    created = api.create(config)
    tokens = dict(created.credentials)
    room = Room(api, created.id, tokens)
    if verb != "start":
        room.ok("facilitator", "start")
        room.ok("chair", "open_item", item="return")
    actor = ACTOR[role]
    setup, fields = CASES[verb]
    setup(room, actor)
    rule = RULES[verb]
    if role in rule.roles:
        result = room.ok(actor, verb, **fields)
        if verb == "rewind":
            assert result.rewound == (1, 1)
            assert room.view(actor)["turn"] == 1
            return
        assert result.turns[0]["channel"] == rule.channel
        assert result.turns[0]["seat"] == actor
        assert result.turns[0]["role"] == role
    else:
        why = room.no(actor, verb, "permission", **fields)
        assert f"'{verb}' is a move for the" in why


def test_a_seat_acts_only_for_its_own_state(config: ExerciseConfig, law: LawWorld) -> None:
    api = Exercises(MemoryEventStore(), law=law, clock=Clock())
    created = api.create(config)
    room = Room(api, created.id, created.credentials)
    room.ok("facilitator", "start")
    room.ok("chair", "open_item", item="return")
    why = room.no("KAZ", "request_assistance", "seat", grounds="threat", by="KGZ")
    assert "acts only for its own state" in why
    room.ok("KAZ", "request_assistance", grounds="threat", by="Kazakhstan")
    assert "acts only for its own state" in room.no(
        "chair", "table", "seat", subject="x", text="y", by="RUS"
    )
