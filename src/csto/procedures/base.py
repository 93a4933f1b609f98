"""The machinery every procedure shares: named states, transitions as verbs, steps.

A procedure is a :class:`Machine`: named states and :class:`Transition` s. Each transition is
declared once, with the :class:`Move` it takes (its parameters, always with the day it is
made; its ``verb`` names the transition), the states it may leave from and lead to, the
law's actions it asks about, whether it may depart from the rule, and two functions:

- ``decide(turn, move)`` checks the machine's own guards (:meth:`Turn.refuse`), asks the law
  (:meth:`Turn.ask`), emits record events (:meth:`Turn.emit`) and may note derived facts as
  one typed notes object (:meth:`Turn.note`);
- ``evolve(data, made)`` is pure: the machine's memory after the step, from the move as
  :class:`Made` (the move, the notes, the events, any departure). Rebuilding a procedure
  from its log runs only this one. A transition without one keeps the memory and goes to
  its one target.

``Turn[D, N]`` and ``Made[M, N]`` carry the memory's, the move's and the notes' types, so a
machine's functions are typed without a cast.

A move the law refuses comes back as a refused :class:`Step` carrying the verdict, and
changes nothing. On a transition marked ``departable`` a move with ``depart: true`` is
carried out all the same and recorded as a :class:`Departure` naming the rule it breaks (the
2009 CRRF decision, adopted over an objection, is the model); its events say so in their
note, and a decision taken that way is marked ``consensus: false``. The machines' structural
guards (never two Secretaries-General, no withdrawal before its notice runs out, no vote for
a state that has left) hold even then. Machines never read the clock: every move has a date.

Errors::

    RefusedError (csto.errors)
    └── MoveRefusedError   E230  Procedure.do: the move was refused (the step says why)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Literal, NoReturn, TypeVar

from csto.errors import InputError, InternalError, Problem, RefusedError
from csto.law.actions import Action
from csto.law.document import verdict_document
from csto.law.fields import day, flag, period, text
from csto.law.verdict import Verdict
from csto.procedures.world import World
from csto.record.dates import EventDate
from csto.record.events import Citation, Event
from csto.state.model import State

__all__ = [
    "PROCEDURE_SOURCE",
    "SAME",
    "Departure",
    "Judge",
    "Machine",
    "Made",
    "Move",
    "MoveRefusedError",
    "NoNotes",
    "Procedure",
    "Step",
    "Transition",
    "Turn",
]

#: the law, as a procedure sees it: the verdict on an action against a state (one profile)
Judge = Callable[[State, Action], Verdict]
#: the source every emitted event cites (its locator names the procedure and the step)
PROCEDURE_SOURCE = "csto-procedure"
#: accepted by default: the law allows the move, or obliges it
ACCEPTS = frozenset({"permitted", "required"})
SAME = "="
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Status = Literal["done", "departed", "refused"]
D = TypeVar("D")
E = TypeVar("E", bound=Event)
N = TypeVar("N")


@dataclass(frozen=True, slots=True, kw_only=True)
class Move:
    """What every move has: the day it is made (the state is judged as that day began).

    ``dated``: the date as the sources give it when they give only a month or a year (the
    events are emitted with that precision; ``date`` is then a day within it). ``depart``:
    carry the move out even if the law refuses it, recorded as a departure from the rule.
    """

    verb: ClassVar[str] = ""
    date: dt.date = day("The day the move is made (YYYY-MM-DD); judged as that day began.")
    dated: EventDate | None = period(
        "The date as the sources give it when only a month or year is known (e.g. 2017-04); "
        "--date is then a day within it.",
        None,
    )
    depart: bool = flag(
        "Carry the move out even if the law refuses it, recorded as a departure from the rule.",
        False,
    )
    note: str | None = text("A note of your own, kept with the events emitted.", None)


M = TypeVar("M", bound=Move)


@dataclass(frozen=True, slots=True)
class NoNotes:
    """The notes of a move whose decision derives nothing for its evolve function."""


@dataclass(frozen=True, slots=True)
class Made(Generic[M, N]):
    """A move as made, as the evolve function sees it: the move, what its decision noted,
    the events it emitted and any departure from the rule."""

    move: M
    notes: N
    events: tuple[Event, ...]
    departure: Departure | None


@dataclass(frozen=True, slots=True)
class Transition(Generic[D, M, N]):
    """One verb of a machine, declared once: its move (whose ``verb`` names it), from which
    states to which, the law's actions it asks about (none: a guard only), whether it may
    depart from the rule, the outcomes it accepts, and its decide and evolve functions.
    ``notes``: the class of what ``decide`` notes (:class:`NoNotes` when nothing)."""

    move: type[M]
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    decide: Callable[[Turn[D, N], M], None]
    evolve: Callable[[D, Made[M, N]], tuple[D, str]] | None = None
    asks: tuple[type[Action], ...] = ()
    departable: bool = False
    accepts: frozenset[str] = ACCEPTS
    notes: type[Any] = NoNotes

    def __post_init__(self) -> None:
        if self.evolve is None and len(self.targets) != 1:  # pragma: no cover - a bug
            raise InternalError(f"'{self.verb}' leads to several states: it needs an evolve")

    @property
    def verb(self) -> str:
        return self.move.verb

    @property
    def summary(self) -> str:
        return (self.move.__doc__ or self.verb).strip().splitlines()[0]

    @property
    def asks_about(self) -> str | None:
        """The law's verbs it asks about, in words (None: a guard only)."""
        return " or ".join(a.verb for a in self.asks) or None


