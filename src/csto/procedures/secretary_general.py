"""The Secretary-General: the foreign ministers' proposal, the Council's appointment, taking
office for a term, the term's end or an early release, and an acting holder in between.

Never two Secretaries-General: a designated Secretary-General takes office only when the
post is vacant (an acting holder first stands down), whatever the law or a departure says.
Rotation: since the Council's decision of 21 December 2015 the post goes round the members in
the order of their Russian names (``csto.state.offices``); the law's appointment rule checks
the turn, and :meth:`SecretaryGeneralMachine.rotation` lists the order after the last holder.

Emits ``DecisionAdopted`` for the appointment and an early release, ``OfficialAppointed`` and
``OfficialLeft`` (post ``secretary_general`` or ``acting_secretary_general``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from csto.codes import STATES, in_russian_order
from csto.errors import InternalError
from csto.law import fields
from csto.law.actions import AppointSecretaryGeneral, Position, ReleaseSecretaryGeneral
from csto.law.fields import day, flag, state, text
from csto.procedures.base import SAME, Machine, Made, Move, NoNotes, Transition, Turn
from csto.procedures.common import decision, name
from csto.record.dates import EventDate, add_months
from csto.record.events import OfficialAppointed, OfficialLeft
from csto.state.model import State
from csto.state.offices import SG_TERM_MONTHS
from csto.state.statuses import TAKES_PART

__all__ = [
    "SECRETARY_GENERAL",
    "AppointActing",
    "AppointSG",
    "Candidate",
    "EndActing",
    "EndTerm",
    "Holder",
    "OpenSecretaryGeneral",
    "ProposeSG",
    "Release",
    "SecretaryGeneralData",
    "SecretaryGeneralMachine",
    "TakeOffice",
]

SG = "secretary_general"
ACTING = "acting_secretary_general"


# --- moves ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenSecretaryGeneral(Move):
    """Open the procedure; it starts with the post as the record has it that day."""

    verb: ClassVar[str] = "open"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposeSG(Move):
    """The Council of Foreign Ministers proposes a candidate."""

    verb: ClassVar[str] = "propose"
    person: str = text("The candidate's name.")
    nationality: str = state("The candidate's nationality.")


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointSG(Move):
    """The Council appoints the Secretary-General (the proposed candidate unless named);
    ``term_start`` defaults to the day after the holder's term ends, or the move's day;
    ``proposed_by_cfm`` asserts a proposal the procedure has not seen."""

    verb: ClassVar[str] = "appoint"
    person: str | None = text("The person's name (default: the proposed candidate).", None)
    nationality: str | None = state("The person's nationality.", None)
    term_start: dt.date | None = day(
        "The day the term begins (default: the day after the holder's term ends).", None
    )
    term_end: dt.date | None = day(
        "The day the term ends (default: three years less a day after it starts).", None
    )
    proposed_by_cfm: bool | None = flag(
        "Assert that the Council of Foreign Ministers proposed the candidate "
        "(default: whether a 'propose' move did).",
        None,
    )
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class TakeOffice(Move):
    """The appointed Secretary-General takes office (the post must be vacant)."""

    verb: ClassVar[str] = "take_office"


@dataclass(frozen=True, slots=True, kw_only=True)
class EndTerm(Move):
    """The Secretary-General's term ends."""

    verb: ClassVar[str] = "end_term"


@dataclass(frozen=True, slots=True, kw_only=True)
class Release(Move):
    """The Council releases the Secretary-General early (``initiated_by``: the state that
    asks for it; ``reason``: why, in our words)."""

    verb: ClassVar[str] = "release"
    initiated_by: str | None = state(
        "The state that asks for the early release (usually the official's own).", None
    )
    reason: str | None = text("Why, in our words.", None)
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointActing(Move):
    """Someone (usually a deputy) acts as Secretary-General while the post is vacant."""

    verb: ClassVar[str] = "appoint_acting"
    person: str = text("The person's name.")
    nationality: str = state("The person's nationality.")


