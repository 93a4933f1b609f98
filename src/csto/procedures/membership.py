"""Membership of one state: accession (application, the Council's decision, deposit),
withdrawal (notice, the notice period, obligations, effect), suspension (on a breach or at the
member's own request), exclusion, restoration, and the frozen participation that the law does
not name.

Emits ``DecisionAdopted`` for admission and exclusion, ``Acceded`` (or ``Readmitted`` for a
former member) on deposit, ``WithdrawalNotified`` and ``Withdrew``, ``SuspensionRequested``,
``ParticipationSuspended``, ``ParticipationFrozen`` and ``ParticipationResumed``. The record
has no event for an exclusion taking effect: the decision is emitted, the state's membership
is not ended by it (see docs/procedures.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from csto.law import fields
from csto.law.actions import (
    Accede,
    ExcludeMember,
    FreezeParticipation,
    NotifyWithdrawal,
    Position,
    RestoreMember,
    SuspendMember,
)
from csto.law.fields import day, flag, text
from csto.procedures.base import SAME, Machine, Made, Move, NoNotes, Transition, Turn
from csto.procedures.common import decision, name
from csto.record.dates import EventDate, add_months
from csto.record.events import (
    Acceded,
    Expelled,
    ParticipationFrozen,
    ParticipationResumed,
    ParticipationSuspended,
    Readmitted,
    Statement,
    SuspensionRequested,
    WithdrawalNotified,
    Withdrew,
)
from csto.state.model import State
from csto.state.statuses import WITHDRAWAL_NOTICE_MONTHS, is_member

__all__ = [
    "MEMBERSHIP",
    "Admit",
    "Apply",
    "Deposit",
    "Exclude",
    "Freeze",
    "MembershipData",
    "MembershipMachine",
    "NotifyWithdrawalMove",
    "OpenMembership",
    "RequestSuspension",
    "Restore",
    "Resume",
    "SettleObligations",
    "Suspend",
    "TakeEffect",
]

_ANSWERED = frozenset({"permitted", "required", "not_provided_for"})
_CHARTER = "CHARTER-2002"
_TREATY = "CST-1992"


# --- moves ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenMembership(Move):
    """Open the procedure for ``state``; it starts where the record has the state that day."""

    verb: ClassVar[str] = "open"
    state: str = fields.state("The state concerned (any state's code or name).", any_state=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Apply(Move):
    """The state applies to join (or to rejoin)."""

    verb: ClassVar[str] = "apply"


@dataclass(frozen=True, slots=True, kw_only=True)
class Admit(Move):
    """The Council decides on the application, on the members' ``positions``."""

    verb: ClassVar[str] = "admit"
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class Deposit(Move):
    """The state deposits its instrument (``instrument``: the Treaty before the Charter, the
    Charter after, by default) and becomes a member."""

    verb: ClassVar[str] = "deposit"
    instrument: str | None = text(
        "The instrument deposited (default: the Treaty before the Charter, the Charter after).",
        None,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class NotifyWithdrawalMove(Move):
    """The member gives written notice of withdrawal; ``effective``: the day it names (at
    least six months on); ``obligations_settled``: false if it still owes (contributions...)."""

    verb: ClassVar[str] = "notify_withdrawal"
    effective: dt.date | None = day(
        "The withdrawal date the notice names (default: the earliest lawful day).", None
    )
    obligations_settled: bool | None = flag(
        "Whether the member has settled its obligations (contributions).", None
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SettleObligations(Move):
    """The withdrawing member settles what it owes."""

    verb: ClassVar[str] = "settle"


@dataclass(frozen=True, slots=True, kw_only=True)
class TakeEffect(Move):
    """The withdrawal takes effect (not before the notice period has run out)."""

    verb: ClassVar[str] = "take_effect"


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestSuspension(Move):
    """The member asks the Council to suspend its own participation (Uzbekistan, 2012)."""

    verb: ClassVar[str] = "request_suspension"


@dataclass(frozen=True, slots=True, kw_only=True)
class Suspend(Move):
    """The Council suspends the member: at its request if it asked, else for a breach;
    ``grounds`` is the text recorded."""

    verb: ClassVar[str] = "suspend"
    positions: dict[str, Position] = fields.positions()
    grounds: str | None = text("The grounds as recorded, in words.", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Restore(Move):
    """The Council ends the suspension."""

    verb: ClassVar[str] = "restore"
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class Freeze(Move):
    """The member declares that it freezes its participation (``said``: its words, in ours)."""

    verb: ClassVar[str] = "freeze"
    said: str | None = text("What the state said, in our words.", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Resume(Move):
    """The frozen member takes part again."""

    verb: ClassVar[str] = "resume"


@dataclass(frozen=True, slots=True, kw_only=True)
class Exclude(Move):
    """The Council expels the member."""

    verb: ClassVar[str] = "exclude"
    positions: dict[str, Position] = fields.positions()


# --- memory --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class MembershipData:
    """One state's standing and the open business about it."""

    state: str
    former: bool = False
    needs_decision: bool = False
    admitted_by: dict[str, Position] = field(default_factory=dict)
    notice: dt.date | None = None
    effective: dt.date | None = None
    obligations_settled: bool | None = None
    instrument: str | None = None
    requested: bool = False


def _founding(state: State) -> str:
    """The instrument membership rests on that day: the Charter once in force, else the Treaty."""
    charter = state.instruments.get(_CHARTER)
    return _CHARTER if charter is not None and charter.in_force else _TREATY


_FROM_STATUS = {
    "member": "member",
    "withdrawal_pending": "withdrawal_pending",
    "participation_suspended": "suspended",
    "participation_frozen": "frozen",
}
_TAKING_PART = ("member", "frozen")


@dataclass(frozen=True, slots=True)
class ApplyNotes:
    """Whether the accession needs the Council's decision on the day the state applied."""

    needs_decision: bool


@dataclass(frozen=True, slots=True)
class NoticeNotes:
    """The day the withdrawal takes effect, and the instrument the state leaves."""

    effective: dt.date
    instrument: str


Here = Turn[MembershipData, NoNotes]


# --- accession -----------------------------------------------------------------------------


def _apply(turn: Turn[MembershipData, ApplyNotes], move: Apply) -> None:
    verdict = turn.ask(Accede(date=move.date, by=turn.data.state))
    turn.note(ApplyNotes(needs_decision=verdict.deciding_organ is not None))


def _applied(data: MembershipData, made: Made[Apply, ApplyNotes]) -> tuple[MembershipData, str]:
    return dataclasses.replace(data, needs_decision=made.notes.needs_decision), "applied"


def _admit(turn: Here, move: Admit) -> None:
    data = turn.data
    if not data.needs_decision:
        turn.refuse(
            f"{name(data.state)}'s accession needs no decision on the day it applied",
            "deposit its instrument ('deposit')",
        )
    verdict = turn.ask(Accede(date=move.date, by=data.state, positions=move.positions))
    decision(turn, "CSC", f"Admission of {name(data.state)}", move.positions, verdict)


def _admitted(data: MembershipData, made: Made[Admit, NoNotes]) -> tuple[MembershipData, str]:
    return dataclasses.replace(data, admitted_by=dict(made.move.positions)), "admitted"


def _deposit(turn: Here, move: Deposit) -> None:
    data = turn.data
    if data.needs_decision and not data.admitted_by:
        turn.refuse(
            f"{name(data.state)} must first be admitted by the Council",
            "make the 'admit' move with the members' positions",
        )
    turn.ask(Accede(date=move.date, by=data.state, positions=data.admitted_by))
    instrument = move.instrument or _founding(turn.state)
    if data.former:
        turn.emit(
            Readmitted,
            summary=f"{name(data.state)} becomes a member again.",
            states=(data.state,),
            state=data.state,
            instrument=instrument,
        )
    else:
        turn.emit(
            Acceded,
            summary=f"{name(data.state)} accedes to {instrument}.",
            states=(data.state,),
            state=data.state,
            instrument=instrument,
        )


def _deposited(data: MembershipData, made: Made[Deposit, NoNotes]) -> tuple[MembershipData, str]:
    return MembershipData(state=data.state), "member"


# --- withdrawal ----------------------------------------------------------------------------


def _notify_withdrawal(turn: Turn[MembershipData, NoticeNotes], move: NotifyWithdrawalMove) -> None:
    data = turn.data
    earliest = add_months(move.date, WITHDRAWAL_NOTICE_MONTHS)
    if move.effective is not None and move.effective < earliest:
        turn.refuse(
            f"field 'effective': {move.effective} is less than {WITHDRAWAL_NOTICE_MONTHS} "
            f"months after the notice ({move.date}); a withdrawal never takes effect before "
            "its notice period ends",
            f"name {earliest} or later",
        )
    turn.ask(
        NotifyWithdrawal(
            date=move.date,
            by=data.state,
            effective=move.effective,
            obligations_settled=move.obligations_settled,
        )
    )
    effective = move.effective or earliest
    instrument = _founding(turn.state)
    turn.emit(
        WithdrawalNotified,
        summary=f"{name(data.state)} gives notice of withdrawal, effective {effective}.",
        states=(data.state,),
        state=data.state,
        instrument=instrument,
        effective=EventDate.day(effective),
    )
    turn.note(NoticeNotes(effective=effective, instrument=instrument))


def _notified(
    data: MembershipData, made: Made[NotifyWithdrawalMove, NoticeNotes]
) -> tuple[MembershipData, str]:
    new = dataclasses.replace(
        data,
        notice=made.move.date,
        effective=made.notes.effective,
        obligations_settled=made.move.obligations_settled,
        instrument=made.notes.instrument,
    )
    return new, "withdrawal_pending"


def _settle(turn: Here, move: SettleObligations) -> None:
    data = turn.data
    if data.obligations_settled is not False:
        turn.refuse(f"{name(data.state)} owes nothing the procedure knows of")


def _settled(
    data: MembershipData, made: Made[SettleObligations, NoNotes]
) -> tuple[MembershipData, str]:
    return dataclasses.replace(data, obligations_settled=True), SAME


def _take_effect(turn: Here, move: TakeEffect) -> None:
    data = turn.data
    if data.effective is None:
        turn.refuse(
            "the record gives no day on which the withdrawal takes effect",
            "the notice must be dated to the day",
        )
    if move.date < data.effective:
        turn.refuse(
            f"field 'date': the notice period runs until {data.effective}; a withdrawal "
            "never takes effect before it ends",
            f"make the move on {data.effective} or later",
        )
    if data.obligations_settled is False:
        turn.refuse(
            f"{name(data.state)} has not settled its obligations; the Charter wants them "
            "settled before the withdrawal",
            "make the 'settle' move first",
        )
    turn.emit(
        Withdrew,
        summary=f"{name(data.state)}'s withdrawal takes effect.",
        states=(data.state,),
        state=data.state,
        instrument=data.instrument,
    )


def _took_effect(
    data: MembershipData, made: Made[TakeEffect, NoNotes]
) -> tuple[MembershipData, str]:
    return MembershipData(state=data.state, former=True), "withdrawn"


# --- suspension, freezing, exclusion -------------------------------------------------------


def _request_suspension(turn: Here, move: RequestSuspension) -> None:
    data = turn.data
    turn.ask(SuspendMember(date=move.date, state=data.state, grounds="own_request"))
    turn.emit(
        SuspensionRequested,
        summary=f"{name(data.state)} asks that its participation be suspended.",
        states=(data.state,),
        state=data.state,
        instrument=_CHARTER,
    )


def _suspension_requested(
    data: MembershipData, made: Made[RequestSuspension, NoNotes]
) -> tuple[MembershipData, str]:
    return dataclasses.replace(data, requested=True), "suspension_requested"


def _suspend(turn: Here, move: Suspend) -> None:
    data = turn.data
    grounds: Literal["own_request", "breach"] = "own_request" if data.requested else "breach"
    turn.ask(
        SuspendMember(date=move.date, state=data.state, grounds=grounds, positions=move.positions)
    )
    turn.emit(
        ParticipationSuspended,
        summary=f"The Collective Security Council suspends {name(data.state)}'s participation.",
        states=(data.state,),
        state=data.state,
        by="CSC",
        grounds=move.grounds
        or ("At its own request." if grounds == "own_request" else "A breach of obligations."),
    )


def _suspended(data: MembershipData, made: Made[Suspend, NoNotes]) -> tuple[MembershipData, str]:
    return dataclasses.replace(data, requested=False), "suspended"


def _restore(turn: Here, move: Restore) -> None:
    data = turn.data
    turn.ask(RestoreMember(date=move.date, state=data.state, positions=move.positions))
    turn.emit(
        ParticipationResumed,
        summary=f"The Council restores {name(data.state)}'s participation.",
        states=(data.state,),
        state=data.state,
    )


def _freeze(turn: Here, move: Freeze) -> None:
    data = turn.data
    turn.ask(FreezeParticipation(date=move.date, by=data.state))
    turn.emit(
        ParticipationFrozen,
        summary=f"{name(data.state)} freezes its participation.",
        states=(data.state,),
        state=data.state,
        statements=(Statement(by=data.state, said=move.said),) if move.said else (),
    )


def _resume(turn: Here, move: Resume) -> None:
    data = turn.data
    turn.ask(RestoreMember(date=move.date, state=data.state))
    turn.emit(
        ParticipationResumed,
        summary=f"{name(data.state)} takes part again.",
        states=(data.state,),
        state=data.state,
    )


def _exclude(turn: Here, move: Exclude) -> None:
    data = turn.data
    verdict = turn.ask(ExcludeMember(date=move.date, state=data.state, positions=move.positions))
    decision(turn, "CSC", f"Expulsion of {name(data.state)}", move.positions, verdict)
    turn.emit(
        Expelled,
        summary=f"The Council expels {name(data.state)}"
        + (" short of its decision rule." if turn.departure else "."),
        states=(data.state,),
        state=data.state,
        by="CSC",
    )


class MembershipMachine(Machine[MembershipData]):
    kind = "membership"
    title = "Membership of a state"
    states: ClassVar[dict[str, str]] = {
        "outside": "not a member (never was, or has left)",
        "applied": "has applied to join",
        "admitted": "admitted by the Council; its instrument not yet deposited",
        "member": "a member taking part",
        "withdrawal_pending": "a member that has given notice; still a member",
        "suspension_requested": "a member that has asked for its own suspension",
        "suspended": "a member whose participation is suspended",
        "frozen": "a member that has frozen its own participation (a status the law does not name)",
        "withdrawn": "its withdrawal has taken effect",
        "excluded": "expelled by the Council",
    }
    initial = ("outside", "member", "withdrawal_pending", "suspended", "frozen")
    finals = ("withdrawn", "excluded")
    opening = OpenMembership
    data_type = MembershipData
    transitions = (
        Transition(
            Apply,
            ("outside", "withdrawn"),
            ("applied",),
            _apply,
            _applied,
            asks=(Accede,),
            notes=ApplyNotes,
        ),
        Transition(
            Admit, ("applied",), ("admitted",), _admit, _admitted, asks=(Accede,), departable=True
        ),
        Transition(
            Deposit, ("applied", "admitted"), ("member",), _deposit, _deposited, asks=(Accede,)
        ),
        Transition(
            NotifyWithdrawalMove,
            ("member", "frozen", "suspended"),
            ("withdrawal_pending",),
            _notify_withdrawal,
            _notified,
            asks=(NotifyWithdrawal,),
            departable=True,
            notes=NoticeNotes,
        ),
        Transition(SettleObligations, ("withdrawal_pending",), (SAME,), _settle, _settled),
        Transition(TakeEffect, ("withdrawal_pending",), ("withdrawn",), _take_effect, _took_effect),
        Transition(
            RequestSuspension,
            _TAKING_PART,
            ("suspension_requested",),
            _request_suspension,
            _suspension_requested,
            asks=(SuspendMember,),
            accepts=_ANSWERED,
        ),
        Transition(
            Suspend,
            (*_TAKING_PART, "suspension_requested"),
            ("suspended",),
            _suspend,
            _suspended,
            asks=(SuspendMember,),
            departable=True,
        ),
        Transition(
            Restore,
            ("suspended",),
            ("member",),
            _restore,
            asks=(RestoreMember,),
            departable=True,
        ),
        Transition(
            Freeze,
            ("member",),
            ("frozen",),
            _freeze,
            asks=(FreezeParticipation,),
            accepts=_ANSWERED,
        ),
        Transition(
            Resume, ("frozen",), ("member",), _resume, asks=(RestoreMember,), accepts=_ANSWERED
        ),
        Transition(
            Exclude,
            ("member", "frozen", "suspended", "suspension_requested"),
            ("excluded",),
            _exclude,
            asks=(ExcludeMember,),
            departable=True,
        ),
    )

    def open(self, move: OpenMembership, state: State) -> tuple[MembershipData, str]:
        member = state.members.get(move.state)
        former = move.state in state.former_members
        if member is None or not is_member(member.status):
            return MembershipData(state=move.state, former=former), "outside"
        effective = None if member.effective is None else dt.date.fromisoformat(member.effective)
        data = MembershipData(state=move.state, effective=effective)
        return data, _FROM_STATUS[member.status]

    def describe(self, data: MembershipData) -> list[str]:
        lines = [f"State: {name(data.state)} ({data.state})"]
        if data.notice:
            lines.append(f"Notice given {data.notice}; withdrawal takes effect {data.effective}")
            if data.obligations_settled is False:
                lines.append("Obligations outstanding: to be settled before the withdrawal")
        elif data.effective:
            lines.append(f"Withdrawal takes effect {data.effective}")
        if data.requested:
            lines.append("Has asked for its own suspension")
        return lines


MEMBERSHIP = MembershipMachine()
