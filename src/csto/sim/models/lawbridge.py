"""Where the simulation asks the law: the organization on the scenario's date (with its
membership variant), what the Treaty says of the request, which forms of help the law bars
whatever the votes, and the judge each rule variant's tally is compiled from.

Every answer comes from ``Engine.judge``; nothing here decides a point of law itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from csto.law.actions import AdoptDecision, DecideAssistance, Position, RequestAssistance
from csto.law.engine import Engine
from csto.law.readings import Profile
from csto.law.verdict import Verdict
from csto.sim.models.scenario import Crisis, Membership
from csto.sim.models.voting import Count, Judge
from csto.state.model import Member, State

__all__ = [
    "MEASURES",
    "RequestFinding",
    "adjusted_state",
    "count_of",
    "deciding_article",
    "law_voters",
    "request_finding",
    "rung_judge",
]

#: ladder rung -> the law's measures (a statement decides no measures)
MEASURES: dict[str, str] = {
    "forces": "forces",
    "mission": "mission",
    "material": "material",
    "statement": "none",
}


def adjusted_state(state: State, membership: Membership, day: dt.date) -> State:
    """``state`` with the scenario's members added (as full members) and removed."""
    if not membership.add and not membership.remove:
        return state
    members = {c: m for c, m in state.members.items() if c not in membership.remove}
    since = day.isoformat()
    for code in membership.add:
        members[code] = Member(code, "member", since, since, events=("scenario:membership",))
    return dataclasses.replace(state, members=members)


def deciding_article(verdict: Verdict) -> str | None:
    """The article the verdict cited last: the one its decision rests on."""
    for reason in reversed(verdict.reasons):
        if reason.article is not None:
            return str(reason.article.ref)
    return None


def count_of(verdict: Verdict) -> Count:
    tally = verdict.tally
    return Count(
        voters=tally.voters if tally else (),
        adopted=bool(tally and tally.adopted) and verdict.outcome != "not_permitted",
        blocking=tally.blocking if tally else (),
        article=deciding_article(verdict),
    )


def law_voters(engine: Engine, state: State, profile: Profile, day: dt.date) -> tuple[str, ...]:
    """The members the law lets vote in the Council on ``day`` (statuses and the profile's
    readings decide), as the tally of a draft with no positions reports them."""
    verdict = engine.judge(state, AdoptDecision(date=day, organ="CSC", subject="voters"), profile)
    return verdict.tally.voters if verdict.tally else ()


@dataclass(frozen=True, slots=True)
class RequestFinding:
    """What the law says of the request: whether the Treaty obliges the members to help
    (``obligation``), the verdict's outcome, and the article it rests on."""

    obligation: bool
    outcome: str
    article: str | None
    says: str


def request_finding(
    engine: Engine, state: State, profile: Profile, crisis: Crisis, day: dt.date
) -> RequestFinding:
    """The law's verdict on the request (a draft decision carries no obligation)."""
    if crisis.kind == "decision":
        return RequestFinding(False, "none", None, "a draft decision: no obligation to adopt it")
    verdict = engine.judge(
        state,
        RequestAssistance(
            date=day,
            by=crisis.requester,
            grounds=crisis.grounds,
            attacker=crisis.attacker,
            territory=crisis.territory,
        ),
        profile,
    )
    says = verdict.effects[0].says if verdict.effects else verdict.outcome
    return RequestFinding(
        verdict.outcome == "required" and _obliges_help(verdict),
        verdict.outcome,
        deciding_article(verdict),
        says,
    )


def _obliges_help(verdict: Verdict) -> bool:
    """Whether the verdict rests on an article that obliges the members to help: art. 4, or
    art. 2 in its amended wording (before 2012 art. 2 obliged them only to consult)."""
    for reason in verdict.reasons:
        art = reason.article
        if art is None or art.instrument != "CST-1992":
            continue
        if art.number == "4" or (art.number == "2" and art.amended_by is not None):
            return True
    return False


def rung_judge(
    engine: Engine,
    state: State,
    profile: Profile,
    crisis: Crisis,
    rung: str,
    day: dt.date,
) -> Judge:
    """The law's count of a profile of positions on the draft at ``rung``."""

    def judge(positions: Mapping[str, str]) -> Count:
        given = cast(dict[str, Position], dict(positions))
        if crisis.kind == "decision":
            action: DecideAssistance | AdoptDecision = AdoptDecision(
                date=day,
                organ="CSC",
                subject=crisis.subject or "the draft decision",
                positions=given,
            )
        else:
            action = DecideAssistance(
                date=day,
                requester=crisis.requester,
                measures=MEASURES[rung],  # type: ignore[arg-type]
                requested=crisis.requested,
                positions=given,
            )
        return count_of(engine.judge(state, action, profile))

    return judge
