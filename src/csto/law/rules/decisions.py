"""How the bodies decide: who votes on a day, what consensus needs, and the session rules.

Consensus with one vote per member is the Charter's rule for everything but procedural
questions. What consensus needs when a member is absent, abstains, declares that it does not
take part, or has frozen its participation is open (readings ``consensus-absence``,
``frozen-participation``, ``procedural-questions``, ``concerned-state-vote``); :func:`tally`
asks the profile and explains each choice.
"""

from __future__ import annotations

from collections.abc import Mapping

from csto.codes import ORGANS, STATES
from csto.law.actions import AdoptDecision, ConveneSession, ProposeDecision, TakePosition
from csto.law.context import Ctx, name
from csto.law.rules import TALLY_READINGS, rule
from csto.law.rules.refs import (
    CH_13,
    CH_BODIES,
    CH_DECISIONS,
    CH_SUSPENSION,
    CST_3,
    RULES_13_1,
)
from csto.law.texts import ArticleRef
from csto.law.verdict import DecisionRule, Fact, Tally

__all__ = [
    "conclude",
    "deciding_body",
    "decision_basis",
    "organ_exists",
    "rule_for",
    "suspension_basis",
    "tally",
    "voters",
]

_DECIDING = ("CSC", "CFM", "CMD", "CSSC", "PC")


def deciding_body(ctx: Ctx, organ: str) -> bool:
    """Whether ``organ`` is a deciding body that exists on the day; cites why not."""
    if organ not in _DECIDING:
        ctx.cite(
            CH_BODIES if ctx.has(CH_BODIES) else CST_3,
            f"The {ORGANS.get(organ, organ)} is a working body, not a deciding body; it takes "
            "no decisions of its own under the instruments.",
        )
        return False
    return organ_exists(ctx, organ)


def organ_exists(ctx: Ctx, organ: str) -> bool:
    """Whether ``organ`` exists on the day (per the record); cites the basis either way."""
    found = ctx.state.organs.get(organ)
    if found is not None:
        return True
    ctx.cite(
        CST_3 if organ == "CSC" else CH_BODIES,
        f"The {ORGANS.get(organ, organ)} does not exist on {ctx.date} according to the record.",
        [Fact(f"no record of the {organ} being established by {ctx.date}", "established")],
    )
    return False


def decision_basis(ctx: Ctx, organ: str, question: str) -> DecisionRule:
    """Cite the decision rule in force for ``organ`` and return it."""
    if question == "procedural":
        option = ctx.read("procedural-questions")
        ctx.cite(
            CH_DECISIONS if ctx.has(CH_DECISIONS) else CST_3,
            "Procedural questions are excepted from the consensus rule; the rule that governs "
            "them is in the Rules of Procedure, whose text we could not read. "
            + (
                "This profile applies consensus to them as well, pending the text."
                if option == "consensus"
                else "This profile applies a simple majority of the members entitled to vote."
            ),
            reading="procedural-questions",
        )
        return "procedural"
    if ctx.has(CH_DECISIONS):
        ctx.cite(
            CH_DECISIONS,
            f"The {ORGANS.get(organ, organ)} decides by consensus; each member has one vote.",
        )
        if organ == "CSC" and ctx.has(RULES_13_1):
            ctx.cite(RULES_13_1, "The Rules of Procedure require consensus for the Council.")
    else:
        ctx.cite(
            CST_3,
            "Before the Charter, the Treaty sets up the Council of heads of state; no voting rule "
            "was read in the Treaty, and the Council's practice of deciding by consensus is "
            "assumed.",
        )
    return "consensus"


def voters(ctx: Ctx, concerned: str | None = None) -> tuple[list[str], list[Fact]]:
    """The members entitled to vote on the day, and the facts that decided who they are."""
    out: list[str] = []
    facts: list[Fact] = []
    for code, member in sorted(ctx.state.members.items()):
        if member.status == "signatory":
            continue
        if member.status == "participation_suspended":
            facts.append(ctx.status_fact(code))
            continue
        if member.status == "participation_frozen":
            option = ctx.read("frozen-participation")
            facts.append(ctx.status_fact(code))
            if option == "set-aside":
                continue
        if code == concerned and ctx.read("concerned-state-vote") == "excluded":
            facts.append(Fact(f"{name(code)} is the state concerned", "assumed"))
            continue
        out.append(code)
    return out, facts


