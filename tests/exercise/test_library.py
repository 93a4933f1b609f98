"""The ready exercises: each is created from the record on its day, briefs every seat with
sourced lines, and can be played to a decision; the historical forks hold what the record
says of the day (members, statuses, chair, Secretary-General, instruments in force)."""

from __future__ import annotations

import pytest

from csto.io.exercisefiles import library_files
from csto.io.exercises import Exercises, LawWorld, configure
from csto.store import MemoryEventStore
from tests.exercise.conftest import Clock, Room

READY = [f.stem for f in library_files()]


def test_there_are_at_least_four_ready_exercises() -> None:
    assert len(READY) >= 4
    assert {"kaz-2022-01", "arm-2022-09", "kgz-tjk-2022-09", "uzb-2006-06"} <= set(READY)


@pytest.mark.parametrize("name", READY)
def test_a_ready_exercise_briefs_every_seat_from_sources(name: str, law: LawWorld) -> None:
    config = configure(law, name)
    record = law.history.record
    for seat in config.seats:
        if seat.role in ("member", "guest", "chair"):
            briefing = config.briefing(seat.seat)
            assert briefing is not None, seat.seat
            assert briefing.lines, seat.seat
    for briefing in config.briefings:
        for line in briefing.lines:
            assert line.sources, (briefing.seat, line.says)
            for ref in line.sources:
                known = ref.startswith(
                    ("http", "dataset:", "assumption:", "document:", "record:", "exercise:")
                )
                known = known or record.has_event(ref)
                if not known:
                    record.source(ref)  # raises KeyError if it names nothing
    if config.crisis is not None:
        assert config.bots is not None
        assert config.bots.alignment, "the bots reason from the sim's delegations"


def test_the_fork_holds_the_record_of_the_day(law: LawWorld) -> None:
    config = configure(law, "kaz-2022-01")
    fork = config.fork
    statuses = {m.state: m.status for m in fork.members}
    assert statuses == {
        "ARM": "member",
        "BLR": "member",
        "KAZ": "member",
        "KGZ": "member",
        "RUS": "member",
        "TJK": "member",
        "UZB": "participation_suspended",
    }
    assert (fork.chair, fork.chair_head) == ("ARM", "Nikol Pashinyan")
    assert fork.secretary_general == "Stanislav Zas"
    assert "CHARTER-2002" in fork.instruments
    assert "CST-1992" in fork.instruments
    assert "kaz-2022-request-csto" not in {e.id for e in law.world(config.date).events}
    assert {s.seat for s in config.seats if s.role == "member"} == set(statuses) - {"UZB"}


def _room(law: LawWorld, name: str, **options: object) -> Room:
    api = Exercises(MemoryEventStore(), law=law, clock=Clock())
    created = api.create(configure(law, name, **options))  # type: ignore[arg-type]
    room = Room(api, created.id, created.credentials)
    room.ok("facilitator", "start")
    return room


@pytest.mark.parametrize(
    ("name", "item", "requester", "grounds", "attacker", "form"),
    [
        ("kaz-2022-01", "request", "KAZ", "unrest", "non-state", "forces"),
        ("arm-2022-09", "appeal", "ARM", "aggression", "AZE", "mission"),
        ("kgz-tjk-2022-09", "border", "KGZ", "aggression", "TJK", "mission"),
    ],
)
def test_a_request_can_be_played_to_a_decision_with_bots(
    name: str, item: str, requester: str, grounds: str, attacker: str, form: str, law: LawWorld
) -> None:
    others = tuple(c for c in ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK") if c != requester)
    room = _room(law, name, bots=others)
    room.ok("chair", "open_item", item=item)
    asked = room.act(requester, "request_assistance", grounds=grounds, attacker=attacker)
    if not asked.accepted:  # the law may bar the request itself (a conflict between members)
        assert asked.refusal is not None
        assert asked.refusal.kind == "law"
        return
    extra = {"force": "CPF"} if form == "forces" else {}
    room.ok(requester, "table", subject="Help", text="Help", kind="assistance", form=form, **extra)
    called = room.ok("chair", "call_consensus")
    bots = [t for t in called.turns if t.get("bot")]
    assert {t["seat"] for t in bots} == set(others)
    assert all(t["policy"] == "sim-stance" and t["why"] for t in bots)
    room.ok(requester, "position", position="support")
    declared = room.act("chair", "declare_adopted")
    positions = room.view("chair")["drafts"][0]["positions"]
    if "object" in positions.values():
        assert not declared.accepted
        assert declared.refusal is not None
        assert declared.refusal.verdicts[0]["tally"]["blocking"]
    elif declared.accepted:
        assert next(s["machine"] for s in declared.turns[0]["steps"]) == "session"


def test_the_accession_request_is_played_through_the_membership_machine(law: LawWorld) -> None:
    room = _room(law, "uzb-2006-06")
    room.ok("chair", "open_item", item="return")
    applied = room.ok("UZB", "apply")
    assert applied.turns[0]["steps"][0]["machine"] == "membership"
    assert "no 'position'" not in room.no("UZB", "position", "permission", position="support")
    room.ok("RUS", "table", subject="Uzbekistan's return", text="Admitted", kind="admission")
    room.ok("chair", "call_consensus")
    for code in ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"):
        room.ok(code, "position", position="support")
    adopted = room.ok("chair", "declare_adopted")
    steps = adopted.turns[0]["steps"]
    assert [s["machine"] for s in steps] == ["session", "membership"]
    assert steps[1]["step"]["to"] == "admitted"


def test_bots_under_sim_session_answer_given_the_session_so_far(law: LawWorld) -> None:
    """The 'sim-session' policy asks the simulation's next-move call: each bot's answer says
    how many positions on how many drafts of the item it was conditioned on, and the same
    exercise gives the same answers."""
    import dataclasses

    def play() -> list[tuple[str, str, str]]:
        others = ("ARM", "BLR", "KGZ", "RUS", "TJK")
        config = configure(law, "kaz-2022-01", bots=others)
        absent = dataclasses.replace(config.absent_seats, bot="sim-session")
        config = dataclasses.replace(config, absent_seats=absent)
        api = Exercises(MemoryEventStore(), law=law, clock=Clock())
        created = api.create(config)
        room = Room(api, created.id, created.credentials)
        room.ok("facilitator", "start")
        room.ok("chair", "open_item", item="request")
        room.ok("KAZ", "request_assistance", grounds="unrest", attacker="non-state")
        out = []
        for subject, form in (("Troops", "forces"), ("Statement", "statement")):
            extra = {"force": "CPF"} if form == "forces" else {}
            room.ok(
                "KAZ", "table", subject=subject, text=subject, kind="assistance", form=form, **extra
            )
            called = room.ok("chair", "call_consensus")
            room.ok("KAZ", "position", position="support")
            bots = [t for t in called.turns if t.get("bot")]
            assert {t["seat"] for t in bots} == set(others)
            for t in bots:
                assert t["policy"] == "sim-session"
                assert t["why"].startswith("policy sim-session (seed 20220105)")
                out.append((subject, t["seat"], t["move"]["position"], t["why"]))
            if not room.act("chair", "declare_adopted").accepted:
                room.ok("chair", "declare_blocked")
        return out

    first = play()
    assert first == play()
    by_draft = {s: [w for d, _, _, w in first if d == s] for s in ("Troops", "Statement")}
    assert all("on 1 draft(s)" in w for w in by_draft["Troops"])
    assert all("on 2 draft(s)" in w for w in by_draft["Statement"])
    assert {p for _, _, p, _ in first} <= {"support", "object", "abstain"}
