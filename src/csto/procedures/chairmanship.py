"""The chairmanship of the Collective Security Council: passing it by the rule in force (the
host of the regular session, or the order of the Russian alphabet, unless the Council decides
otherwise), and forecasting it for future years under each reading.

Emits ``ChairmanshipPassed``. :func:`forecast` asks the law, year by year, which member the
rule gives the chair to under each judge it is given (one per reading, built at the edges):
where the rule gives one member, the chain goes on; where it gives several (the host reading:
whoever hosts), it says so and stops.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from csto.law.actions import PassChairmanship
from csto.law.engine import Engine
from csto.law.fields import flag, state, text
from csto.law.readings import Profile
from csto.procedures.base import Judge, Machine, Made, Move, NoNotes, Transition, Turn
from csto.procedures.common import name
from csto.procedures.world import World
from csto.record.dates import EventDate
from csto.record.events import ChairmanshipPassed, Citation
from csto.state.model import State
from csto.state.statuses import is_member

__all__ = [
    "CHAIRMANSHIP",
    "ChairData",
    "ChairmanshipMachine",
    "Forecast",
    "OpenChairmanship",
    "PassChair",
    "forecast",
    "forecast_document",
    "forecast_judges",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenChairmanship(Move):
    """Open the procedure; it starts with the chair as the record has it that day."""

    verb: ClassVar[str] = "open"


@dataclass(frozen=True, slots=True, kw_only=True)
class PassChair(Move):
    """The chair passes to ``to``; ``next_host``: where the next regular session (the one
    the new chair presides) is held; ``council_decided``: the Council decided otherwise than
    the rule; ``head``: who will chair."""

    verb: ClassVar[str] = "pass"
    to: str = state("The state taking the chair.")
    next_host: str | None = state(
        "The state where the next regular session, presided by the new chair, is held.", None
    )
    council_decided: bool = flag(
        "Whether the Council decided who chairs (otherwise the rule applies).", False
    )
    head: str | None = text("Who will chair (the head of state).", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChairData:
    chair: str | None = None
    since: str | None = None
    head: str | None = None


def _pass(turn: Turn[ChairData, NoNotes], move: PassChair) -> None:
    data = turn.data
    if move.to == data.chair:
        turn.refuse(f"field 'to': {name(move.to)} chairs already")
    turn.ask(
        PassChairmanship(
            date=move.date,
            to=move.to,
            next_host=move.next_host,
            council_decided=move.council_decided,
        )
    )
    turn.emit(
        ChairmanshipPassed,
        summary=f"The chairmanship of the Council passes to {name(move.to)}"
        + (f" from {name(data.chair)}." if data.chair else "."),
        states=(move.to, *((data.chair,) if data.chair else ())),
        state=move.to,
        from_state=data.chair,
        head=move.head,
    )


def _passed(data: ChairData, made: Made[PassChair, NoNotes]) -> tuple[ChairData, str]:
    move = made.move
    since = (move.dated or EventDate.day(move.date)).iso()
    return dataclasses.replace(data, chair=move.to, since=since, head=move.head), "chaired"


class ChairmanshipMachine(Machine[ChairData]):
    kind = "chairmanship"
    title = "The chairmanship of the Council"
    states: ClassVar[dict[str, str]] = {
        "unknown": "the record knows no chair that day",
        "chaired": "a member chairs the Council",
    }
    initial = ("unknown", "chaired")
    opening = OpenChairmanship
    data_type = ChairData
    transitions = (
        Transition(
            PassChair,
            ("unknown", "chaired"),
            ("chaired",),
            _pass,
            _passed,
            asks=(PassChairmanship,),
            departable=True,
        ),
    )

    def open(self, move: OpenChairmanship, state: State) -> tuple[ChairData, str]:
        chair = state.chair_state
        if chair is None:
            return ChairData(), "unknown"
        return ChairData(chair=chair.state, since=chair.since, head=chair.head), "chaired"

    def describe(self, data: ChairData) -> list[str]:
        if data.chair is None:
            return ["Chair: unknown to the record"]
        return [
            f"Chair: {name(data.chair)} ({data.chair})"
            + (f", {data.head}" if data.head else "")
            + (f" since {data.since}" if data.since else "")
        ]


CHAIRMANSHIP = ChairmanshipMachine()


@dataclass(frozen=True, slots=True)
class Forecast:
    """One year's chair under one reading: ``chair`` when the rule names one member,
    else ``candidates`` (all those the rule would allow) and why."""

    reading: str
    year: int
    day: dt.date
    chair: str | None
    candidates: tuple[str, ...]
    says: str


def forecast(
    world: World, judges: Mapping[str, Judge], start: dt.date, years: int
) -> list[Forecast]:
    """The chair on 1 January of each of the ``years`` years after ``start``'s, under each
    judge (keyed by the reading it stands for), by the rule alone (the Council deciding
    nothing otherwise). Hypothetical: no event is recorded."""
    out: list[Forecast] = []
    for label, judge in judges.items():
        extra: list[ChairmanshipPassed] = []
        for offset in range(1, years + 1):
            day = dt.date(start.year + offset, 1, 1)
            state = world.state_before(day, extra)
            current = state.chair_state
            candidates = [
                code
                for code, member in state.members.items()
                if code != (current.state if current else None)
                and is_member(member.status)
                and judge(state, PassChairmanship(date=day, to=code, next_host=code)).outcome
                == "permitted"
            ]
            if len(candidates) == 1:
                chosen = candidates[0]
                out.append(
                    Forecast(
                        label, day.year, day, chosen, (chosen,), f"the rule gives {name(chosen)}"
                    )
                )
                extra.append(_hypothetical(day, chosen, current.state if current else None))
                continue
            says = (
                "the rule names no single member: whoever hosts the regular session chairs "
                f"({', '.join(candidates)} could)"
                if candidates
                else "the rule gives the chair to no member the law allows"
            )
            out.append(Forecast(label, day.year, day, None, tuple(candidates), says))
            break
    return out


def forecast_judges(engine: Engine, base: Profile) -> dict[str, Judge]:
    """One judge per reading of the chair rule (and, for the alphabetical one, of whether a
    frozen member keeps its turn), the profile's other readings holding."""
    judges: dict[str, Judge] = {}
    for rule in engine.catalogue.reading("chair-rule").options:
        if rule.id == "host-of-session":
            chosen = base.overriding("chair-rule", rule.id)
            judges[rule.id] = functools.partial(engine.judge, profile=chosen)
            continue
        for skip in engine.catalogue.reading("chair-skip-frozen").options:
            chosen = base.overriding("chair-rule", rule.id).overriding("chair-skip-frozen", skip.id)
            judges[f"{rule.id}, frozen: {skip.id}"] = functools.partial(
                engine.judge, profile=chosen
            )
    return judges


def forecast_document(start: dt.date, profile: str, results: list[Forecast]) -> dict[str, Any]:
    """The forecast as ``csto chairmanship forecast --json`` prints it."""
    return {
        "from": start.isoformat(),
        "profile": profile,
        "forecast": [
            {
                "reading": f.reading,
                "year": f.year,
                "chair": f.chair,
                "candidates": list(f.candidates),
                "says": f.says,
            }
            for f in results
        ],
    }


def _hypothetical(day: dt.date, to: str, from_state: str | None) -> ChairmanshipPassed:
    return ChairmanshipPassed(
        id=f"forecast-chair-{day.year}",
        date=EventDate.day(day),
        recorded=day,
        states=(to,),
        summary=f"Forecast: {name(to)} chairs from {day}.",
        confidence="low",
        sources=(Citation(source="csto-procedure", locator="chairmanship forecast"),),
        state=to,
        from_state=from_state,
    )
