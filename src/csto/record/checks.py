"""Consistency checks on the history as a whole, beyond the shape of each event.

A record can be well-formed and still impossible: a state withdrawing from a treaty it
never joined, two Secretaries-General in office at once, a chair who is not a party. These
checks find such contradictions and name the events involved. Only contradictions that are
certain given the dates' precision are reported.
"""

from __future__ import annotations

from collections.abc import Sequence

from csto.errors import Problem
from csto.record.events import (
    Acceded,
    ChairmanshipPassed,
    Event,
    Expelled,
    InstrumentEnteredIntoForce,
    InstrumentRatified,
    InstrumentSigned,
    MembershipLapsed,
    OfficialAppointed,
    OfficialLeft,
    ParticipationFrozen,
    ParticipationSuspended,
    Readmitted,
    SuspensionRequested,
    WithdrawalNotified,
    Withdrew,
    problem_at,
)

__all__ = ["SG_POSTS", "check_history"]

SG_POSTS = ("secretary_general",)
_JOINS = (InstrumentSigned, Acceded, InstrumentRatified, InstrumentEnteredIntoForce, Readmitted)


def _problem(event: Event, message: str, fix: str) -> Problem:
    return problem_at(event.origin, message, field=event.id, fix=fix)


def _joined_states(event: Event) -> tuple[str, ...]:
    if isinstance(event, InstrumentSigned):
        return event.signatories or event.states
    if isinstance(event, Acceded | InstrumentRatified | Readmitted):
        return (event.state,)
    if isinstance(event, InstrumentEnteredIntoForce) and event.for_state:
        return (event.for_state,)
    return ()


def check_history(events: Sequence[Event]) -> list[Problem]:
    """Every certain contradiction in the history, each naming the event at fault."""
    problems: list[Problem] = []
    ordered = sorted(events, key=lambda e: (e.date.earliest, not isinstance(e, OfficialLeft), e.id))
    # A state acts as a party only after some event made it one.
    first_join: dict[str, Event] = {}
    for event in ordered:
        for state in _joined_states(event):
            first_join.setdefault(state, event)
    for event in ordered:
        if isinstance(
            event,
            Withdrew
            | Expelled
            | WithdrawalNotified
            | MembershipLapsed
            | ParticipationSuspended
            | ParticipationFrozen
            | SuspensionRequested
            | ChairmanshipPassed,
        ):
            state = event.state
            joined = first_join.get(state)
            if joined is None or joined.date.earliest > event.date.latest:
                problems.append(
                    _problem(
                        event,
                        f"{event.type} for {state}, which no earlier event made a party",
                        "record how the state became a party first (InstrumentSigned, "
                        "Acceded, Readmitted), or correct the state code or the date",
                    )
                )
    # Never two Secretaries-General (not acting) certainly in office on the same day.
    holder: OfficialAppointed | None = None
    for event in ordered:
        if isinstance(event, OfficialAppointed) and event.post in SG_POSTS:
            if holder is not None and holder.person != event.person:
                problems.append(
                    _problem(
                        event,
                        f"{event.person} is appointed Secretary-General while {holder.person} "
                        f"({holder.id}) has not left the post",
                        f"record {holder.person}'s departure (OfficialLeft) on or before "
                        f"{event.date}",
                    )
                )
            holder = event
        elif (
            isinstance(event, OfficialLeft)
            and event.post in SG_POSTS
            and holder is not None
            and holder.person == event.person
        ):
            holder = None
    return problems
