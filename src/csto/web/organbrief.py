"""What the record says of an organ, in a few plain sentences, for the organs whose nature
the Charter does not describe (the Parliamentary Assembly): when it was set up, and which
parliaments or bodies were observers or partners at it and until when.

:func:`organ_brief` builds them from the record's events about the organ, each sentence a
:class:`~csto.web.statebrief.Fact` naming the events it rests on (their pages give the
sources); only events certainly past by the day asked are read. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from csto.record.dates import EventDate
from csto.record.events import (
    Event,
    ObserverStatusEnded,
    ObserverStatusGranted,
    OrganEstablished,
    PartnerStatusGranted,
)
from csto.web.statebrief import FOUNDING, Fact, listed, party_name, when

__all__ = ["organ_brief"]


def organ_brief(events: Iterable[Event], organ: str, day: dt.date) -> list[Fact]:
    """The organ's establishment and its observers and partners by ``day``, in sentences
    with their events (oldest first; parties granted a status on the same date together)."""
    mine = sorted(
        (e for e in events if getattr(e, "organ", None) == organ and e.date.latest <= day),
        key=lambda e: (e.date.earliest, e.date.latest, e.id),
    )
    order: list[Fact | tuple[str, EventDate]] = []
    groups: dict[tuple[str, EventDate], list[ObserverStatusGranted | PartnerStatusGranted]] = {}
    for e in mine:
        if isinstance(e, OrganEstablished):
            under = FOUNDING.get(e.instrument or "")
            text = f"It was established {when(e.date)}" + (f", under {under}" if under else "")
            order.append(Fact(text + ".", (e.id,)))
        elif isinstance(e, ObserverStatusGranted | PartnerStatusGranted):
            status = "observer" if isinstance(e, ObserverStatusGranted) else "partner"
            key = (status, e.date)
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append(e)
        elif isinstance(e, ObserverStatusEnded):
            text = f"The observer status of the {party_name(e.party)} ended {when(e.date)}."
            order.append(Fact(text, (e.id,)))
    facts: list[Fact] = []
    for item in order:
        if isinstance(item, Fact):
            facts.append(item)
            continue
        status, date = item
        parties = groups[item]
        names = listed([f"the {party_name(p.party)}" for p in parties])
        verb = "was" if len(parties) == 1 else "were"
        text = f"{names[0].upper()}{names[1:]} {verb} granted {status} status at it {when(date)}."
        facts.append(Fact(text, tuple(p.id for p in parties)))
    return facts
