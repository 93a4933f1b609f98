"""Collective assistance: what a member's request sets in motion, and under which article.

Aggression (an armed attack) falls under the Treaty's art. 4; a threat to security,
stability, territorial integrity or sovereignty under art. 2, which only since the 2010
Protocol (in force 19 December 2012) obliges the parties to assist and not just to consult.
Three questions are open: whether internal unrest with alleged outside interference is
either (``unrest-grounds``), whether fighting on territory whose status is disputed or whose
border is not delimited is covered (``disputed-territory``), and whether a conflict between
two members is covered at all (``intra-member-conflict``).
"""

from __future__ import annotations

from csto.law.actions import DecideAssistance, RequestAssistance
from csto.law.context import Ctx, name
from csto.law.rules import TALLY_READINGS, rule
from csto.law.rules.refs import CST, CST_1, CST_2, CST_4, CST_6
from csto.law.rules.voting import conclude, tally
from csto.law.verdict import Fact
from csto.state.statuses import is_member

__all__: list[str] = []

_TERRITORY = {
    "recognised-territory": {"recognised", "undelimited"},
    "delimited-only": {"recognised"},
    "claimed-territory": {"recognised", "undelimited", "disputed"},
}
_WHERE = {
    "recognised": "on territory recognised as the requester's",
    "undelimited": "in a border area where the frontier is not delimited",
    "disputed": "on territory whose status is disputed",
}


@rule(
    version=1,
    articles=(CST_2, CST_4, CST_6, CST_1),
    readings=("unrest-grounds", "disputed-territory", "intra-member-conflict"),
)
def request_assistance(ctx: Ctx, action: RequestAssistance) -> None:
    """A member's request: consultations (art. 2) or collective defence (art. 4)."""
    if not ctx.in_force(CST):
        ctx.refuse(
            None,
            f"The Treaty entered into force on {ctx.law.instrument(CST).in_force_from()}; "
            f"on {ctx.date} it obliges no one.",
            outcome="not_provided_for",
        )
    status = ctx.status(action.by)
    fact = ctx.status_fact(action.by)
    ctx.require(
        is_member(status),
        CST_4,
        f"Only a party can invoke the Treaty; {name(action.by)} is not one on that day.",
        [fact],
    )
    facts = [fact]
    if status == "participation_suspended":
        ctx.cite(
            None,
            f"{name(action.by)}'s participation in the bodies is suspended; whether the Council "
            "would take up its request is not settled by any text we read.",
            [fact],
        )
    grounds = action.grounds
    if grounds == "unrest":
        option = ctx.read("unrest-grounds")
        unrest_fact = ctx.assumed(
            f"{name(action.by)} faces internal unrest that it says is driven from outside"
        )
        if option == "not-covered":
            ctx.refuse(
                CST_2,
                "Under this reading internal unrest, even with alleged outside involvement, is a "
                "domestic matter: neither a threat under art. 2 nor aggression under art. 4.",
                [unrest_fact],
                reading="unrest-grounds",
                outcome="not_provided_for",
                effect="No collective obligation arises; members may still help bilaterally.",
            )
        grounds = "threat" if option == "threat-art2" else "aggression"
        ctx.cite(
            CST_2 if grounds == "threat" else CST_4,
            "Under this reading internal unrest with outside involvement counts as "
            + (
                "a threat to the member's security and stability (art. 2)."
                if grounds == "threat"
                else "aggression, an armed attack on the member (art. 4)."
            ),
            [unrest_fact],
            reading="unrest-grounds",
        )
    if action.attacker is not None and is_member(ctx.status(action.attacker)):
        option = ctx.read("intra-member-conflict")
        conflict = [
            ctx.status_fact(action.attacker),
            ctx.assumed(f"the threat comes from {name(action.attacker)}, itself a member"),
        ]
        if option == "not-covered":
            ctx.refuse(
                CST_1,
                "Under this reading a conflict between two members is not a case for "
                "collective defence: the parties must settle their disputes peacefully, and "
                "the Treaty's guarantees face outward.",
                conflict,
                reading="intra-member-conflict",
                outcome="not_provided_for",
                effect="Both states remain bound to settle the dispute by peaceful means "
                "(art. 1); the Organization may offer good offices.",
            )
        if option == "consultations-art2" and grounds == "aggression":
            ctx.cite(
                CST_2,
                "Under this reading a conflict between members calls for consultations "
                "under art. 2, not for collective defence under art. 4.",
                conflict,
                reading="intra-member-conflict",
            )
            grounds = "threat"
        else:
            ctx.cite(
                CST_4,
                "Under this reading the Treaty's guarantees apply whoever attacks, a member "
                "included.",
                conflict,
                reading="intra-member-conflict",
            )
    where = ctx.assumed(f"the fighting is {_WHERE[action.territory]}")
    if action.territory != "recognised":
        option = ctx.read("disputed-territory")
        covered = action.territory in _TERRITORY[option]
        ctx.cite(
            CST_4 if grounds == "aggression" else CST_2,
            "Under this reading the Treaty protects "
            + {
                "recognised-territory": "the territory recognised as the member's, delimited or "
                "not, and nothing beyond it",
                "delimited-only": "only territory within delimited borders",
                "claimed-territory": "any territory the member claims or controls",
            }[option]
            + ("; the fighting is covered." if covered else "; the fighting is not covered."),
            [where],
            reading="disputed-territory",
        )
        if not covered:
            ctx.stop(
                "not_provided_for",
                effect="No collective obligation arises under the Treaty for this fighting.",
            )
    if grounds == "aggression":
        _aggression(ctx, action, facts)
    else:
        _threat(ctx, action, facts)