@dataclass(frozen=True, slots=True, kw_only=True)
class EndActing(Move):
    """The acting Secretary-General stands down."""

    verb: ClassVar[str] = "end_acting"
    reason: str | None = text("Why, in our words.", None)


# --- memory --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Holder:
    """Who holds the post (or acts in it), since when, until when."""

    person: str
    nationality: str
    acting: bool = False
    since: dt.date | None = None
    term_end: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A person proposed, or appointed and waiting to take office."""

    person: str
    nationality: str
    proposed: bool = False
    term_start: dt.date | None = None
    term_end: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SecretaryGeneralData:
    holder: Holder | None = None
    candidate: Candidate | None = None
    designate: Candidate | None = None
    last_nationality: str | None = None
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Designated:
    """Who was appointed, and the term the appointment gives."""

    person: str
    nationality: str
    term_start: dt.date
    term_end: dt.date


@dataclass(frozen=True, slots=True)
class AppointNotes:
    """The appointment: the person designated and the term."""

    designate: Designated


@dataclass(frozen=True, slots=True)
class OfficeNotes:
    """The members whose nationals may hold the post on the day the holder takes office."""

    members: tuple[str, ...]


Here = Turn[SecretaryGeneralData, NoNotes]
Data = SecretaryGeneralData


# --- proposal and appointment --------------------------------------------------------------


def _propose(turn: Here, move: ProposeSG) -> None:
    data = turn.data
    if data.designate is not None:
        turn.refuse(
            f"{data.designate.person} has been appointed already and has not yet taken office"
        )
    turn.ask(
        AppointSecretaryGeneral(
            date=move.date,
            person=move.person,
            nationality=move.nationality,
            proposed_by_cfm=True,
            term_start=_start(data, move.date, None),
        )
    )


def _proposed(data: Data, made: Made[ProposeSG, NoNotes]) -> tuple[Data, str]:
    candidate = Candidate(person=made.move.person, nationality=made.move.nationality, proposed=True)
    return dataclasses.replace(data, candidate=candidate), SAME


def _appoint(turn: Turn[Data, AppointNotes], move: AppointSG) -> None:
    data = turn.data
    if data.designate is not None:
        turn.refuse(f"{data.designate.person} has been appointed already")
    proposed = data.candidate
    person = move.person or (proposed.person if proposed else None)
    nationality = move.nationality or (proposed.nationality if proposed else None)
    if person is None or nationality is None:
        turn.refuse(
            "fields 'person' and 'nationality': no candidate has been proposed",
            "make the 'propose' move first, or name the person and nationality",
        )
    seen = proposed is not None and proposed.person == person
    by_cfm = move.proposed_by_cfm if move.proposed_by_cfm is not None else seen
    start = _start(data, move.date, move.term_start)
    verdict = turn.ask(
        AppointSecretaryGeneral(
            date=move.date,
            person=person,
            nationality=nationality,
            proposed_by_cfm=by_cfm,
            term_start=start,
            positions=move.positions,
        )
    )
    decision(
        turn,
        "CSC",
        f"On the Secretary-General of the CSTO (appointment of {person})",
        move.positions,
        verdict,
    )
    end = move.term_end or add_months(start, SG_TERM_MONTHS) - dt.timedelta(days=1)
    turn.note(AppointNotes(Designated(person, nationality, start, end)))


def _appointed(data: Data, made: Made[AppointSG, AppointNotes]) -> tuple[Data, str]:
    d = made.notes.designate
    designate = Candidate(
        person=d.person,
        nationality=d.nationality,
        proposed=True,
        term_start=d.term_start,
        term_end=d.term_end,
    )
    return dataclasses.replace(data, candidate=None, designate=designate), SAME


# --- holding the post ----------------------------------------------------------------------


def _take_office(turn: Turn[Data, OfficeNotes], move: TakeOffice) -> None:
    d = turn.data.designate
    if d is None:
        turn.refuse("no one has been appointed", "make the 'appoint' move first")
    if d.term_start is not None and move.date < d.term_start:
        turn.refuse(
            f"field 'date': {d.person}'s term starts on {d.term_start}",
            f"make the move on {d.term_start} or later",
        )
    turn.emit(
        OfficialAppointed,
        summary=f"{d.person} takes office as Secretary-General.",
        states=(d.nationality,),
        post=SG,
        person=d.person,
        nationality=d.nationality,
        term_end=None if d.term_end is None else _event_day(d.term_end),
    )
    turn.note(OfficeNotes(_members(turn.state)))


def _took_office(data: Data, made: Made[TakeOffice, OfficeNotes]) -> tuple[Data, str]:
    d = data.designate
    if d is None:  # pragma: no cover - take_office refuses without a designate
        raise InternalError("take_office without a designate")
    holder = Holder(
        person=d.person, nationality=d.nationality, since=made.move.date, term_end=d.term_end
    )
    new = dataclasses.replace(
        data,
        holder=holder,
        designate=None,
        last_nationality=d.nationality,
        members=made.notes.members,
    )
    return new, "in_office"


def _end_term(turn: Here, move: EndTerm) -> None:
    h = _holder(turn)
    if h.term_end is not None and move.date < h.term_end:
        turn.refuse(
            f"field 'date': {h.person}'s term runs until {h.term_end}",
            "release the Secretary-General early ('release'), or wait for the term's end",
        )
    _left(turn, h, SG, "term ended")


def _vacated(data: Data, made: Made[Any, NoNotes]) -> tuple[Data, str]:
    return dataclasses.replace(data, holder=None), "vacant"


def _release(turn: Here, move: Release) -> None:
    h = _holder(turn)
    title = f"On the early release of {h.person} from the post of Secretary-General"
    verdict = turn.ask(
        ReleaseSecretaryGeneral(
            date=move.date,
            person=h.person,
            initiated_by=move.initiated_by,
            positions=move.positions,
        )
    )
    decision(turn, "CSC", title, move.positions, verdict)
    _left(turn, h, SG, move.reason or "released early by the Council")


def _appoint_acting(turn: Here, move: AppointActing) -> None:
    turn.emit(
        OfficialAppointed,
        summary=f"{move.person} starts acting as Secretary-General.",
        states=(move.nationality,),
        post=ACTING,
        person=move.person,
        nationality=move.nationality,
        acting=True,
    )


def _acting(data: Data, made: Made[AppointActing, NoNotes]) -> tuple[Data, str]:
    move = made.move
    holder = Holder(person=move.person, nationality=move.nationality, acting=True, since=move.date)
    return dataclasses.replace(data, holder=holder), "acting"


def _end_acting(turn: Here, move: EndActing) -> None:
    _left(turn, _holder(turn), ACTING, move.reason or "stands down")


_ANY = ("in_office", "acting", "vacant")


class SecretaryGeneralMachine(Machine[SecretaryGeneralData]):
    kind = "secretary-general"
    title = "The Secretary-General"
    states: ClassVar[dict[str, str]] = {
        "in_office": "a Secretary-General holds the post",
        "acting": "the post is vacant; someone acts in it",
        "vacant": "no one holds the post or acts in it",
    }
    initial = ("in_office", "acting", "vacant")
    opening = OpenSecretaryGeneral
    data_type = SecretaryGeneralData
    transitions = (
        Transition(ProposeSG, _ANY, (SAME,), _propose, _proposed, asks=(AppointSecretaryGeneral,)),
        Transition(
            AppointSG,
            _ANY,
            (SAME,),
            _appoint,
            _appointed,
            asks=(AppointSecretaryGeneral,),
            departable=True,
            notes=AppointNotes,
        ),
        Transition(
            TakeOffice, ("vacant",), ("in_office",), _take_office, _took_office, notes=OfficeNotes
        ),
        Transition(EndTerm, ("in_office",), ("vacant",), _end_term, _vacated),
        Transition(
            Release,
            ("in_office",),
            ("vacant",),
            _release,
            _vacated,
            asks=(ReleaseSecretaryGeneral,),
            departable=True,
        ),
        Transition(AppointActing, ("vacant",), ("acting",), _appoint_acting, _acting),
        Transition(EndActing, ("acting",), ("vacant",), _end_acting, _vacated),
    )

    def open(self, move: OpenSecretaryGeneral, state: State) -> tuple[SecretaryGeneralData, str]:
        sg = state.secretary
        members = _members(state)
        if sg is None:
            return SecretaryGeneralData(members=members), "vacant"
        holder = Holder(
            person=sg.name,
            nationality=sg.state,
            acting=sg.acting,
            since=_day(sg.since),
            term_end=_day(sg.term_end),
        )
        data = SecretaryGeneralData(
            holder=holder, last_nationality=None if sg.acting else sg.state, members=members
        )
        return data, "acting" if sg.acting else "in_office"

    def describe(self, data: SecretaryGeneralData) -> list[str]:
        lines = []
        h = data.holder
        if h is not None:
            lines.append(
                f"{'Acting: ' if h.acting else 'In office: '}{h.person} ({h.nationality})"
                + (f" since {h.since}" if h.since else "")
                + (f", term to {h.term_end}" if h.term_end else "")
            )
        else:
            lines.append("The post is vacant.")
        if data.candidate:
            lines.append(f"Proposed: {data.candidate.person} ({data.candidate.nationality})")
        if data.designate:
            d = data.designate
            lines.append(
                f"Appointed: {d.person} ({d.nationality}), term {d.term_start} to {d.term_end}"
            )
        if data.last_nationality:
            lines.append(
                "Next by the Russian alphabet after "
                f"{name(data.last_nationality)}: " + ", ".join(self.rotation(data, data.members))
            )
        return lines

    def rotation(self, data: SecretaryGeneralData, members: tuple[str, ...] = ()) -> list[str]:
        """The states in Russian alphabetical order after the last Secretary-General's
        (among ``members``, or every state that has been a party)."""
        pool = in_russian_order(members or STATES)
        last = data.last_nationality
        if last not in pool:
            return pool
        i = pool.index(last)
        return pool[i + 1 :] + pool[: i + 1]


def _members(state: State) -> tuple[str, ...]:
    """The members whose nationals may hold the post that day (all but suspended ones)."""
    return tuple(code for code, m in state.members.items() if m.status in TAKES_PART)


def _day(text: str | None) -> dt.date | None:
    """A day from the state's ISO text; None for none, or for a month or a year."""
    if text is None or len(text) != 10:
        return None
    return dt.date.fromisoformat(text)


def _event_day(day: dt.date) -> EventDate:
    return EventDate.day(day)


def _start(data: SecretaryGeneralData, day: dt.date, given: dt.date | None) -> dt.date:
    if given is not None:
        return given
    h = data.holder
    if h is not None and not h.acting and h.term_end is not None and h.term_end >= day:
        return h.term_end + dt.timedelta(days=1)
    return day


def _holder(turn: Here) -> Holder:
    holder = turn.data.holder
    if holder is None:  # pragma: no cover - the states exclude it
        turn.refuse("no one holds the post")
    return holder


def _left(turn: Here, h: Holder, post: str, reason: str) -> None:
    turn.emit(
        OfficialLeft,
        summary=f"{h.person} leaves the post of {'acting ' if h.acting else ''}Secretary-General.",
        states=(h.nationality,),
        post=post,
        person=h.person,
        reason=reason,
    )


SECRETARY_GENERAL = SecretaryGeneralMachine()
