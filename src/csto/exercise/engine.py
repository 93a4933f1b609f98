"""The referee: a seat's move in, the events to append (or a refusal with its reasons) out.

:func:`decide` checks, in order: the permissions matrix (the seat's role may make the move),
that the seat acts for its own state, the phase (not before the start, not while paused, not
after the end), who plays the seat (a bot's seat is the bot's; a seat that left the room only
returns), the version the move was made against (a stale one is refused: two writers cannot
both win), the agenda (an item open, its time not run out), the turn (the floor; positions
only once the chair has called for consensus), and the move's own conditions; then it takes
the move's steps through the procedures and the law (:mod:`csto.exercise.steps`). A refusal
changes nothing; the caller may keep it in the refusal log. An accepted move comes back as
its :class:`~csto.exercise.play.MoveRecord`, followed by the bots' answers it calls for.

Nothing here reads the clock or a file: ``now`` and the law (the world and the judge) are
given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from csto.codes import label
from csto.exercise.bots import BotAsk, bot_seats
from csto.exercise.checks import CHECKS, RefusalError, date_after
from csto.exercise.config import Seat
from csto.exercise.game import Exercise
from csto.exercise.log import Refused
from csto.exercise.moves import (
    CallConsensus,
    ExMove,
    Position,
    Rewind,
    SetSeat,
    move_to_data,
)
from csto.exercise.permissions import RULES
from csto.exercise.play import DraftState, MoveRecord, Play
from csto.exercise.steps import (
    LawAsk,
    MachineStep,
    NotTaken,
    run_steps,
)
from csto.procedures import Judge, World

__all__ = ["Accepted", "Context", "Rejected", "decide", "stale"]


@dataclass(frozen=True, slots=True)
class Context:
    """What a move is judged with: the record's world up to the fork day, the law (under the
    exercise's profile and decision rule), and the time now."""

    world: World
    judge: Judge
    now: dt.datetime


