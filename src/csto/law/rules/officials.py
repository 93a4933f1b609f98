"""Officials: the Secretary-General's appointment, and the chairmanship of the Council.

The Secretary-General is appointed by the Council on the proposal of the Council of Foreign
Ministers, from among the members' nationals, for three years (the Charter, per secondary
sources). The chair is the head of the state hosting the regular session unless the Council
decides otherwise (the official site's paraphrase of art. 13) — or, as a seed says, passes
in the order of the Russian alphabet (reading ``chair-rule``); whether a member with frozen
participation is skipped is reading ``chair-skip-frozen``.
"""

from __future__ import annotations

import datetime as dt

from csto.codes import in_russian_order
from csto.law.actions import AppointSecretaryGeneral, PassChairmanship, ReleaseSecretaryGeneral
from csto.law.context import Ctx, name
from csto.law.rules import TALLY_READINGS, rule
from csto.law.rules.refs import CH_13, CH_SG, ROTATION_2015
from csto.law.rules.voting import conclude, tally
from csto.law.verdict import Effect, Fact
from csto.record.dates import add_months
from csto.state.offices import (
    ROTATION_DECIDED,
    ROTATION_EVENT,
    ROTATION_FIRST,
    ROTATION_FIRST_YEAR,
    SG_TERM_MONTHS,
)
from csto.state.statuses import TAKES_PART, VOTES

__all__ = ["alphabet_successor", "appoint_with_term"]


@rule(
    version=3,
    articles=(CH_SG, ROTATION_2015),
    readings=(*TALLY_READINGS, "rotation-departure"),
)
def appoint_secretary_general(ctx: Ctx, action: AppointSecretaryGeneral) -> None:
    """The Council appoints the Secretary-General on the foreign ministers' proposal."""
    appoint_with_term(ctx, action, SG_TERM_MONTHS)


def appoint_with_term(ctx: Ctx, action: AppointSecretaryGeneral, term_months: int) -> None:
    """The appointment rule with the term as a parameter (a rule variant may change it)."""
    years = term_months // 12
    if not ctx.has(CH_SG):
        ctx.refuse(
            None,
            "Before the Charter there is no post of Secretary-General of the CSTO.",
            outcome="not_provided_for",
        )
    nationality = ctx.status_fact(action.nationality)
    ctx.require(
        ctx.status(action.nationality) in TAKES_PART,
        CH_SG,
        "The Secretary-General is chosen from among nationals of the member states taking "
        f"part in the Organization; {name(action.nationality)} is not one on that day.",
        [nationality],
        organ="CSC",
        rule="consensus",
    )
    proposal = ctx.assumed(
        "the Council of Foreign Ministers "
        + ("has" if action.proposed_by_cfm else "has not")
        + f" proposed {action.person}"
    )
    ctx.cite(
        CH_SG,
        "The Council appoints the Secretary-General, on the Council of Foreign Ministers' "
        f"proposal, from among the members' nationals, for {years} years.",
        [nationality, proposal],
    )
    if not action.proposed_by_cfm:
        ctx.stop(
            "not_permitted",
            "CSC",
            "consensus",
            effect="The Council of Foreign Ministers must first propose the candidate.",
        )
    start = action.term_start or action.date
    _follows_rotation(ctx, action, start)
    for holder in ctx.state.secretary_general.values():
        if holder.acting:
            continue
        if holder.term_end is not None and holder.term_end > start.isoformat():
            ctx.refuse(
                CH_SG,
                f"{holder.name} holds the post until {holder.term_end}; a successor's term can "
                "begin only when the post falls vacant (at the term's end or by an early "
                "release).",
                [
                    Fact(
                        f"{holder.name} is Secretary-General since {holder.since}",
                        "established",
                        holder.events,
                    )
                ],
                organ="CSC",
                rule="consensus",
                effect=f"Appoint with a term starting on {holder.term_end} or later.",
            )
    result = tally(ctx, "CSC", "substantive", action.positions)
    conclude(ctx, result, f"Appointment of {action.person}")
    ctx.effect(
        f"{action.person}'s {years}-year term runs from {start} to "
        f"{add_months(start, term_months) - dt.timedelta(days=1)}.",
        start,
        CH_SG,
    )


