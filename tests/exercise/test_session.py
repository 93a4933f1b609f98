"""A whole session played through the engine API: six member seats, the chair and the
facilitator, from the start to the archive, with refused moves, a departure, an inject, a
rewind and a bot; then the exercise rebuilt from its stream alone."""

from __future__ import annotations

from csto.io.exercises import Exercises, LawWorld
from tests.exercise.conftest import Clock, open_room

MEMBERS = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")
DRAFT = "Collective Peacekeeping Forces to Kazakhstan"


def test_a_whole_session_to_the_end(law: LawWorld, clock: Clock) -> None:
    room = open_room(law, clock, "kaz-2022-01")
    assert set(room.tokens) == {"facilitator", "chair", *MEMBERS}
    assert "not started" in room.no("KAZ", "statement", "phase", text="Help us")
    room.ok("facilitator", "start")
    opened = room.ok("chair", "open_item", item="request")
    convene = opened.turns[0]["steps"][0]
    assert convene["procedure"] == "ex-session"
    assert convene["step"]["verdict"]["outcome"]

    # the request, judged by the law: unrest with alleged interference from abroad
    asked = room.ok("KAZ", "request_assistance", grounds="unrest", attacker="non-state")
    assert asked.turns[0]["steps"][0]["step"]["verdict"]["action"]["action"] == (
        "request_assistance"
    )
    room.ok("chair", "consult", topic="Kazakhstan's appeal")
    injected = room.ok("facilitator", "inject", id="chair-consults")
    assert injected.turns[0]["channel"] == "control"
    assert room.view("TJK")["injects"][0]["title"] == "The chair calls the heads of state"

    # the floor: out of turn, then with it
    assert "out of turn" in room.no("KGZ", "statement", "turn", text="We object")
    room.ok("RUS", "ask_floor")
    room.ok("chair", "give_floor")
    room.ok("RUS", "statement", text="We are ready to help.")
    assert room.view("BLR")["statements"][-1]["text"] == "We are ready to help."

    # a private channel: its members only
    room.ok("ARM", "message", to=["RUS", "KAZ"], text="Can the CPF be in Almaty tomorrow?")
    assert room.view("KAZ")["channels"][0]["messages"][0]["seat"] == "ARM"
    for outsider in ("BLR", "facilitator", "chair"):
        assert room.view(outsider)["channels"] == [], outsider
    assert "Almaty" not in str(room.api.feed(room.id, room.tokens["BLR"]))

    # the draft, an amendment, positions only after the call
    room.ok(
        "KAZ",
        "table",
        subject=DRAFT,
        text="Send the Collective Peacekeeping Forces",
        kind="assistance",
        form="forces",
        force="CPF",
    )
    room.ok("TJK", "amend", text="Send the Collective Peacekeeping Forces for a limited period")
    assert "out of turn" in room.no("KAZ", "position", "turn", position="support")
    called = room.ok("chair", "call_consensus")
    assert len(called.turns) == 1  # no bot yet: every seat is played by a person
    call_turn = called.turns[0]["turn"]
    for code in ("ARM", "BLR", "KAZ", "KGZ", "RUS"):
        room.ok(code, "position", position="support")
    room.ok("TJK", "position", position="object")

    # the law refuses the declaration; the chair insists: a named departure
    why = room.no("chair", "declare_adopted", "law")
    assert "Tajikistan" in why
    assert "object" in why
    refusal = room.api.all_refusals(room.id)[-1]
    assert refusal.verdicts[0]["tally"]["blocking"] == ["TJK"]
    insisted = room.ok("chair", "declare_adopted", insist=True)
    departure = insisted.turns[0]["steps"][0]["step"]["departure"]
    assert departure["outcome"] == "not_permitted"
    assert departure["articles"] == ["CHARTER-2002 [decision-making] (original wording)"]
    assert room.view("KGZ")["drafts"][0]["status"] == "departed"

    # the facilitator rewinds to the call, hands Tajikistan's seat to a bot
    rewound = room.ok("facilitator", "rewind", to=call_turn)
    assert rewound.turns == ()  # nobody is played by a bot yet
    view = room.view("facilitator")
    assert view["turn"] == call_turn
    assert view["branch"] == 1
    assert view["drafts"][0]["positions"] == {}
    assert view["drafts"][0]["status"] == "pending"
    assert view["branches"][0]["abandoned"] == list(range(call_turn + 1, call_turn + 8))
    handed = room.ok("facilitator", "set_seat", seat="TJK", play="bot")
    bot = handed.turns[1]
    assert (bot["seat"], bot["bot"], bot["policy"]) == ("TJK", True, "sim-stance")
    assert bot["why"].startswith("policy sim-stance (seed 20220105)")
    assert bot["steps"][0]["step"]["verdict"]["outcome"] == "permitted"
    assert "played by a bot" in room.no("TJK", "position", "seat", position="object")
    for code in ("ARM", "BLR", "KAZ", "KGZ", "RUS"):
        room.ok(code, "position", position="support")
    bot_says = bot["move"]["position"]
    if bot_says == "object":
        room.no("chair", "declare_adopted", "law")
        room.ok("chair", "declare_blocked")
    else:
        adopted = room.ok("chair", "declare_adopted")
        assert [s["machine"] for s in adopted.turns[0]["steps"]] == ["session", "assistance"]
        assert "departure" not in adopted.turns[0]["steps"][0]["step"]

    # a pause with its reason, shown to all; the closed item; the end
    room.ok("facilitator", "pause", reason="the press conference")
    assert room.view("KGZ")["paused"] == "the press conference"
    assert "the press conference" in room.no("KAZ", "statement", "phase", text="Thanks")
    room.ok("facilitator", "resume")
    room.ok("chair", "close_item")
    assert "closed" in room.no("chair", "open_item", "item", item="request")
    assert "no agenda item is open" in room.no("KAZ", "statement", "item", text="Thanks")
    room.ok("facilitator", "end")
    assert "ended" in room.no("KAZ", "statement", "phase", text="Thanks")
    assert room.view("BLR")["channels"] == []
    room.ok("facilitator", "open_archive")
    assert room.view("BLR")["channels"][0]["id"] == "ARM+KAZ+RUS"

    # everything again, from the stream alone
    again = Exercises(room.api.store, law=law, clock=clock)
    fresh = again.view(room.id, room.tokens["facilitator"])
    old = room.view("facilitator")
    for key in ("turn", "branch", "phase", "drafts", "statements", "channels", "timeline"):
        assert fresh[key] == old[key], key
    assert fresh["version"] == room.version
