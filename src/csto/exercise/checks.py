"""The moves' own conditions, and the procedure steps each asks (the referee's last check
before the law): an item to open that exists and is pending, the floor, a draft to position
on that has been put to the Council, a declaration after the call, a request to consult on,
an inject that exists and moves the date forward only... Each check refuses with
:class:`RefusalError` (its kind and reasons) or returns the move's plan for
:mod:`csto.exercise.steps` (or, for a message, the channel's members).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from csto.codes import label
from csto.exercise.config import Seat
from csto.exercise.game import Exercise
from csto.exercise.moves import (
    Amend,
    AskFloor,
    CallConsensus,
    CloseItem,
    Consult,
    DeclareAdopted,
    DeclareBlocked,
    ExMove,
    GiveFloor,
    GiveNotice,
    Inject,
    Message,
    OpenItem,
    Position,
    RequestAssistance,
    SetSeat,
    Statement,
    Table,
)
from csto.exercise.play import DraftState, Play
from csto.exercise.steps import (
    LawAsk,
    close,
    consult,
    convene,
    drop,
    membership,
    position,
    propose,
    request,
)
from csto.exercise.steps import decide as decide_draft
from csto.law.actions import ProposeDecision
from csto.procedures import membership as mem
from csto.record.codec import event_from_data

__all__ = ["CHECKS", "RefusalError", "date_after"]


class RefusalError(Exception):
    """A move refused by the referee: its kind, the reasons, the law's verdicts if any."""

    def __init__(self, kind: str, *reasons: str, verdicts: Sequence[dict[str, Any]] = ()) -> None:
        super().__init__(reasons[0] if reasons else kind)
        self.kind = kind
        self.reasons = reasons
        self.verdicts = tuple(verdicts)


def date_after(play: Play, move: ExMove) -> dt.date:
    """The in-game date the move is made on (an inject may move it on)."""
    if isinstance(move, Inject):
        spec = play.config.inject(move.id) if move.id else None
        date = move.date or (spec.date if spec else None)
        if date is not None and date > play.game_date:
            return date
    return play.game_date


# --- the moves' own conditions and plans ---------------------------------------------------


def _draft(play: Play, subject: str | None, item: str | None, verb: str) -> DraftState:
    if subject is not None:
        draft = play.drafts.get(subject)
        if draft is None:
            on = ", ".join(repr(d.subject) for d in play.open_drafts(item)) or "none"
            raise RefusalError(
                "rules", f"field 'subject': no draft {subject!r}; on this item: {on}"
            )
        if draft.item != item:
            raise RefusalError(
                "item", f"the draft {subject!r} belongs to item '{draft.item}', which is not open"
            )
        if draft.status != "pending":
            raise RefusalError(
                "rules", f"the draft {subject!r} is {draft.status.replace('_', ' ')}"
            )
        return draft
    pending = play.open_drafts(item)
    if len(pending) != 1:
        names = "; ".join(repr(d.subject) for d in pending)
        raise RefusalError(
            "rules",
            f"field 'subject': say which draft ('{verb}'); "
            + (f"the pending ones are {names}" if pending else "no draft is pending on this item"),
        )
    return pending[0]


def _open_item(ex: Exercise, seat: Seat, move: OpenItem, day: dt.date, item: str | None) -> Any:
    play = ex.play
    if move.item not in play.items:
        raise RefusalError(
            "item",
            f"field 'item': no agenda item {move.item!r}",
            f"the agenda: {', '.join(play.items) or 'empty'}",
        )
    state = play.items[move.item]
    if state.status != "pending":
        raise RefusalError("item", f"item '{move.item}' is {state.status} already")
    if play.item is not None:
        raise RefusalError("item", f"item '{play.item}' is open; close it first")
    return convene(play, day)


def _close_item(ex: Exercise, seat: Seat, move: CloseItem, day: dt.date, item: str | None) -> Any:
    target = move.item or item
    if target is None or target != ex.play.item:
        raise RefusalError("item", f"item {target!r} is not open" if target else "no item is open")
    return []


def _ask_floor(ex: Exercise, seat: Seat, move: AskFloor, day: dt.date, item: str | None) -> Any:
    play = ex.play
    if play.floor == seat.seat:
        raise RefusalError("turn", "you have the floor already")
    if seat.seat in play.queue:
        raise RefusalError("turn", "you are on the speakers' list already")
    return []


