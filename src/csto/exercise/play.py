"""Where the game stands: the fold of the moves of the branch being played.

:class:`Play` is rebuilt from the exercise's configuration and its live moves
(:class:`MoveRecord` s) alone: the phase (setup, running, paused, ended), the in-game date, the
agenda and each item's timer, the floor and the speakers' list, the drafts with their
positions, the public statements, the private channels, the injects fired, who plays each
seat and who has left the room, and the procedures' logs (the session, requests for help,
membership) as the procedure codec writes them. Nothing here asks the law: the moves carry
what the law said when they were made.

Timers count real time while their item is open and the exercise runs: the clock is never
read, every move carries the time it was made (``at``) and projections pass ``now``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from csto.exercise.config import ExerciseConfig
from csto.exercise.moves import (
    Amend,
    AskFloor,
    CallConsensus,
    CloseItem,
    DeclareAdopted,
    DeclareBlocked,
    ExMove,
    GiveFloor,
    Inject,
    Leave,
    Message,
    OpenItem,
    Pause,
    Position,
    RequestAssistance,
    Return,
    SetSeat,
    Statement,
    Table,
)
from csto.record.codec import event_from_data
from csto.record.events import Event

__all__ = [
    "Channel",
    "DraftState",
    "FiredInject",
    "ItemState",
    "MoveRecord",
    "Play",
    "StepRecord",
    "Timer",
    "channel_id",
]

Phase = Literal["setup", "running", "paused", "ended"]
DraftStatus = Literal["pending", "adopted", "departed", "dropped", "not_decided"]


def channel_id(members: tuple[str, ...] | list[str] | set[str]) -> str:
    """A private channel's id: its members' seats, sorted, joined by '+'."""
    return "+".join(sorted(set(members)))


@dataclass(frozen=True, slots=True)
class StepRecord:
    """A procedure step a move took: which procedure (and its header if the move opened it),
    and the step as the procedure codec writes it."""

    procedure: str
    machine: str
    step: dict[str, Any]
    header: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class MoveRecord:
    """A move as the log holds it: turn and branch, who made it (seat, role, state, a bot?),
    the move, its channel, the in-game date and real time, the procedure steps it took and the
    law's verdicts on what it asked directly."""

    turn: int
    branch: int
    seat: str
    role: str
    state: str | None
    move: ExMove
    channel: str
    game_date: dt.date
    at: dt.datetime
    steps: tuple[StepRecord, ...] = ()
    asked: tuple[dict[str, Any], ...] = ()
    bot: bool = False
    policy: str | None = None
    why: str | None = None
    members: tuple[str, ...] = ()
    version: int = 0

    @property
    def verb(self) -> str:
        return self.move.verb

    @property
    def verdicts(self) -> list[dict[str, Any]]:
        """Every verdict the move rests on (its steps', then what it asked directly)."""
        out = [s.step["verdict"] for s in self.steps if s.step.get("verdict")]
        return out + list(self.asked)

    @property
    def departures(self) -> list[dict[str, Any]]:
        return [s.step["departure"] for s in self.steps if s.step.get("departure")]


@dataclass
class Timer:
    """Real seconds counted while an item is open and the exercise runs."""

    minutes: int | None = None
    elapsed: float = 0.0
    running_since: dt.datetime | None = None

    def start(self, at: dt.datetime) -> None:
        if self.running_since is None:
            self.running_since = at

    def stop(self, at: dt.datetime) -> None:
        if self.running_since is not None:
            self.elapsed += max(0.0, (at - self.running_since).total_seconds())
            self.running_since = None

    def seconds(self, now: dt.datetime) -> float:
        running = 0.0
        if self.running_since is not None:
            running = max(0.0, (now - self.running_since).total_seconds())
        return self.elapsed + running

    def left(self, now: dt.datetime) -> float | None:
        """Seconds left (negative: over time); None without a limit."""
        if self.minutes is None:
            return None
        return self.minutes * 60 - self.seconds(now)


@dataclass
class ItemState:
    id: str
    status: Literal["pending", "open", "closed"] = "pending"
    timer: Timer = field(default_factory=Timer)
    opened_turn: int | None = None
    closed_turn: int | None = None


@dataclass
class DraftState:
    subject: str
    item: str
    seat: str
    state: str | None
    text: str
    kind: str
    form: str | None
    force: str | None
    question: str
    turn: int
    amendments: list[tuple[int, str, str]] = field(default_factory=list)
    called: int | None = None
    positions: dict[str, str] = field(default_factory=dict)
    status: DraftStatus = "pending"
    decided_turn: int | None = None


