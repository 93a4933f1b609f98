"""The exercise engine's API over an event store: create an exercise, issue and revoke seats'
credentials, act as a seat, read what a seat may see, follow the change feed, and build the
after-action report. The command line (``csto exercise``), ``csto.exercise(...)`` and (later)
the web application all call :class:`Exercises`.

Every exercise is one stream of the store (``exercise-<id>``), its refusals another
(``exercise-<id>-refusals``). A move is judged on the exercise rebuilt from its stream (kept
in memory: each process folds the stream once, then only what is new), then appended with the
fold's version as the expected version: if another writer got there first, the stream's new
entries are read and the move is judged again on what is there now (or refused as stale when
the caller said which version it saw). So a move is judged without reading the stream first
(the expected version makes that safe: nothing is committed that was judged on anything but
the stream as it stood); a move that would be refused, or a credential the fold does not
know, is looked at again after reading what is new. What a process appends it folds in as a
reader would read it back. A process judges one move of an exercise at a time (the fold's
lock); the appends themselves run outside that lock, so readers never wait for the store.
What is acknowledged is committed: a process killed between two moves loses nothing.

The clock and the randomness of credentials are the edges': they are given to
:class:`Exercises` (the defaults read the system's clock and ``secrets``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csto.errors import ConcurrencyError, InputError, Problem, RefusedError
from csto.exercise.config import FORMAT, ExerciseConfig, Seat, config_to_data
from csto.exercise.credentials import check_token, new_token, token_hash
from csto.exercise.engine import Accepted, Context, Rejected, decide, stale
from csto.exercise.game import Exercise
from csto.exercise.log import (
    CREATED,
    ISSUED,
    MOVE,
    REFUSED,
    REVOKED,
    REWOUND,
    Refused,
    at_text,
    record_to_data,
    refusals_stream,
    refused_from_data,
    refused_to_data,
    stream_of,
)
from csto.exercise.moves import ExMove, read_move
from csto.exercise.views import feed, view
from csto.io.exerciselaw import LawWorld
from csto.store import ANY, EventStore, NewEvent
from csto.store.serial import dumps

__all__ = [
    "Created",
    "ExerciseHandle",
    "Exercises",
    "LawWorld",
    "MoveResult",
    "SeatRefusedError",
    "configure",
    "open_exercise",
]


class SeatRefusedError(RefusedError):
    """A credential that opens no seat of the exercise (unknown, or revoked)."""

    code = "E240"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Created:
    """A new exercise: its id, and each seat's credential (shown this once)."""

    id: str
    credentials: dict[str, str]
    config: ExerciseConfig


@dataclass(frozen=True)
class MoveResult:
    """What came of a move: accepted (the version the exercise is now at, the turns written:
    the move's and the bots' answers) or refused (the reasons, the law's verdicts)."""

    accepted: bool
    version: int
    turns: tuple[dict[str, Any], ...] = ()
    refusal: Refused | None = None
    bots_refused: tuple[Refused, ...] = ()
    rewound: tuple[int, int] | None = None

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.refusal.reasons if self.refusal else ()

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"accepted": self.accepted, "version": self.version}
        if self.turns:
            out["turns"] = list(self.turns)
        if self.refusal is not None:
            out["refused"] = refused_to_data(self.refusal)
        if self.bots_refused:
            out["bots_refused"] = [refused_to_data(r) for r in self.bots_refused]
        if self.rewound is not None:
            out["rewound"] = {"to": self.rewound[0], "branch": self.rewound[1]}
        return out


@functools.cache
def _shared_law() -> LawWorld:
    return LawWorld()


@dataclass(frozen=True, slots=True)
class _Written:
    """An entry this process appended, as a reader of the store gets it back (its data
    through the store's canonical JSON): what the fold takes."""

    type: str
    version: int
    data: dict[str, Any]


@dataclass
class _Cached:
    ex: Exercise
    lock: threading.Lock = field(default_factory=threading.Lock)


