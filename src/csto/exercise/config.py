"""An exercise's configuration, as data: what an exercise file says (:class:`ExerciseSpec`)
and what the exercise runs on once created (:class:`ExerciseConfig`).

An exercise file extends the simulation's scenario format: beside ``scenario:`` (a shipped
scenario's id, or a scenario mapping as ``csto sim`` reads it) it holds ``exercise:``, the
agenda, the seats, the timers, the decision rule (the law's, or a chosen variant), the
absent-seat policy, the injects and the briefings. Or the exercise forks the organization on a
date with no scenario at all.

:class:`ExerciseConfig` is the spec resolved against the record when the exercise is created
(by ``csto.io.exercisefiles``): every seat listed, the chair, the facts of the fork day
(members and statuses, chair, Secretary-General, instruments in force), the bots'
parameters from the simulation's delegations, the briefings. It is written into the
exercise's first event, so the log alone says what the exercise was.

Nothing here reads a file or the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from csto.record.codec import Decoder, to_data
from csto.record.events import kind
from csto.sim.models.scenario import Crisis, HistoryOutcome, ScenarioDecoder, ScenarioSource
from csto.sim.models.scenario import line_of as line_of

__all__ = [
    "FORMAT",
    "AbsentSeats",
    "AgendaItem",
    "BotModel",
    "Briefing",
    "BriefingLine",
    "ExerciseConfig",
    "ExerciseSpec",
    "Figure",
    "ForkFacts",
    "InjectSpec",
    "MemberFact",
    "Seat",
    "config_from_data",
    "config_to_data",
    "decode_spec",
    "line_of",
    "plain",
]

FORMAT = "csto.exercise/1"

Role = Literal["facilitator", "chair", "member", "guest", "observer"]
PlayedBy = Literal["human", "bot", "empty"]


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One item of the agenda; ``minutes``: its real-time limit, counted from when the chair
    opens it (paused time does not count); ``expiry``: what happens when it runs out (warn:
    the room is told; refuse: moves on the item are refused, bar the chair's close)."""

    id: str
    title: str
    about: str | None = None
    minutes: int | None = None
    expiry: Literal["warn", "refuse"] = "warn"


@dataclass(frozen=True, slots=True)
class InjectSpec:
    """A prepared inject: news, a change of facts (record events added to the world the law
    judges), or an attack; ``date``: the in-game date it moves the exercise on to."""

    id: str
    kind: Literal["news", "facts", "attack"]
    title: str
    text: str
    date: dt.date | None = None
    events: tuple[Any, ...] = ()
    sources: tuple[ScenarioSource, ...] = ()


@dataclass(frozen=True, slots=True)
class AbsentSeats:
    """What a seat nobody plays does when the Council counts: ``bot`` (a bot under ``bot``'s
    policy and ``seed`` takes positions, marked as a bot's), ``absent`` (it is absent: the
    law's reading of absence applies) or ``abstain``."""

    policy: Literal["bot", "absent", "abstain"] = "bot"
    bot: Literal["sim-stance", "sim-session", "abstain", "support"] = "sim-stance"
    seed: int = 0


@dataclass(frozen=True, slots=True)
class BriefingLine:
    """One thing a seat should know, with where it comes from (record event or source ids,
    or URLs)."""

    says: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    """The ``exercise:`` block of an exercise file (everything but the id, title and about
    has a default: the record's day, the law's rule, every member played by a person)."""

    id: str
    title: str
    about: str
    date: dt.date | None = None
    profile: str | None = None
    variant: str = "consensus"
    chair: str | None = kind("state", None)
    seats: dict[str, PlayedBy] = field(default_factory=dict, metadata={"kind": "state"})
    guests: tuple[str, ...] = kind("state", ())
    observers: int = 0
    absent_seats: AbsentSeats = AbsentSeats()
    floor: Literal["strict", "open"] = "strict"
    facilitator_sees_private: bool = False
    agenda: tuple[AgendaItem, ...] = ()
    injects: tuple[InjectSpec, ...] = ()
    briefings: dict[str, tuple[BriefingLine, ...]] = field(default_factory=dict)
    sources: tuple[ScenarioSource, ...] = ()


# --- the resolved configuration ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Seat:
    """A seat: ``seat`` is its id (a state's code, ``chair``, ``facilitator``,
    ``observer-N``), ``role`` what it may do, ``state`` whom it acts for, ``play`` who plays
    it at the start."""

    seat: str
    role: Role
    state: str | None = None
    play: PlayedBy = "human"


@dataclass(frozen=True, slots=True)
class MemberFact:
    state: str = kind("state")
    status: str = "member"
    since: str | None = None


