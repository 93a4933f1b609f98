"""Bad input: malformed exercise files and move documents get located errors and change
nothing; moves by the wrong seat, out of turn, on a closed item, after the end or on a stale
version are refused with a reason; credentials that open no seat are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from csto.errors import InputError, RefusedError
from csto.io.exercises import Exercises, LawWorld, SeatRefusedError, configure
from csto.store import MemoryEventStore
from tests.exercise.conftest import Clock, Room

BAD = Path(__file__).parent / "bad"

#: file -> words each problem list must hold (file:line, field, what is wrong)
FILES = {
    "unknown-field.yaml": ["unknown-field.yaml:6", "exercise.agendas", "unknown field"],
    "wrong-types.yaml": [
        "wrong-types.yaml:6",
        "exercise.floor",
        "wrong-types.yaml:10",
        "exercise.agenda[0].minutes",
        "whole number",
    ],
    "no-seat.yaml": [
        "no-seat.yaml:6",
        "exercise.seats.UZB",
        "UZB has no seat at the Council on 2022-01-05",
        "exercise.seats.GEO",
    ],
    "unsourced-briefing.yaml": [
        "exercise.briefings.KAZ[0]",
        "must cite its sources",
        "exercise.briefings.KAZ[1]",
        "'no-such-event-anywhere' names no record event",
    ],
    "broken-inject.yaml": [
        "broken-inject.yaml:12",
        "exercise.injects[0].events[0].type",
        "unknown event type",
        "exercise.injects[1].date",
        "before the fork day",
    ],
    "not-yaml.yaml": ["not-yaml.yaml", "line 5", "not valid YAML"],
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_malformed_exercise_file_is_located_and_creates_nothing(name: str, law: LawWorld) -> None:
    store = MemoryEventStore()
    with pytest.raises(InputError) as caught:
        Exercises(store, law=law).create(configure(law, str(BAD / name)))
    text = str(caught.value)
    if name == "not-yaml.yaml":
        text += f" line {caught.value.problems[0].line}"
    for words in FILES[name]:
        assert words in text, f"{name}: {words!r} not in:\n{text}"
    assert store.head() == 0


def test_every_bad_file_is_tested() -> None:
    assert {p.name for p in BAD.glob("*.yaml")} == set(FILES)


@pytest.mark.parametrize(
    ("move", "words"),
    [
        ({"move": "vote", "position": "support"}, ["'vote' is not an exercise move", "position"]),
        ({"position": "support"}, ["missing required field 'move'"]),
        ({"move": "position", "position": "maybe"}, ["move.position", "one of support"]),
        ({"move": "position", "postion": "support"}, ["unknown field 'postion'", "position?"]),
        ({"move": "statement"}, ["missing required field 'text'"]),
        ({"move": "rewind", "to": "yesterday"}, ["move.to", "whole number"]),
        ({"move": "message", "to": ["Atlantis"], "text": "hi"}, ["move.to[0]", "names no state"]),
        ({"move": "inject", "date": "5 Jan"}, ["move.date", "YYYY-MM-DD"]),
    ],
)
def test_a_malformed_move_is_refused_by_field_and_writes_nothing(
    kaz: Room, move: dict[str, object], words: list[str]
) -> None:
    before = kaz.api.store.head()
    with pytest.raises(InputError) as caught:
        kaz.api.act(kaz.id, kaz.tokens["KAZ"], move)
    for w in words:
        assert w in str(caught.value), (w, str(caught.value))
    assert kaz.api.store.head() == before


def test_the_referee_refuses_with_a_reason(kaz: Room) -> None:
    assert "your seat is KAZ" in kaz.no("KAZ", "table", "seat", subject="x", text="y", by="RUS")
    assert "for the chair" in kaz.no("KAZ", "call_consensus", "permission")
    assert "for the facilitator" in kaz.no("chair", "pause", "permission", reason="tea")
    assert "out of turn" in kaz.no("KAZ", "statement", "turn", text="Help")
    assert "no draft" in kaz.no("chair", "call_consensus", "rules", subject="Nothing")
    kaz.ok("chair", "close_item")
    assert "closed already" in kaz.no("chair", "open_item", "item", item="request")
    assert "no agenda item 'nope'" in kaz.no("chair", "open_item", "item", item="nope")
    kaz.ok("facilitator", "end")
    assert "no 'statement' after the end" in kaz.no("KAZ", "statement", "phase", text="x")
    assert "no 'rewind' after the end" in kaz.no("facilitator", "rewind", "phase", to=1)


def test_a_stale_version_is_refused_and_two_writers_cannot_both_win(kaz: Room) -> None:
    seen = kaz.version
    kaz.ok("RUS", "ask_floor", expected_version=seen)
    why = kaz.no("KGZ", "ask_floor", "stale", expected_version=seen)
    assert f"you saw version {seen}" in why
    assert kaz.api.all_refusals(kaz.id) == []  # a stale move is not a move of the game


def test_an_item_out_of_time_refuses_moves_when_it_says_so(law: LawWorld) -> None:
    clock = Clock()
    api = Exercises(MemoryEventStore(), law=law, clock=clock)
    created = api.create(configure(law, "arm-2022-09"))  # 40 minutes, expiry: refuse
    room = Room(api, created.id, created.credentials)
    room.ok("facilitator", "start")
    room.ok("chair", "open_item", item="appeal")
    room.ok("ARM", "ask_floor")
    room.ok("facilitator", "pause", reason="lunch")
    clock.advance(120)  # paused time does not count
    room.ok("facilitator", "resume")
    room.ok("chair", "give_floor")
    clock.advance(41)
    assert "ran out" in room.no("ARM", "statement", "time", text="Too late")
    view = room.view("KAZ")
    assert view["agenda"][0]["over_time"]
    assert view["agenda"][0]["seconds_left"] < 0
    room.ok("chair", "close_item")


def test_credentials_are_random_hashed_and_revoked_at_once(law: LawWorld) -> None:
    store = MemoryEventStore()
    api = Exercises(store, law=law, clock=Clock())
    created = api.create(configure(law, "kaz-2022-01"))
    tokens = created.credentials
    assert len(set(tokens.values())) == len(tokens)
    assert all(len(t) >= 6 + 43 for t in tokens.values())  # 32 random bytes, url-safe
    logged = "".join(e.data_json for e in store.read_all())
    assert not any(t in logged or t[6:] in logged for t in tokens.values())
    assert "sha256:" in logged
    with pytest.raises(InputError):
        api.view(created.id, "not a credential")
    with pytest.raises(SeatRefusedError):
        api.view(created.id, "cstox_" + "A" * 43)
    with pytest.raises(RefusedError, match="only the facilitator"):
        api.revoke(created.id, tokens["KAZ"], "RUS")
    api.revoke(created.id, tokens["facilitator"], "RUS")
    with pytest.raises(SeatRefusedError):
        api.act(created.id, tokens["RUS"], {"move": "ask_floor"})
    new = api.issue(created.id, tokens["facilitator"], "RUS")
    assert api.seat(created.id, new).seat == "RUS"
    seats = {
        s["seat"]: s["credential"] for s in api.view(created.id, tokens["facilitator"])["seats"]
    }
    assert seats["RUS"] == "issued"
    assert seats["KAZ"] == "issued"
    renewed = api.issue(created.id, tokens["facilitator"], "KAZ")  # the old one ends
    with pytest.raises(SeatRefusedError):
        api.view(created.id, tokens["KAZ"])
    assert api.view(created.id, renewed)["viewer"]["seat"] == "KAZ"
