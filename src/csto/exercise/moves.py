"""The moves of an exercise: what a seat, the chair and the facilitator may do, each declared
once with its fields (:mod:`csto.law.fields`), as the law's actions and the procedures'
moves are. The command line's options, the JSON Schema (:func:`move_schema`) and the strict
decoder (:func:`read_move`) follow from the declarations, so the terminal, files and (later)
the web accept and refuse the same inputs.

A move never names its day: it is made on the exercise's in-game date. It never names its
actor either: the credential it comes with says which seat makes it. ``by`` may be given
(it is checked against the seat: a seat acts only for its state).

Which role may make which move, in which channel, is :mod:`csto.exercise.permissions`'s; what
each move asks the procedures and the law is :mod:`csto.exercise.steps`'s.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from csto.errors import InputError, Problem
from csto.law.actions import ForceId
from csto.law.fields import Resolved, choice, day, decode, flag, json_schema, number, state, text

__all__ = [
    "CONTROLS",
    "MOVES",
    "Amend",
    "Apply",
    "AskFloor",
    "CallConsensus",
    "CloseItem",
    "Consult",
    "DeclareAdopted",
    "DeclareBlocked",
    "End",
    "ExMove",
    "GiveFloor",
    "GiveNotice",
    "Inject",
    "Leave",
    "Message",
    "OpenArchive",
    "OpenItem",
    "Pause",
    "Position",
    "RequestAssistance",
    "Resume",
    "Return",
    "Rewind",
    "SetSeat",
    "Start",
    "Statement",
    "Table",
    "move_class",
    "move_schema",
    "move_to_data",
    "read_move",
]

_BY = "Whom you act for: your own state (optional; a seat acts only for its state)."
_SUBJECT = "Which draft (its subject; needed when several are open)."
_SEAT_WORDS = ("chair", "facilitator")


def _seats(help: str) -> Any:
    """Several seats: state codes or names, ``chair`` or ``facilitator`` (repeatable)."""
    meta = {"help": help, "kind": "state", "also": _SEAT_WORDS, "any_state": True}
    return dataclasses.field(default=(), metadata=meta)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExMove:
    """What every exercise move has: its verb, and optionally whom it is made for."""

    verb: ClassVar[str] = ""
    #: moves about the business of an agenda item need one open
    on_item: ClassVar[bool] = False
    by: str | None = state(_BY, None, also=_SEAT_WORDS, any_state=True)


# --- the room: every seat ------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class AskFloor(ExMove):
    """Ask the chair for the floor (you join the speakers' list)."""

    verb: ClassVar[str] = "ask_floor"
    on_item: ClassVar[bool] = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement(ExMove):
    """Make a public statement to the room (with the floor, when the floor is strict)."""

    verb: ClassVar[str] = "statement"
    on_item: ClassVar[bool] = True
    text: str = text("What you say, in your words.")


@dataclass(frozen=True, slots=True, kw_only=True)
class Message(ExMove):
    """Send a private message to one or more seats: only the channel's members ever see it
    (the facilitator too only if the exercise says so, and everyone once the archive opens)."""

    verb: ClassVar[str] = "message"
    to: tuple[str, ...] = _seats("A seat to send to: a state, chair or facilitator. Repeatable.")
    text: str = text("The message.")


@dataclass(frozen=True, slots=True, kw_only=True)
class Table(ExMove):
    """Table a draft on the open agenda item (the law: may you put a draft; by which rule is it
    decided)."""

    verb: ClassVar[str] = "table"
    on_item: ClassVar[bool] = True
    subject: str = text("What the draft is about (its name on the agenda).")
    text: str = text("The draft's operative words.")
    kind: Literal["decision", "assistance", "admission"] = choice(
        "decision (a decision of the Council), assistance (an answer to a request for help: "
        "give 'form'), or admission (admitting an applicant).",
        "decision",
    )
    form: Literal["forces", "mission", "material", "statement"] | None = choice(
        "For assistance: forces, a mission, material help, or a statement.", None
    )
    force: ForceId | None = choice("For assistance with forces: CRRF, CPF, CRDF-CA or CAF.", None)
    question: Literal["substantive", "procedural"] = choice(
        "substantive (the Council's decision rule) or procedural.", "substantive"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Amend(ExMove):
    """Propose new words for a draft not yet put to the Council (an amendment is a proposal:
    the law is asked whether you may put it)."""

    verb: ClassVar[str] = "amend"
    on_item: ClassVar[bool] = True
    subject: str | None = text(_SUBJECT, None)
    text: str = text("The draft's new operative words.")


@dataclass(frozen=True, slots=True, kw_only=True)
class Position(ExMove):
    """State your position on the draft the chair has put to the Council: support, object or
    abstain (only once the chair has called for consensus)."""

    verb: ClassVar[str] = "position"
    on_item: ClassVar[bool] = True
    subject: str | None = text(_SUBJECT, None)
    position: Literal["support", "object", "abstain"] = choice("support, object or abstain.")


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestAssistance(ExMove):
    """Ask the members for help (the Treaty's art. 4 or art. 2): the law says whether help is
    owed; the request goes on the agenda."""

    verb: ClassVar[str] = "request_assistance"
    on_item: ClassVar[bool] = True
    grounds: Literal["aggression", "threat", "unrest"] = choice(
        "aggression (art. 4), threat (art. 2) or unrest with alleged outside interference."
    )
    attacker: str | None = state(
        "Who attacks: a state (code or name), or non-state.",
        None,
        also=("non-state",),
        any_state=True,
    )
    territory: Literal["recognised", "undelimited", "disputed"] = choice(
        "Where the fighting is: recognised, undelimited or disputed territory.", "recognised"
    )
    article: str | None = text("The article the request cites (e.g. 'CST-1992 art. 4').", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class GiveNotice(ExMove):
    """Give written notice of your state's withdrawal (the law: when it takes effect)."""

    verb: ClassVar[str] = "give_notice"
    effective: dt.date | None = day(
        "The day the withdrawal is to take effect (at least six months on).", None
    )
    obligations_settled: bool | None = flag(
        "False if your state still owes (contributions...).", None
    )
    insist: bool = flag("Give notice even if the law refuses it (recorded as a departure).", False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Apply(ExMove):
    """Apply to join the Organization (a guest state; the law: who admits it)."""

    verb: ClassVar[str] = "apply"
    on_item: ClassVar[bool] = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Leave(ExMove):
    """Leave the room: your seat counts as absent until you return."""

    verb: ClassVar[str] = "leave"
    reason: str | None = text("Why (said to the room).", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Return(ExMove):
    """Come back into the room."""

    verb: ClassVar[str] = "return"


# --- the chair -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenItem(ExMove):
    """Open an agenda item (its timer starts now); the first one opens the session."""

    verb: ClassVar[str] = "open_item"
    item: str = text("The agenda item's id.")


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseItem(ExMove):
    """Close the open agenda item; drafts not decided stay undecided."""

    verb: ClassVar[str] = "close_item"
    item: str | None = text("The agenda item's id (default: the open one).", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class GiveFloor(ExMove):
    """Give the floor to a seat (the next on the speakers' list by default)."""

    verb: ClassVar[str] = "give_floor"
    on_item: ClassVar[bool] = True
    seat: str | None = state("The seat to speak.", None, also=_SEAT_WORDS, any_state=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Consult(ExMove):
    """Hold urgent consultations on the request for help (the Treaty's art. 2)."""

    verb: ClassVar[str] = "consult"
    on_item: ClassVar[bool] = True
    topic: str | None = text("What the consultations are about.", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class CallConsensus(ExMove):
    """Put a draft to the Council: the members now state their positions."""

    verb: ClassVar[str] = "call_consensus"
    on_item: ClassVar[bool] = True
    subject: str | None = text(_SUBJECT, None)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclareAdopted(ExMove):
    """Declare the draft adopted on the positions taken (the law counts them); ``insist`` to
    declare it adopted although the law refuses, recorded as a departure from the rule."""

    verb: ClassVar[str] = "declare_adopted"
    on_item: ClassVar[bool] = True
    subject: str | None = text(_SUBJECT, None)
    insist: bool = flag("Declare it adopted even if the law refuses (a departure).", False)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclareBlocked(ExMove):
    """Declare that the draft is not adopted (blocked, or withdrawn)."""

    verb: ClassVar[str] = "declare_blocked"
    on_item: ClassVar[bool] = True
    subject: str | None = text(_SUBJECT, None)


# --- the facilitator (the white cell) ------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Start(ExMove):
    """Start the exercise: the seats may act."""

    verb: ClassVar[str] = "start"


@dataclass(frozen=True, slots=True, kw_only=True)
class Pause(ExMove):
    """Pause the exercise, with a reason shown to every seat; timers stop."""

    verb: ClassVar[str] = "pause"
    reason: str = text("Why the exercise is paused (shown to all).")


@dataclass(frozen=True, slots=True, kw_only=True)
class Resume(ExMove):
    """Resume a paused exercise; timers run again."""

    verb: ClassVar[str] = "resume"


@dataclass(frozen=True, slots=True, kw_only=True)
class Inject(ExMove):
    """Inject an event: one the exercise prepared (``id``), or news written now; a change of
    facts adds record events to the world the law judges; ``date`` moves the in-game date on."""

    verb: ClassVar[str] = "inject"
    id: str | None = text("A prepared inject's id (its text, facts and date come with it).", None)
    kind: Literal["news", "facts", "attack"] | None = choice(
        "news, facts (a change of facts) or attack (for an inject written now).", None
    )
    title: str | None = text("A headline (for an inject written now).", None)
    text: str | None = text("What happened (for an inject written now).", None)
    date: dt.date | None = day("Move the in-game date on to this day.", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rewind(ExMove):
    """Go back to the state after an earlier turn and play on from there: the turns after it
    are kept as an abandoned branch, never overwritten."""

    verb: ClassVar[str] = "rewind"
    to: int = number("The turn to go back to (0: the start).")


@dataclass(frozen=True, slots=True, kw_only=True)
class SetSeat(ExMove):
    """Say who plays a seat from now on: a person, a bot (under the exercise's policy and
    seed), or nobody (absent)."""

    verb: ClassVar[str] = "set_seat"
    seat: str = state("The seat.", also=_SEAT_WORDS, any_state=True)
    play: Literal["human", "bot", "absent"] = choice("human, bot or absent.")


@dataclass(frozen=True, slots=True, kw_only=True)
class End(ExMove):
    """End the exercise: no move is taken after it."""

    verb: ClassVar[str] = "end"


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenArchive(ExMove):
    """Open the archive to all for the debrief: every private channel becomes readable."""

    verb: ClassVar[str] = "open_archive"


#: every move a participant may make, by verb (the docs' and the matrix's order)
MOVES: dict[str, type[ExMove]] = {
    cls.verb: cls
    for cls in (
        AskFloor,
        Statement,
        Message,
        Table,
        Amend,
        Position,
        RequestAssistance,
        GiveNotice,
        Apply,
        Leave,
        Return,
        OpenItem,
        CloseItem,
        GiveFloor,
        Consult,
        CallConsensus,
        DeclareAdopted,
        DeclareBlocked,
        Start,
        Pause,
        Resume,
        Inject,
        Rewind,
        SetSeat,
        End,
        OpenArchive,
    )
}
#: the facilitator's controls (the white cell's moves)
CONTROLS = (
    "start",
    "pause",
    "resume",
    "inject",
    "rewind",
    "set_seat",
    "end",
    "open_archive",
)


def move_class(verb: object) -> type[ExMove]:
    """The move named ``verb``; an InputError listing the moves otherwise."""
    word = str(verb).strip().replace("-", "_") if isinstance(verb, str) else None
    cls = MOVES.get(word or "")
    if cls is None:
        raise InputError(
            f"{verb!r} is not an exercise move",
            (
                Problem(
                    "unknown move",
                    field="move.move",
                    expected="one of " + ", ".join(MOVES),
                    got=repr(verb),
                ),
            ),
        )
    return cls


def read_move(
    data: Mapping[str, Any], *, file: str = "<move>", path: str = "move"
) -> tuple[ExMove, tuple[Resolved, ...]]:
    """A move from ``{"move": "position", "subject": "...", "position": "support"}``, through
    the one decoder of :mod:`csto.law.fields`; InputError listing every problem otherwise
    (nothing is judged, nothing written)."""
    if not isinstance(data, Mapping):
        raise InputError(
            "a move is a mapping",
            (Problem("expected a mapping with 'move'", file=file, field=path),),
        )
    if "move" not in data:
        raise InputError(
            "the move does not say what it is",
            (
                Problem(
                    "missing required field 'move'",
                    file=file,
                    field=f"{path}.move",
                    expected="one of " + ", ".join(MOVES),
                ),
            ),
        )
    cls = move_class(data["move"])
    return decode(cls, data, file=file, path=path, skip=("move",))


def move_to_data(move: ExMove) -> dict[str, Any]:
    """The move as plain data (the form :func:`read_move` reads), defaults left out."""
    out: dict[str, Any] = {"move": move.verb}
    for f in dataclasses.fields(move):
        value = getattr(move, f.name)
        if value is None or value == () or (value is False and f.name == "insist"):
            continue
        out[f.name] = value.isoformat() if hasattr(value, "isoformat") else value
        if isinstance(value, tuple):
            out[f.name] = list(value)
    return out


def move_schema() -> dict[str, Any]:
    """The JSON Schema of every exercise move (generated from the declarations)."""
    return {"oneOf": [json_schema(cls, "move") for cls in MOVES.values()]}
