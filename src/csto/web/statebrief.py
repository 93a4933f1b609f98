"""A state's part in the CSTO in a few plain sentences, as an infobox would give it.

:func:`state_brief` reads the record's events about one state and says, in our own words,
when it signed, acceded to or ratified the founding instruments (the Treaty, its 1999
extension, the Charter), when they took effect for it, when it gave notice, left, was
suspended, froze its participation or came back, which rotating chairmanships it took, which
posts its nationals held, and which of its bodies were observers or partners. Every
sentence is a :class:`Fact` that names the events it rests on (their pages give the
sources); nothing is said that no event says. Only events certain by the day asked (their
latest possible day on or before it) are used, so the paragraph for 1995 says nothing of
what came later. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from csto.codes import ORGANS, state_name
from csto.record.dates import EventDate
from csto.record.events import (
    Acceded,
    ChairmanshipPassed,
    ContributionsWithheld,
    Event,
    Expelled,
    InstrumentEnteredIntoForce,
    InstrumentRatified,
    InstrumentSigned,
    IntentionToLeaveDeclared,
    MembershipLapsed,
    ObserverStatusEnded,
    ObserverStatusGranted,
    OfficialAppointed,
    OfficialLeft,
    ParticipationFrozen,
    ParticipationResumed,
    ParticipationSuspended,
    PartnerStatusGranted,
    Readmitted,
    SuspensionRequested,
    WithdrawalNotified,
    Withdrew,
)
from csto.web.present import event_label, post_label

__all__ = ["FOUNDING", "Fact", "listed", "party_name", "state_brief", "when"]

#: the instruments whose signature, ratification and entry into force make a state a party,
#: as a sentence names them
FOUNDING = {
    "CST-1992": "the Collective Security Treaty",
    "CST-PROTOCOL-1999": "the 1999 Protocol extending the Treaty",
    "CHARTER-2002": "the CSTO Charter",
}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class Fact:
    """One sentence of the brief and the events (ids) it rests on, oldest first."""

    text: str
    events: tuple[str, ...]


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def when(date: EventDate) -> str:
    """A date as a sentence says it: ``on 15 May 1992``, ``in May 1992``, ``in 2013``,
    ``between 7 October 2002 and 18 September 2003``."""
    if date.precision == "day":
        return f"on {_day(date.earliest)}"
    if date.precision == "month":
        return f"in {_MONTHS[date.earliest.month - 1]} {date.earliest.year}"
    if date.precision == "year":
        return f"in {date.earliest.year}"
    return f"between {_day(date.earliest)} and {_day(date.latest)}"


def _bare(date: EventDate) -> str:
    """The date after 'from', 'to' or 'since' (``15 May 1992``, ``May 1992``, ``2013``)."""
    said = when(date)
    return said.split(" ", 1)[1] if date.precision != "range" else f"some day {said}"


def listed(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def party_name(name: str) -> str:
    """An observer's name without the state code the record appends (``... (SRB)``)."""
    return re.sub(r"\s*\([A-Z]{3}\)$", "", name)


def _other_versions(e: Event) -> str:
    """A clause for an event that some sources tell as another kind of event."""
    kinds = sorted({a.type for a in e.alternatives if a.type and a.type != e.type})
    if not kinds:
        return ""
    told = listed([event_label(k) for k in kinds])
    return f" Some sources tell it as a {told}; the event's page gives each version."


def _membership(e: Event, code: str, name: str, bound: set[str]) -> str | None:
    """The sentence for an event that changes the state's part in the founding instruments
    (``bound``: the founding instruments it has signed, acceded to or ratified so far)."""
    title = FOUNDING.get(getattr(e, "instrument", None) or "")
    state = getattr(e, "state", None)
    if isinstance(e, InstrumentSigned) and title and code in (e.signatories or e.states):
        place = f" in {e.place}" if e.place else ""
        return f"{name} signed {title}{place} {when(e.date)}."
    if isinstance(e, Acceded) and state == code and title:
        return f"{name} acceded to {title} {when(e.date)}."
    if isinstance(e, InstrumentRatified) and state == code and title:
        return f"{name} ratified {title} {when(e.date)}."
    if isinstance(e, InstrumentEnteredIntoForce) and title:
        if e.for_state == code:
            return f"{title[0].upper()}{title[1:]} took effect for {name} {when(e.date)}."
        if e.for_state is None and e.instrument in bound:
            return f"{title[0].upper()}{title[1:]} entered into force {when(e.date)}."
        return None
    if state != code:
        return None
    what = FOUNDING.get(getattr(e, "instrument", None) or "", "the Organization")
    if isinstance(e, Readmitted):
        return f"{name} was readmitted as a full member {when(e.date)}."
    if isinstance(e, WithdrawalNotified):
        effect = f", with effect from {_bare(e.effective)}" if e.effective else ""
        return f"{name} gave notice that it would leave {what} {when(e.date)}{effect}."
    if isinstance(e, MembershipLapsed):
        return f"{name}'s membership under {what} lapsed {when(e.date)}."
    if isinstance(e, Withdrew):
        return f"{name} left {what} {when(e.date)}."
    if isinstance(e, Expelled):
        return f"{name} was expelled {when(e.date)}."
    if isinstance(e, SuspensionRequested):
        return f"{name} asked for its participation to be suspended {when(e.date)}."
    if isinstance(e, ParticipationSuspended):
        by = ORGANS.get(e.by, e.by)
        return f"The {by} suspended {name}'s participation {when(e.date)}."
    if isinstance(e, ParticipationFrozen):
        return (
            f"{name} said {when(e.date)} that it had frozen its participation, a step the "
            "Charter does not provide for."
        )
    if isinstance(e, ParticipationResumed):
        return f"{name} resumed its participation {when(e.date)}."
    if isinstance(e, ContributionsWithheld):
        return f"{name} said {when(e.date)} that it would not pay its contribution."
    return None