def _follows_rotation(ctx: Ctx, action: AppointSecretaryGeneral, start: dt.date) -> None:
    """Since the Council's decision of 2015 (an instrument of its own, not Charter text) the
    nationality follows the Russian alphabet. Out of turn, whether the Council may depart
    from its own decision by consensus is reading ``rotation-departure``: if it may, the
    appointment goes to the vote; if the decision must first be amended, the rule ends (not
    permitted)."""
    if action.date < ROTATION_DECIDED:
        return
    decision = Fact(
        "the Council decided on 21 December 2015 that the post rotates in Russian "
        "alphabetical order from 2017, starting with Armenia",
        "established",
        (ROTATION_EVENT,),
    )
    if start.year == ROTATION_FIRST_YEAR:
        expected: str | None = ROTATION_FIRST
        basis = "the rotation's first term goes to Armenia"
    else:
        previous = action.previous_nationality
        if previous is None:
            regular = [h for h in ctx.state.secretary_general.values() if not h.acting]
            previous = regular[0].state if regular else None
        if previous is None:
            ctx.cite(
                ROTATION_2015,
                "The post rotates since 2015, but the predecessor's nationality is neither "
                "given nor in office on that day, so the turn cannot be checked.",
                [decision],
            )
            return
        expected = alphabet_successor(ctx, previous, skip_frozen=False)
        basis = f"after a Secretary-General from {name(previous)} comes {name(expected or '?')}"
    if action.nationality == expected:
        ctx.cite(
            ROTATION_2015,
            f"The post rotates under the Council's decision: {basis}; the candidate is next in "
            "turn.",
            [decision],
        )
        return
    out_of_turn = [
        decision,
        ctx.assumed(f"the candidate is a national of {name(action.nationality)}"),
    ]
    if ctx.read("rotation-departure") == "amend-first":
        ctx.refuse(
            ROTATION_2015,
            f"The post rotates under the Council's decision: {basis}, not "
            f"{name(action.nationality)}. Under this reading the decision binds until the "
            "Council formally amends or suspends it.",
            out_of_turn,
            organ="CSC",
            rule="consensus",
            reading="rotation-departure",
            effect=f"By the rotation the post goes to a national of {name(expected or '?')}, "
            "unless the Council first amends its 2015 decision.",
        )
    ctx.cite(
        ROTATION_2015,
        f"The post rotates under the Council's decision: {basis}, not "
        f"{name(action.nationality)}. Under this reading the decision is the Council's own, and "
        "the Council may depart from it by the same consensus: the appointment out of turn is "
        "for the vote.",
        out_of_turn,
        reading="rotation-departure",
    )
    ctx.effect(
        f"Out of turn: by the rotation the post would go to a national of "
        f"{name(expected or '?')}; appointing {action.person} departs from the 2015 decision."
    )


def alphabet_successor(
    ctx: Ctx, current: str | None, skip_frozen: bool | None = None
) -> str | None:
    """The next member after ``current`` in Russian alphabetical order, skipping those that
    do not take part (and frozen ones if ``skip_frozen``; None: as the profile's
    ``chair-skip-frozen`` reading says)."""
    eligible: list[str] = []
    for code, member in ctx.state.members.items():
        if member.status in VOTES:
            eligible.append(code)
        elif member.status == "participation_frozen":
            if skip_frozen is None:
                skip_frozen = ctx.read("chair-skip-frozen") == "skip"
            if not skip_frozen:
                eligible.append(code)
    order = in_russian_order(eligible)
    if not order:
        return None
    if current is None:
        return order[0]
    ranked = in_russian_order({*order, current})
    index = ranked.index(current)
    for step in range(1, len(ranked) + 1):
        candidate = ranked[(index + step) % len(ranked)]
        if candidate in order:
            return candidate
    return None  # pragma: no cover - order is not empty