class Exercises:
    """The engine API over ``store`` (see the module docstring)."""

    def __init__(
        self,
        store: EventStore,
        *,
        law: LawWorld | None = None,
        clock: Callable[[], dt.datetime] = _utcnow,
        entropy: Callable[[int], bytes] = secrets.token_bytes,
    ) -> None:
        self.store = store
        self._law = law
        self.clock = clock
        self.entropy = entropy
        self._cache: dict[str, _Cached] = {}

    @property
    def law(self) -> LawWorld:
        if self._law is None:
            self._law = _shared_law()
        return self._law

    # --- creating and listing --------------------------------------------------------------

    def create(self, config: ExerciseConfig) -> Created:
        """Write a new exercise and a credential for every seat a person plays."""
        self.law.judge(config.profile, config.variant)  # an unplayable rule fails first
        now = self.clock()
        tokens: dict[str, str] = {}
        events = [
            NewEvent(
                CREATED, {"format": FORMAT, "config": config_to_data(config), "at": at_text(now)}
            )
        ]
        for seat in config.seats:
            if seat.play != "human":
                continue
            token = new_token(self.entropy(32))
            tokens[seat.seat] = token
            events.append(
                NewEvent(
                    ISSUED,
                    {
                        "seat": seat.seat,
                        "hash": token_hash(token),
                        "at": at_text(now),
                        "by": "creator",
                    },
                )
            )
        try:
            self.store.append(stream_of(config.id), events, expected_version=0)
        except ConcurrencyError:
            raise InputError(
                f"an exercise {config.id!r} exists already in this store",
                (Problem("the id is taken", field="exercise.id", fix="choose another id"),),
            ) from None
        return Created(config.id, tokens, config)

    def catalogue(self) -> list[dict[str, Any]]:
        """Every exercise in the store: id, title, fork day, version."""
        out = []
        for event in self.store.read_all():
            if event.type == CREATED and event.version == 1:
                config = event.data["config"]
                out.append(
                    {
                        "id": config["id"],
                        "title": config["title"],
                        "date": config["date"],
                        "created": event.data["at"],
                        "version": self.store.stream_version(event.stream_id),
                    }
                )
        return out

    # --- reading ---------------------------------------------------------------------------

    def load(self, exercise_id: str) -> Exercise:
        """The exercise as its stream now stands (only new entries are read)."""
        cached = self._cached(exercise_id)
        with cached.lock:
            self._catch_up(exercise_id, cached)
            return cached.ex

    def _cached(self, exercise_id: str) -> _Cached:
        """This process's fold of the exercise, read whole the first time (not brought up to
        date: :meth:`_catch_up` does that)."""
        cached = self._cache.get(exercise_id)
        if cached is None:
            entries = self.store.read_stream(stream_of(exercise_id))
            if not entries:
                raise InputError(
                    f"no exercise {exercise_id!r} in this store",
                    (Problem("unknown exercise", field="exercise", fix="'csto exercise list'"),),
                )
            cached = self._cache.setdefault(exercise_id, _Cached(Exercise.from_entries(entries)))
        return cached

    def _catch_up(self, exercise_id: str, cached: _Cached) -> int:
        """Fold in what the stream has gained since (under ``cached.lock``); how many."""
        entries = self.store.read_stream(stream_of(exercise_id), from_version=cached.ex.version + 1)
        for entry in entries:
            cached.ex.apply(entry)
        return len(entries)

    def seat(self, exercise_id: str, token: str) -> Seat:
        """The seat a credential opens; SeatRefusedError if none (never says which exist)."""
        token = check_token(token)
        return _seat_on(self.load(exercise_id), token)

    def view(self, exercise_id: str, token: str) -> dict[str, Any]:
        """What the credential's seat may see now."""
        seat = self.seat(exercise_id, token)
        ex = self.load(exercise_id)
        doc = view(ex, seat, self.clock())
        doc["refusals"] = [refused_to_data(r) for r in self.refusals(exercise_id, token)][-20:]
        return doc

    def public_view(self, exercise_id: str) -> dict[str, Any]:
        """The room as an observer sees it (no private channel, no briefing): what a
        classroom projector shows."""
        ex = self.load(exercise_id)
        return view(ex, Seat("projector", "observer"), self.clock())

    def feed(self, exercise_id: str, token: str, after: int = 0) -> list[dict[str, Any]]:
        """The stream's entries after version ``after`` that the seat may see."""
        seat = self.seat(exercise_id, token)
        ex = self.load(exercise_id)
        entries = self.store.read_stream(stream_of(exercise_id), from_version=after + 1)
        return feed(ex, seat, entries)

    def wait(
        self, exercise_id: str, token: str, after: int, timeout: float
    ) -> list[dict[str, Any]]:
        """Like :meth:`feed`, waiting up to ``timeout`` seconds for something new."""
        found = self.feed(exercise_id, token, after)
        if found:
            return found
        self.store.wait(after=self.store.head(), timeout=timeout)
        return self.feed(exercise_id, token, after)

    def refusals(self, exercise_id: str, token: str) -> list[Refused]:
        """The refusals the seat may see: its own; every one for the facilitator."""
        seat = self.seat(exercise_id, token)
        every = [
            refused_from_data(e.data)
            for e in self.store.read_stream(refusals_stream(exercise_id))
            if e.type == REFUSED
        ]
        if seat.role == "facilitator":
            return every
        return [r for r in every if r.seat == seat.seat]

    def all_refusals(self, exercise_id: str) -> list[Refused]:
        return [
            refused_from_data(e.data)
            for e in self.store.read_stream(refusals_stream(exercise_id))
            if e.type == REFUSED
        ]

    # --- acting ----------------------------------------------------------------------------

    def act(
        self,
        exercise_id: str,
        token: str,
        move: Mapping[str, Any] | ExMove,
        *,
        expected_version: int | None = None,
        file: str = "<move>",
    ) -> MoveResult:
        """Make ``move`` as the credential's seat. A malformed move raises InputError and a
        credential that opens no seat SeatRefusedError (nothing is written); a move the
        referee refuses comes back refused, kept in the refusal log only."""
        token = check_token(token)
        cached = self._cached(exercise_id)
        with cached.lock:
            if cached.ex.seat_of(token) is None:  # a credential granted since: look again
                self._catch_up(exercise_id, cached)
            _seat_on(cached.ex, token)
        parsed = move if isinstance(move, ExMove) else read_move(move, file=file)[0]
        result, refused = self._decide(cached, token, parsed, expected_version)
        if refused:
            self._log_refusals(exercise_id, list(refused))
        return result

    def _decide(
        self,
        cached: _Cached,
        token: str,
        move: ExMove,
        expected_version: int | None,
    ) -> tuple[MoveResult, tuple[Refused, ...]]:
        """Judge ``move`` and commit it: the result, and the refusals to log. The move is
        judged on this process's fold as it stands, under ``cached.lock`` (read again only
        when it refuses the move, or another writer got there first), and appended outside
        the lock (readers of the fold do not wait for the store) with the version it was
        judged at as the expected version, so what is committed was judged on the stream as
        it stood at the commit; the appended entries are then folded in as a reader of the
        store would read them, unless the fold has read them meanwhile."""
        ex, fresh = cached.ex, False
        exercise_id = ex.config.id
        for _ in range(20):
            with cached.lock:
                judged = self._judge(cached, token, move, expected_version, fresh)
            if isinstance(judged, MoveResult):
                kept = (
                    (judged.refusal,) if judged.refusal and judged.refusal.kind != "stale" else ()
                )
                return judged, kept
            at, events, result, seat, now = judged
            try:
                appended = self.store.append(stream_of(exercise_id), events, expected_version=at)
            except ConcurrencyError:
                fresh = True
                with cached.lock:
                    self._catch_up(exercise_id, cached)
                    if expected_version is not None:
                        refusal = stale(ex, seat, move, now, expected_version).refusal
                        return MoveResult(False, ex.version, refusal=refusal), ()
                continue
            with cached.lock:
                if ex.version == at:  # else the fold has read them from the store already
                    for version, event in enumerate(events, start=appended.first_version):
                        ex.apply(_Written(event.type, version, json.loads(dumps(event.data))))
            return (
                MoveResult(
                    True,
                    appended.last_version,
                    tuple(record_to_data(r) for r in result.records),
                    None,
                    result.refused,
                    result.rewind,
                ),
                result.refused,
            )
        raise ConcurrencyError(
            "the exercise kept moving while this move was judged; try again",
            (Problem("too many concurrent writers", field="exercise"),),
        )

    def _judge(
        self,
        cached: _Cached,
        token: str,
        move: ExMove,
        expected_version: int | None,
        fresh: bool,
    ) -> MoveResult | tuple[int, list[NewEvent], Accepted, Seat, dt.datetime]:
        """Under ``cached.lock``: the refusal, or what to append (the version it was judged
        at, the events, the referee's answer, the seat, the time). A refusal or a credential
        the fold does not know on a fold not read during this move reads what is new first
        (``fresh``: it has been read)."""
        ex = cached.ex
        exercise_id = ex.config.id
        while True:
            seat = ex.seat_of(token)
            if seat is None and not fresh:
                fresh = True
                self._catch_up(exercise_id, cached)
                continue
            seat = _seat_on(ex, token)
            law = self.law
            ctx = Context(
                law.world(ex.config.date),
                law.judge(ex.config.profile, ex.config.variant),
                self.clock(),
            )
            result = decide(ex, seat, move, ctx, expected_version=expected_version)
            if isinstance(result, Rejected):
                if not fresh:  # refused on what this process knew: look at the stream first
                    fresh = True
                    if self._catch_up(exercise_id, cached):
                        continue
                return MoveResult(False, ex.version, refusal=result.refusal)
            return ex.version, self._events(ex, result, ctx.now, seat), result, seat, ctx.now

    def _events(
        self, ex: Exercise, result: Accepted, now: dt.datetime, seat: Seat
    ) -> list[NewEvent]:
        events = []
        if result.rewind is not None:
            to, branch = result.rewind
            events += [
                NewEvent(
                    REWOUND,
                    {
                        "to": to,
                        "branch": branch,
                        "from_branch": ex.branch,
                        "seat": seat.seat,
                        "at": at_text(now),
                        "game_date": ex.play.game_date.isoformat(),
                    },
                )
            ]
        events += [NewEvent(MOVE, record_to_data(r)) for r in result.records]
        return events

    def _log_refusals(self, exercise_id: str, refused: list[Refused]) -> None:
        self.store.append(
            refusals_stream(exercise_id),
            [NewEvent(REFUSED, refused_to_data(r)) for r in refused],
            expected_version=ANY,
        )

    # --- credentials -------------------------------------------------------------------------

    def issue(self, exercise_id: str, token: str, seat_id: str) -> str:
        """A new credential for ``seat_id`` (the facilitator only); any old one stops working."""
        by = self._facilitator(exercise_id, token)
        return self.grant(exercise_id, seat_id, by=by.seat)

    def grant(self, exercise_id: str, seat_id: str, *, by: str) -> str:
        """A new credential for ``seat_id`` on an authority the caller has checked (the
        facilitator's, or an invitation the facilitator issued, redeemed: ``by`` says which,
        and goes into the log); any old one stops working."""
        ex = self.load(exercise_id)
        target = ex.config.seat(seat_id)
        if target is None:
            raise InputError(
                f"no seat {seat_id!r} in exercise {exercise_id}",
                (
                    Problem(
                        "unknown seat",
                        field="seat",
                        expected="one of " + ", ".join(s.seat for s in ex.config.seats),
                    ),
                ),
            )
        new = new_token(self.entropy(32))
        data = {
            "seat": target.seat,
            "hash": token_hash(new),
            "at": at_text(self.clock()),
            "by": by,
        }
        self.store.append(stream_of(exercise_id), [NewEvent(ISSUED, data)], expected_version=ANY)
        return new

    def revoke(self, exercise_id: str, token: str, seat_id: str) -> None:
        """End ``seat_id``'s access at once (the facilitator only)."""
        by = self._facilitator(exercise_id, token)
        ex = self.load(exercise_id)
        if ex.config.seat(seat_id) is None:
            raise InputError(f"no seat {seat_id!r}", (Problem("unknown seat", field="seat"),))
        data = {"seat": seat_id, "at": at_text(self.clock()), "by": by.seat}
        self.store.append(stream_of(exercise_id), [NewEvent(REVOKED, data)], expected_version=ANY)

    def _facilitator(self, exercise_id: str, token: str) -> Seat:
        seat = self.seat(exercise_id, token)
        if seat.role != "facilitator":
            raise RefusedError(
                "only the facilitator issues and revokes credentials",
                (Problem(f"your seat is {seat.seat}", field="credential"),),
            )
        return seat


