"""An instrument's life in a few plain sentences, as an infobox would give it.

:func:`instrument_brief` reads the record's events about one instrument and says, in our
own words, when and where it was signed or adopted and by whom, which ratifications and
accessions the record holds, when it entered into force (and for whom), who gave notice of
leaving it and when it ceased to bind them, who came back or asked for a suspension under
it, and which organs and forces were set up under it. Each sentence is a
:class:`~csto.web.statebrief.Fact` naming the events it rests on (their pages give the
sources); nothing is said that no event says. Only events certainly past by the day asked
are read. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from csto.codes import ORGANS, state_name
from csto.record.events import (
    Acceded,
    AgreementSigned,
    Event,
    ForceEstablished,
    InstrumentEnteredIntoForce,
    InstrumentRatified,
    InstrumentSigned,
    MembershipLapsed,
    OrganEstablished,
    Readmitted,
    SuspensionRequested,
    WithdrawalNotified,
)
from csto.web.statebrief import Fact, listed, when

__all__ = ["instrument_brief"]


def _names(codes: Iterable[str]) -> str:
    return listed([state_name(c) for c in codes])


def _each(events: Sequence[Event], who: str) -> str:
    """``Kazakhstan on 23 December 1992; Armenia and Belarus between ...`` (``who``: the
    state field; consecutive states with the same date said together)."""
    parts: list[str] = []
    run: list[Event] = []
    for e in [*events, None]:
        if run and (e is None or e.date != run[0].date):
            names = listed([state_name(getattr(x, who)) for x in run])
            parts.append(f"{names} {when(run[0].date)}")
            run = []
        if e is not None:
            run.append(e)
    return "; ".join(parts)


def instrument_brief(
    events: Iterable[Event], instrument: str, day: dt.date, *, ratified: bool = True
) -> list[Fact]:
    """What happened to ``instrument`` by ``day``, as plain sentences with their events.

    ``events``: the record's events (any order); only those about this instrument and
    certainly past by ``day`` are read. ``ratified``: whether instruments of its kind are
    put to ratification (a treaty, an agreement) or take effect when adopted (a decision,
    a concept), which decides whether it was "signed" or "adopted".
    """
    mine = sorted(
        (
            e
            for e in events
            if getattr(e, "instrument", None) == instrument and e.date.latest <= day
        ),
        key=lambda e: (e.date.earliest, e.date.latest, e.id),
    )
    facts: list[Fact] = []
    for e in mine:
        if isinstance(e, InstrumentSigned):
            verb = "signed" if ratified else "adopted"
            place = f" in {e.place}" if e.place else ""
            parties = e.signatories or e.states
            by = f" by {_names(parties)}" if parties else ""
            facts.append(Fact(f"It was {verb}{place} {when(e.date)}{by}.", (e.id,)))
        elif isinstance(e, AgreementSigned):
            facts.append(Fact(f"The CSTO and the {e.partner} signed it {when(e.date)}.", (e.id,)))
    ratifications = [e for e in mine if isinstance(e, InstrumentRatified)]
    if ratifications:
        facts.append(
            Fact(
                f"The record holds its ratification by {_each(ratifications, 'state')}.",
                tuple(e.id for e in ratifications),
            )
        )
    accessions = [e for e in mine if isinstance(e, Acceded)]
    if accessions:
        facts.append(
            Fact(
                f"It was acceded to by {_each(accessions, 'state')}.",
                tuple(e.id for e in accessions),
            )
        )
    in_force = [e for e in mine if isinstance(e, InstrumentEnteredIntoForce)]
    general = [e for e in in_force if e.for_state is None]
    for_states: dict[dt.date, list[InstrumentEnteredIntoForce]] = defaultdict(list)
    for e in in_force:
        if e.for_state is not None:
            for_states[e.date.earliest].append(e)
    for e in general:
        same = for_states.pop(e.date.earliest, [])
        also = f", for {_names(x.for_state for x in same if x.for_state)}" if same else ""
        facts.append(
            Fact(
                f"It entered into force {when(e.date)}{also}.",
                (e.id, *(x.id for x in same)),
            )
        )
    for took in for_states.values():
        names = _names(x.for_state for x in took if x.for_state)
        facts.append(
            Fact(f"It took effect for {names} {when(took[0].date)}.", tuple(x.id for x in took))
        )
    notices = [e for e in mine if isinstance(e, WithdrawalNotified)]
    if notices:
        facts.append(
            Fact(
                f"Notice of leaving it was given by {_each(notices, 'state')}.",
                tuple(e.id for e in notices),
            )
        )
    lapsed: dict[dt.date, list[MembershipLapsed]] = defaultdict(list)
    for e in mine:
        if isinstance(e, MembershipLapsed):
            lapsed[e.date.earliest].append(e)
    for group in lapsed.values():
        facts.append(
            Fact(
                f"It ceased to bind {_names(x.state for x in group)} {when(group[0].date)}.",
                tuple(x.id for x in group),
            )
        )
    for e in mine:
        if isinstance(e, Readmitted):
            text = f"{state_name(e.state)} was readmitted to membership {when(e.date)}."
            facts.append(Fact(text, (e.id,)))
        elif isinstance(e, SuspensionRequested):
            text = (
                f"{state_name(e.state)} asked {when(e.date)} for its participation to be suspended."
            )
            facts.append(Fact(text, (e.id,)))
    organs = [e for e in mine if isinstance(e, OrganEstablished)]
    if organs:
        said = listed([f"the {ORGANS.get(e.organ, e.organ)} {when(e.date)}" for e in organs])
        facts.append(Fact(f"Under it were established {said}.", tuple(e.id for e in organs)))
    for e in mine:
        if isinstance(e, ForceEstablished):
            verb = "were" if e.name.split(" (")[0].endswith("Forces") else "was"
            text = f"The {e.name} {verb} established under it {when(e.date)}."
            facts.append(Fact(text, (e.id,)))
    return facts