@rule(version=3, articles=(CH_13,), readings=("chair-rule", "chair-skip-frozen"))
def pass_chairmanship(ctx: Ctx, action: PassChairmanship) -> None:
    """The chair passes by the rule in force, unless the Council decides otherwise."""
    if not ctx.has(CH_13):
        ctx.refuse(
            None,
            "Before the Charter no rule on the Council's chair was read; the passing of the "
            "chair cannot be judged.",
            outcome="not_provided_for",
        )
    status = ctx.status(action.to)
    ctx.require(
        status in TAKES_PART,
        CH_13,
        f"The chair is held by a member's head; {name(action.to)} does not take part.",
        [ctx.status_fact(action.to)],
    )
    current = next(iter(ctx.state.chair.values()), None)
    facts = [ctx.status_fact(action.to)]
    if current is not None:
        facts.append(
            Fact(
                f"{name(current.state)} chairs since {current.since}", "established", current.events
            )
        )
    if ctx.read("chair-rule") == "host-of-session":
        expected = action.next_host
        ctx.cite(
            CH_13,
            "The head of the state where the regular session is held chairs the Council until "
            "the next regular session, unless the Council decides otherwise: the chair goes to "
            "the state that will host the next regular session."
            + (
                f" That is {name(action.next_host)}."
                if action.next_host
                else " The action names no host of the next session, so the rule gives no "
                "chair by itself."
            ),
            [*facts, ctx.assumed(f"the next regular session is held in {name(action.next_host)}")]
            if action.next_host
            else facts,
            reading="chair-rule",
        )
    else:
        expected = alphabet_successor(ctx, current.state if current else None)
        frozen_note = ""
        if "chair-skip-frozen" in ctx.readings:
            frozen_note = (
                " Members with frozen participation are skipped."
                if ctx.readings["chair-skip-frozen"] == "skip"
                else " A member with frozen participation keeps its turn."
            )
        ctx.cite(
            CH_13,
            "The chair passes in the order of the members' names in the Russian alphabet, unless "
            f"the Council decides otherwise; next in turn: {name(expected or '?')}." + frozen_note,
            facts,
            reading="chair-rule",
        )
    if status == "participation_frozen" and expected == action.to:
        skip = ctx.read("chair-skip-frozen") == "skip"
        ctx.cite(
            CH_13,
            f"{name(action.to)} has frozen its participation; under this reading it "
            + ("cannot take the chair while frozen." if skip else "keeps its turn."),
            [ctx.status_fact(action.to)],
            reading="chair-skip-frozen",
        )
        if skip:
            expected = None
    ctx.decides(
        "CSC",
        "who chairs, otherwise than the rule in force, if it so decides",
        "consensus",
        CH_13,
    )
    if expected == action.to:
        ctx.may(action.to, "take the chair until the next regular session", CH_13)
        ctx.stop(
            "permitted",
            effect=Effect(
                f"{name(action.to)} chairs the Council until the next regular session.",
                action.date,
                CH_13,
            ),
        )
    if action.council_decided:
        ctx.may(action.to, "take the chair, by the Council's decision", CH_13)
        ctx.cite(
            CH_13,
            f"The rule would give the chair to {name(expected) if expected else 'no one'}; the "
            f"Council decided otherwise, which the article allows.",
            [ctx.assumed("the Council decided who chairs")],
        )
        ctx.stop(
            "permitted",
            "CSC",
            "consensus",
            effect=Effect(
                f"{name(action.to)} chairs the Council by its decision.", action.date, CH_13
            ),
        )
    ctx.decide("not_permitted", "CSC", "consensus")
    ctx.effect(
        f"By the rule the chair goes to {name(expected) if expected else 'no one yet'}; "
        f"{name(action.to)} can take it only if the Council so decides."
    )


@rule(version=2, articles=(CH_SG,), readings=(*TALLY_READINGS, "early-release"))
def release_secretary_general(ctx: Ctx, action: ReleaseSecretaryGeneral) -> None:
    """An early end of the Secretary-General's term: by the Council, if the law allows it."""
    if not ctx.has(CH_SG):
        ctx.refuse(
            None,
            "Before the Charter there is no post of Secretary-General of the CSTO.",
            outcome="not_provided_for",
        )
    holders = [h for h in ctx.state.secretary_general.values() if not h.acting]
    if not holders or holders[0].name != action.person:
        in_office = holders[0].name if holders else "no one"
        ctx.refuse(
            CH_SG,
            f"{action.person} does not hold the post on that day (in office: {in_office}).",
            [
                Fact(
                    f"Secretary-General in office: {in_office}",
                    "established",
                    holders[0].events if holders else (),
                )
            ],
        )
    holder = holders[0]
    facts = [
        Fact(
            f"{holder.name} is Secretary-General since {holder.since}"
            + (f", term to {holder.term_end}" if holder.term_end else ""),
            "established",
            holder.events,
        )
    ]
    if action.initiated_by:
        facts.append(ctx.assumed(f"{name(action.initiated_by)} asks for the early release"))
    if ctx.read("early-release") == "not-provided":
        ctx.refuse(
            CH_SG,
            "Under this reading the Charter appoints the Secretary-General for a fixed term and "
            "provides no early release.",
            facts,
            reading="early-release",
            outcome="not_provided_for",
            organ="CSC",
            rule="consensus",
        )
    ctx.cite(
        CH_SG,
        "Under this reading the Council, which appoints the Secretary-General, may also end "
        "the term early.",
        facts,
        reading="early-release",
    )
    result = tally(ctx, "CSC", "substantive", action.positions)
    conclude(ctx, result, f"Early release of {action.person}")
    ctx.effect("Once released, the post is vacant until a successor is appointed.")
