"""Properties: random sequences of moves never reach a state that breaks an invariant.

- No decision is adopted over an objection unless the rule in force allows it (procedural
  questions under a simple-majority reading); a decision taken short of the rule says so.
- Never two Secretaries-General (acting ones included) at once.
- A state that has withdrawn never votes.
- A withdrawal never takes effect before its notice period ends.

Refused moves are part of the game: they must emit nothing and change nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from csto.codes import STATES
from csto.law.actions import POSITIONS
from csto.procedures import Judge, Procedure, Step, World
from csto.procedures.membership import (
    MEMBERSHIP,
    NotifyWithdrawalMove,
    OpenMembership,
    SettleObligations,
    TakeEffect,
)
from csto.procedures.secretary_general import (
    SECRETARY_GENERAL,
    AppointActing,
    AppointSG,
    EndActing,
    EndTerm,
    OpenSecretaryGeneral,
    ProposeSG,
    Release,
    TakeOffice,
)
from csto.procedures.session import (
    SESSION,
    Adopt,
    Convene,
    Drop,
    OpenSession,
    Propose,
    TakeAPosition,
)
from csto.record.dates import add_months
from csto.record.events import DecisionAdopted, Event, OfficialAppointed, OfficialLeft
from csto.state.history import History
from tests.procedures.episodes import SG_SINCE_2017, SIX

PROFILES = st.sampled_from(["default", "practice", "strict"])
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
DAY = dt.timedelta(days=1)


def _act(proc: Procedure[Any], move: Any, world: World, judge: Judge) -> Step:
    """Make a move; a refused one must leave the procedure exactly as it was."""
    before = (proc.state, proc.data, len(proc.steps), proc.events)
    step = proc.act(move, world=world, judge=judge)
    if step.refused:
        assert step.events == ()
        assert (proc.state, proc.data, len(proc.steps), proc.events) == before
    return step


# --- decisions ---------------------------------------------------------------------------------

ROUND = st.tuples(
    st.sampled_from(["substantive", "procedural"]),
    st.dictionaries(
        st.sampled_from(sorted(STATES)),
        st.sampled_from(["support"] * len(POSITIONS) + list(POSITIONS)),
        min_size=2,
        max_size=9,
    ),
    st.booleans(),
)


@SETTINGS
@given(profile=PROFILES, rounds=st.lists(ROUND, min_size=1, max_size=4))
def test_no_decision_is_adopted_over_an_objection_unless_the_rule_allows_it(
    history: History,
    world: World,
    judge_for: Callable[[str], Judge],
    profile: str,
    rounds: list[tuple[str, dict[str, str], bool]],
) -> None:
    judge = judge_for(profile)
    day = dt.date(2015, 6, 1)
    proc = Procedure.open(SESSION, "prop-session", OpenSession(date=day), world=world)
    proc.do(Convene(date=day, by="RUS", host="KAZ"), world=world, judge=judge)
    for n, (question, positions, depart) in enumerate(rounds):
        subject = f"d{n}"
        proc.do(
            Propose(date=day, by="RUS", subject=subject, question=question),
            world=world,
            judge=judge,
        )
        for code, position in positions.items():
            step = _act(proc, TakeAPosition(date=day, by=code, position=position), world, judge)
            if code in ("AZE", "GEO", "UZB"):
                assert step.refused, f"{code} does not take part in 2015, yet it voted"
        _act(proc, Adopt(date=day, subject=subject, depart=depart), world, judge)
        if proc.data.draft(subject).status == "pending":
            proc.do(Drop(date=day, subject=subject), world=world, judge=judge)
    majority = judge_for(profile).keywords["profile"].choice("procedural-questions")
    for step in proc.steps:
        for e in step.events:
            if not isinstance(e, DecisionAdopted):
                continue
            draft = proc.data.draft(e.title)
            voters = (*e.signed_by, *e.not_signed_by)
            objecting = [c for c in voters if draft.positions.get(c) == "object"]
            assert not set(voters) & {"AZE", "GEO", "UZB"}, "only members taking part vote"
            event(f"decision {step.status}" + (" over an objection" if objecting else ""))
            if step.status == "done":
                assert e.consensus is True
                if objecting:
                    allowed = draft.question == "procedural" and majority == "simple-majority"
                    assert allowed, f"adopted over {objecting}'s objection under {profile}"
            else:
                assert step.status == "departed"
                assert e.consensus is False
                assert step.departure is not None
                assert e.note is not None
                assert e.note.startswith("Taken short of the rule")


# --- withdrawal ----------------------------------------------------------------------------------


@SETTINGS
@given(
    profile=PROFILES,
    notice=st.dates(dt.date(2013, 1, 1), dt.date(2023, 12, 31)),
    offset=st.one_of(st.none(), st.integers(-90, 400)),
    settled=st.sampled_from([None, True, False]),
    depart=st.booleans(),
    settle_after=st.one_of(st.none(), st.integers(0, 200)),
    effect_after=st.lists(st.integers(100, 500), max_size=3),
    vote_after=st.integers(0, 900),
)
def test_a_withdrawal_never_takes_effect_early_and_a_state_that_left_never_votes(
    world: World,
    judge_for: Callable[[str], Judge],
    profile: str,
    notice: dt.date,
    offset: int | None,
    settled: bool | None,
    depart: bool,
    settle_after: int | None,
    effect_after: list[int],
    vote_after: int,
) -> None:
    judge = judge_for(profile)
    state = "KGZ"
    earliest = add_months(notice, 6)
    effective = None if offset is None else earliest + offset * DAY
    proc = Procedure.open(
        MEMBERSHIP, "prop-exit", OpenMembership(date=notice, state=state), world=world
    )
    _act(
        proc,
        NotifyWithdrawalMove(
            date=notice, effective=effective, obligations_settled=settled, depart=depart
        ),
        world,
        judge,
    )
    day = notice
    plans: list[tuple[int, Any]] = [(n, TakeEffect) for n in effect_after]
    if settle_after is not None:
        plans.append((settle_after, SettleObligations))
    for after, cls in sorted(plans, key=lambda p: p[0]):
        day = max(day, notice + after * DAY)
        _act(proc, cls(date=day), world, judge)

    notified = [e for e in proc.events if e.type == "WithdrawalNotified"]
    for e in notified:
        assert e.effective.earliest >= add_months(e.date.earliest, 6)  # type: ignore[attr-defined]
    for e in proc.events:
        if e.type == "Withdrew":
            assert notified
            assert e.date.earliest >= notified[0].effective.earliest  # type: ignore[attr-defined]
            assert e.date.earliest >= earliest
    event("withdrew" if any(e.type == "Withdrew" for e in proc.events) else "did not withdraw")
    after = world.plus(proc.events)
    assert state in after.state_before(earliest, ()).members, "left before its notice ran out"

    vote_day = max(day, notice + vote_after * DAY)
    session = Procedure.open(SESSION, "prop-vote", OpenSession(date=vote_day), world=after)
    session.do(Convene(date=vote_day, by="RUS", host="RUS"), world=after, judge=judge)
    session.do(Propose(date=vote_day, by="RUS", subject="s"), world=after, judge=judge)
    for code in (*SIX, "UZB"):
        _act(session, TakeAPosition(date=vote_day, by=code, position="support"), after, judge)
    _act(session, Adopt(date=vote_day, depart=True), after, judge)
    gone = state in after.state_before(vote_day).former_members
    voted = [
        s
        for s in session.steps
        if s.move.verb == "position" and s.move.by == state  # type: ignore[attr-defined]
    ]
    event("voted after leaving was tried" if gone else "still a member at the vote")
    if gone:
        assert not voted, f"{state} voted after leaving"
        for e in session.events:
            if isinstance(e, DecisionAdopted):
                assert state not in (*e.signed_by, *e.not_signed_by, *e.states)


# --- the Secretary-General -----------------------------------------------------------------------

PEOPLE = [("Anna", "ARM"), ("Boris", "BLR"), ("Kairat", "KAZ"), ("Ruslan", "RUS")]
SG_MOVE = st.tuples(
    st.sampled_from(
        [
            "appoint_acting",
            "end_acting",
            "propose",
            "appoint",
            "take_office",
            "end_term",
            "release",
        ]
    ),
    st.integers(0, 500),
    st.sampled_from(PEOPLE),
    st.booleans(),
    st.sampled_from([None, 0, 30, 400]),
)


def _holders(events: tuple[Event, ...], start: set[str]) -> None:
    """Walk the events in order: never more than one person in the post (acting included)."""
    holders = set(start)
    for e in events:
        if isinstance(e, OfficialAppointed):
            holders.add(e.person)
        elif isinstance(e, OfficialLeft):
            holders.discard(e.person)
        assert len(holders) <= 1, f"two Secretaries-General after {e.id}: {sorted(holders)}"


def _sg_move(
    verb: str,
    day: dt.date,
    person: str,
    nationality: str,
    depart: bool,
    term_start: dt.date | None,
) -> Any:
    positions = dict.fromkeys(SIX, "support")
    if verb == "appoint_acting":
        return AppointActing(date=day, person=person, nationality=nationality)
    if verb == "end_acting":
        return EndActing(date=day)
    if verb == "propose":
        return ProposeSG(date=day, person=person, nationality=nationality)
    if verb == "appoint":
        return AppointSG(
            date=day,
            person=person,
            nationality=nationality,
            term_start=term_start,
            positions=positions if not depart else {"RUS": "support", "ARM": "object"},
            depart=depart,
        )
    if verb == "take_office":
        return TakeOffice(date=day)
    if verb == "end_term":
        return EndTerm(date=day)
    return Release(date=day, positions=positions, depart=depart)


@SETTINGS
@given(profile=PROFILES, moves=st.lists(SG_MOVE, max_size=25))
def test_never_two_secretaries_general(
    history: History,
    judge_for: Callable[[str], Judge],
    profile: str,
    moves: list[tuple[str, int, tuple[str, str], bool, int | None]],
) -> None:
    judge = judge_for(profile)
    world = World.of(history, without=SG_SINCE_2017.without)
    day = dt.date(2017, 1, 1)
    proc = Procedure.open(SECRETARY_GENERAL, "prop-sg", OpenSecretaryGeneral(date=day), world=world)
    start = {proc.data.holder.person} if proc.data.holder else set()
    for verb, gap, (person, nationality), depart, start_in in moves:
        day += gap * DAY
        term_start = None if start_in is None else day + start_in * DAY
        move = _sg_move(verb, day, person, nationality, depart, term_start)
        _act(proc, move, world, judge)
        _holders(proc.events, start)
        made = bool(proc.steps) and proc.steps[-1].move is move
        event(f"{verb} {'made' if made else 'refused'}")
        state = world.state_before(day + DAY, proc.events)
        assert len(state.secretary_general) <= 1
