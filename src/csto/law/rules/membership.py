"""Membership: accession, notice of withdrawal, suspension, expulsion, restoration, and the
frozen participation that no instrument names.

Withdrawal: the Treaty's art. 11 (per a seed) and, since the Charter, its art. 19 (per the
Russian MFA) let a member leave on six months' notice; whether the Charter allows a
unilateral exit at all is contested (reading ``unilateral-withdrawal``). How the six months
are counted is open too (``withdrawal-timing``): the Charter's reported wording counts back
from the withdrawal date the member names ("no later than six months before"), after its
obligations are settled; general treaty law counts a notice from its receipt by the
depositary; the engine's earlier reading counted forward from the notice. Counting forward,
31 August plus six months is the last day of February (:func:`csto.record.dates.add_months`);
counting back, a notice of 31 August is six months before 1 March at the earliest. Whether
leaving the Organization also ends the Treaty is ``treaty-charter-link``.

A frozen participation is named by no instrument; whether general treaty law (the Vienna
Convention's suspension for breach or change of circumstances, by the procedure of its
art. 65) can make sense of it is ``general-treaty-law``.
"""

from __future__ import annotations

import datetime as dt

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
from csto.law.rules.refs import (
    CH_19,
    CH_SUSPENSION,
    CST,
    CST_10,
    CST_11,
    VCLT_60,
    VCLT_62,
    VCLT_65,
    VCLT_78,
)
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


@rule(version=2, articles=(CST_10, CH_19), readings=TALLY_READINGS)
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


def earliest_counting_back(notice: dt.date, months: int = WITHDRAWAL_NOTICE_MONTHS) -> dt.date:
    """The first day whose date ``months`` earlier is not before ``notice``: the earliest
    withdrawal date a notice given on ``notice`` can precede by ``months`` months (a notice of
    31 August precedes 1 March, not 28 February, by six months)."""
    day = add_months(notice, months)
    while add_months(day, -months) < notice:
        day += dt.timedelta(days=1)
    return day


@rule(
    version=2,
    articles=(CST_11, CH_19, VCLT_78),
    readings=("unilateral-withdrawal", "withdrawal-timing", "treaty-charter-link"),
)
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
    charter = ctx.has(CH_19)
    if charter:
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
    timing = ctx.read("withdrawal-timing") if charter else "six-months-from-dispatch"
    settled_first = timing == "named-date-settled-first"
    if timing == "named-date-settled-first":
        earliest = earliest_counting_back(action.date)
        ctx.cite(
            CH_19,
            "Under this reading the six months are counted back from the withdrawal date the "
            f"member names: a notice given on {action.date} can precede {earliest} or a later "
            "day by six months; and the withdrawal takes effect only once the member's "
            "obligations are settled.",
            [ctx.assumed(f"the notice is dated {action.date}")],
            reading="withdrawal-timing",
        )
    elif timing == "six-months-from-receipt":
        received = action.received or action.date
        earliest = add_months(received, WITHDRAWAL_NOTICE_MONTHS)
        ctx.cite(
            VCLT_78,
            "Under this reading the notice counts from its receipt by the depositary (as general "
            f"treaty law counts notifications): received on {received}, it runs to {earliest}.",
            [
                ctx.assumed(
                    f"the depositary received the notice on {received}"
                    + ("" if action.received else " (the day it was given; no other day stated)")
                )
            ],
            reading="withdrawal-timing",
        )
    else:
        earliest = add_months(action.date, WITHDRAWAL_NOTICE_MONTHS)
        if charter:
            ctx.cite(
                (CH_19, CST_11),
                f"Under this reading the six months run from the day the notice is given, "
                f"{action.date}, to {earliest}; settling obligations is a separate duty.",
                reading="withdrawal-timing",
            )
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
    ctx.may(
        action.by,
        "leave by written notice given at least six months before the withdrawal",
        (CH_19, CST_11),
    )
    if charter:
        ctx.must(
            (action.by,),
            "settle the obligations it took on as a member (contributions included)",
            CH_19,
            condition="before the withdrawal takes effect" if settled_first else None,
            reading="withdrawal-timing",
        )
    ctx.decide("permitted", None, "unilateral")
    ctx.effect(
        f"{name(action.by)} remains a member, with its vote and its obligations, until the "
        "withdrawal takes effect."
    )
    blocked = settled_first and action.obligations_settled is False
    if blocked:
        ctx.effect(
            f"The withdrawal cannot take effect on {effective} while {name(action.by)}'s "
            "obligations are unsettled; it takes effect on that day or, if later, when they are "
            "settled.",
            None,
            CH_19,
        )
    else:
        ctx.effect(
            f"The withdrawal takes effect on {effective} ("
            + {
                "named-date-settled-first": "six months counted back from it to the notice of "
                f"{action.date}",
                "six-months-from-receipt": "six months after the depositary received the notice",
                "six-months-from-dispatch": f"{WITHDRAWAL_NOTICE_MONTHS} months after notice "
                f"given on {action.date}",
            }[timing]
            + ("" if effective == earliest else ", or later as the notice asks")
            + (", its obligations being settled" if settled_first else "")
            + ").",
            effective,
            ctx.first((CH_19, CST_11)),
        )
    if charter:
        if action.obligations_settled is False and not settled_first:
            ctx.effect(
                f"{name(action.by)} must first settle its outstanding obligations (contributions "
                "included); until it does, the withdrawal cannot complete.",
                None,
                CH_19,
            )
        elif not blocked:
            ctx.effect(
                "Obligations taken on as a member (contributions included) must be settled "
                "before the withdrawal.",
                None,
                CH_19,
            )
        link = ctx.read("treaty-charter-link")
        ctx.cite(
            (CH_19, CST_11),
            "Under this reading "
            + (
                "membership of the Organization presupposes the Treaty: leaving one is leaving "
                "both."
                if link == "linked"
                else "the Treaty and the Charter are separate: leaving the Organization leaves "
                "the Treaty in force for it unless it also withdraws under the Treaty's art. 11."
            ),
            reading="treaty-charter-link",
        )
        ctx.effect(
            f"{name(action.by)} also ceases to be party to the Treaty."
            if link == "linked"
            else f"{name(action.by)} stays party to the Treaty unless it also gives notice "
            "under its art. 11."
        )