def _aggression(ctx: Ctx, action: RequestAssistance, facts: list[Fact]) -> None:
    attack = ctx.assumed(
        f"{name(action.by)} is the victim of an armed attack"
        + (f" by {name(action.attacker)}" if action.attacker else "")
    )
    after_2012 = ctx.amended(CST_4)
    ctx.cite(
        CST_4,
        (
            "An armed attack on one member is an attack on all; at the request of the member "
            "attacked, the others give it at once the help it needs, military help included."
            if after_2012
            else "Aggression against one party is aggression against all; the others give the "
            "victim the help it needs, military help included (no request is mentioned)."
        ),
        [*facts, attack],
    )
    ctx.cite(
        CST_6,
        "The heads of the member states (the Council) decide on using armed forces."
        if not after_2012
        else "The collective forces may be used in the cases of arts. 2 and 4; the Council "
        "decides.",
    )
    ctx.decide("required", "CSC", "consensus")
    ctx.effect(
        "The other members must give the necessary help, military help included, at once.",
        ctx.date,
        CST_4,
    )
    ctx.effect("The Council decides on the use of armed forces, by consensus.", None, CST_6)
    ctx.effect("The UN Security Council is to be informed at once of the measures taken.")


def _threat(ctx: Ctx, action: RequestAssistance, facts: list[Fact]) -> None:
    threat = ctx.assumed(
        f"the security, stability, territorial integrity or sovereignty of {name(action.by)} "
        "is threatened"
    )
    after_2012 = ctx.amended(CST_2)
    ctx.cite(
        CST_2,
        (
            "When a member's security, stability, territorial integrity or sovereignty is "
            "threatened, the members consult at once and work out and take measures of "
            "assistance to remove the threat."
            if after_2012
            else "When a party's security, territorial integrity or sovereignty is threatened, "
            "the parties consult at once to coordinate positions and remove the threat; the "
            "Treaty does not yet oblige them to assist."
        ),
        [*facts, threat],
    )
    ctx.decide("required", "CSC", "consensus")
    ctx.effect("Joint consultations begin at once.", ctx.date, CST_2)
    if after_2012:
        ctx.effect(
            "Measures of assistance are worked out and taken; their form (forces, a mission, "
            "material help) is the Council's decision, by consensus.",
            None,
            CST_2,
        )
    else:
        ctx.effect(
            "No obligation to assist beyond consultations (art. 2 before 19 December 2012).",
            None,
            CST_2,
        )


_MEASURES = {
    "forces": "sending collective forces",
    "mission": "a mission to assess or monitor",
    "material": "material help (equipment, supplies)",
    "none": "no measures",
}


@rule(version=1, articles=(CST_2, CST_4, CST_6), readings=TALLY_READINGS)
def decide_assistance(ctx: Ctx, action: DecideAssistance) -> None:
    """The Council's answer to a request: measures decided by consensus; forces only on the
    member's request."""
    if not ctx.in_force(CST):
        ctx.refuse(None, "The Treaty is not yet in force.", outcome="not_provided_for")
    fact = ctx.status_fact(action.requester)
    ctx.require(
        is_member(ctx.status(action.requester)),
        CST_4,
        f"{name(action.requester)} is not a party on that day.",
        [fact],
    )
    asked = ctx.assumed(
        f"{name(action.requester)} "
        + ("asked" if action.requested else "did not ask")
        + " for assistance"
    )
    if action.measures == "forces" and not action.requested:
        ctx.refuse(
            CST_4,
            "Collective forces go to a member's territory at its request (art. 4 as amended; "
            "the peacekeeping rules likewise).",
            [fact, asked],
            organ="CSC",
            rule="consensus",
            effect=f"Forces may go only if {name(action.requester)} asks.",
        )
    after_2012 = ctx.amended(CST_2)
    ctx.cite(
        CST_2,
        (
            "The members work out and take measures of assistance to remove the threat; the "
            "Council decides what they are."
            if after_2012
            else "The members consult and take measures to remove the threat; the Council "
            "decides what they are."
        )
        + f" Here: {_MEASURES[action.measures]}.",
        [fact, asked, ctx.assumed(f"the measures are {_MEASURES[action.measures]}")],
    )
    if action.measures == "forces":
        ctx.cite(CST_6, "The Council decides on using the collective forces.")
    result = tally(ctx, "CSC", "substantive", action.positions)
    conclude(ctx, result, f"Assistance to {name(action.requester)} ({_MEASURES[action.measures]})")