def tally(
    ctx: Ctx,
    organ: str,
    question: str,
    positions: Mapping[str, str],
    *,
    concerned: str | None = None,
) -> Tally:
    """Apply the decision rule to ``positions``; ``adopted`` is None when none were given.

    Cites the rule and explains who counted and who blocked.
    """
    rule_kind = decision_basis(ctx, organ, question)
    entitled, facts = voters(ctx, concerned)
    counting = ctx.counting
    if counting is not None and counting.excluded:
        entitled = [c for c in entitled if c not in counting.excluded]
    if any(m.status == "participation_frozen" for m in ctx.state.members.values()):
        frozen_opt = ctx.readings.get("frozen-participation")
        ctx.cite(
            CH_DECISIONS if ctx.has(CH_DECISIONS) else CST_3,
            "A member that has frozen its participation "
            + (
                "keeps its vote: the law knows no frozen status."
                if frozen_opt == "still-member"
                else "is left out of the count while its participation is frozen."
            ),
            facts,
            reading="frozen-participation",
        )
    if concerned is not None and "concerned-state-vote" in ctx.readings:
        ctx.cite(
            suspension_basis(ctx),
            f"{name(concerned)}, the state concerned, "
            + (
                "does not take part in the decision on itself."
                if ctx.readings["concerned-state-vote"] == "excluded"
                else "takes part in the decision on itself like any member."
            ),
            reading="concerned-state-vote",
        )
    if not positions:
        ctx.cite(
            None,
            "No positions were given: adoption needs "
            + _needs(ctx, rule_kind)
            + f" among {len(entitled)} members entitled to vote ("
            + ", ".join(entitled)
            + ").",
        )
        ctx.tally = Tally(tuple(entitled), None)
        return ctx.tally
    ignored = [c for c in positions if c not in entitled]
    for code in ignored:
        ctx.cite(
            None,
            f"{name(code)}'s position ({positions[code]}) does not count: it is not entitled "
            "to vote on that day.",
            [ctx.status_fact(code)],
        )
    cast = {c: positions.get(c, "absent") for c in entitled}
    described = ", ".join(f"{c}: {p}" for c, p in cast.items())
    given = [ctx.assumed(f"positions as stated by the action: {described}")]
    if counting is not None:
        adopted, blocking = counting.decide(cast)
        ctx.cite(
            None,
            f"Counterfactual rule '{counting.id}' ({counting.explain()}), not the law: "
            + ("adopted." if adopted else "not adopted")
            + (": blocked by " + ", ".join(blocking) + "." if blocking else "")
            + ("" if adopted or blocking else ": too few supporters."),
            given,
        )
        ctx.tally = Tally(tuple(entitled), adopted, tuple(cast.items()), blocking)
        return ctx.tally
    if rule_kind == "procedural" and ctx.readings.get("procedural-questions") == "simple-majority":
        yes = sum(1 for p in cast.values() if p == "support")
        adopted = yes * 2 > len(cast)
        ctx.cite(
            None,
            f"{yes} of {len(cast)} members support: "
            + ("a majority; adopted." if adopted else "no majority; not adopted."),
            given,
        )
        ctx.tally = Tally(tuple(entitled), adopted, tuple(cast.items()))
        return ctx.tally
    option = ctx.read("consensus-absence")
    objecting = tuple(c for c, p in cast.items() if p == "object")
    silent = tuple(c for c, p in cast.items() if p in ("abstain", "absent", "not_participate"))
    supporting = [c for c, p in cast.items() if p == "support"]
    if option == "unanimity":
        blocking = objecting + silent
        why = "every member entitled to vote must support"
    else:
        blocking = objecting
        why = (
            "consensus means that no member objects; absence, abstention and declared "
            "non-participation do not block"
            if option == "no-objection"
            else "a member that is absent or declares it does not take part stands outside the "
            "decision, which then binds only those that took it; an objection still blocks"
        )
    adopted = not blocking and bool(supporting)
    verdict = (
        "adopted."
        if adopted
        else (
            "not adopted: " + ", ".join(f"{name(c)} ({cast[c]})" for c in blocking) + "."
            if blocking
            else "not adopted: no member supports it."
        )
    )
    ctx.cite(
        CH_DECISIONS if ctx.has(CH_DECISIONS) else CST_3,
        f"Under this reading {why}: {verdict}",
        given,
        reading="consensus-absence",
    )
    not_bound = silent if option == "limited-format" and adopted else ()
    ctx.tally = Tally(tuple(entitled), adopted, tuple(cast.items()), blocking, not_bound)
    return ctx.tally


