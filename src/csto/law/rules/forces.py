"""Collective forces: setting one up, and sending one to a member's (or another) territory.

The Collective Peacekeeping Forces deploy on a member's territory by Council decision on that
member's official request (Peacekeeping Agreement art. 3, per the Secretariat); elsewhere only
on a UN Security Council decision. For the CRRF the Agreement's own deployment clause was not
read: the Council decides, and the Treaty's art. 6 frames the use of forces.
"""

from __future__ import annotations

from csto.law.actions import DeployForce, EstablishForce
from csto.law.context import Ctx, name
from csto.law.rules import TALLY_READINGS, rule
from csto.law.rules.decisions import conclude, tally
from csto.law.rules.refs import CH_7, CRRF_1, CRRF_TASKS, CST_3, CST_6, PK_3, PK_COMPOSITION
from csto.law.verdict import Fact

__all__ = ["FORCES"]

#: each force: its name and the instrument it rests on (None: a Council decision only)
FORCES: dict[str, tuple[str, str | None]] = {
    "CRDF-CA": ("Collective Rapid Deployment Forces of the Central Asian region", None),
    "CAF": ("Collective Aviation Forces", None),
    "CRRF": ("Collective Rapid Reaction Forces", "CRRF-AGREEMENT-2009"),
    "CPF": ("Collective Peacekeeping Forces", "PEACEKEEPING-AGREEMENT-2007"),
}


@rule("establish_force", version=1, articles=(CH_7, CST_3), readings=TALLY_READINGS)
def establish_force(ctx: Ctx, action: EstablishForce) -> None:
    """The Council sets up collective forces (Charter art. 7), by consensus."""
    label, _ = FORCES[action.force]
    if action.force in ctx.state.forces:
        existing = ctx.state.forces[action.force]
        ctx.cite(
            CH_7 if ctx.has(CH_7) else CST_3,
            f"The {label} exist already (since {existing.since}).",
            [
                Fact(
                    f"the {label} were established on {existing.since}",
                    "established",
                    existing.events,
                )
            ],
        )
        ctx.decide("not_permitted")
        return
    if ctx.has(CH_7):
        ctx.cite(
            CH_7,
            "To build the collective security system the members create coalition forces and "
            f"their command bodies; the {label} are such forces, set up by Council decision.",
        )
    else:
        ctx.cite(
            CST_3,
            f"Before the Charter, the Council of heads of state may set up the {label} by its "
            "own decision.",
        )
    result = tally(ctx, "CSC", "substantive", action.positions)
    conclude(ctx, result, "CSC", "consensus", f"Establishment of the {label}")


@rule(
    "deploy_force",
    version=1,
    articles=(PK_3, PK_COMPOSITION, CRRF_1, CRRF_TASKS, CST_6),
    readings=TALLY_READINGS,
)
def deploy_force(ctx: Ctx, action: DeployForce) -> None:
    """A force goes where the Council sends it: on a member's request, or a UN mandate."""
    label, instrument = FORCES[action.force]
    if instrument is not None and not ctx.in_force(instrument):
        start = ctx.law.instrument(instrument).in_force_from()
        ctx.cite(
            None,
            f"The {label} rest on {instrument}, in force from {start}; on {ctx.date} it is "
            "not yet in force.",
        )
        ctx.decide("not_provided_for")
        return
    if action.force not in ctx.state.forces:
        ctx.cite(
            None,
            f"The record holds no {label} established by {ctx.date}.",
        )
        ctx.decide("not_provided_for")
        return
    strangers = [c for c in action.contributors if c not in ctx.state.members]
    if strangers:
        ctx.cite(
            None,
            "Only members contribute to collective forces; "
            + ", ".join(name(c) for c in strangers)
            + " are not members that day.",
            [ctx.status_fact(c) for c in strangers],
        )
        ctx.decide("not_permitted")
        return
    host_member = ctx.member(action.host)
    host_fact = ctx.status_fact(action.host)
    request = ctx.assumed(
        f"{name(action.host)} "
        + ("has" if action.requested_by_host else "has not")
        + " officially asked for the force"
    )
    member_host = host_member is not None and host_member.status != "signatory"
    if action.force == "CPF":
        if member_host:
            ctx.cite(
                PK_3,
                "A peacekeeping operation on a member's territory is decided by the Council on "
                "that member's official request.",
                [host_fact, request],
            )
            if not action.requested_by_host:
                ctx.decide("not_permitted", "CSC", "consensus")
                ctx.effect(f"The force may go only if {name(action.host)} asks for it.")
                return
        else:
            mandate = ctx.assumed(
                "the UN Security Council "
                + ("has" if action.un_mandate else "has not")
                + " decided on the operation"
            )
            ctx.cite(
                PK_3,
                "Outside the members' territory an operation rests on a UN Security Council "
                "decision.",
                [host_fact, mandate],
            )
            if not action.un_mandate:
                ctx.decide("not_permitted", "CSC", "consensus")
                ctx.effect("Needs a UN Security Council decision first.")
                return
    else:
        if ctx.has(CRRF_TASKS) and action.force == "CRRF":
            ctx.cite(
                CRRF_TASKS,
                "The CRRF repel armed attacks, counter terrorism and organised crime and handle "
                "emergencies; who decides to use them is not in what we read of the Agreement.",
            )
        ctx.cite(
            CST_6,
            "The Council decides on using the collective forces; outside the members' territory "
            "only in the interest of international security and in conformity with the UN "
            "Charter.",
            [host_fact, request],
        )
        if member_host and not action.requested_by_host:
            ctx.decide("not_permitted", "CSC", "consensus")
            ctx.effect(
                f"Without {name(action.host)}'s request the force cannot enter its territory."
            )
            return
        if not member_host and not action.un_mandate:
            ctx.decide("not_permitted", "CSC", "consensus")
            ctx.effect("Outside the members' territory the force needs a UN mandate.")
            return
    if action.contributors:
        if action.force == "CPF" and ctx.has(PK_COMPOSITION):
            ctx.cite(
                PK_COMPOSITION,
                "The contingents come from the members' standing peacekeeping units, assigned "
                "under their own laws.",
                [ctx.assumed("contributors: " + ", ".join(action.contributors))],
            )
        elif action.force == "CRRF" and ctx.has(CRRF_1):
            ctx.cite(
                CRRF_1,
                "The contingents are the permanent-readiness units and special-purpose "
                "formations the parties have assigned to the CRRF.",
                [ctx.assumed("contributors: " + ", ".join(action.contributors))],
            )
    result = tally(ctx, "CSC", "substantive", action.positions)
    conclude(ctx, result, "CSC", "consensus", f"Deployment of the {label} to {name(action.host)}")
    if ctx.outcome == "permitted" and action.contributors:
        ctx.effect("Contingents from " + ", ".join(name(c) for c in action.contributors) + ".")