@dataclass
class Channel:
    id: str
    members: tuple[str, ...]
    messages: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FiredInject:
    turn: int
    id: str | None
    kind: str
    title: str
    text: str
    date: dt.date | None
    events: tuple[str, ...]


@dataclass
class Play:
    """The game after the live moves (see the module docstring). Build with :meth:`new`,
    then :meth:`apply` each move in turn order."""

    config: ExerciseConfig
    phase: Phase = "setup"
    pause_reason: str | None = None
    game_date: dt.date = dt.date(1992, 5, 15)
    turn: int = 0
    last_at: dt.datetime | None = None
    item: str | None = None
    items: dict[str, ItemState] = field(default_factory=dict)
    floor: str | None = None
    queue: list[str] = field(default_factory=list)
    drafts: dict[str, DraftState] = field(default_factory=dict)
    statements: list[tuple[int, str, str]] = field(default_factory=list)
    channels: dict[str, Channel] = field(default_factory=dict)
    injects: list[FiredInject] = field(default_factory=list)
    injected: list[Event] = field(default_factory=list)
    procedures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    machines: dict[str, str] = field(default_factory=dict)
    emitted: dict[str, list[Event]] = field(default_factory=dict)
    played: dict[str, str] = field(default_factory=dict)
    left: set[str] = field(default_factory=set)
    archive_open: bool = False
    requests: dict[str, str] = field(default_factory=dict)

    @classmethod
    def new(cls, config: ExerciseConfig) -> Play:
        play = cls(config, game_date=config.date)
        play.items = {i.id: ItemState(i.id, timer=Timer(minutes=i.minutes)) for i in config.agenda}
        play.played = {s.seat: s.play for s in config.seats}
        return play

    # --- what the engine asks ------------------------------------------------------------

    @property
    def session(self) -> str:
        """The id of the Council session's procedure."""
        return "ex-session"

    def staged(self, but: str | None = None) -> tuple[Event, ...]:
        """Events the world holds on top of the record: the injects' facts and the events of
        every procedure (but ``but``'s own, which it brings itself)."""
        out: list[Event] = list(self.injected)
        for pid, events in self.emitted.items():
            if pid != but:
                out.extend(events)
        return tuple(out)

    def open_drafts(self, item: str | None = None) -> list[DraftState]:
        return [
            d
            for d in self.drafts.values()
            if d.status == "pending" and (item is None or d.item == item)
        ]

    def mode(self, seat: str) -> str:
        """Who plays ``seat`` now: human, bot, empty or absent."""
        return self.played.get(seat, "human")

    # --- folding moves ---------------------------------------------------------------------

    def apply(self, rec: MoveRecord) -> None:
        """Fold one live move in (its turn must follow the last)."""
        self.turn = rec.turn
        self.last_at = rec.at
        for s in rec.steps:
            if s.header is not None:
                self.procedures[s.procedure] = [s.header]
                self.machines[s.procedure] = s.machine
                self.emitted.setdefault(s.procedure, [])
            self.procedures[s.procedure].append(s.step)
            for data in s.step.get("events", ()):
                self.emitted[s.procedure].append(event_from_data(data, "<exercise>"))
        handler = getattr(self, "_" + rec.verb, None)
        if handler is not None:
            handler(rec, rec.move)

    def _timers(self, at: dt.datetime, run: bool) -> None:
        for item in self.items.values():
            if item.status == "open":
                if run:
                    item.timer.start(at)
                else:
                    item.timer.stop(at)

    def freeze(self, at: dt.datetime, resume: dt.datetime) -> None:
        """After a rewind: count the open item's time up to ``at`` (the last live move) and
        run it again from ``resume`` (the rewind), so the abandoned branch's time is not
        counted."""
        self._timers(at, run=False)
        if self.phase == "running":
            self._timers(resume, run=True)

    def _start(self, rec: MoveRecord, move: ExMove) -> None:
        self.phase = "running"
        self._timers(rec.at, run=True)

    def _pause(self, rec: MoveRecord, move: Pause) -> None:
        self.phase, self.pause_reason = "paused", move.reason
        self._timers(rec.at, run=False)

    def _resume(self, rec: MoveRecord, move: ExMove) -> None:
        self.phase, self.pause_reason = "running", None
        self._timers(rec.at, run=True)

    def _end(self, rec: MoveRecord, move: ExMove) -> None:
        self.phase = "ended"
        self._timers(rec.at, run=False)
        for draft in self.drafts.values():
            if draft.status == "pending":
                draft.status = "not_decided"

    def _open_archive(self, rec: MoveRecord, move: ExMove) -> None:
        self.archive_open = True

    def _set_seat(self, rec: MoveRecord, move: SetSeat) -> None:
        self.played[move.seat] = move.play

    def _inject(self, rec: MoveRecord, move: Inject) -> None:
        spec = self.config.inject(move.id) if move.id else None
        events: list[Event] = []
        if spec is not None:
            events = [event_from_data(e, f"<inject {spec.id}>") for e in spec.events]
        date = move.date or (spec.date if spec else None)
        self.injects.append(
            FiredInject(
                rec.turn,
                move.id,
                move.kind or (spec.kind if spec else "news"),
                move.title or (spec.title if spec else ""),
                move.text or (spec.text if spec else ""),
                date,
                tuple(e.id for e in events),
            )
        )
        self.injected.extend(events)
        if date is not None and date > self.game_date:
            self.game_date = date

    def _open_item(self, rec: MoveRecord, move: OpenItem) -> None:
        item = self.items[move.item]
        item.status, item.opened_turn = "open", rec.turn
        self.item = move.item
        if self.phase == "running":
            item.timer.start(rec.at)

    def _close_item(self, rec: MoveRecord, move: CloseItem) -> None:
        item = self.items[move.item or self.item or ""]
        item.status, item.closed_turn = "closed", rec.turn
        item.timer.stop(rec.at)
        self.item, self.floor, self.queue = None, None, []

    def _ask_floor(self, rec: MoveRecord, move: AskFloor) -> None:
        if rec.seat not in self.queue:
            self.queue.append(rec.seat)

    def _give_floor(self, rec: MoveRecord, move: GiveFloor) -> None:
        seat = move.seat or (self.queue[0] if self.queue else None)
        self.floor = seat
        if seat in self.queue:
            self.queue.remove(seat)

    def _statement(self, rec: MoveRecord, move: Statement) -> None:
        self.statements.append((rec.turn, rec.seat, move.text))
        if self.floor == rec.seat:
            self.floor = None

    def _message(self, rec: MoveRecord, move: Message) -> None:
        members = rec.members or tuple(sorted({rec.seat, *move.to}))
        cid = channel_id(members)
        channel = self.channels.setdefault(cid, Channel(cid, tuple(sorted(members))))
        channel.messages.append((rec.turn, rec.seat, move.text))

    def _table(self, rec: MoveRecord, move: Table) -> None:
        self.drafts[move.subject] = DraftState(
            subject=move.subject,
            item=self.item or "",
            seat=rec.seat,
            state=rec.state,
            text=move.text,
            kind=move.kind,
            form=move.form,
            force=move.force,
            question=move.question,
            turn=rec.turn,
        )

    def _draft(self, subject: str | None, pending: bool = True) -> DraftState:
        if subject is not None:
            return self.drafts[subject]
        found = self.open_drafts(self.item) if pending else list(self.drafts.values())
        return found[0]

    def _amend(self, rec: MoveRecord, move: Amend) -> None:
        draft = self._draft(move.subject)
        draft.amendments.append((rec.turn, rec.seat, move.text))
        draft.text = move.text

    def _call_consensus(self, rec: MoveRecord, move: CallConsensus) -> None:
        self._draft(move.subject).called = rec.turn

    def _position(self, rec: MoveRecord, move: Position) -> None:
        draft = self._draft(move.subject)
        if rec.state is not None:
            draft.positions[rec.state] = move.position

    def _declare_adopted(self, rec: MoveRecord, move: DeclareAdopted) -> None:
        draft = self._draft(move.subject)
        draft.status = "departed" if rec.departures else "adopted"
        draft.decided_turn = rec.turn

    def _declare_blocked(self, rec: MoveRecord, move: DeclareBlocked) -> None:
        draft = self._draft(move.subject)
        draft.status, draft.decided_turn = "dropped", rec.turn

    def _request_assistance(self, rec: MoveRecord, move: RequestAssistance) -> None:
        if rec.state is not None and rec.steps:
            self.requests[rec.state] = rec.steps[0].procedure

    def _leave(self, rec: MoveRecord, move: Leave) -> None:
        self.left.add(rec.seat)
        if self.floor == rec.seat:
            self.floor = None
        if rec.seat in self.queue:
            self.queue.remove(rec.seat)

    def _return(self, rec: MoveRecord, move: Return) -> None:
        self.left.discard(rec.seat)
