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
from csto.law.rules.refs import CH_7, CRRF_1, CRRF_TASKS, CST_3, CST_6, PK_3, PK_COMPOSITION
from csto.law.rules.voting import conclude, tally
from csto.law.verdict import Fact
from csto.state.statuses import is_member

__all__ = ["FORCES"]

#: each force: its name and the instrument it rests on (None: a Council decision only)
FORCES: dict[str, tuple[str, str | None]] = {
    "CRDF-CA": ("Collective Rapid Deployment Forces of the Central Asian region", None),
    "CAF": ("Collective Aviation Forces", None),
    "CRRF": ("Collective Rapid Reaction Forces", "CRRF-AGREEMENT-2009"),
    "CPF": ("Collective Peacekeeping Forces", "PEACEKEEPING-AGREEMENT-2007"),
}


@rule(version=2, articles=(CH_7, CST_3), readings=TALLY_READINGS)
def establish_force(ctx: Ctx, action: EstablishForce) -> None:
    """The Council sets up collective forces (Charter art. 7), by consensus."""
    label, _ = FORCES[action.force]
    existing = ctx.state.forces.get(action.force)
    if existing is not None:
        ctx.refuse(
            (CH_7, CST_3),
            f"The {label} exist already (since {existing.since}).",
            [
                Fact(
                    f"the {label} were established on {existing.since}",
                    "established",
                    existing.events,
                )
            ],
        )
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
    conclude(ctx, result, f"Establishment of the {label}")


@rule(
    version=2,
    articles=(PK_3, PK_COMPOSITION, CRRF_1, CRRF_TASKS, CST_6),
    readings=(*TALLY_READINGS, "intervention-by-invitation", "regional-arrangement"),
)
def deploy_force(ctx: Ctx, action: DeployForce) -> None:
    """A force goes where the Council sends it: on a member's request, or a UN mandate.

    Sent at a member's request to deal with internal unrest, whether the invitation suffices
    is ``intervention-by-invitation``; what the UN Security Council must be told, or must
    authorise, is ``regional-arrangement``."""
    label, instrument = FORCES[action.force]
    if instrument is not None and not ctx.in_force(instrument):
        start = ctx.law.instrument(instrument).in_force_from()
        ctx.refuse(
            None,
            f"The {label} rest on {instrument}, in force from {start}; on {ctx.date} it is "
            "not yet in force.",
            outcome="not_provided_for",
        )
    ctx.require(
        action.force in ctx.state.forces,
        None,
        f"The record holds no {label} established by {ctx.date}.",
        outcome="not_provided_for",
    )
    strangers = [c for c in action.contributors if c not in ctx.state.members]
    if strangers:
        ctx.refuse(
            None,
            "Only members contribute to collective forces; "
            + ", ".join(name(c) for c in strangers)
            + " are not members that day.",
            [ctx.status_fact(c) for c in strangers],
        )
    host_fact = ctx.status_fact(action.host)
    request = ctx.assumed(
        f"{name(action.host)} "
        + ("has" if action.requested_by_host else "has not")
        + " officially asked for the force"
    )
    member_host = is_member(ctx.status(action.host))
    if action.force == "CPF":
        if member_host:
            ctx.cite(
                PK_3,
                "A peacekeeping operation on a member's territory is decided by the Council on "
                "that member's official request.",
                [host_fact, request],
            )
            if not action.requested_by_host:
                ctx.stop(
                    "not_permitted",
                    "CSC",
                    "consensus",
                    effect=f"The force may go only if {name(action.host)} asks for it.",
                )
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
                ctx.stop(
                    "not_permitted",
                    "CSC",
                    "consensus",
                    effect="Needs a UN Security Council decision first.",
                )
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
            ctx.stop(
                "not_permitted",
                "CSC",
                "consensus",
                effect=f"Without {name(action.host)}'s request the force cannot enter its "
                "territory.",
            )
        if not member_host and not action.un_mandate:
            ctx.stop(
                "not_permitted",
                "CSC",
                "consensus",
                effect="Outside the members' territory the force needs a UN mandate.",
            )
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
    if member_host and action.requested_by_host:
        ctx.may(action.host, f"ask for the {label} on its territory, and end its consent", PK_3)
    if member_host and action.against_unrest:
        invitation = ctx.read("intervention-by-invitation")
        unrest = ctx.assumed(f"the force is to help {name(action.host)} deal with internal unrest")
        if invitation == "outside-organised-only":
            ctx.refuse(
                PK_3,
                "Under this reading the alliance acts in internal unrest only when it is "
                "organised from outside; purely internal strife is the member's own affair, "
                "and an invitation does not change that.",
                [host_fact, request, unrest],
                reading="intervention-by-invitation",
                outcome="not_provided_for",
                organ="CSC",
                rule="consensus",
                effect="No collective deployment; the unrest is a domestic matter.",
            )
        ctx.cite(
            PK_3,
            "Under this reading the host government's request "
            + (
                "is enough: sending the force is not intervention."
                if invitation == "invitation-suffices"
                else "allows help, but not the use of the force to suppress nonviolent protest."
            ),
            [host_fact, request, unrest],
            reading="intervention-by-invitation",
        )
        if invitation == "not-against-protest":
            ctx.must_not(
                action.contributors or tuple(c for c in ctx.state.members if c != action.host),
                "use the force against nonviolent protest",
                PK_3,
                reading="intervention-by-invitation",
            )
    result = tally(ctx, "CSC", "substantive", action.positions)
    conclude(ctx, result, f"Deployment of the {label} to {name(action.host)}")
    if action.contributors:
        ctx.effect("Contingents from " + ", ".join(name(c) for c in action.contributors) + ".")
    senders = action.contributors or tuple(c for c in ctx.state.members if c != action.host)
    if member_host:
        arrangement = ctx.read("regional-arrangement")
        ctx.cite(
            PK_3 if action.force == "CPF" else CST_6,
            "Under this reading "
            + {
                "self-defence-reporting": "the members act in collective self-defence: no "
                "authorisation is needed, but the measures must be reported to the UN "
                "Security Council at once.",
                "chapter-viii-authorisation": "the Organization is a regional arrangement: on "
                "the host's request no authorisation is needed, but any coercion beyond it "
                "would need the Security Council's (UN Charter art. 53).",
                "consent-outside-chapter-viii": "action on a member's own request is neither "
                "enforcement nor self-defence: the Security Council is informed, nothing more.",
            }[arrangement],
            reading="regional-arrangement",
        )
        ctx.must(
            senders,
            "inform the UN Security Council at once of the operation"
            + (
                " (a report under art. 51 of the UN Charter)"
                if arrangement == "self-defence-reporting"
                else ""
            ),
            PK_3 if action.force == "CPF" else CST_6,
            reading="regional-arrangement",
        )