@dataclass(frozen=True, slots=True)
class ForkFacts:
    """The organization on the fork day, from the record: the members and their statuses,
    the chair, the Secretary-General, the instruments in force (and for whom), the events it
    rests on, and how many record events on or after the day were set aside (the class plays
    them)."""

    date: dt.date
    members: tuple[MemberFact, ...]
    chair: str | None = None
    chair_head: str | None = None
    secretary_general: str | None = None
    secretary_state: str | None = None
    instruments: dict[str, tuple[str, ...]] = field(default_factory=dict)
    events: tuple[str, ...] = ()
    set_aside: int = 0


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with where it comes from."""

    value: float
    source: str


@dataclass(frozen=True, slots=True)
class BotModel:
    """What the bots reason from: the simulation's model parameters (means, with sources),
    each member's delegation parameters (alignment with every other member, with the crisis's
    attacker and with Russia; the regions it shares; its domestic constraint), the crisis's
    intensity, the policy and the seed."""

    policy: Literal["sim-stance", "sim-session", "abstain", "support"]
    seed: int
    intensity: float = 2 / 3
    attacker: str | None = None
    model: dict[str, Figure] = field(default_factory=dict)
    alignment: dict[str, dict[str, Figure]] = field(default_factory=dict)
    attacker_alignment: dict[str, Figure] = field(default_factory=dict)
    russia: dict[str, Figure] = field(default_factory=dict)
    region: dict[str, dict[str, Figure]] = field(default_factory=dict)
    constraint: dict[str, Figure] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Briefing:
    """What one seat is told before the exercise: its state's interests, each sourced."""

    seat: str
    lines: tuple[BriefingLine, ...] = ()


@dataclass(frozen=True, slots=True)
class ExerciseConfig:
    """Everything an exercise runs on (written into its first event)."""

    id: str
    title: str
    about: str
    date: dt.date
    profile: str
    variant: str
    seats: tuple[Seat, ...]
    fork: ForkFacts
    agenda: tuple[AgendaItem, ...] = ()
    absent_seats: AbsentSeats = AbsentSeats()
    floor: Literal["strict", "open"] = "strict"
    facilitator_sees_private: bool = False
    injects: tuple[InjectSpec, ...] = ()
    briefings: tuple[Briefing, ...] = ()
    crisis: Crisis | None = None
    history: HistoryOutcome | None = None
    episode: str | None = None
    scenario: str | None = None
    bots: BotModel | None = None
    sources: tuple[ScenarioSource, ...] = ()

    def seat(self, seat_id: str) -> Seat | None:
        return next((s for s in self.seats if s.seat == seat_id), None)

    def seat_of_state(self, code: str) -> Seat | None:
        """The member's or guest's seat acting for ``code``."""
        return next(
            (s for s in self.seats if s.state == code and s.role in ("member", "guest")), None
        )

    @property
    def chair(self) -> Seat | None:
        return next((s for s in self.seats if s.role == "chair"), None)

    def item(self, item_id: str) -> AgendaItem | None:
        return next((i for i in self.agenda if i.id == item_id), None)

    def inject(self, inject_id: str) -> InjectSpec | None:
        return next((i for i in self.injects if i.id == inject_id), None)

    def briefing(self, seat_id: str) -> Briefing | None:
        return next((b for b in self.briefings if b.seat == seat_id), None)

    def replace(self, **changes: Any) -> ExerciseConfig:
        return dataclasses.replace(self, **changes)


def decode_spec(decoder: Decoder, data: object, node: object, path: str) -> ExerciseSpec | None:
    """The ``exercise:`` block, or None with every problem recorded (file, line, field)."""
    return decoder.build(ExerciseSpec, data, node, path)


def plain(obj: Any) -> Any:
    """JSON-ready data for a configuration object (dataclasses, mappings, tuples, days);
    fields that are None or empty are left out, as the record's files do."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: plain(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if getattr(obj, f.name) not in (None, ()) and f.name != "origin"
        }
    if isinstance(obj, Mapping):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, tuple | list):
        return [plain(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return to_data(obj) if hasattr(obj, "iso") else obj


def config_to_data(config: ExerciseConfig) -> dict[str, Any]:
    """The configuration as JSON-ready data (the first event's body)."""
    out: dict[str, Any] = plain(config)
    return out


def config_from_data(data: Mapping[str, Any], file: str = "<exercise>") -> ExerciseConfig:
    """The configuration back from its data; InputError naming every problem otherwise."""
    from csto.errors import InputError

    decoder = ScenarioDecoder(file)
    config = decoder.build(ExerciseConfig, data, data, "config")
    if config is None or decoder.problems:
        raise InputError(
            f"{file}: the exercise's configuration cannot be read", tuple(decoder.problems)
        )
    return config
