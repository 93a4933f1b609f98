"""Membership: accession, notice of withdrawal, suspension, expulsion, restoration, and the
frozen participation that no instrument names.

Withdrawal: the Treaty's art. 11 (per a seed) and, since the Charter, its art. 19 (per the
Russian MFA) let a member leave on six months' notice; whether the Charter allows a
unilateral exit at all is contested (reading ``unilateral-withdrawal``). The notice period is
counted with :func:`csto.record.dates.add_months`: 31 August plus six months is the last day
of February.
"""

from __future__ import annotations

from csto.law.actions import (
    Accede,
    ExcludeMember,
    FreezeParticipation,
    NotifyWithdrawal,
    RestoreMember,
    SuspendMember,
)
from csto.law.context import Ctx, name
from csto.law.rules import TALLY_READINGS, rule
from csto.law.rules.refs import CH_19, CH_SUSPENSION, CST, CST_10, CST_11
from csto.law.rules.voting import conclude, tally
from csto.law.verdict import Effect
from csto.record.dates import add_months
from csto.state.statuses import SUSPENDABLE, TAKES_PART, WITHDRAWAL_NOTICE_MONTHS, is_member

__all__: list[str] = []


def _treaty_in_force(ctx: Ctx) -> None:
    if not ctx.in_force(CST):
        ctx.refuse(
            None,
            f"The Collective Security Treaty entered into force on "
            f"{ctx.law.instrument(CST).in_force_from()}; on {ctx.date} it binds no one yet.",
            outcome="not_provided_for",
        )


@rule(version=1, articles=(CST_10, CH_19), readings=TALLY_READINGS)
def accede(ctx: Ctx, action: Accede) -> None:
    """A state that is not a member may ask to join; since the Charter the Council admits."""
    status = ctx.status(action.by)
    if not ctx.in_force(CST):
        ctx.cite(
            None,
            "The Treaty is not yet in force; a state may still join the signatories by "
            "acceding (as Azerbaijan, Georgia and Belarus did in 1993), and becomes a party "
            f"when the Treaty enters into force ({ctx.law.instrument(CST).in_force_from()}).",
            [ctx.status_fact(action.by)],
        )
        if status is not None:
            ctx.stop("not_permitted", effect=f"{name(action.by)} has signed already.")
        ctx.stop(
            "permitted",
            None,
            "unilateral",
            effect=f"{name(action.by)} becomes a party when the Treaty enters into force.",
        )
    ctx.require(
        not is_member(status),
        (CH_19, CST_10),
        f"{name(action.by)} is already a member; there is nothing to accede to.",
        [ctx.status_fact(action.by)],
    )
    facts = [ctx.status_fact(action.by)]
    if not ctx.has(CH_19):
        ctx.cite(
            CST_10,
            f"Before the Charter, any interested state sharing the Treaty's aims may accede to "
            f"it; whether the parties must consent was not verified, so {name(action.by)}'s "
            "accession is taken to need no collective decision.",
            facts,
        )
        ctx.stop(
            "permitted",
            None,
            "unilateral",
            effect=f"{name(action.by)} becomes a party on depositing its instrument of accession.",
        )
    ctx.cite(
        CH_19,
        "A state that shares the Organization's aims and principles and is ready to take on "
        "the obligations of the Charter and the treaties and decisions in force may become a "
        "member; admission is decided by the Council under the 2004 Regulation on admission "
        "(its text not read).",
        [*facts, ctx.assumed(f"{name(action.by)} shares the aims and accepts the obligations")],
    )
    result = tally(ctx, "CSC", "substantive", action.positions)
    conclude(ctx, result, f"Admission of {name(action.by)}")