def suspension_basis(ctx: Ctx) -> ArticleRef:
    """The suspension article when in force, else the decision-making one."""
    return CH_SUSPENSION if ctx.has(CH_SUSPENSION) else CH_DECISIONS


def _needs(ctx: Ctx, rule_kind: DecisionRule) -> str:
    if ctx.counting is not None:
        return f"what the counterfactual rule '{ctx.counting.id}' asks ({ctx.counting.says})"
    if rule_kind == "procedural" and ctx.readings.get("procedural-questions") == "simple-majority":
        return "a simple majority"
    option = ctx.read("consensus-absence")
    return {
        "no-objection": "at least one supporter and no objection",
        "unanimity": "the support of every member",
        "limited-format": "no objection from any member taking part",
    }[option]


def conclude(ctx: Ctx, result: Tally, organ: str, rule_kind: DecisionRule, what: str) -> None:
    """Decide from a tally: adopted -> permitted; blocked -> not permitted; unknown ->
    permitted subject to the rule."""
    if result.adopted is False:
        ctx.decide("not_permitted", organ, rule_kind)
        ctx.effect(f"{what} cannot be adopted as the positions stand.")
        return
    ctx.decide("permitted", organ, rule_kind)
    if result.adopted:
        bound = [c for c in result.voters if c not in result.not_bound]
        ctx.effect(f"{what}: adopted; binding on " + ", ".join(bound) + ".", ctx.date)
        if result.not_bound:
            ctx.effect("Not bound (stood outside the decision): " + ", ".join(result.not_bound))
    else:
        ctx.effect(f"{what}, if the {ORGANS.get(organ, organ)} adopts it.")


def rule_for(question: str) -> DecisionRule:
    return "procedural" if question == "procedural" else "consensus"


# --- the session verbs ---------------------------------------------------------------------


@rule(
    "convene_session",
    version=1,
    articles=(CH_13, CST_3, CH_BODIES),
    readings=("chair-rule",),
)
def convene_session(ctx: Ctx, action: ConveneSession) -> None:
    """A deciding body may be convened while it exists; who chairs follows the chair rule."""
    if not deciding_body(ctx, action.organ):
        ctx.decide("not_provided_for")
        return
    if action.by in ctx.state.members or action.by in ORGANS or action.by == "SG":
        entitled = action.by not in ctx.state.members or ctx.state.members[action.by].status in (
            "member",
            "withdrawal_pending",
            "participation_frozen",
        )
    else:
        entitled = False
    if not entitled:
        ctx.cite(
            CH_13 if ctx.has(CH_13) else CST_3,
            f"{name(action.by)} cannot call a session: it does not take part in the bodies.",
            [ctx.status_fact(action.by)],
        )
        ctx.decide("not_permitted")
        return
    if action.organ == "CSC":
        ctx.cite(
            CH_13 if ctx.has(CH_13) else CST_3,
            "The Council is the supreme body; its sessions are held as needed"
            + (" (an extraordinary session here)" if action.extraordinary else "")
            + ". Who may call one is set by the Rules of Procedure, not read; any member or "
            "the Secretary-General is taken to be able to ask for it.",
        )
        if action.host is not None and ctx.has(CH_13):
            option = ctx.read("chair-rule")
            if option == "host-of-session":
                ctx.cite(
                    CH_13,
                    f"The session in {name(action.host)} would be chaired by its head of state, "
                    "unless the Council decides otherwise.",
                    reading="chair-rule",
                )
                ctx.effect(f"Chaired by the head of {name(action.host)}.", action.date, CH_13)
            else:
                current = next(iter(ctx.state.chair.values()), None)
                holder = current.state if current else "unknown"
                ctx.cite(
                    CH_13,
                    "Under the alphabetical practice the session is chaired by the state "
                    f"holding the rotating chair ({name(holder)}), wherever it meets.",
                    reading="chair-rule",
                )
                ctx.effect(f"Chaired by {name(holder)} (current chair).", action.date, CH_13)
    else:
        ctx.cite(
            CH_BODIES,
            f"The {ORGANS[action.organ]} is a consultative and executive body of the "
            "Organization and meets to carry out the Council's decisions.",
        )
    ctx.decide("permitted", None, "none")
    ctx.effect(f"A session of the {ORGANS[action.organ]} is called for {action.date}.")