@rule(
    version=2,
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
    version=2,
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


@rule(version=2, articles=(CH_SUSPENSION, CH_19), readings=TALLY_READINGS)
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


@rule(
    version=2,
    articles=(CH_19, CH_SUSPENSION, VCLT_60, VCLT_62, VCLT_65),
    readings=("general-treaty-law",),
)
def freeze_participation(ctx: Ctx, action: FreezeParticipation) -> None:
    """The law does not name a frozen participation: the member stays a member; whether
    general treaty law gives the freeze a legal form is a reading."""
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
    general = ctx.read("general-treaty-law") if ctx.in_force("VCLT-1969") else None
    if general == "vclt-fallback":
        ctx.cite(
            VCLT_60,
            "Under this reading general treaty law fills the gap: a member specially affected "
            "by the others' material breach (or, under art. 62, by a fundamental change of "
            "circumstances) may suspend the treaty's operation between itself and them.",
            [
                ctx.assumed(
                    f"{name(action.by)} invokes the others' failure to perform as its ground"
                )
            ],
            reading="general-treaty-law",
        )
        ctx.cite(VCLT_62, "A fundamental change of circumstances may ground a suspension too.")
        ctx.cite(
            VCLT_65,
            "But only by procedure: notice of the claim and the measure to every party, at least "
            "three months without objection (save special urgency), then an instrument; if a "
            "party objects, peaceful settlement.",
        )
        ctx.may(
            action.by,
            "suspend its own performance for the others' material breach or a fundamental "
            "change, after notifying its claim and waiting at least three months without "
            "objection",
            VCLT_65,
            reading="general-treaty-law",
        )
    elif general == "self-contained":
        ctx.cite(
            CH_SUSPENSION,
            "Under this reading the CSTO's instruments are a closed regime: participation is "
            "suspended only by the Council and membership ends only by withdrawal or "
            "expulsion; a unilateral freeze has no effect in law.",
            reading="general-treaty-law",
        )
    elif general == "political-not-legal":
        ctx.cite(
            None,
            "Under this reading the freeze is a political act outside the law: it changes "
            "nothing in law, and its consequences (absence, arrears) fall under the ordinary "
            "rules on consensus and contributions.",
            reading="general-treaty-law",
        )
    ctx.must(
        (action.by,),
        "perform its obligations as a member (contributions included) while it remains one",
        (CH_19, CST_11),
    )
    ctx.decide("not_provided_for", None, "unilateral")
    ctx.effect(
        f"In law {name(action.by)} remains a member with all its rights and obligations "
        "(contributions included); in practice it stays away, and its absence is counted as "
        "any absence under the consensus rule."
    )
    if general == "vclt-fallback":
        ctx.effect(
            f"A lawful suspension by {name(action.by)} needs a notification of its claim under "
            "art. 65 of the Vienna Convention and three months without objection; a declared "
            "freeze without it is not one."
        )