@rule(version=1, articles=(CST_11, CH_19), readings=("unilateral-withdrawal",))
def notify_withdrawal(ctx: Ctx, action: NotifyWithdrawal) -> None:
    """A member may leave on six months' written notice (after settling its obligations)."""
    _treaty_in_force(ctx)
    member = ctx.member(action.by)
    fact = ctx.status_fact(action.by)
    if member is None or not is_member(member.status):
        ctx.refuse(
            (CH_19, CST_11),
            f"Only a member can give notice of withdrawal; {name(action.by)} is not one.",
            [fact],
        )
    if member.status == "withdrawal_pending":
        ctx.refuse(
            (CH_19, CST_11),
            f"{name(action.by)} has already given notice; its withdrawal takes effect on "
            f"{member.effective}. A second notice changes nothing.",
            [fact],
        )
    if ctx.has(CH_19):
        if ctx.read("unilateral-withdrawal") == "not-provided":
            ctx.refuse(
                CH_19,
                "Under this reading the Charter provides for no unilateral withdrawal from the "
                "Organization; a member can only ask the Council to suspend its participation "
                "(as Uzbekistan did in 2012).",
                [fact],
                reading="unilateral-withdrawal",
                outcome="not_provided_for",
                organ="CSC",
                rule="consensus",
                effect=f"{name(action.by)} remains a member until the Council decides on its "
                "request.",
            )
        ctx.cite(
            CH_19,
            "A member may leave by official written notice given no later than six months "
            "before the withdrawal, having first settled the obligations it took on as a member.",
            [fact],
            reading="unilateral-withdrawal",
        )
    ctx.cite(
        CST_11,
        "A party may withdraw from the Treaty on at least six months' notice to the other parties.",
        [fact],
    )
    earliest = add_months(action.date, WITHDRAWAL_NOTICE_MONTHS)
    if action.effective is not None and action.effective < earliest:
        ctx.refuse(
            (CH_19, CST_11),
            f"The notice names {action.effective}, less than six months after {action.date}; "
            f"the earliest lawful day is {earliest}.",
            [ctx.assumed(f"the notice names {action.effective} as the withdrawal date")],
            rule="unilateral",
            effect=Effect(f"Give notice naming {earliest} or later.", earliest),
        )
    effective = action.effective or earliest
    ctx.decide("permitted", None, "unilateral")
    ctx.effect(
        f"{name(action.by)} remains a member, with its vote and its obligations, until the "
        "withdrawal takes effect."
    )
    ctx.effect(
        f"The withdrawal takes effect on {effective} "
        f"({WITHDRAWAL_NOTICE_MONTHS} months after notice given on {action.date}"
        + ("" if effective == earliest else ", or later as the notice asks")
        + ").",
        effective,
        ctx.first((CH_19, CST_11)),
    )
    if ctx.has(CH_19):
        if action.obligations_settled is False:
            ctx.effect(
                f"{name(action.by)} must first settle its outstanding obligations (contributions "
                "included); until it does, the withdrawal cannot complete.",
                None,
                CH_19,
            )
        else:
            ctx.effect(
                "Obligations taken on as a member (contributions included) must be settled "
                "before the withdrawal.",
                None,
                CH_19,
            )


@rule(
    version=1,
    articles=(CH_SUSPENSION,),
    readings=(*TALLY_READINGS, "suspension-on-request", "concerned-state-vote"),
)
def suspend_member(ctx: Ctx, action: SuspendMember) -> None:
    """The Council may suspend a member's participation in the bodies for a breach."""
    if not ctx.has(CH_SUSPENSION):
        ctx.refuse(
            CST_11,
            "Before the Charter no instrument provides for suspending a party.",
            outcome="not_provided_for",
        )
    ctx.require(
        ctx.status(action.state) in SUSPENDABLE,
        CH_SUSPENSION,
        f"Only a member taking part in the bodies can be suspended; {name(action.state)} cannot.",
        [ctx.status_fact(action.state)],
    )
    if action.grounds == "own_request":
        asked = ctx.assumed(f"{name(action.state)} asked for its own suspension")
        if ctx.read("suspension-on-request") == "breach-only":
            ctx.refuse(
                CH_SUSPENSION,
                "The Charter provides suspension for a member that breaches its obligations; a "
                "suspension at the member's own request is not among its cases.",
                [asked],
                reading="suspension-on-request",
                outcome="not_provided_for",
                organ="CSC",
                rule="consensus",
            )
        ctx.cite(
            CH_SUSPENSION,
            "Under this reading the Council may suspend a member at its own request, as it did "
            "with Uzbekistan in December 2012.",
            [asked],
            reading="suspension-on-request",
        )
    else:
        ctx.cite(
            CH_SUSPENSION,
            "If a member breaches its obligations, the Council may suspend its participation in "
            "the bodies' work.",
            [
                ctx.status_fact(action.state),
                ctx.assumed(f"{name(action.state)} has breached its obligations"),
            ],
        )
    result = tally(ctx, "CSC", "substantive", action.positions, concerned=action.state)
    conclude(ctx, result, f"Suspension of {name(action.state)}")
    ctx.effect(
        f"{name(action.state)} stays a member and bound by its obligations, but takes no part "
        "in the bodies' work until restored."
    )


