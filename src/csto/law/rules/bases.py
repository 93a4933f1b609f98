"""Non-members' forces and bases on a member's territory: the Treaty's art. 1 and the 2011
Protocol.

Art. 1 of the Treaty bars a member from joining a military alliance or grouping, or taking
part in action, directed against another member. The Protocol on placing military
infrastructure (signed 20 December 2011) adds that a member decides on hosting the forces or
military infrastructure of a state outside the Organization only after urgent consultations
with the others and if none of them officially objects - but its entry into force was not
found, so whether that objection binds is the open question ``third-state-bases``; whether
hosting another alliance's forces is itself a grouping against the others is
``other-alliances``. The host decides alone: no body of the Organization decides for it.
"""

from __future__ import annotations

from csto.law.actions import HostForeignForces
from csto.law.context import Ctx, name
from csto.law.rules import rule
from csto.law.rules.refs import BASES, BASES_1, CST, CST_1
from csto.state.statuses import is_member

__all__: list[str] = []


@rule(version=1, articles=(CST_1, BASES_1), readings=("other-alliances", "third-state-bases"))
def host_foreign_forces(ctx: Ctx, action: HostForeignForces) -> None:
    """A member hosts a non-member's forces or facilities: art. 1, then the 2011 Protocol."""
    if not ctx.in_force(CST):
        ctx.refuse(
            None,
            f"The Treaty entered into force on {ctx.law.instrument(CST).in_force_from()}; "
            f"on {ctx.date} it binds no one.",
            outcome="not_provided_for",
        )
    host = ctx.status_fact(action.by)
    ctx.require(
        is_member(ctx.status(action.by)),
        CST_1,
        f"The Treaty's art. 1 and the 2011 Protocol bind members; {name(action.by)} is not one "
        "on that day.",
        [host],
        outcome="not_provided_for",
    )
    if is_member(ctx.status(action.guest)):
        ctx.refuse(
            CST_1,
            f"The Protocol concerns the forces of states outside the Organization; "
            f"{name(action.guest)} is a member, so its forces on an ally's territory are a "
            "matter for the two states' own agreements.",
            [host, ctx.status_fact(action.guest)],
            outcome="not_provided_for",
        )
    guest = ctx.assumed(
        f"{name(action.by)} would host forces or military infrastructure of {name(action.guest)}"
    )
    directed = ctx.assumed(
        "the forces are " + ("" if action.against_member else "not ") + "directed against "
        "another member"
    )
    ctx.cite(
        CST_1,
        "No member may join a military alliance or grouping of states, or take part in action, "
        "directed against another member.",
        [host, guest, directed],
    )
    if action.against_member:
        ctx.must_not([action.by], "host forces directed against another member", CST_1)
        ctx.stop(
            "not_permitted",
            None,
            "unilateral",
            effect="Forces directed against another member may not be hosted, whatever the "
            "others say.",
        )
    if action.alliance is not None:
        bloc = ctx.assumed(
            f"the guest's forces belong to {action.alliance}, an alliance {name(action.by)} "
            "does not join"
        )
        if ctx.read("other-alliances") == "alignment-barred":
            ctx.refuse(
                CST_1,
                f"Under this reading hosting the forces of {action.alliance} is sustained "
                "military cooperation with another bloc, itself a grouping directed against the "
                "other members, contrary to art. 1.",
                [bloc],
                rule="unilateral",
                reading="other-alliances",
                effect="The placement is barred by art. 1 under this reading.",
            )
        ctx.cite(
            CST_1,
            "Under this reading art. 1 bars only joining another alliance, or action directed "
            f"against a member; hosting forces of {action.alliance} without joining it is not "
            "barred by it.",
            [bloc],
            reading="other-alliances",
        )
    others = [
        c for c, m in sorted(ctx.state.members.items()) if c != action.by and is_member(m.status)
    ]
    objectors = [s for s in action.objections if s in others]
    facts = [
        ctx.assumed(
            f"{name(action.by)} "
            + ("held" if action.consulted else "did not hold")
            + " urgent consultations with the other members"
        ),
        *(ctx.assumed(f"{name(s)} officially objected") for s in objectors),
    ]
    option = ctx.read("third-state-bases")
    if option == "objection-bars" and ctx.take_as_binding(BASES, "third-state-bases"):
        ctx.cite(
            BASES_1,
            "Under this reading the Protocol binds: a member decides on hosting a non-member's "
            "forces or military infrastructure only after urgent consultations with the other "
            "members, and only if none of them has officially objected.",
            facts,
            reading="third-state-bases",
        )
        ctx.must(
            [action.by],
            "hold urgent consultations with the other members before deciding",
            BASES_1,
            reading="third-state-bases",
        )
        ctx.norm(
            "permission",
            "each_state",
            others,
            "object officially to the placement, which then may not go ahead",
            BASES_1,
            reading="third-state-bases",
        )
        if not action.consulted:
            ctx.stop(
                "not_permitted",
                None,
                "unilateral",
                effect="Urgent consultations with the other members must come first.",
            )
        if objectors:
            ctx.stop(
                "not_permitted",
                None,
                "unilateral",
                effect="The placement may not go ahead while the official objection of "
                + ", ".join(name(s) for s in objectors)
                + " stands.",
            )
        ctx.may(
            action.by,
            f"place forces or military infrastructure of {name(action.guest)} on its territory",
            BASES_1,
        )
        ctx.decide("permitted", None, "unilateral")
        return
    if option == "objection-bars":
        ctx.cite(
            CST_1,
            "The 2011 Protocol was not yet signed on that day: only art. 1 of the Treaty "
            "applies, and no member's objection binds the host.",
            facts,
            reading="third-state-bases",
        )
    else:
        ctx.cite(
            CST_1,
            "Under this reading the 2011 Protocol is not shown to be in force: no member's "
            "objection binds the host, which decides for itself within art. 1.",
            facts,
            reading="third-state-bases",
        )
    ctx.may(
        action.by,
        f"place forces or military infrastructure of {name(action.guest)} on its territory",
        CST_1,
    )
    ctx.decide("permitted", None, "unilateral")
    if objectors:
        ctx.effect(
            "The objection of "
            + ", ".join(name(s) for s in objectors)
            + " is political: it does not bar the placement under this reading.",
            None,
            CST_1,
        )