def _chairs(events: list[Event], code: str, name: str) -> Fact | None:
    taken = [e for e in events if isinstance(e, ChairmanshipPassed) and e.state == code]
    if not taken:
        return None
    dates = listed([when(e.date) for e in taken])
    return Fact(
        f"{name} took the rotating chairmanship of the Collective Security Council {dates}.",
        tuple(e.id for e in taken),
    )


def _posts(events: list[Event], code: str, name: str) -> list[Fact]:
    """Who of the state's nationals held which post, from when to when."""
    terms: list[tuple[OfficialAppointed, OfficialLeft | None]] = []
    for e in events:
        if isinstance(e, OfficialAppointed) and e.nationality == code:
            terms.append((e, None))
        elif isinstance(e, OfficialLeft):
            for i, (start, end) in enumerate(terms):
                if end is None and start.person == e.person and start.post == e.post:
                    terms[i] = (start, e)
    out = []
    for start, end in terms:
        post = post_label(start.post)
        if start.acting and not post.lower().startswith("acting"):
            post = f"acting {post}"
        who = f"{start.person}, a national of {name},"
        if end is None:
            ids: tuple[str, ...] = (start.id,)
            text = f"{who} became {post} {when(start.date)}."
        else:
            ids = (start.id, end.id)
            text = f"{who} was {post} from {_bare(start.date)} to {_bare(end.date)}."
        out.append(Fact(text, ids))
    return out


def _statuses(events: list[Event], code: str) -> list[Fact]:
    """Observer and partner status of the state's bodies, and its end."""
    out = []
    for e in events:
        if not isinstance(e, ObserverStatusGranted | PartnerStatusGranted | ObserverStatusEnded):
            continue
        if code not in e.states:
            continue
        party = party_name(e.party)
        at = f" at the CSTO's {ORGANS.get(e.organ, e.organ)}" if e.organ else ""
        if isinstance(e, ObserverStatusEnded):
            text = f"The observer status of the {party}{at} ended {when(e.date)}."
        else:
            status = "observer" if isinstance(e, ObserverStatusGranted) else "partner"
            text = f"The {party} was granted {status} status{at} {when(e.date)}."
        out.append(Fact(text, (e.id,)))
    return out


def state_brief(
    events: Iterable[Event], code: str, day: dt.date, names: Mapping[str, str] | None = None
) -> list[Fact]:
    """What ``code`` did in the CSTO by ``day``, as plain sentences, each with its events.

    ``events``: the record's events (in any order); only those certainly past by ``day``
    (their latest possible day on or before it) are read. ``names``: a state's name by code
    (the codes table's by default). The first sentence names the state; the others that
    would open with its name say "It" or "Its" instead.
    """
    name = (names or {}).get(code) or state_name(code)
    past = sorted(
        (e for e in events if e.date.latest <= day),
        key=lambda e: (e.date.earliest, e.date.latest, e.id),
    )
    facts: list[Fact] = []
    bound: set[str] = set()
    said_in_force: set[tuple[str, dt.date]] = set()
    for e in past:
        if isinstance(e, InstrumentEnteredIntoForce) and e.for_state == code:
            said_in_force.add((e.instrument, e.date.earliest))
    for e in past:
        if (
            isinstance(e, InstrumentEnteredIntoForce)
            and e.for_state is None
            and (e.instrument, e.date.earliest) in said_in_force
        ):
            continue
        text = _membership(e, code, name, bound)
        if isinstance(e, InstrumentSigned | Acceded | InstrumentRatified) and text:
            bound.add(e.instrument)
        if text:
            facts.append(Fact(text + _other_versions(e), (e.id,)))
    leaving = [e for e in past if isinstance(e, IntentionToLeaveDeclared) and e.state == code]
    if leaving:
        facts.append(
            Fact(
                f"{name}'s government said it would or might leave the Organization "
                f"{listed([when(e.date) for e in leaving])}.",
                tuple(e.id for e in leaving),
            )
        )
    chairs = _chairs(past, code, name)
    if chairs:
        facts.append(chairs)
    facts += _posts(past, code, name)
    facts += _statuses(past, code)
    return [_pronoun(f, name) if i else f for i, f in enumerate(facts)]


def _pronoun(fact: Fact, name: str) -> Fact:
    text = fact.text
    if text.startswith(f"{name}'s "):
        text = "Its " + text[len(name) + 3 :]
    elif text.startswith(f"{name} "):
        text = "It " + text[len(name) + 1 :]
    return Fact(text, fact.events)