@dataclass(frozen=True, slots=True)
class Departure:
    """A move carried out although the law refused it: which outcome, by which rule, and why."""

    outcome: str
    decision_rule: str
    articles: tuple[str, ...]
    why: str
    profile: str

    def says(self) -> str:
        cited = f" ({'; '.join(self.articles)})" if self.articles else ""
        return (
            f"Taken short of the rule: the law says {self.outcome.replace('_', ' ')} under the "
            f"'{self.profile}' profile{cited}. {self.why}"
        )


@dataclass(frozen=True, slots=True)
class Step:
    """A move and what came of it: the events it emitted, the verdict, any departure.

    ``judgement`` is the verdict as a ``csto.verdict/2`` document (kept in the log);
    ``verdict`` the live object (None once rebuilt from a log).
    """

    number: int
    move: Move
    status: Status
    before: str
    after: str
    events: tuple[Event, ...] = ()
    notes: object = NoNotes()
    judgement: Mapping[str, Any] | None = None
    departure: Departure | None = None
    problems: tuple[str, ...] = ()
    verdict: Verdict | None = field(default=None, compare=False, repr=False)

    @property
    def refused(self) -> bool:
        return self.status == "refused"

    @property
    def outcome(self) -> str | None:
        """The law's outcome on the move (None when the law has no rule for it)."""
        if self.judgement is None:
            return None
        return str(self.judgement["outcome"])

    def explain(self) -> str:
        """Why a refused step was refused; what a departed step broke; else empty."""
        if self.refused:
            return "; ".join(self.problems)
        return self.departure.says() if self.departure else ""


class MoveRefusedError(RefusedError):
    """A move the machine or the law refuses; ``step`` carries the verdict and the reasons."""

    code = "E230"

    def __init__(self, step: Step) -> None:
        self.step = step
        super().__init__(f"'{step.move.verb}' on {step.move.date} refused: {step.explain()}")