@rule(
    version=1,
    articles=(CH_SUSPENSION,),
    readings=(*TALLY_READINGS, "concerned-state-vote"),
)
def exclude_member(ctx: Ctx, action: ExcludeMember) -> None:
    """The Council may, as a last resort, expel a member in breach."""
    if not ctx.has(CH_SUSPENSION):
        ctx.refuse(
            CST_11,
            "Before the Charter no instrument provides for expelling a party.",
            outcome="not_provided_for",
        )
    ctx.require(
        is_member(ctx.status(action.state)),
        CH_SUSPENSION,
        f"Only a member can be expelled; {name(action.state)} is not one.",
        [ctx.status_fact(action.state)],
    )
    ctx.cite(
        CH_SUSPENSION,
        "A member in breach of its obligations may ultimately be expelled by the Council.",
        [
            ctx.status_fact(action.state),
            ctx.assumed(f"{name(action.state)} has breached its obligations"),
        ],
    )
    result = tally(ctx, "CSC", "substantive", action.positions, concerned=action.state)
    conclude(ctx, result, f"Expulsion of {name(action.state)}")
    ctx.effect(f"{name(action.state)} ceases to be a member when the decision takes effect.")


@rule(version=1, articles=(CH_SUSPENSION, CH_19), readings=TALLY_READINGS)
def restore_member(ctx: Ctx, action: RestoreMember) -> None:
    """A suspended member is restored by the Council; a frozen one simply resumes."""
    status = ctx.status(action.state)
    fact = ctx.status_fact(action.state)
    ctx.require(
        is_member(status),
        (CH_19, CST_10),
        f"{name(action.state)} is not a member; it can only join again by admission.",
        [fact],
    )
    if status == "participation_frozen":
        ctx.refuse(
            CH_19,
            "The Charter names withdrawal and suspension, not a frozen participation; a member "
            "that stopped taking part on its own may resume on its own, with no decision.",
            [fact],
            outcome="not_provided_for",
            rule="unilateral",
            effect=f"{name(action.state)} takes part again from the day it says so.",
        )
    ctx.require(
        status == "participation_suspended",
        CH_SUSPENSION,
        f"{name(action.state)} takes full part already; there is nothing to restore.",
        [fact],
    )
    ctx.cite(
        CH_SUSPENSION,
        "The Council, which suspended the member, may end the suspension (implied by its "
        "power to suspend; no wording read).",
        [fact],
    )
    result = tally(ctx, "CSC", "substantive", action.positions, concerned=action.state)
    conclude(ctx, result, f"Restoration of {name(action.state)}")


@rule(version=1, articles=(CH_19, CH_SUSPENSION))
def freeze_participation(ctx: Ctx, action: FreezeParticipation) -> None:
    """The law does not name a frozen participation: the member stays a member."""
    fact = ctx.status_fact(action.by)
    ctx.require(
        ctx.status(action.by) in TAKES_PART,
        (CH_19, CST_11),
        f"{name(action.by)} does not take part in the Organization; it has nothing to freeze.",
        [fact],
    )
    if ctx.has(CH_19):
        ctx.cite(
            CH_19,
            "The Charter lets a member leave on notice; it says nothing of a member freezing "
            "its own participation.",
            [fact],
        )
        ctx.cite(
            CH_SUSPENSION,
            "Suspension is the Council's decision for a breach, not a member's own act.",
        )
    else:
        ctx.cite(CST_11, "The Treaty knows only withdrawal on notice.", [fact])
    ctx.decide("not_provided_for", None, "unilateral")
    ctx.effect(
        f"In law {name(action.by)} remains a member with all its rights and obligations "
        "(contributions included); in practice it stays away, and its absence is counted as "
        "any absence under the consensus rule."
    )