@rule(
    "propose_decision",
    version=1,
    articles=(CH_DECISIONS, CH_BODIES, CST_3),
    readings=("procedural-questions",),
)
def propose_decision(ctx: Ctx, action: ProposeDecision) -> None:
    """A draft may be put before an existing deciding body; it decides by its rule."""
    if not deciding_body(ctx, action.organ):
        ctx.decide("not_provided_for")
        return
    member = ctx.member(action.by)
    if (action.by in STATES) and (
        member is None or member.status in ("signatory", "participation_suspended")
    ):
        ctx.cite(
            suspension_basis(ctx) if ctx.has(CH_DECISIONS) else CST_3,
            f"{name(action.by)} does not take part in the bodies' work on that day.",
            [ctx.status_fact(action.by)],
        )
        ctx.decide("not_permitted")
        return
    rule_kind = decision_basis(ctx, action.organ, action.question)
    ctx.decide("permitted", action.organ, rule_kind)
    ctx.effect(
        f"The draft '{action.subject}' goes to the {ORGANS[action.organ]}, which decides by "
        + ("consensus." if rule_kind == "consensus" else "its rule for procedural questions.")
    )


@rule(
    "take_position",
    version=1,
    articles=(CH_DECISIONS, CST_3),
    readings=TALLY_READINGS,
)
def take_position(ctx: Ctx, action: TakePosition) -> None:
    """A member entitled to vote may support, object, abstain, stay away or stand aside."""
    entitled, facts = voters(ctx)
    basis = CH_DECISIONS if ctx.has(CH_DECISIONS) else CST_3
    if action.by not in entitled:
        ctx.cite(
            basis,
            f"{name(action.by)} has no vote in the {ORGANS[action.organ]} on that day.",
            [ctx.status_fact(action.by), *facts],
            reading="frozen-participation" if "frozen-participation" in ctx.readings else None,
        )
        ctx.decide("not_permitted")
        return
    ctx.cite(
        basis,
        f"Each member has one vote; {name(action.by)} is entitled to it.",
        [ctx.status_fact(action.by)],
        reading="frozen-participation" if "frozen-participation" in ctx.readings else None,
    )
    option = ctx.read("consensus-absence")
    blocks = action.position == "object" or (option == "unanimity" and action.position != "support")
    ctx.cite(
        basis,
        f"Under this reading, '{action.position}' "
        + ("blocks a decision that needs consensus." if blocks else "does not block consensus.")
        + (
            " The state stands outside the decision and is not bound by it."
            if option == "limited-format" and action.position in ("not_participate", "absent")
            else ""
        ),
        reading="consensus-absence",
    )
    ctx.decide("permitted", None, "unilateral")
    ctx.effect(
        f"{name(action.by)}'s position is recorded as {action.position}"
        + ("; it blocks consensus." if blocks else ".")
    )


@rule(
    "adopt_decision",
    version=1,
    articles=(CH_DECISIONS, RULES_13_1, CST_3),
    readings=TALLY_READINGS,
)
def adopt_decision(ctx: Ctx, action: AdoptDecision) -> None:
    """A body adopts a decision if the rule in force for the question is met."""
    if not deciding_body(ctx, action.organ):
        ctx.decide("not_provided_for")
        return
    result = tally(ctx, action.organ, action.question, action.positions)
    conclude(
        ctx, result, action.organ, rule_for(action.question), f"The decision '{action.subject}'"
    )