class _RefusalError(Exception):
    def __init__(self, message: str, verdict: Verdict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.verdict = verdict


class Machine(Generic[D]):
    """A procedure's definition. Subclasses set the class attributes (the transitions among
    them); :meth:`open` makes the first memory, :meth:`describe` says where it stands."""

    kind: ClassVar[str]
    title: ClassVar[str]
    states: ClassVar[dict[str, str]]
    initial: ClassVar[tuple[str, ...]]
    finals: ClassVar[tuple[str, ...]] = ()
    opening: ClassVar[type[Move]]
    data_type: ClassVar[type[Any]]
    transitions: ClassVar[tuple[Transition[Any, Any, Any], ...]]

    def open(self, move: Any, state: State) -> tuple[D, str]:
        """The first memory and state of a procedure opened by ``move`` on ``state``."""
        raise NotImplementedError

    def describe(self, data: D) -> list[str]:
        """Lines saying where the procedure stands (for people)."""
        return []

    def transition(self, verb: str) -> Transition[Any, Any, Any]:
        for t in self.transitions:
            if t.verb == verb:
                return t
        raise InputError(
            f"'{verb}' is not a move of the {self.kind} procedure",
            (
                Problem(
                    f"unknown move {verb!r}",
                    field="move",
                    expected="one of " + ", ".join(t.verb for t in self.transitions),
                ),
            ),
        )

    def available(self, state: str) -> tuple[Transition[Any, Any, Any], ...]:
        """The transitions that can be taken from ``state``."""
        return tuple(t for t in self.transitions if state in t.sources)


class Turn(Generic[D, N]):
    """One move being made: the procedure so far (its memory typed ``D``), the state it is
    judged on, the judge, and what it notes (typed ``N``)."""

    def __init__(
        self,
        procedure: Procedure[D],
        transition: Transition[D, Any, N],
        move: Move,
        world: World,
        judge: Judge,
    ) -> None:
        self.procedure = procedure
        self.transition = transition
        self.move = move
        self.world = world
        self.judge = judge
        self.number = len(procedure.steps) + 1
        self.events: list[Event] = []
        self.notes: N | None = None
        self.action: Action | None = None
        self.verdict: Verdict | None = None
        self.departure: Departure | None = None
        self._state: State | None = None

    @property
    def data(self) -> D:
        return self.procedure.data

    @property
    def state(self) -> State:
        """The organization as the move's day began, with the procedure's events on top."""
        if self._state is None:
            self._state = self.world.state_before(self.move.date, self.procedure.events)
        return self._state

    def refuse(self, message: str, fix: str | None = None) -> NoReturn:
        """Refuse the move by the machine's own guard (not the law): nothing is emitted."""
        raise _RefusalError(message + (f". Fix: {fix}" if fix else ""))

    def ask(
        self,
        action: Action,
        *,
        accepts: frozenset[str] | None = None,
        breaks: Callable[[Verdict], str] | None = None,
    ) -> Verdict:
        """Judge ``action``; refuse the move unless the outcome is accepted or the move departs.

        ``breaks`` says, for a departure, what is broken when the verdict's own last reason
        does not (e.g. declining a request the law says must be answered).
        """
        if type(action) not in self.transition.asks:  # pragma: no cover - programming error
            raise InternalError(
                f"'{self.transition.verb}' asks about {action.verb!r}, which its transition "
                "does not declare"
            )
        verdict = self.judge(self.state, action)
        self.action, self.verdict = action, verdict
        if verdict.outcome in (accepts or self.transition.accepts):
            return verdict
        why = breaks(verdict) if breaks else _decisive_reason(verdict)
        if self.move.depart and self.transition.departable:
            decisive = [r for r in verdict.reasons if r.article is not None]
            articles = (
                (str(decisive[-1].article),) if decisive and breaks is None else ()
            ) or tuple(str(a) for a in verdict.articles)
            self.departure = Departure(
                outcome=verdict.outcome,
                decision_rule=verdict.decision_rule,
                articles=articles,
                why=why,
                profile=verdict.receipt.profile,
            )
            return verdict
        hint = (
            " (the move may be made short of the rule with 'depart', and is then recorded "
            "as a departure)"
            if self.transition.departable
            else ""
        )
        raise _RefusalError(
            f"the law says {verdict.outcome.replace('_', ' ')}: {why}{hint}", verdict
        )

    def note(self, notes: N) -> None:
        """What the evolve function needs that the move and the events do not say (kept in
        the log with the step)."""
        self.notes = notes

    def emit(
        self,
        cls: type[E],
        *,
        summary: str,
        states: Iterable[str],
        date: EventDate | None = None,
        event_id: str | None = None,
        **fields: Any,
    ) -> E:
        """Emit a record event of type ``cls`` dated the move's day (or ``dated``)."""
        pid = self.procedure.id
        event = cls(
            id=event_id or f"{pid}.{self.number}.{len(self.events) + 1}",
            date=date or self.move.dated or EventDate.day(self.move.date),
            recorded=self.move.date,
            states=tuple(sorted(set(states))),
            summary=summary,
            confidence="high",
            sources=(Citation(source=PROCEDURE_SOURCE, locator=f"{pid} step {self.number}"),),
            note=self.move.note,
            **fields,
        )
        self.events.append(event)
        return event


def _decisive_reason(verdict: Verdict) -> str:
    for reason in reversed(verdict.reasons):
        if reason.article is not None or reason.reading is not None:
            return reason.applied
    return verdict.reasons[-1].applied if verdict.reasons else "(no reason given)"


@dataclass
class Procedure(Generic[D]):
    """One run of a machine: its memory, its named state and the steps taken so far."""

    machine: Machine[D]
    id: str
    opening: Move
    data: D
    state: str
    start: tuple[D, str]
    steps: list[Step] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(
        cls,
        machine: Machine[D],
        pid: str,
        opening: Move,
        *,
        world: World,
        context: Mapping[str, Any] | None = None,
    ) -> Procedure[D]:
        """Open a procedure named ``pid`` (a slug: it prefixes its events' ids)."""
        if not _ID.match(pid):
            raise InputError(
                f"{pid!r} cannot name a procedure",
                (
                    Problem(
                        "a procedure id is lower-case letters, digits and '-'",
                        field="id",
                        got=repr(pid),
                        fix="e.g. 'csc-2009-06' or 'kaz-2022'",
                    ),
                ),
            )
        if not isinstance(opening, machine.opening):
            raise InputError(
                f"the {machine.kind} procedure opens with '{machine.opening.verb}', "
                f"not '{opening.verb}'"
            )
        data, state = machine.open(opening, world.state_before(opening.date))
        return cls(machine, pid, opening, data, state, (data, state), [], dict(context or {}))

    @property
    def events(self) -> tuple[Event, ...]:
        """Every record event the procedure has emitted, in order."""
        return tuple(e for s in self.steps for e in s.events)

    @property
    def departures(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.departure is not None)

    @property
    def last_date(self) -> dt.date:
        return self.steps[-1].move.date if self.steps else self.opening.date

    def act(self, move: Move, *, world: World, judge: Judge) -> Step:
        """Make ``move``: a done or departed step (the procedure moves on), or a refused one
        (nothing changes)."""
        number = len(self.steps) + 1
        transition = self.machine.transition(move.verb)
        if not isinstance(move, transition.move):  # pragma: no cover - programming error
            raise InternalError(f"move {type(move).__name__} is not a '{move.verb}' move")
        turn: Turn[D, Any] | None = None
        try:
            self._guard(transition, move)
            turn = Turn(self, transition, move, world, judge)
            transition.decide(turn, move)
        except _RefusalError as refusal:
            verdict = refusal.verdict
            action = None if turn is None else turn.action
            return Step(
                number,
                move,
                "refused",
                self.state,
                self.state,
                judgement=None if verdict is None else _document(verdict, action),
                problems=(refusal.message,),
                verdict=verdict,
            )
        if transition.asks and turn.verdict is None:  # pragma: no cover
            raise InternalError(f"'{transition.verb}' must ask the law ({transition.asks_about})")
        notes = NoNotes() if turn.notes is None and transition.notes is NoNotes else turn.notes
        if not isinstance(notes, transition.notes):  # pragma: no cover - programming error
            raise InternalError(f"'{transition.verb}' must note a {transition.notes.__name__}")
        events = tuple(turn.events)
        if turn.departure is not None:
            said = turn.departure.says()
            events = tuple(
                dataclasses.replace(e, note=said + (f" {e.note}" if e.note else "")) for e in events
            )
        step = Step(
            number,
            move,
            "departed" if turn.departure else "done",
            self.state,
            self.state,
            events,
            notes,
            None if turn.verdict is None else _document(turn.verdict, turn.action),
            turn.departure,
            verdict=turn.verdict,
        )
        return self._apply(step)

    def do(self, move: Move, *, world: World, judge: Judge) -> Step:
        """:meth:`act`, raising :class:`MoveRefusedError` when the move is refused."""
        step = self.act(move, world=world, judge=judge)
        if step.refused:
            raise MoveRefusedError(step)
        return step

    def _guard(self, transition: Transition[Any, Any, Any], move: Move) -> None:
        if self.state not in transition.sources:
            here = ", ".join(t.verb for t in self.machine.available(self.state)) or "nothing"
            raise _RefusalError(
                f"'{move.verb}' cannot be made while the {self.machine.kind} procedure is "
                f"'{self.state}' (it needs {' or '.join(transition.sources)}); from here: {here}"
            )
        if move.date < self.last_date:
            raise _RefusalError(
                f"field 'date': {move.date} is before the procedure's last step "
                f"({self.last_date}); moves go forward in time"
            )
        if move.dated is not None and not move.dated.earliest <= move.date <= move.dated.latest:
            raise _RefusalError(
                f"field 'dated': {move.dated.iso()} does not contain the move's day {move.date}; "
                "fix: give a day within it as 'date'"
            )
        if move.depart and not transition.departable:
            raise _RefusalError(
                f"field 'depart': '{move.verb}' cannot be made short of the rule; only "
                + ", ".join(t.verb for t in self.machine.transitions if t.departable)
                + " can"
            )

    def _apply(self, step: Step) -> Step:
        transition = self.machine.transition(step.move.verb)
        if transition.evolve is None:
            data, target = self.data, transition.targets[0]
        else:
            made = Made(step.move, step.notes, step.events, step.departure)
            data, target = transition.evolve(self.data, made)
        target = self.state if target == SAME else target
        allowed = {self.state if t == SAME else t for t in transition.targets}
        if target not in allowed:  # pragma: no cover - programming error
            raise InternalError(f"'{transition.verb}' led to '{target}', not one of {allowed}")
        step = dataclasses.replace(step, after=target)
        self.data, self.state = data, target
        self.steps.append(step)
        return step

    @classmethod
    def rebuild(
        cls,
        machine: Machine[D],
        pid: str,
        opening: Move,
        start: tuple[D, str],
        steps: Iterable[Step],
        context: Mapping[str, Any] | None = None,
    ) -> Procedure[D]:
        """The procedure again from its opening and its steps, without asking the law."""
        proc = cls(machine, pid, opening, start[0], start[1], start, [], dict(context or {}))
        for step in steps:
            if step.number != len(proc.steps) + 1:
                raise InputError(
                    f"procedure {pid!r}: step {step.number} follows step {len(proc.steps)}; "
                    "the log has been altered (steps must be numbered 1, 2, 3...)"
                )
            if step.before != proc.state:
                raise InputError(
                    f"step {step.number} of procedure {pid!r} starts from '{step.before}', but "
                    f"the steps before it lead to '{proc.state}'; the log has been altered"
                )
            after = step.after
            proc._apply(step)
            if proc.state != after:
                raise InputError(
                    f"step {step.number} of procedure {pid!r} says it led to '{after}', but "
                    f"its move and events lead to '{proc.state}'; the log has been altered"
                )
        return proc


def _document(verdict: Verdict, action: Action | None) -> dict[str, Any]:
    assert action is not None
    return verdict_document(verdict, action)
