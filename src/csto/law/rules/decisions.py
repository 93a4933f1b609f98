"""The session verbs: convening a deciding body, putting a draft before it, a member's
position, and adoption by the rule in force (counted by :mod:`csto.law.rules.voting`).
"""

from __future__ import annotations

from csto.codes import ORGANS, STATES
from csto.law.actions import AdoptDecision, ConveneSession, ProposeDecision, TakePosition
from csto.law.context import Ctx, name
from csto.law.rules import TALLY_READINGS, rule
from csto.law.rules.refs import (
    CH_13,
    CH_ARREARS,
    CH_BODIES,
    CH_DECISIONS,
    CH_SUSPENSION,
    CST_3,
    RULES_13_1,
)
from csto.law.rules.voting import conclude, decision_basis, rule_for, tally, voters
from csto.law.verdict import Fact
from csto.state.statuses import TAKES_PART

__all__ = ["deciding_body"]

_DECIDING = ("CSC", "CFM", "CMD", "CSSC", "PC")


def deciding_body(ctx: Ctx, organ: str) -> None:
    """End the rule (not provided for) unless ``organ`` is a deciding body that exists on
    the day (per the record); cites why not."""
    if organ not in _DECIDING:
        ctx.refuse(
            (CH_BODIES, CST_3),
            f"The {ORGANS.get(organ, organ)} is a working body, not a deciding body; it takes "
            "no decisions of its own under the instruments.",
            outcome="not_provided_for",
        )
    if ctx.state.organs.get(organ) is None:
        ctx.refuse(
            CST_3 if organ == "CSC" else CH_BODIES,
            f"The {ORGANS.get(organ, organ)} does not exist on {ctx.date} according to the record.",
            [Fact(f"no record of the {organ} being established by {ctx.date}", "established")],
            outcome="not_provided_for",
        )


# --- the session verbs ---------------------------------------------------------------------


@rule(version=2, articles=(CH_13, CST_3, CH_BODIES), readings=("chair-rule",))
def convene_session(ctx: Ctx, action: ConveneSession) -> None:
    """A deciding body may be convened while it exists; who chairs follows the chair rule."""
    deciding_body(ctx, action.organ)
    member = ctx.member(action.by)
    ctx.require(
        member.status in TAKES_PART if member else action.by in ORGANS or action.by == "SG",
        (CH_13, CST_3),
        f"{name(action.by)} cannot call a session: it does not take part in the bodies.",
        [ctx.status_fact(action.by)],
    )
    if action.organ == "CSC":
        ctx.cite(
            (CH_13, CST_3),
            "The Council is the supreme body; its sessions are held as needed"
            + (" (an extraordinary session here)" if action.extraordinary else "")
            + ". Who may call one is set by the Rules of Procedure, not read; any member or "
            "the Secretary-General is taken to be able to ask for it.",
        )
        if action.host is not None and ctx.has(CH_13):
            if ctx.read("chair-rule") == "host-of-session":
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


@rule(version=2, articles=(CH_DECISIONS, CH_BODIES, CST_3), readings=("procedural-questions",))
def propose_decision(ctx: Ctx, action: ProposeDecision) -> None:
    """A draft may be put before an existing deciding body; it decides by its rule."""
    deciding_body(ctx, action.organ)
    member = ctx.member(action.by)
    if action.by in STATES and (member is None or member.status not in TAKES_PART):
        ctx.refuse(
            (CH_SUSPENSION, CH_DECISIONS, CST_3),
            f"{name(action.by)} does not take part in the bodies' work on that day.",
            [ctx.status_fact(action.by)],
        )
    rule_kind = decision_basis(ctx, action.organ, action.question)
    ctx.decide("permitted", action.organ, rule_kind)
    ctx.effect(
        f"The draft '{action.subject}' goes to the {ORGANS[action.organ]}, which decides by "
        + ("consensus." if rule_kind == "consensus" else "its rule for procedural questions.")
    )


@rule(
    version=3,
    articles=(CH_DECISIONS, CST_3, CH_ARREARS),
    readings=(*TALLY_READINGS, "arrears-sanction"),
)
def take_position(ctx: Ctx, action: TakePosition) -> None:
    """A member entitled to vote may support, object, abstain, stay away or stand aside;
    arrears of two years may cost it the vote (automatically, or by the Council's decision)."""
    entitled, facts = voters(ctx)
    frozen = "frozen-participation" if "frozen-participation" in ctx.readings else None
    if action.by not in entitled:
        ctx.refuse(
            (CH_DECISIONS, CST_3),
            f"{name(action.by)} has no vote in the {ORGANS[action.organ]} on that day.",
            [ctx.status_fact(action.by), *facts],
            reading=frozen,
        )
    ctx.cite(
        (CH_DECISIONS, CST_3),
        f"Each member has one vote; {name(action.by)} is entitled to it.",
        [ctx.status_fact(action.by)],
        reading=frozen,
    )
    if action.arrears != "none":
        _arrears(ctx, action)
    option = ctx.read("consensus-absence")
    blocks = action.position == "object" or (option == "unanimity" and action.position != "support")
    ctx.cite(
        (CH_DECISIONS, CST_3),
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


def _arrears(ctx: Ctx, action: TakePosition) -> None:
    """End the rule if arrears cost the member its vote on the day (``arrears-sanction``)."""
    sanctioned = action.arrears == "sanctioned"
    owing = ctx.assumed(
        f"{name(action.by)} has not met its obligations to the budget for two years running"
        + ("; the Council has decided to suspend its vote for it" if sanctioned else "")
    )
    if not ctx.has(CH_ARREARS):
        ctx.cite(
            (CH_DECISIONS, CST_3),
            "Before the Charter no instrument read attaches any consequence to arrears.",
            [owing],
        )
        return
    option = ctx.read("arrears-sanction")
    if option == "automatic" or sanctioned:
        ctx.refuse(
            CH_ARREARS,
            (
                "Under this reading two years' arrears suspend the member's vote by operation "
                "of the Charter, without a decision, until it pays."
                if option == "automatic"
                else "The Council may suspend the vote of a member two years in arrears until it "
                "pays, and has done so."
            ),
            [owing],
            reading="arrears-sanction",
            effect=f"{name(action.by)}'s position does not count until its arrears are paid.",
        )
    ctx.cite(
        CH_ARREARS,
        "Under this reading two years' arrears only allow the Council to suspend the member's "
        "vote, by a decision; none has been taken, so the member keeps its vote.",
        [owing],
        reading="arrears-sanction",
    )
    ctx.may(action.by, "vote, until the Council suspends its vote for the arrears", CH_ARREARS)
    ctx.decides(
        "CSC",
        f"whether to suspend {name(action.by)}'s vote until it pays its arrears",
        "consensus",
        CH_ARREARS,
        reading="arrears-sanction",
    )


@rule(version=2, articles=(CH_DECISIONS, RULES_13_1, CST_3), readings=TALLY_READINGS)
def adopt_decision(ctx: Ctx, action: AdoptDecision) -> None:
    """A body adopts a decision if the rule in force for the question is met."""
    deciding_body(ctx, action.organ)
    result = tally(ctx, action.organ, action.question, action.positions)
    conclude(
        ctx,
        result,
        f"The decision '{action.subject}'",
        action.organ,
        rule_for(action.question, ctx),
    )