def _give_floor(ex: Exercise, seat: Seat, move: GiveFloor, day: dt.date, item: str | None) -> Any:
    play = ex.play
    target = move.seat or (play.queue[0] if play.queue else None)
    if target is None:
        raise RefusalError("turn", "nobody has asked for the floor; name a seat")
    found = ex.config.seat(target) or ex.config.seat_of_state(target)
    if found is None or found.role not in ("member", "guest"):
        raise RefusalError("rules", f"field 'seat': {target} is not a seat in the room")
    if found.seat in play.left:
        raise RefusalError("rules", f"{found.seat} has left the room")
    return []


def _statement(ex: Exercise, seat: Seat, move: Statement, day: dt.date, item: str | None) -> Any:
    play = ex.play
    if seat.role != "chair" and ex.config.floor == "strict" and play.floor != seat.seat:
        holder = play.floor or "nobody"
        raise RefusalError(
            "turn",
            f"out of turn: {holder} has the floor; ask for it (ask_floor) and wait for the chair",
        )
    return []


def _message(
    ex: Exercise, seat: Seat, move: Message, day: dt.date, item: str | None
) -> tuple[str, ...]:
    config = ex.config
    if not move.to:
        raise RefusalError("rules", "field 'to': name at least one seat to write to")
    members = {seat.seat}
    for who in move.to:
        target = config.seat(who) or config.seat_of_state(who)
        if target is None or target.role == "observer":
            raise RefusalError("rules", f"field 'to': {who} is not a seat that can be written to")
        members.add(target.seat)
    if len(members) < 2:
        raise RefusalError("rules", "field 'to': a private channel needs someone besides you")
    return tuple(sorted(members))


def _table(ex: Exercise, seat: Seat, move: Table, day: dt.date, item: str | None) -> Any:
    play = ex.play
    if move.subject in play.drafts:
        raise RefusalError(
            "rules", f"field 'subject': a draft {move.subject!r} is on the agenda already"
        )
    if move.kind == "assistance" and move.form is None:
        raise RefusalError(
            "rules", "field 'form': an assistance draft says what help (forces, mission...)"
        )
    if move.kind != "assistance" and (move.form or move.force):
        raise RefusalError("rules", "fields 'form' and 'force' are for assistance drafts only")
    if move.form == "forces" and move.force is None:
        raise RefusalError("rules", "field 'force': say which force (CPF, CRRF, CRDF-CA or CAF)")
    by = _state_of(ex, seat)
    return [propose(play, day, by, move.subject, move.question)]


def _state_of(ex: Exercise, seat: Seat) -> str:
    state = seat.state or (ex.config.chair.state if ex.config.chair else None)
    if state is None:  # pragma: no cover - a configuration always gives the chair a state
        raise RefusalError("rules", f"the seat {seat.seat} acts for no state")
    return state


def _amend(ex: Exercise, seat: Seat, move: Amend, day: dt.date, item: str | None) -> Any:
    draft = _draft(ex.play, move.subject, item, "amend")
    if draft.called:
        raise RefusalError(
            "turn",
            f"the draft {draft.subject!r} has been put to the Council; amend it before the call",
        )
    action = ProposeDecision(
        date=day,
        by=_state_of(ex, seat),
        subject=draft.subject,
        question=draft.question,  # type: ignore[arg-type]
    )
    return [LawAsk(action)]


def _position(ex: Exercise, seat: Seat, move: Position, day: dt.date, item: str | None) -> Any:
    draft = _draft(ex.play, move.subject, item, "position")
    if not draft.called:
        raise RefusalError(
            "turn",
            f"out of turn: the chair has not put {draft.subject!r} to the Council "
            "(call_consensus) yet",
        )
    if seat.state in draft.positions:
        raise RefusalError("turn", f"you have stated your position on {draft.subject!r} already")
    return [position(ex.play, day, _state_of(ex, seat), draft.subject, move.position)]


def _call(ex: Exercise, seat: Seat, move: CallConsensus, day: dt.date, item: str | None) -> Any:
    draft = _draft(ex.play, move.subject, item, "call_consensus")
    if draft.called:
        raise RefusalError("turn", f"the Council is already deciding on {draft.subject!r}")
    return []


def _adopted(ex: Exercise, seat: Seat, move: DeclareAdopted, day: dt.date, item: str | None) -> Any:
    draft = _draft(ex.play, move.subject, item, "declare_adopted")
    if not draft.called:
        raise RefusalError(
            "turn",
            f"out of turn: put {draft.subject!r} to the Council (call_consensus) before declaring",
        )
    plan, reason = decide_draft(ex.play, day, draft, move.insist)
    if reason is not None:
        raise RefusalError("rules", reason)
    return plan