def _seat_on(ex: Exercise, token: str) -> Seat:
    """The seat ``token`` opens on ``ex`` as it stands; SeatRefusedError if none."""
    seat = ex.seat_of(token)
    if seat is None:
        raise SeatRefusedError(
            "this credential opens no seat of the exercise (unknown, or revoked)",
            (Problem("unknown or revoked credential", field="credential"),),
        )
    return seat


def configure(
    law: LawWorld,
    source: str | None = None,
    *,
    exercise_id: str | None = None,
    date: dt.date | None = None,
    title: str | None = None,
    items: tuple[str, ...] = (),
    minutes: int | None = None,
    bots: tuple[str, ...] = (),
    empty: tuple[str, ...] = (),
    observers: int = 0,
    profile: str | None = None,
    variant: str | None = None,
) -> ExerciseConfig:
    """The configuration of a new exercise: from a ready exercise or a file (``source``), or
    forked on ``date`` (then the other arguments make its agenda and seats)."""
    import dataclasses

    from csto.io.exercisefiles import fork_spec, load_exercise_file, resolve

    if source is not None:
        read = load_exercise_file(source, law.history, law.engine)
        spec = read.spec
        changes: dict[str, Any] = {}
        if exercise_id:
            changes["id"] = exercise_id
        if date is not None:
            changes["date"] = date
        if profile:
            changes["profile"] = profile
        if variant:
            changes["variant"] = variant
        if bots or empty:
            seats = dict(spec.seats)
            seats.update(dict.fromkeys(bots, "bot"))
            seats.update(dict.fromkeys(empty, "empty"))
            changes["seats"] = seats
        if observers:
            changes["observers"] = observers
        spec = dataclasses.replace(spec, **changes)
        return resolve(spec, read.scenario, law.history, law.engine, file=read.path, doc=read.doc)
    if date is None:
        raise InputError(
            "say what to play: a ready exercise or a file, or --date to fork the organization",
            (
                Problem(
                    "nothing to create", field="source", fix="'csto exercise library' lists them"
                ),
            ),
        )
    spec = fork_spec(
        date,
        exercise_id=exercise_id or f"council-{date.isoformat()}",
        title=title,
        items=items,
        minutes=minutes,
        profile=profile,
        variant=variant or "consensus",
        bots=bots,
        empty=empty,
        observers=observers,
    )
    return resolve(spec, None, law.history, law.engine)


