"""Fixtures of the exercise tests: the law and the record (loaded once), a clock the tests
move by hand, and a :class:`Room` that plays an exercise through the engine API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from csto.io.exercises import Exercises, LawWorld, MoveResult, configure
from csto.store import EventStore, MemoryEventStore
from tests.store.conftest import RUN, pg_url  # noqa: F401  (the PostgreSQL fixture)

__all__ = ["RUN", "Clock", "Room"]


class Clock:
    """Real time as the tests say: each reading moves it on by ``step`` seconds."""

    def __init__(self, step: float = 10.0) -> None:
        self.now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        self.step = dt.timedelta(seconds=step)

    def __call__(self) -> dt.datetime:
        self.now += self.step
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += dt.timedelta(minutes=minutes)


class Room:
    """One exercise played through :class:`Exercises`, a seat's token picked by its name."""

    def __init__(self, api: Exercises, exercise_id: str, tokens: dict[str, str]) -> None:
        self.api, self.id, self.tokens = api, exercise_id, dict(tokens)

    def act(self, who: str, move: str, /, **fields: Any) -> MoveResult:
        expected = fields.pop("expected_version", None)
        return self.api.act(
            self.id, self.tokens[who], {"move": move, **fields}, expected_version=expected
        )

    def ok(self, who: str, move: str, /, **fields: Any) -> MoveResult:
        result = self.act(who, move, **fields)
        assert result.accepted, f"{who} {move}: refused: {result.reasons}"
        return result

    def no(self, who: str, move: str, kind: str, /, **fields: Any) -> str:
        """Refused with ``kind``; the reasons, joined."""
        before = self.version
        result = self.act(who, move, **fields)
        assert not result.accepted, f"{who} {move} was accepted"
        assert result.refusal is not None
        assert result.refusal.kind == kind, (result.refusal.kind, result.reasons)
        assert self.version == before, "a refused move changed the exercise"
        return "; ".join(result.reasons)

    def view(self, seat: str) -> dict[str, Any]:
        return self.api.view(self.id, self.tokens[seat])

    @property
    def version(self) -> int:
        return self.api.load(self.id).version


@pytest.fixture(scope="session")
def law() -> LawWorld:
    return LawWorld()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def open_room(
    law: LawWorld,
    clock: Clock,
    source: str | None = None,
    *,
    store: EventStore | None = None,
    **options: Any,
) -> Room:
    api = Exercises(store or MemoryEventStore(), law=law, clock=clock)
    created = api.create(configure(law, source, **options))
    return Room(api, created.id, created.credentials)


@pytest.fixture
def kaz(law: LawWorld, clock: Clock) -> Iterator[Room]:
    """Kazakhstan, January 2022, every seat played by a person, started, item open."""
    room = open_room(law, clock, "kaz-2022-01")
    room.ok("facilitator", "start")
    room.ok("chair", "open_item", item="request")
    return room
