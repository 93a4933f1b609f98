"""What a page for one date shows, and only what existed on that date.

The state layer folds every registered instrument into the state (so that each has a
status on every day); a page for 1993 must not list the Charter of 2002. This module reads
a :class:`~csto.state.model.State` for a page:

- :func:`instruments_on`: the instruments that existed on the day (signed or adopted by
  then), each with its standing: in force, adopted (a Council decision or a document it
  approved, which no member ratifies), signed and awaiting entry into force, or expired
  (a strategy whose period has ended);
- :func:`counting`: who is counted among the members that day and why (a suspended
  member is listed apart, with the sources of its suspension);
- :func:`horizon`: whether the day lies past what the record knows (after its latest
  event, or in the future), so the page can say so;
- :func:`observers_on`: the observers and partners, each with the state it stands for.

Everything is derived from the record; nothing here is a fact of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from csto.codes import STATES, state_name
from csto.record.dates import EventDate
from csto.record.events import Citation
from csto.record.record import Record
from csto.state.model import Party, State
from csto.state.statuses import TAKES_PART, TREATY
from csto.web.present import join_words

__all__ = [
    "NO_RATIFICATION",
    "STANDINGS",
    "Counting",
    "Horizon",
    "InstrumentOnDay",
    "ObserverOnDay",
    "counting",
    "horizon",
    "instruments_on",
    "observers_on",
]

#: kinds of instrument that take effect when adopted or signed: the Council's decisions and
#: the documents it approves, and political documents; members do not ratify them
NO_RATIFICATION = frozenset(
    {"decision", "concept", "strategy", "regulation", "rules", "memorandum", "declaration"}
)

#: standing of an instrument on a day, in words
STANDINGS: dict[str, str] = {
    "in_force": "in force",
    "adopted": "adopted (takes effect without ratification)",
    "signed": "signed, not yet in force",
    "expired": "expired",
}


@dataclass(frozen=True, slots=True)
class InstrumentOnDay:
    """One instrument as it stood on a day."""

    id: str
    title: str
    kind: str
    standing: str  # a key of STANDINGS
    since: str | None  # in force since / adopted on (as the record dates it)
    detail: str  # a plain sentence: for whom, what is and is not recorded


def _parties(codes: tuple[str, ...]) -> str:
    return join_words(state_name(c) for c in codes)


def instruments_on(record: Record, state: State) -> list[InstrumentOnDay]:
    """The instruments that existed on the state's date (signed or adopted by then), in
    force first, then adopted, signed, expired; each with its standing."""
    out: list[InstrumentOnDay] = []
    order = {k: i for i, k in enumerate(STANDINGS)}
    for ins in record.instruments:
        st = state.instruments.get(ins.id)
        if st is None or (not st.signed_by and not st.in_force and not st.in_force_for):
            continue  # not yet signed on this day: it did not exist
        signed_on = _first_signed(record, st.events)
        if ins.kind in NO_RATIFICATION:
            until = EventDate.parse(ins.until) if ins.until else None
            if until is not None and state.date > until.latest:
                standing = "expired"
                detail = f"Its period ran to {ins.until}; that period has ended."
            else:
                standing = "adopted"
                detail = (
                    f"Adopted by {_parties(st.signed_by)}"
                    + (f"; it covers the period up to {ins.until}" if ins.until else "")
                    + ". Documents of this kind are not put to ratification."
                )
            out.append(InstrumentOnDay(ins.id, ins.title_en, ins.kind, standing, signed_on, detail))
            continue
        if st.in_force:
            if ins.id == TREATY:
                detail = f"In force for its members: {_parties(st.in_force_for)}."
            else:
                detail = _ratifications(st.signed_by, st.ratified_by)
            out.append(
                InstrumentOnDay(
                    ins.id, ins.title_en, ins.kind, "in_force", st.in_force_since, detail
                )
            )
        elif st.in_force_for:
            out.append(
                InstrumentOnDay(
                    ins.id,
                    ins.title_en,
                    ins.kind,
                    "in_force",
                    None,
                    f"In force for {_parties(st.in_force_for)}; not yet for all who signed.",
                )
            )
        else:
            detail = f"Signed by {_parties(st.signed_by)}"
            if st.ratified_by:
                detail += f"; ratified so far by {_parties(st.ratified_by)}"
            out.append(
                InstrumentOnDay(ins.id, ins.title_en, ins.kind, "signed", signed_on, detail + ".")
            )
    out.sort(key=lambda i: (order[i.standing], i.since or "", i.id))
    return out


def _ratifications(signed: tuple[str, ...], ratified: tuple[str, ...]) -> str:
    """What the record holds of the ratifications (so that a short list does not read as if
    the others never ratified)."""
    others = tuple(c for c in signed if c not in ratified)
    if not ratified:
        return "The record holds no ratification dates for it."
    said = f"The record holds the ratification of {_parties(ratified)}"
    if others:
        said += f"; those of {_parties(others)} are not recorded"
    return said + "."


def _first_signed(record: Record, event_ids: tuple[str, ...]) -> str | None:
    for eid in event_ids:
        e = record.event(eid)
        if e.type in ("InstrumentSigned", "AgreementSigned"):
            return e.date.iso()
    return None


@dataclass(frozen=True, slots=True)
class Counting:
    """Who is counted among the members on a day, and the members listed apart."""

    taking_part: tuple[str, ...]
    apart: tuple[str, ...]  # suspended: members in law, not counted
    statement: str
    citations: tuple[Citation, ...]


def counting(record: Record, state: State) -> Counting:
    """The members taking part (counted) and those whose membership is suspended (listed
    apart), with the sentence that says so and the sources of each suspension."""
    taking = tuple(c for c, m in state.members.items() if m.status in TAKES_PART)
    apart = tuple(c for c, m in state.members.items() if m.status == "participation_suspended")
    if not apart:
        return Counting(taking, (), "", ())
    cites: list[Citation] = []
    parts = []
    for code in apart:
        member = state.members[code]
        event = record.event(member.events[-1]) if member.events else None
        if event is not None:
            cites.extend(event.sources)
        parts.append(f"{state_name(code)}'s membership has been suspended since {member.since}")
    statement = (
        f"{join_words(parts)}. A suspended member remains a party to the Treaty in law but "
        "takes no part in the Organization's bodies, and the Organization itself counted "
        f"{len(taking)} members from then on, as the sources below report; so we count "
        f"{len(taking)} members and list {join_words(state_name(c) for c in apart)} apart. "
        "The exports keep the status as it is recorded (the Correlates of War coding "
        "gives a suspended member 0)."
    )
    return Counting(taking, apart, statement, tuple(cites))


@dataclass(frozen=True, slots=True)
class Horizon:
    """How a day stands to what the record knows."""

    future: bool  # after today
    past_record: bool  # after the record's latest event
    last_event: dt.date
    message: str


def horizon(record: Record, day: dt.date, today: dt.date) -> Horizon:
    """Whether ``day`` lies past the record; the warning a page shows then (empty if not)."""
    last = max(e.date.latest for e in record.events)
    if day > today:
        message = (
            f"{day} is in the future. The record ends with what was known on {today}; this "
            f"page shows the organization as the record left it (its latest event is dated "
            f"{last}), as if nothing changed. Terms of office, chairs and operations shown "
            "here may well have ended by then."
        )
        return Horizon(True, day > last, last, message)
    if day > last:
        message = (
            f"The record's latest event is dated {last}. What happened between then and {day} "
            "may not be recorded yet: this page shows the organization as the record left it."
        )
        return Horizon(False, True, last, message)
    return Horizon(False, False, last, "")


@dataclass(frozen=True, slots=True)
class ObserverOnDay:
    """An observer or partner: its name, the state it stands for (if any), where, since."""

    name: str
    code: str | None
    role: str
    organ: str | None
    since: str


_CODE_AT_END = re.compile(r"\s*\(([A-Z]{3})\)\s*$")


def party_code(party: str) -> tuple[str, str | None]:
    """``'National Assembly of Serbia (SRB)'`` -> (``'National Assembly of Serbia'``,
    ``'SRB'``); a bare state code -> (its name, the code); anything else -> (it, None)."""
    if party in STATES:
        return STATES[party].name, party
    found = _CODE_AT_END.search(party)
    if found:
        return party[: found.start()], found.group(1)
    if len(party) == 3 and party.isalpha() and party.isupper():
        return state_name(party), party
    return party, None


def observers_on(state: State) -> list[ObserverOnDay]:
    """The observers and partners on the state's date, each with the state it stands for."""

    def one(p: Party, role: str) -> ObserverOnDay:
        name, code = party_code(p.party)
        return ObserverOnDay(name, code, role, p.organ, p.since)

    return [one(p, "observer") for p in state.observers.values()] + [
        one(p, "partner") for p in state.partners.values()
    ]