@dataclass(frozen=True, slots=True)
class Accepted:
    """The move's record, then the bots' answers; bots' refused moves (kept in the refusal
    log)."""

    records: tuple[MoveRecord, ...]
    refused: tuple[Refused, ...] = ()
    rewind: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A refused move: nothing changes."""

    refusal: Refused

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.refusal.reasons


def decide(
    ex: Exercise,
    seat: Seat,
    move: ExMove,
    ctx: Context,
    *,
    expected_version: int | None = None,
    bot: bool = False,
    policy: str | None = None,
    why: str | None = None,
) -> Accepted | Rejected:
    """Judge ``move`` by ``seat`` on exercise ``ex`` (see the module docstring)."""
    try:
        if expected_version is not None and expected_version != ex.version:
            return stale(ex, seat, move, ctx.now, expected_version)
        rec, rewind = _judge(ex, seat, move, ctx, bot=bot, policy=policy, why=why)
    except RefusalError as no:
        return Rejected(_refused(ex, seat, move, ctx.now, no, bot))
    if rewind is None and rec is not None and not isinstance(rec.move, CallConsensus | SetSeat):
        return Accepted((rec,))  # no bot answers it: nothing to try on a copy
    after = ex.clone()
    records: list[MoveRecord] = []
    if rewind is not None:
        after.rewind(rewind[0], rewind[1], ctx.now)
    elif rec is not None:
        after.apply_move(rec)
        records.append(rec)
    refused: list[Refused] = []
    for answer in _bots_after(after, rec, ctx):
        if isinstance(answer, Rejected):
            refused.append(answer.refusal)
            continue
        records.extend(answer.records)
    return Accepted(tuple(records), tuple(refused), rewind)


def stale(ex: Exercise, seat: Seat, move: ExMove, now: dt.datetime, saw: int) -> Rejected:
    """The refusal of a move made against version ``saw`` when another writer has moved the
    exercise on (optimistic concurrency: two writers cannot both win)."""
    no = RefusalError(
        "stale",
        f"the exercise has moved on: you saw version {saw}, it is at version {ex.version}; "
        "look again (show) and make your move on what is there",
    )
    return Rejected(_refused(ex, seat, move, now, no, False))


def _refused(
    ex: Exercise, seat: Seat, move: ExMove, now: dt.datetime, no: RefusalError, bot: bool
) -> Refused:
    return Refused(
        seat=seat.seat,
        role=seat.role,
        state=seat.state,
        move=move_to_data(move),
        kind=no.kind,
        reasons=no.reasons,
        verdicts=no.verdicts,
        turn=ex.turn + 1,
        branch=ex.branch,
        game_date=ex.play.game_date,
        at=now,
        bot=bot,
    )


def _bots_after(after: Exercise, rec: MoveRecord | None, ctx: Context) -> list[Accepted | Rejected]:
    """The bots' positions a move calls for: on the draft just put to the Council; when a
    seat is handed to a bot, or after a rewind, on the draft before the Council now."""
    play = after.play
    draft: DraftState | None = None
    only: str | None = None
    if rec is None:
        called = [d for d in play.open_drafts(play.item) if d.called]
        draft = called[-1] if called else None
    elif isinstance(rec.move, CallConsensus):
        draft = play._draft(rec.move.subject)
    elif isinstance(rec.move, SetSeat) and rec.move.play in ("bot", "absent"):
        called = [d for d in play.open_drafts(play.item) if d.called]
        draft = called[-1] if called else None
        only = rec.move.seat
    if draft is None or play.phase != "running":
        return []
    out: list[Accepted | Rejected] = []
    for seat, policy in bot_seats(play, draft):
        if only is not None and seat.seat != only:
            continue
        answer = policy.position(BotAsk(seat, draft, play))
        move = Position(subject=draft.subject, position=answer.position)  # type: ignore[arg-type]
        result = decide(after, seat, move, ctx, bot=True, policy=policy.name, why=answer.why)
        if isinstance(result, Accepted):
            for r in result.records:
                after.apply_move(r)
        out.append(result)
    return out


# --- judging one move --------------------------------------------------------------------


def _judge(
    ex: Exercise,
    seat: Seat,
    move: ExMove,
    ctx: Context,
    *,
    bot: bool,
    policy: str | None,
    why: str | None,
) -> tuple[MoveRecord | None, tuple[int, int] | None]:
    play = ex.play
    config = ex.config
    verb = move.verb
    rule = RULES[verb]
    if seat.role not in rule.roles:
        whose = " or ".join(sorted(rule.roles))
        raise RefusalError(
            "permission",
            f"'{verb}' is a move for the {whose}; your seat {seat.seat} is the {seat.role}'s",
        )
    if getattr(move, "insist", False) and seat.role not in rule.insist:
        raise RefusalError("permission", f"the {seat.role} may not insist on '{verb}'")
    acting_for = seat.state if seat.role in ("member", "guest") else seat.seat
    if (
        move.by is not None
        and move.by != acting_for
        and not (seat.role == "chair" and move.by == seat.state)
    ):
        raise RefusalError(
            "seat",
            f"a seat acts only for its own state: your seat is {seat.seat} "
            f"({label(acting_for or seat.seat)}), the move names {move.by}",
        )
    if play.phase not in rule.phases:
        raise RefusalError("phase", _phase_says(play, verb))
    mode = play.mode(seat.seat)
    if seat.role in ("member", "guest"):
        if mode == "bot" and not bot:
            raise RefusalError(
                "seat",
                f"the seat {seat.seat} is played by a bot now; the facilitator can give it "
                "back (set_seat --play human)",
            )
        if seat.seat in play.left and verb not in ("return", "message"):
            raise RefusalError("seat", f"{seat.seat} has left the room; 'return' first")
    item = _item_check(ex, seat, move, ctx)
    plan: list[MachineStep | LawAsk] = []
    members: tuple[str, ...] = ()
    day = play.game_date
    if isinstance(move, Rewind):
        if not 0 <= move.to < ex.turn:
            raise RefusalError(
                "rewind",
                f"field 'to': turn {move.to} is not an earlier turn; give 0 to {ex.turn - 1}",
            )
        return None, (move.to, len(ex.branches))
    checker = CHECKS.get(verb)
    if checker is not None:
        result = checker(ex, seat, move, day, item)
        if isinstance(result, tuple):
            members = result
        elif result:
            plan = result
    context = {"profile": config.profile, "exercise": config.id, "variant": config.variant}
    taken = run_steps(play, plan, world=ctx.world, judge=ctx.judge, context=context)
    if isinstance(taken, NotTaken):
        kind = "law" if taken.by_law else "rules"
        reasons = tuple(
            r.replace("with 'depart'", "by insisting ('insist')") for r in taken.reasons
        )
        raise RefusalError(kind, *reasons, verdicts=taken.verdicts)
    rec = MoveRecord(
        turn=ex.turn + 1,
        branch=ex.branch,
        seat=seat.seat,
        role=seat.role,
        state=seat.state,
        move=move,
        channel=rule.channel,
        game_date=date_after(play, move),
        at=ctx.now,
        steps=taken.steps,
        asked=taken.asked,
        bot=bot,
        policy=policy,
        why=why,
        members=members,
    )
    return rec, None


def _phase_says(play: Play, verb: str) -> str:
    if play.phase == "ended":
        return f"the exercise has ended: no '{verb}' after the end"
    if play.phase == "paused":
        return f"the exercise is paused ({play.pause_reason}); wait for the facilitator to resume"
    if play.phase == "setup":
        return f"the exercise has not started; the facilitator starts it ('{verb}' comes after)"
    return f"'{verb}' cannot be made while the exercise is running"


def _item_check(ex: Exercise, seat: Seat, move: ExMove, ctx: Context) -> str | None:
    """The open item a move on the agenda's business needs, and its time."""
    play = ex.play
    if not type(move).on_item:
        return play.item
    if play.item is None:
        raise RefusalError(
            "item", f"no agenda item is open: '{move.verb}' needs one (the chair opens it)"
        )
    spec = play.config.item(play.item)
    timer = play.items[play.item].timer
    left = timer.left(ctx.now)
    if spec is not None and spec.expiry == "refuse" and left is not None and left < 0:
        raise RefusalError(
            "time",
            f"the time for item '{play.item}' ran out {(-left) / 60:.1f} min ago; the chair "
            "closes it",
        )
    return play.item