@dataclass
class ExerciseHandle:
    """One exercise in one store, for Python callers (``csto.exercise(...)``): every call
    acts with the seat token it is given. ``credentials``: each seat's token, when the
    exercise was just created (shown once)."""

    api: Exercises
    id: str
    credentials: dict[str, str] = field(default_factory=dict)

    def act(
        self,
        token: str,
        move: Mapping[str, Any] | ExMove,
        *,
        expected_version: int | None = None,
    ) -> MoveResult:
        return self.api.act(self.id, token, move, expected_version=expected_version)

    def view(self, token: str) -> dict[str, Any]:
        return self.api.view(self.id, token)

    def feed(self, token: str, after: int = 0) -> list[dict[str, Any]]:
        return self.api.feed(self.id, token, after)

    def issue(self, token: str, seat: str) -> str:
        return self.api.issue(self.id, token, seat)

    def revoke(self, token: str, seat: str) -> None:
        self.api.revoke(self.id, token, seat)

    def report(self, token: str, *, replications: int = 20_000) -> dict[str, Any]:
        from csto.io.exercisereport import build_report

        return build_report(self.api, self.id, token, replications)

    @property
    def version(self) -> int:
        return self.api.load(self.id).version


def open_exercise(
    source: str | Path | None = None,
    *,
    store: str | Path | EventStore | None = None,
    exercise_id: str | None = None,
    date: dt.date | None = None,
    **options: Any,
) -> ExerciseHandle:
    """What ``csto.exercise(...)`` does (see there)."""
    from csto.store import MemoryEventStore, open_store

    if store is None:
        opened: EventStore = MemoryEventStore()
    elif isinstance(store, str | Path):
        opened = open_store(store)
    else:
        opened = store
    api = Exercises(opened)
    if source is None and date is None:
        if exercise_id is None:
            raise InputError(
                "give a ready exercise, a file or a date to create one, or an id to open one",
                (Problem("nothing to open", field="source"),),
            )
        api.load(exercise_id)
        return ExerciseHandle(api, exercise_id)
    config = configure(
        api.law,
        None if source is None else str(source),
        exercise_id=exercise_id,
        date=date,
        **options,
    )
    created = api.create(config)
    return ExerciseHandle(api, created.id, dict(created.credentials))
