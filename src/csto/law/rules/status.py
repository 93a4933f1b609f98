"""Observers and partners: who may be granted the status, on what request, by whom."""

from __future__ import annotations

from csto.law.actions import GrantObserverStatus, GrantPartnerStatus
from csto.law.context import Ctx, name
from csto.law.rules import TALLY_READINGS, rule
from csto.law.rules.refs import CH_21, CH_PARTNERS
from csto.law.rules.voting import conclude, tally
from csto.state.statuses import is_member

__all__: list[str] = []


def _not_a_member(ctx: Ctx, party: str, status: str) -> None:
    ctx.require(
        not is_member(ctx.status(party)),
        CH_21,
        f"{status.capitalize()} status is for non-members; {name(party)} is a member.",
        [ctx.status_fact(party)],
    )


@rule(version=2, articles=(CH_21,), readings=TALLY_READINGS)
def grant_observer_status(ctx: Ctx, action: GrantObserverStatus) -> None:
    """The Council grants observer status on a written request to the Secretary-General."""
    if not ctx.has(CH_21):
        ctx.refuse(
            None, "Before the Charter there is no observer status.", outcome="not_provided_for"
        )
    _not_a_member(ctx, action.party, "observer")
    request = ctx.assumed(
        f"{name(action.party)} "
        + ("has" if action.requested_in_writing else "has not")
        + " asked in writing"
    )
    ctx.cite(
        CH_21,
        "A non-member state or an international organization may receive observer status on "
        "its official written request to the Secretary-General; the Council decides.",
        [request],
    )
    if not action.requested_in_writing:
        ctx.stop(
            "not_permitted",
            "CSC",
            "consensus",
            effect="A written request to the Secretary-General must come first.",
        )
    result = tally(ctx, "CSC", "substantive", action.positions)
    conclude(ctx, result, f"Observer status for {name(action.party)}")


@rule(version=2, articles=(CH_PARTNERS, CH_21), readings=TALLY_READINGS)
def grant_partner_status(ctx: Ctx, action: GrantPartnerStatus) -> None:
    """Partner status exists since the third protocol of 2018 entered into force (2021)."""
    if not ctx.has(CH_PARTNERS):
        start = ctx.law.instrument(CH_PARTNERS.instrument).in_force_from()
        ctx.refuse(
            None,
            f"Partner status was created by {CH_PARTNERS.instrument}, in force from {start}; "
            f"on {ctx.date} it does not exist.",
            outcome="not_provided_for",
        )
    _not_a_member(ctx, action.party, "partner")
    ctx.cite(
        CH_PARTNERS,
        "Non-members that share the Organization's aims and commit to take part in its "
        "practical work may be granted partner status by the Council.",
        [ctx.assumed(f"{name(action.party)} shares the aims and commits to practical work")],
    )
    result = tally(ctx, "CSC", "substantive", action.positions)
    conclude(ctx, result, f"Partner status for {name(action.party)}")