def _blocked(ex: Exercise, seat: Seat, move: DeclareBlocked, day: dt.date, item: str | None) -> Any:
    draft = _draft(ex.play, move.subject, item, "declare_blocked")
    return [drop(ex.play, day, draft)]


def _request(
    ex: Exercise, seat: Seat, move: RequestAssistance, day: dt.date, item: str | None
) -> Any:
    by = _state_of(ex, seat)
    if by in ex.play.requests:
        raise RefusalError("rules", f"{label(by)} has asked for help already in this exercise")
    return [
        request(
            ex.play,
            day,
            by,
            grounds=move.grounds,
            attacker=move.attacker,
            territory=move.territory,
            article=move.article,
            addressed_to="CSC",
        )
    ]


def _consult(ex: Exercise, seat: Seat, move: Consult, day: dt.date, item: str | None) -> Any:
    step = consult(ex.play, day, move.topic)
    if step is None:
        raise RefusalError("rules", "no request for help is before the Council to consult on")
    return [step]


def _notice(ex: Exercise, seat: Seat, move: GiveNotice, day: dt.date, item: str | None) -> Any:
    code = _state_of(ex, seat)
    notice = mem.NotifyWithdrawalMove(
        date=day,
        effective=move.effective,
        obligations_settled=move.obligations_settled,
        depart=move.insist,
    )
    return [membership(ex.play, day, code, notice)]


def _apply(ex: Exercise, seat: Seat, move: ExMove, day: dt.date, item: str | None) -> Any:
    code = _state_of(ex, seat)
    return [membership(ex.play, day, code, mem.Apply(date=day))]


def _leave(ex: Exercise, seat: Seat, move: ExMove, day: dt.date, item: str | None) -> Any:
    if seat.seat in ex.play.left:
        raise RefusalError("seat", "you have left the room already")
    return []


def _return(ex: Exercise, seat: Seat, move: ExMove, day: dt.date, item: str | None) -> Any:
    if seat.seat not in ex.play.left:
        raise RefusalError("seat", "you are in the room")
    return []


def _inject(ex: Exercise, seat: Seat, move: Inject, day: dt.date, item: str | None) -> Any:
    play = ex.play
    if move.id is not None:
        spec = ex.config.inject(move.id)
        if spec is None:
            known = ", ".join(i.id for i in ex.config.injects) or "none prepared"
            raise RefusalError("rules", f"field 'id': no prepared inject {move.id!r} ({known})")
        if any(f.id == move.id for f in play.injects):
            raise RefusalError("rules", f"the inject {move.id!r} has been made already")
        events = [event_from_data(e, f"<inject {spec.id}>") for e in spec.events]
    else:
        if not (move.kind and move.title and move.text):
            raise RefusalError(
                "rules",
                "an inject written now needs 'kind', 'title' and 'text' (or give a prepared "
                "inject's 'id')",
            )
        events = []
    date = date_after(play, move)
    if move.date is not None and move.date < play.game_date:
        raise RefusalError(
            "rules",
            f"field 'date': the in-game date is {play.game_date}; injects move it forward only",
        )
    late = [e.id for e in events if e.date.earliest > date]
    if late:
        raise RefusalError(
            "rules", f"the inject's facts {late} are dated after the in-game date {date}"
        )
    return []


def _set_seat(ex: Exercise, seat: Seat, move: SetSeat, day: dt.date, item: str | None) -> Any:
    target = ex.config.seat(move.seat) or ex.config.seat_of_state(move.seat)
    if target is None or target.role not in ("member", "guest"):
        raise RefusalError(
            "rules", f"field 'seat': {move.seat} is not a member's or a guest's seat"
        )
    if target.role == "guest" and move.play == "bot":
        raise RefusalError("rules", "a guest's seat is not played by a bot")
    return []


def _end(ex: Exercise, seat: Seat, move: ExMove, day: dt.date, item: str | None) -> Any:
    return close(ex.play, day)


#: the conditions of each move that has its own, by verb
CHECKS: dict[str, Any] = {
    "open_item": _open_item,
    "close_item": _close_item,
    "ask_floor": _ask_floor,
    "give_floor": _give_floor,
    "statement": _statement,
    "message": _message,
    "table": _table,
    "amend": _amend,
    "position": _position,
    "call_consensus": _call,
    "declare_adopted": _adopted,
    "declare_blocked": _blocked,
    "request_assistance": _request,
    "consult": _consult,
    "give_notice": _notice,
    "apply": _apply,
    "leave": _leave,
    "return": _return,
    "inject": _inject,
    "set_seat": _set_seat,
    "end": _end,
}
