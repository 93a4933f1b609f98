"""A session of a deciding body (the Council, the councils of ministers, the committee):
convening and its chair, the agenda of drafts, each member's position, adoption by the rule
in force (or short of it, recorded as a departure), later signature, entry into force, and
the session's close.

Emits ``DecisionAdopted`` on adoption (``InstrumentSigned`` too when the draft is an
instrument), ``InstrumentSigned`` for a later signature, ``InstrumentEnteredIntoForce``, and
``SessionHeld`` at the close (dated the day the session sat, with who was present and absent).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from csto.codes import ORGANS
from csto.law import fields
from csto.law.actions import (
    AdoptDecision,
    ConveneSession,
    Position,
    ProposeDecision,
    TakePosition,
)
from csto.law.fields import choice, flag, state, states, text
from csto.procedures.base import SAME, Machine, Made, Move, NoNotes, Transition, Turn
from csto.procedures.common import chosen, decision, name
from csto.record.dates import EventDate
from csto.record.events import (
    DecisionAdopted,
    InstrumentEnteredIntoForce,
    InstrumentSigned,
    SessionHeld,
)
from csto.state.model import State

__all__ = [
    "SESSION",
    "Adopt",
    "Close",
    "Convene",
    "Draft",
    "Drop",
    "EnterIntoForce",
    "OpenSession",
    "Propose",
    "SessionData",
    "SessionMachine",
    "Sign",
    "TakeAPosition",
]

DraftStatus = Literal["pending", "adopted", "departed", "dropped", "not_decided"]
_ALL = frozenset({"permitted", "not_permitted", "required", "not_provided_for"})
_DECIDED = ("adopted", "departed")
_SITTING_OR_CLOSED = ("convened", "deliberating", "closed")


# --- moves ---------------------------------------------------------------------------------

_SUBJECT = "Which draft (its subject; needed when several are open)."
#: who may call a session or put a draft: a member state, the Secretary-General, an organ
_ACTORS = ("SG", *ORGANS)


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenSession(Move):
    """Open the procedure for a session of ``organ`` (the Council by default)."""

    verb: ClassVar[str] = "open"
    organ: str = fields.organ("The body: CSC, CFM, CMD, CSSC or PC.", "CSC")


@dataclass(frozen=True, slots=True, kw_only=True)
class Convene(Move):
    """A member, an organ or the Secretary-General (``SG``) calls the session, held in
    ``host`` (``place``: the city); ``chair`` only where history departs from the chair rule."""

    verb: ClassVar[str] = "convene"
    by: str = state("Who calls the session: a member state, SG, or an organ.", also=_ACTORS)
    host: str | None = state("The state where the session is held.", None)
    place: str | None = text("The city (or 'videoconference').", None)
    extraordinary: bool = flag("An extraordinary session.", False)
    chair: str | None = state("Who chaired, where history departs from the chair rule.", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Propose(Move):
    """Put a draft on the agenda (``instrument``: the id of the instrument it adopts, if any)."""

    verb: ClassVar[str] = "propose"
    by: str = state("Who puts the draft: a member state, SG, or an organ.", also=_ACTORS)
    subject: str = text("What the draft is about.")
    question: Literal["substantive", "procedural"] = choice(
        "substantive (consensus) or procedural (the rule for procedural questions).",
        "substantive",
    )
    instrument: str | None = text(
        "The id of the instrument the draft adopts, if any (e.g. CRRF-AGREEMENT-2009).", None
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TakeAPosition(Move):
    """A member states its position on a draft: support, object, abstain, absent, or
    not_participate."""

    verb: ClassVar[str] = "position"
    by: str = state("The member taking the position.")
    position: Position = choice("support, object, abstain, absent or not_participate.")
    subject: str | None = text(_SUBJECT, None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Adopt(Move):
    """The body adopts a draft on the positions taken (``depart: true`` to adopt it short of
    the rule, as in 2009)."""

    verb: ClassVar[str] = "adopt"
    subject: str | None = text(_SUBJECT, None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Drop(Move):
    """The draft is taken off the agenda or fails; nothing is adopted."""

    verb: ClassVar[str] = "drop"
    subject: str | None = text(_SUBJECT, None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Sign(Move):
    """A member that did not sign an adopted decision signs it later."""

    verb: ClassVar[str] = "sign"
    by: str = state("The member signing.")
    subject: str | None = text(_SUBJECT, None)


@dataclass(frozen=True, slots=True, kw_only=True)
class EnterIntoForce(Move):
    """An adopted instrument enters into force."""

    verb: ClassVar[str] = "enter_into_force"
    subject: str | None = text(_SUBJECT, None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Close(Move):
    """The session closes; ``present``/``absent`` where the positions do not tell."""

    verb: ClassVar[str] = "close"
    present: tuple[str, ...] = states(
        "A state present at the session (default: from the positions)."
    )
    absent: tuple[str, ...] = states(
        "A state absent from the session (default: from the positions)."
    )


# --- memory --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """A draft on the agenda, the positions taken on it, and what became of it."""

    subject: str
    by: str
    question: Literal["substantive", "procedural"] = "substantive"
    instrument: str | None = None
    positions: dict[str, Position] = field(default_factory=dict)
    status: DraftStatus = "pending"
    decision: str | None = None
    signed_by: tuple[str, ...] = ()
    in_force: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionData:
    """The session: its body, when and where it sits, who chairs, its agenda."""

    organ: str
    convened: dt.date | None = None
    by: str | None = None
    host: str | None = None
    place: str | None = None
    chair: str | None = None
    extraordinary: bool = False
    drafts: tuple[Draft, ...] = ()
    closed: dt.date | None = None

    def draft(self, subject: str) -> Draft:
        return next(d for d in self.drafts if d.subject == subject)

    def replacing(self, new: Draft) -> SessionData:
        drafts = tuple(new if d.subject == new.subject else d for d in self.drafts)
        return dataclasses.replace(self, drafts=drafts)

    @property
    def pending(self) -> tuple[Draft, ...]:
        return tuple(d for d in self.drafts if d.status == "pending")


@dataclass(frozen=True, slots=True)
class ChairNotes:
    """Who chairs the session, and whom the chair rule gave it to."""

    chair: str | None
    chair_by_rule: str | None


@dataclass(frozen=True, slots=True)
class DraftNotes:
    """Which draft the move was about."""

    subject: str


Here = Turn[SessionData, NoNotes]
OnDraft = Turn[SessionData, DraftNotes]


def _pick(turn: Turn[SessionData, Any], subject: str | None, statuses: tuple[str, ...]) -> Draft:
    data = turn.data
    matching = [d for d in data.drafts if d.status in statuses]
    if subject is None:
        if len(matching) == 1:
            return matching[0]
        turn.refuse(
            "field 'subject': say which draft"
            + (
                f"; the {' or '.join(statuses)} ones are: "
                + "; ".join(repr(d.subject) for d in matching)
                if matching
                else f"; there is no {' or '.join(statuses)} draft"
            )
        )
    for d in data.drafts:
        if d.subject == subject:
            if d.status not in statuses:
                turn.refuse(
                    f"field 'subject': the draft {subject!r} is {d.status}, not "
                    + " or ".join(statuses)
                )
            return d
    return turn.refuse(
        f"field 'subject': no draft {subject!r} on the agenda",
        "propose it first, or name one of: " + "; ".join(repr(d.subject) for d in data.drafts),
    )


def _after_agenda(data: SessionData) -> str:
    return "deliberating" if data.pending else "convened"


# --- convene -------------------------------------------------------------------------------


def _convene(turn: Turn[SessionData, ChairNotes], move: Convene) -> None:
    data = turn.data
    verdict = turn.ask(
        ConveneSession(
            date=move.date,
            by=move.by,
            organ=data.organ,
            host=move.host,
            extraordinary=move.extraordinary,
        )
    )
    rule = chosen(verdict, "chair-rule")
    by_rule = None
    if rule == "host-of-session":
        by_rule = move.host
    elif data.organ == "CSC":
        current = turn.state.chair_state
        by_rule = current.state if current else None
    turn.note(ChairNotes(chair=move.chair or by_rule, chair_by_rule=by_rule))


def _convened(data: SessionData, made: Made[Convene, ChairNotes]) -> tuple[SessionData, str]:
    move = made.move
    new = dataclasses.replace(
        data,
        convened=move.date,
        by=move.by,
        host=move.host,
        place=move.place,
        extraordinary=move.extraordinary,
        chair=made.notes.chair,
    )
    return new, "convened"


# --- propose -------------------------------------------------------------------------------


def _propose(turn: Here, move: Propose) -> None:
    data = turn.data
    if any(d.subject == move.subject for d in data.drafts):
        turn.refuse(
            f"field 'subject': a draft {move.subject!r} is on the agenda already",
            "give the new draft another subject",
        )
    turn.ask(
        ProposeDecision(
            date=move.date,
            by=move.by,
            organ=data.organ,
            subject=move.subject,
            question=move.question,
        )
    )


def _proposed(data: SessionData, made: Made[Propose, NoNotes]) -> tuple[SessionData, str]:
    move = made.move
    draft = Draft(
        subject=move.subject, by=move.by, question=move.question, instrument=move.instrument
    )
    return dataclasses.replace(data, drafts=(*data.drafts, draft)), "deliberating"


# --- positions -----------------------------------------------------------------------------


def _position(turn: OnDraft, move: TakeAPosition) -> None:
    data = turn.data
    draft = _pick(turn, move.subject, ("pending",))
    if move.by in turn.state.former_members:
        left = turn.state.former_members[move.by]
        turn.refuse(
            f"field 'by': {name(move.by)} {left.how} on {left.left}; a state that has "
            "left never votes"
        )
    turn.ask(
        TakePosition(
            date=move.date,
            by=move.by,
            position=move.position,
            organ=data.organ,
            subject=draft.subject,
        )
    )
    turn.note(DraftNotes(draft.subject))


def _positioned(
    data: SessionData, made: Made[TakeAPosition, DraftNotes]
) -> tuple[SessionData, str]:
    draft = data.draft(made.notes.subject)
    positions = {**draft.positions, made.move.by: made.move.position}
    return data.replacing(dataclasses.replace(draft, positions=positions)), SAME


# --- adopt or drop -------------------------------------------------------------------------


def _adopt(turn: OnDraft, move: Adopt) -> None:
    data = turn.data
    draft = _pick(turn, move.subject, ("pending",))
    if not draft.positions:
        turn.refuse(
            f"no member has taken a position on {draft.subject!r}",
            "take positions first ('position' moves)",
        )
    verdict = turn.ask(
        AdoptDecision(
            date=move.date,
            organ=data.organ,
            subject=draft.subject,
            question=draft.question,
            positions=draft.positions,
        )
    )
    event = decision(
        turn,
        data.organ,
        draft.subject,
        draft.positions,
        verdict,
        session=f"{turn.procedure.id}.session",
    )
    signed = event.signed_by
    if draft.instrument:
        turn.emit(
            InstrumentSigned,
            summary=f"{', '.join(map(name, signed))} sign {draft.instrument}.",
            states=signed,
            instrument=draft.instrument,
            place=data.place,
            signatories=signed,
        )
    turn.note(DraftNotes(draft.subject))


def _adopted(data: SessionData, made: Made[Adopt, DraftNotes]) -> tuple[SessionData, str]:
    draft = data.draft(made.notes.subject)
    decided = next(e for e in made.events if isinstance(e, DecisionAdopted))
    new = dataclasses.replace(
        draft,
        status="departed" if made.departure else "adopted",
        decision=decided.id,
        signed_by=decided.signed_by,
    )
    data = data.replacing(new)
    return data, _after_agenda(data)


def _drop(turn: OnDraft, move: Drop) -> None:
    data = turn.data
    draft = _pick(turn, move.subject, ("pending",))
    turn.ask(
        AdoptDecision(
            date=move.date,
            organ=data.organ,
            subject=draft.subject,
            question=draft.question,
            positions=draft.positions,
        )
    )
    turn.note(DraftNotes(draft.subject))


def _dropped(data: SessionData, made: Made[Drop, DraftNotes]) -> tuple[SessionData, str]:
    draft = data.draft(made.notes.subject)
    data = data.replacing(dataclasses.replace(draft, status="dropped"))
    return data, _after_agenda(data)


# --- after adoption ------------------------------------------------------------------------


def _sign(turn: OnDraft, move: Sign) -> None:
    data = turn.data
    draft = _pick(turn, move.subject, _DECIDED)
    if move.by in draft.signed_by:
        turn.refuse(f"field 'by': {name(move.by)} has signed {draft.subject!r} already")
    turn.ask(
        TakePosition(
            date=move.date,
            by=move.by,
            position="support",
            organ=data.organ,
            subject=draft.subject,
        )
    )
    if draft.instrument:
        turn.emit(
            InstrumentSigned,
            summary=f"{name(move.by)} signs {draft.instrument}.",
            states=(move.by,),
            instrument=draft.instrument,
            signatories=(move.by,),
        )
    turn.note(DraftNotes(draft.subject))


def _signed(data: SessionData, made: Made[Sign, DraftNotes]) -> tuple[SessionData, str]:
    draft = data.draft(made.notes.subject)
    new = dataclasses.replace(draft, signed_by=(*draft.signed_by, made.move.by))
    return data.replacing(new), SAME


def _enter_into_force(turn: OnDraft, move: EnterIntoForce) -> None:
    draft = _pick(turn, move.subject, _DECIDED)
    if not draft.instrument:
        turn.refuse(
            f"field 'subject': {draft.subject!r} names no instrument; a decision takes "
            "effect as it says, with no separate entry into force",
            "give the draft an 'instrument' when proposing it",
        )
    if draft.in_force:
        turn.refuse(f"{draft.instrument} is in force already")
    turn.emit(
        InstrumentEnteredIntoForce,
        summary=f"{draft.instrument} enters into force.",
        states=draft.signed_by,
        instrument=draft.instrument,
    )
    turn.note(DraftNotes(draft.subject))


def _entered_into_force(
    data: SessionData, made: Made[EnterIntoForce, DraftNotes]
) -> tuple[SessionData, str]:
    draft = data.draft(made.notes.subject)
    return data.replacing(dataclasses.replace(draft, in_force=True)), SAME


# --- close ---------------------------------------------------------------------------------


def _close(turn: Here, move: Close) -> None:
    data = turn.data
    if data.convened is None:  # pragma: no cover - the states exclude it
        turn.refuse("the session was never convened")
    seen: dict[str, set[str]] = {}
    for d in data.drafts:
        for code, position in d.positions.items():
            seen.setdefault(code, set()).add(position)
    present = set(move.present) or {c for c, ps in seen.items() if ps != {"absent"}}
    absent = set(move.absent) or {c for c, ps in seen.items() if ps == {"absent"}}
    both = present & absent
    if both:
        turn.refuse(f"fields 'present' and 'absent' both name {', '.join(sorted(both))}")
    decided = [d.subject for d in data.drafts if d.status in _DECIDED]
    turn.emit(
        SessionHeld,
        summary=f"Session of the {name(data.organ)}"
        + (f" in {data.place}" if data.place else "")
        + (f": {len(decided)} decision(s) adopted." if decided else "."),
        states=present | absent | ({data.chair} if data.chair else set()),
        date=EventDate.day(data.convened),
        event_id=f"{turn.procedure.id}.session",
        organ=data.organ,
        place=data.place,
        end_date=EventDate.day(move.date) if move.date > data.convened else None,
        chair=data.chair,
        present=tuple(sorted(present)),
        absent=tuple(sorted(absent)),
        headlines=tuple(decided),
    )


def _closed(data: SessionData, made: Made[Close, NoNotes]) -> tuple[SessionData, str]:
    drafts = tuple(
        dataclasses.replace(d, status="not_decided") if d.status == "pending" else d
        for d in data.drafts
    )
    return dataclasses.replace(data, drafts=drafts, closed=made.move.date), "closed"


class SessionMachine(Machine[SessionData]):
    kind = "session"
    title = "A session of a deciding body"
    states: ClassVar[dict[str, str]] = {
        "new": "not yet called",
        "convened": "called and sitting; no draft pending",
        "deliberating": "at least one draft before the body",
        "closed": "the session is over",
    }
    initial = ("new",)
    finals = ("closed",)
    opening = OpenSession
    data_type = SessionData
    transitions = (
        Transition(
            Convene,
            ("new",),
            ("convened",),
            _convene,
            _convened,
            asks=(ConveneSession,),
            notes=ChairNotes,
        ),
        Transition(
            Propose,
            ("convened", "deliberating"),
            ("deliberating",),
            _propose,
            _proposed,
            asks=(ProposeDecision,),
        ),
        Transition(
            TakeAPosition,
            ("deliberating",),
            (SAME,),
            _position,
            _positioned,
            asks=(TakePosition,),
            notes=DraftNotes,
        ),
        Transition(
            Adopt,
            ("deliberating",),
            ("deliberating", "convened"),
            _adopt,
            _adopted,
            asks=(AdoptDecision,),
            departable=True,
            notes=DraftNotes,
        ),
        Transition(
            Drop,
            ("deliberating",),
            ("deliberating", "convened"),
            _drop,
            _dropped,
            asks=(AdoptDecision,),
            accepts=_ALL,
            notes=DraftNotes,
        ),
        Transition(
            Sign,
            ("convened", "deliberating", "closed"),
            (SAME,),
            _sign,
            _signed,
            asks=(TakePosition,),
            notes=DraftNotes,
        ),
        Transition(
            EnterIntoForce,
            _SITTING_OR_CLOSED,
            (SAME,),
            _enter_into_force,
            _entered_into_force,
            notes=DraftNotes,
        ),
        Transition(Close, ("convened", "deliberating"), ("closed",), _close, _closed),
    )

    def open(self, move: OpenSession, state: State) -> tuple[SessionData, str]:
        return SessionData(organ=move.organ), "new"

    def describe(self, data: SessionData) -> list[str]:
        lines = [f"Body: {name(data.organ)} ({data.organ})"]
        if data.convened:
            lines.append(
                f"Sitting: {data.convened}"
                + (f" in {data.place}" if data.place else "")
                + (f", {name(data.host)} hosting" if data.host else "")
                + (", extraordinary" if data.extraordinary else "")
                + f"; chair: {name(data.chair) if data.chair else 'not determined'}"
            )
        for d in data.drafts:
            taken = ", ".join(f"{c} {p}" for c, p in sorted(d.positions.items())) or "none"
            lines.append(f"Draft {d.subject!r} ({d.question}): {d.status}; positions: {taken}")
            if d.signed_by:
                lines.append(f"  signed by {', '.join(d.signed_by)}")
        if data.closed:
            lines.append(f"Closed: {data.closed}")
        return lines


SESSION = SessionMachine()
