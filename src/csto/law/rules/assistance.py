"""Collective assistance: what a member's request sets in motion, and under which article.

Aggression (an armed attack) falls under the Treaty's art. 4; a threat to security,
stability, territorial integrity or sovereignty under art. 2, which only since the 2010
Protocol (in force 19 December 2012) obliges the parties to assist and not just to consult.
Three questions are open: whether internal unrest with alleged outside interference is
either (``unrest-grounds``), whether fighting on territory whose status is disputed or whose
border is not delimited is covered (``disputed-territory``), and whether a conflict between
two members is covered at all (``intra-member-conflict``).

A request under art. 4 rests on three norms with three bearers, which the verdict names
apart: the requester's permission to ask, each ally's individual duty to help, and the
Council's collective power to decide on the use of forces. Who establishes that the case has
arisen (``casus-foederis``) and how far each ally's duty goes (``assistance-discretion``) are
open; the duty is *required* of the allies at once only where the request itself triggers it.
Whether a member whose participation is suspended may still call for help is
``suspended-member-assistance``.
"""

from __future__ import annotations

from csto.law.actions import DecideAssistance, RequestAssistance
from csto.law.context import Ctx, name
from csto.law.rules import TALLY_READINGS, rule
from csto.law.rules.refs import CH_SUSPENSION, CST, CST_1, CST_2, CST_4, CST_6
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
    version=2,
    articles=(CST_2, CST_4, CST_6, CST_1, CH_SUSPENSION),
    readings=(
        "unrest-grounds",
        "disputed-territory",
        "intra-member-conflict",
        "suspended-member-assistance",
        "casus-foederis",
        "assistance-discretion",
    ),
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
        if ctx.read("suspended-member-assistance") == "rights-suspended":
            ctx.refuse(
                CH_SUSPENSION,
                f"Under this reading a member suspended for breach cannot claim the Treaty's "
                f"benefits while it does not perform its duties: {name(action.by)}'s request "
                "creates no obligation for the others.",
                [fact],
                reading="suspended-member-assistance",
                outcome="not_provided_for",
                effect="No collective obligation arises while its participation is suspended; "
                "members may still help it bilaterally.",
            )
        ctx.cite(
            CH_SUSPENSION,
            f"{name(action.by)}'s participation in the bodies is suspended. Under this reading "
            "suspension touches only its part in the bodies' work: it stays party to the Treaty "
            "and may call for help, though it takes no part in the Council's decision.",
            [fact],
            reading="suspended-member-assistance",
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


def _allies(ctx: Ctx, requester: str) -> list[str]:
    """The other members, each bound by the Treaty on the day (frozen or suspended ones too:
    they remain parties)."""
    return [
        c for c, m in sorted(ctx.state.members.items()) if c != requester and is_member(m.status)
    ]


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
    allies = _allies(ctx, action.by)
    suspended = ctx.status(action.by) == "participation_suspended"
    ctx.may(
        action.by,
        (
            "ask the other members for the help it needs, military help included"
            if after_2012
            else "call on the other members for help (under the 1992 wording the duty arises "
            "from the aggression itself, without a request)"
        ),
        CST_4,
    )
    trigger = ctx.read("casus-foederis")
    extent = ctx.read("assistance-discretion")
    ctx.cite(
        CST_4,
        {
            "victim-request-suffices": "Under this reading the attacked member's request "
            "establishes the case: each other member's duty arises at once.",
            "council-determines": "Under this reading the Council decides, by consensus, "
            "whether the case of art. 4 has arisen; until it does, no ally's duty to help is "
            "triggered.",
            "each-ally-judges": "Under this reading each other member judges for itself, as "
            "under art. 51 of the UN Charter, whether an armed attack took place.",
        }[trigger],
        reading="casus-foederis",
    )
    condition = {
        "victim-request-suffices": None,
        "council-determines": "once the Council finds that an armed attack has occurred",
        "each-ally-judges": "if it finds for itself that an armed attack has occurred",
    }[trigger]
    if trigger == "council-determines":
        ctx.decides(
            "CSC",
            "whether the case of art. 4 has arisen"
            + (" (without the requester)" if suspended else ""),
            "consensus",
            CST_4,
            reading="casus-foederis",
        )
    ctx.cite(
        CST_4,
        {
            "duty-of-means-chosen": "Under this reading each ally must help, with the means at "
            "its disposal: military help where the situation needs it and the ally can give it; "
            "the choice of means is its own.",
            "automatic-military": "Under this reading each ally owes at once the necessary "
            "help, military help included, without a further decision.",
            "collective-decision-only": "Under this reading no ally owes help of its own: the "
            "help is whatever the Council decides, and each ally must carry out that decision.",
        }[extent],
        reading="assistance-discretion",
    )
    if extent == "collective-decision-only":
        ctx.must(
            allies,
            "carry out the help the Council decides; none is owed before it decides",
            CST_4,
            condition="once the Council decides on the help",
            reading="assistance-discretion",
        )
    else:
        ctx.must(
            allies,
            "give the necessary help at once, military help included"
            if extent == "automatic-military"
            else "help with the means at its disposal, military help where the situation needs "
            "it and it can give it (the means are its choice)",
            CST_4,
            condition=condition,
            reading="assistance-discretion",
            on=ctx.date if condition is None else None,
        )
    ctx.cite(
        CST_6,
        "The heads of the member states (the Council) decide on using armed forces."
        if not after_2012
        else "The collective forces may be used in the cases of arts. 2 and 4; the Council "
        "decides.",
    )
    ctx.decides(
        "CSC",
        "on using armed forces, the collective forces included"
        + (" (without the requester, whose participation is suspended)" if suspended else ""),
        "consensus",
        CST_6,
    )
    ctx.must(
        allies,
        "inform the UN Security Council at once of the measures it takes",
        CST_4,
        condition="if it takes measures"
        + ("" if not after_2012 else " (the 2010 wording of this sentence was not seen)"),
    )
    immediate = trigger == "victim-request-suffices" and extent != "collective-decision-only"
    ctx.decide("required" if immediate else "permitted", "CSC", "consensus")
    if immediate:
        ctx.effect(
            "Each other member must give the necessary help at once"
            + (
                ", military help included."
                if extent == "automatic-military"
                else ", with the means at its disposal."
            ),
            ctx.date,
            CST_4,
        )
    else:
        ctx.effect(
            "The request stands; the allies' duty waits on "
            + ("the Council's finding." if trigger == "council-determines" else "")
            + ("each ally's own finding." if trigger == "each-ally-judges" else "")
            + (
                "the Council's decision on the help."
                if trigger == "victim-request-suffices"
                else ""
            ),
            None,
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
    allies = _allies(ctx, action.by)
    ctx.may(action.by, "ask for joint consultations and measures to remove the threat", CST_2)
    ctx.must(
        allies,
        "enter joint consultations at once to coordinate positions",
        CST_2,
        on=ctx.date,
    )
    if after_2012:
        ctx.decides(
            "CSC",
            "what measures of assistance to take (forces, a mission, material help)",
            "consensus",
            CST_2,
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


@rule(version=2, articles=(CST_2, CST_4, CST_6), readings=TALLY_READINGS)
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
