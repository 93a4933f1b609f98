"""The machines move by move: guards, the law's answers, events that the record's codec
accepts, logs that rebuild the procedure (and reject tampering), errors that name the field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from csto.errors import InputError, UnknownIdError
from csto.procedures import Judge, MoveRefusedError, Procedure, World
from csto.procedures.assistance import ASSISTANCE, Consult, Decline, OpenAssistance, Request
from csto.procedures.chairmanship import CHAIRMANSHIP, OpenChairmanship, PassChair, forecast
from csto.procedures.codec import move_from_data, procedure_from_data, procedure_to_data
from csto.procedures.membership import (
    MEMBERSHIP,
    Freeze,
    NotifyWithdrawalMove,
    OpenMembership,
    Resume,
    SettleObligations,
    TakeEffect,
)
from csto.procedures.secretary_general import SECRETARY_GENERAL, OpenSecretaryGeneral
from csto.procedures.session import (
    SESSION,
    Adopt,
    Close,
    Convene,
    EnterIntoForce,
    OpenSession,
    Propose,
    Sign,
    TakeAPosition,
)
from csto.record.codec import event_from_data, to_data
from csto.record.dates import EventDate
from csto.state.history import History
from tests.procedures.episodes import EPISODES, SIX

D = dt.date.fromisoformat


def _session(world: World, judge: Judge, day: dt.date, question: str = "substantive") -> Any:
    proc = Procedure.open(SESSION, "t-session", OpenSession(date=day), world=world)
    proc.do(Convene(date=day, by="RUS", host="RUS", place="Moscow"), world=world, judge=judge)
    proc.do(Propose(date=day, by="RUS", subject="s", question=question), world=world, judge=judge)
    return proc


@pytest.mark.parametrize("episode", EPISODES, ids=[e.name for e in EPISODES])
def test_emitted_events_are_valid_record_events_and_logs_rebuild(
    episode: Any, history: History, judge_for: Callable[[str], Judge]
) -> None:
    world = World.of(history, without=episode.without)
    judge = judge_for(episode.profile)
    proc = Procedure.open(episode.machine, episode.pid, episode.opening, world=world)
    for move in episode.moves:
        proc.do(move, world=world, judge=judge)
    for e in proc.events:
        assert event_from_data(to_data(e)) == e, e.id
    log = json.loads(json.dumps(procedure_to_data(proc)))
    again = procedure_from_data(log)
    assert (again.state, again.data, again.events) == (proc.state, proc.data, proc.events)
    assert [s.departure for s in again.steps] == [s.departure for s in proc.steps]


def test_a_tampered_log_is_rejected(world: World, judge_for: Callable[[str], Judge]) -> None:
    proc = _session(world, judge_for("default"), D("2015-06-01"))
    log = json.loads(json.dumps(procedure_to_data(proc)))
    log[-1]["to"] = "closed"
    with pytest.raises(InputError, match="the log has been altered"):
        procedure_from_data(log, "x.jsonl")
    log = json.loads(json.dumps(procedure_to_data(proc)))
    del log[1]
    with pytest.raises(InputError, match="altered"):
        procedure_from_data(log, "x.jsonl")


def test_moves_go_forward_in_time_and_dated_must_hold_the_day(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    judge = judge_for("default")
    proc = _session(world, judge, D("2015-06-01"))
    step = proc.act(
        TakeAPosition(date=D("2015-05-31"), by="RUS", position="support"), world=world, judge=judge
    )
    assert step.refused
    assert "field 'date'" in step.explain()
    step = proc.act(
        TakeAPosition(
            date=D("2015-06-01"), dated=EventDate.parse("2015-07"), by="RUS", position="support"
        ),
        world=world,
        judge=judge,
    )
    assert step.refused
    assert "field 'dated'" in step.explain()
    step = proc.act(
        TakeAPosition(date=D("2015-06-01"), by="RUS", position="support", depart=True),
        world=world,
        judge=judge,
    )
    assert step.refused
    assert "field 'depart'" in step.explain()


def test_a_move_from_the_wrong_state_names_the_moves_open(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    proc = Procedure.open(SESSION, "t", OpenSession(date=D("2015-06-01")), world=world)
    with pytest.raises(MoveRefusedError, match="from here: convene"):
        proc.do(Adopt(date=D("2015-06-01")), world=world, judge=judge_for("default"))


def test_a_procedural_question_passes_over_an_objection_only_under_a_majority_reading(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    day = D("2015-06-01")
    # the default profile counts procedural questions by a simple majority (consensus there
    # would empty the Charter's exception); the strict one keeps consensus
    for profile, adopted in (("practice", True), ("default", True), ("strict", False)):
        judge = judge_for(profile)
        proc = _session(world, judge, day, question="procedural")
        for code in SIX:
            position = "object" if code == "ARM" else "support"
            proc.do(TakeAPosition(date=day, by=code, position=position), world=world, judge=judge)
        step = proc.act(Adopt(date=day), world=world, judge=judge)
        assert step.refused is not adopted, profile
        if adopted:
            (decision,) = step.events
            assert decision.consensus is True  # type: ignore[attr-defined]
            assert decision.not_signed_by == ("ARM",)  # type: ignore[attr-defined]


def test_an_instrument_is_signed_later_and_enters_into_force(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    judge = judge_for("default")
    day = D("2015-06-01")
    proc = Procedure.open(SESSION, "t-sign", OpenSession(date=day), world=world)
    proc.do(Convene(date=day, by="RUS", host="RUS"), world=world, judge=judge)
    proc.do(
        Propose(date=day, by="RUS", subject="Pact", instrument="TEST-PACT-2015"),
        world=world,
        judge=judge,
    )
    for code in SIX:
        position = "absent" if code == "BLR" else "support"
        proc.do(TakeAPosition(date=day, by=code, position=position), world=world, judge=judge)
    proc.do(Adopt(date=day), world=world, judge=judge)
    proc.do(Close(date=D("2015-06-02")), world=world, judge=judge)
    later = D("2015-10-01")
    step = proc.do(Sign(date=later, by="BLR"), world=world, judge=judge)
    assert [e.type for e in step.events] == ["InstrumentSigned"]
    assert proc.act(Sign(date=later, by="BLR"), world=world, judge=judge).refused
    step = proc.do(EnterIntoForce(date=later), world=world, judge=judge)
    assert step.events[0].type == "InstrumentEnteredIntoForce"
    held = next(e for e in proc.events if e.type == "SessionHeld")
    assert held.date.iso() == "2015-06-01"
    assert held.end_date == EventDate.day(D("2015-06-02"))  # type: ignore[attr-defined]
    assert held.absent == ("BLR",)  # type: ignore[attr-defined]
    state = world.state_before(D("2015-10-02"), proc.events)
    assert state.instruments["TEST-PACT-2015"].in_force


def test_a_withdrawal_waits_for_its_notice_and_for_the_obligations(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    judge = judge_for("default")
    notice = D("2015-08-31")
    proc = Procedure.open(
        MEMBERSHIP, "t-exit", OpenMembership(date=notice, state="KGZ"), world=world
    )
    early = proc.act(
        NotifyWithdrawalMove(date=notice, effective=D("2016-02-28")), world=world, judge=judge
    )
    assert early.refused
    assert "2016-02-29" in early.explain(), "six months after 31 August is the month's last day"
    proc.do(NotifyWithdrawalMove(date=notice, obligations_settled=False), world=world, judge=judge)
    assert proc.data.effective == D("2016-02-29")
    assert proc.act(TakeEffect(date=D("2016-02-28")), world=world, judge=judge).refused
    owing = proc.act(TakeEffect(date=D("2016-03-01")), world=world, judge=judge)
    assert owing.refused
    assert "settle" in owing.explain()
    proc.do(SettleObligations(date=D("2016-03-01")), world=world, judge=judge)
    step = proc.do(TakeEffect(date=D("2016-03-01")), world=world, judge=judge)
    assert step.events[0].type == "Withdrew"
    assert proc.state == "withdrawn"


def test_strict_readers_see_no_unilateral_withdrawal_but_history_may_depart(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    judge = judge_for("strict")
    day = D("2015-08-31")
    proc = Procedure.open(
        MEMBERSHIP, "t-strict", OpenMembership(date=day, state="KGZ"), world=world
    )
    assert proc.act(NotifyWithdrawalMove(date=day), world=world, judge=judge).refused
    step = proc.do(NotifyWithdrawalMove(date=day, depart=True), world=world, judge=judge)
    assert step.departure is not None
    assert step.departure.outcome == "not_provided_for"


def test_freezing_is_what_the_law_does_not_name_and_is_recorded(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    judge = judge_for("default")
    day = D("2015-06-01")
    proc = Procedure.open(
        MEMBERSHIP, "t-freeze", OpenMembership(date=day, state="ARM"), world=world
    )
    step = proc.do(Freeze(date=day, said="Armenia will not take part."), world=world, judge=judge)
    assert step.outcome == "not_provided_for"
    assert step.departure is None
    assert world.state_before(day + dt.timedelta(days=1), proc.events).status_of("ARM") == (
        "participation_frozen"
    )
    proc.do(Resume(date=D("2015-07-01")), world=world, judge=judge)
    assert proc.state == "member"


def test_opening_follows_the_record(world: World) -> None:
    uzb = Procedure.open(
        MEMBERSHIP, "t-uzb", OpenMembership(date=D("2014-01-01"), state="UZB"), world=world
    )
    assert uzb.state == "suspended"
    arm = Procedure.open(
        MEMBERSHIP, "t-arm", OpenMembership(date=D("2025-01-01"), state="ARM"), world=world
    )
    assert arm.state == "frozen"
    geo = Procedure.open(
        MEMBERSHIP, "t-geo", OpenMembership(date=D("2005-01-01"), state="GEO"), world=world
    )
    assert (geo.state, geo.data.former) == ("outside", True)


def test_declining_a_request_the_law_says_must_be_answered_is_a_departure(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    judge = judge_for("default")
    day = D("2022-09-13")
    proc = Procedure.open(ASSISTANCE, "t-arm", OpenAssistance(date=day), world=world)
    proc.do(Request(date=day, by="ARM", grounds="aggression"), world=world, judge=judge)
    proc.do(Consult(date=day), world=world, judge=judge)
    refused = proc.act(Decline(date=day), world=world, judge=judge)
    assert refused.refused
    assert refused.outcome == "required"
    step = proc.do(Decline(date=day, depart=True, reason="no consensus"), world=world, judge=judge)
    assert step.departure is not None
    assert "requires the members to answer" in step.departure.why


def test_a_conflict_between_members_may_be_declined_under_the_default_reading(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    judge = judge_for("default")
    day = D("2022-09-16")
    proc = Procedure.open(ASSISTANCE, "t-kgz", OpenAssistance(date=day), world=world)
    step = proc.do(
        Request(date=day, by="KGZ", grounds="aggression", attacker="TJK"), world=world, judge=judge
    )
    assert step.outcome == "not_provided_for"
    step = proc.do(Decline(date=day, reason="a conflict between members"), world=world, judge=judge)
    assert step.departure is None
    assert step.events[0].type == "AssistanceDeclined"


def test_the_chair_passes_by_the_rule_or_departs(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    day = D("2027-01-01")
    for profile, to, ok in (("practice", "TJK", True), ("practice", "KAZ", False)):
        judge = judge_for(profile)
        proc = Procedure.open(CHAIRMANSHIP, "t-chair", OpenChairmanship(date=day), world=world)
        assert proc.data.chair == "RUS"
        step = proc.act(PassChair(date=day, to=to), world=world, judge=judge)
        assert step.refused is not ok, (profile, to, step.explain())
        if not ok:
            step = proc.do(PassChair(date=day, to=to, depart=True), world=world, judge=judge)
            assert step.departure is not None
        assert step.events[0].from_state == "RUS"  # type: ignore[attr-defined]


def test_the_forecast_gives_the_alphabet_but_not_the_host(
    world: World, judge_for: Callable[[str], Judge], engine: Any
) -> None:
    import functools

    base = engine.profile("default")
    judges = {
        option: functools.partial(engine.judge, profile=base.overriding("chair-rule", option))
        for option in ("host-of-session", "russian-alphabet")
    }
    results = forecast(world, judges, D("2026-06-01"), 3)
    host = [f for f in results if f.reading == "host-of-session"]
    assert len(host) == 1
    assert host[0].chair is None
    assert len(host[0].candidates) > 1
    alphabet = [f.chair for f in results if f.reading == "russian-alphabet"]
    assert alphabet == ["TJK", "ARM", "BLR"]


def test_bad_moves_and_ids_name_the_field_and_the_fix(history: History, world: World) -> None:
    with pytest.raises(InputError) as bad:
        move_from_data(SESSION, {"move": "position", "date": "2015-06", "by": "rusia", "colour": 1})
    text = str(bad.value)
    assert "move.date" in text
    assert "move.by" in text
    assert "unknown field 'colour'" in text
    with pytest.raises(InputError, match="not a move of the session procedure"):
        move_from_data(SESSION, {"move": "vote", "date": "2015-06-01"})
    with pytest.raises(InputError, match="field 'id'"):
        Procedure.open(SESSION, "Bad Id", OpenSession(date=D("2015-06-01")), world=world)
    with pytest.raises(UnknownIdError, match="field 'without'"):
        World.of(history, without=["no-such-event"])


def test_act_and_do_agree(world: World, judge_for: Callable[[str], Judge]) -> None:
    judge = judge_for("default")
    proc = _session(world, judge, D("2015-06-01"))
    move = TakeAPosition(date=D("2015-06-01"), by="AZE", position="support")
    step = proc.act(move, world=world, judge=judge)
    assert step.refused
    with pytest.raises(MoveRefusedError) as raised:
        proc.do(dataclasses.replace(move), world=world, judge=judge)
    assert raised.value.step.explain() == step.explain()
    assert raised.value.code == "E230"


def test_the_rotation_is_shown_among_the_members_in_russian_order(world: World) -> None:
    proc = Procedure.open(
        SECRETARY_GENERAL, "t-sg", OpenSecretaryGeneral(date=D("2026-03-01")), world=world
    )
    assert proc.state == "in_office"
    assert proc.data.holder.person == "Taalatbek Masadykov"
    assert proc.machine.rotation(proc.data, proc.data.members)[:3] == ["RUS", "TJK", "ARM"]
    assert "UZB" not in proc.data.members


def test_expulsion_makes_a_former_member(world: World, judge_for: Callable[[str], Judge]) -> None:
    from csto.procedures.membership import Exclude

    judge = judge_for("default")
    day = D("2025-06-01")
    proc = Procedure.open(MEMBERSHIP, "t-expel", OpenMembership(date=day, state="KGZ"), world=world)
    positions = {"BLR": "support", "KAZ": "support", "RUS": "support", "TJK": "support"}
    step = proc.do(Exclude(date=day, positions=positions), world=world, judge=judge)  # type: ignore[arg-type]
    assert step.outcome == "permitted"
    assert [e.type for e in step.events] == ["DecisionAdopted", "Expelled"]
    after = world.state_before(day + dt.timedelta(days=1), proc.events)
    assert "KGZ" not in after.members
    assert after.former_members["KGZ"].how == "expelled"
    assert proc.state == "excluded"
