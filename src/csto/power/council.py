"""The Council's voting game on a date, derived from csto's own rule, not a copy of it.

The players are the members the law lets vote that day (``Tally.voters`` of the rule for
``adopt_decision``: statuses and the profile's reading of frozen participation decide). A
coalition wins when the rule adopts a draft that its members support while every other
voter takes the position ``others`` (``object`` by default: the yes/no model of a-priori
power). The rule is run once per coalition, so a rule variant that swaps the decision rule
(``csto.cases.variants``), a counterfactual counting swapped in by
:func:`csto.law.counting.with_counting` (exactly as an engine built with it counts), or a
reading that changes who votes changes the game with it.

A world whose rule adopts a draft nobody supports (silence when the others abstain), or
adopts nothing (more supporters needed than there are voters), has no voting game: it is
kept, with its power to act (1 or 0) and why (:attr:`CouncilGame.degenerate`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from csto.cases.variants import VARIANTS, Variant
from csto.codes import ORGANS
from csto.errors import InputError, Problem
from csto.law.actions import AdoptDecision, Position, Question
from csto.law.context import Ctx, name, run_rule
from csto.law.counting import Counting, with_counting
from csto.law.engine import Engine
from csto.law.readings import Profile
from csto.law.rules import Rule
from csto.power.countings import DEFAULT_COUNTINGS, is_counting, resolve_countings
from csto.power.games import MAX_TABLE_PLAYERS, TableGame, coalition_names
from csto.state.model import State

__all__ = [
    "SUBJECT",
    "CouncilGame",
    "World",
    "council_game",
    "law_world",
    "reading_worlds",
    "worlds",
]

#: the draft every coalition votes on (its subject does not change the rule)
SUBJECT = "an a-priori draft decision"

_STATUS_WORDS = {
    "participation_frozen": "participation frozen",
    "participation_suspended": "participation suspended",
    "signatory": "signatory (Treaty not yet in force for it)",
    "withdrawal_pending": "withdrawal pending",
    "member": "member",
}


@dataclass(frozen=True, slots=True)
class World:
    """One set of rules to derive the game under: the law as shipped, a rule variant, or
    the law counting by a counterfactual :class:`~csto.law.counting.Counting`; the
    profile, and possibly one reading answered otherwise than the profile does."""

    id: str
    label: str
    variant: str | None = None
    reading: tuple[str, str] | None = None
    counting: Counting | None = None


@dataclass(frozen=True, eq=False)
class CouncilGame:
    """The game, with what it was derived from."""

    world: World
    date: dt.date
    organ: str
    question: str
    others: str
    profile: str
    rule: str
    readings: tuple[tuple[str, str], ...]
    not_voting: tuple[tuple[str, str], ...]
    voting_with_status: tuple[tuple[str, str], ...]
    game: TableGame | None
    voters: tuple[str, ...]
    act: Fraction
    degenerate: str | None = None


def law_world(profile: Profile) -> World:
    """The law as shipped, read by ``profile``."""
    return World("law", f"the law as shipped (profile {profile.id})")


def worlds(
    engine: Engine,
    profile: Profile,
    variants: Mapping[str, Variant] | None = None,
    chosen: Sequence[str] | None = None,
    *,
    voters: Sequence[str] = (),
    files: Mapping[str, Counting] | None = None,
) -> list[World]:
    """The law as shipped, then each rule variant and each counting (all, or those
    ``chosen``; see :mod:`csto.power.countings`), families expanded over ``voters``."""
    pool = VARIANTS if variants is None else variants
    names = tuple(chosen) if chosen is not None else (*pool, *DEFAULT_COUNTINGS)
    unknown = [v for v in names if v not in pool and not is_counting(v)]
    if unknown:
        raise InputError(
            "unknown rule variant",
            tuple(
                Problem(
                    f"no variant {v!r}",
                    field="variant",
                    expected=", ".join((*sorted(pool), "consensus", "majority", "silence"))
                    + ", k-of-n[:K], minus-parties[:A+B], file:PATH",
                    got=v,
                )
                for v in unknown
            ),
        )
    out = [law_world(profile)]
    for vid in names:
        if vid in pool:
            out.append(World(f"variant:{vid}", f"variant {vid}", variant=vid))
            continue
        for cname, counting in resolve_countings((vid,), voters, files):
            if counting is not None:
                out.append(World(f"counting:{cname}", f"counting {cname}", counting=counting))
    unique: dict[str, World] = {}
    for w in out:
        unique.setdefault(w.id, w)
    return list(unique.values())


def reading_worlds(engine: Engine, law_game: CouncilGame) -> list[World]:
    """Every other option of each reading the law's tally consulted (under the law as
    shipped): where the law is open, what the game would be under the other answers."""
    out: list[World] = []
    for reading_id, chosen in law_game.readings:
        reading = engine.catalogue.reading(reading_id)
        for option in reading.options:
            if option.id != chosen:
                out.append(
                    World(
                        f"reading:{reading_id}={option.id}",
                        f"reading {reading_id} = {option.id}",
                        reading=(reading_id, option.id),
                    )
                )
    return out


def _apply(rule: Rule, engine: Engine, state: State, action: AdoptDecision, prof: Profile) -> Ctx:
    ctx = Ctx(engine.law, engine.catalogue, state, action, prof)
    run_rule(rule.apply, ctx, action)
    return ctx


def council_game(
    engine: Engine,
    state: State,
    world: World,
    profile: Profile,
    *,
    organ: str = "CSC",
    question: Question = "substantive",
    others: Position = "object",
    variants: Mapping[str, Variant] | None = None,
) -> CouncilGame:
    """The game of ``organ`` on ``state.date`` under ``world``, from the rule itself (run
    as the engine runs it: :func:`csto.law.context.run_rule`)."""
    pool = VARIANTS if variants is None else variants
    rules: Mapping[str, Rule] = engine.rules
    if world.variant is not None:
        rules = pool[world.variant].swap(engine.rules)
    if world.counting is not None:
        rules = with_counting(rules, world.counting)
    prof = profile if world.reading is None else profile.overriding(*world.reading)
    rule = rules["adopt_decision"]
    day = state.date
    probe = AdoptDecision(date=day, organ=organ, subject=SUBJECT, question=question)
    ctx = _apply(rule, engine, state, probe, prof)
    if ctx.tally is None:
        why = "; ".join(r.applied for r in ctx.reasons) or "the rule decided without a count"
        raise InputError(
            f"the {ORGANS.get(organ, organ)} takes no decisions on {day}",
            (Problem(why, field="organ", got=organ, fix="choose a date when the organ exists"),),
        )
    voters = ctx.tally.voters
    if not voters:
        raise InputError(
            f"no member is entitled to vote in the {ORGANS.get(organ, organ)} on {day}",
            (Problem("an empty body has no voting game", field="date", got=str(day)),),
        )
    if len(voters) > MAX_TABLE_PLAYERS:  # pragma: no cover - the Council never had 25
        raise InputError(f"{len(voters)} voters are too many to enumerate")
    table = np.zeros(1 << len(voters), dtype=np.bool_)
    readings: dict[str, str] = dict(ctx.readings)
    for mask in range(1 << len(voters)):
        supporters = set(coalition_names(voters, mask))
        positions: dict[str, Position] = {
            v: ("support" if v in supporters else others) for v in voters
        }
        action = AdoptDecision(
            date=day, organ=organ, subject=SUBJECT, question=question, positions=positions
        )
        run = _apply(rule, engine, state, action, prof)
        assert run.tally is not None
        assert run.tally.adopted is not None
        table[mask] = run.tally.adopted
        readings.update(run.readings)
    excluded = world.counting.excluded if world.counting is not None else ()
    not_voting = tuple(
        (
            code,
            f"{name(code)}: a party to the dispute, which does not vote under counting "
            f"{world.counting.id}"
            if code in excluded and world.counting is not None
            else _why_not(code, state, readings),
        )
        for code in sorted(state.members)
        if code not in voters
    )
    degenerate = _degenerate(table, others)
    with_status = tuple(
        (code, _why_not(code, state, readings))
        for code in voters
        if code in state.members and state.members[code].status != "member"
    )
    return CouncilGame(
        world=world,
        date=day,
        organ=organ,
        question=question,
        others=others,
        profile=prof.id,
        rule=rule.id,
        readings=tuple(sorted(readings.items())),
        not_voting=not_voting,
        voting_with_status=with_status,
        game=None if degenerate else TableGame(voters, table),
        voters=voters,
        act=Fraction(int(table.sum()), len(table)),
        degenerate=degenerate,
    )


def _why_not(code: str, state: State, readings: Mapping[str, str]) -> str:
    status = state.members[code].status
    words = f"{name(code)}: {_STATUS_WORDS.get(status, status)}"
    if status == "participation_frozen" and "frozen-participation" in readings:
        words += f" (reading frozen-participation = {readings['frozen-participation']})"
    return words


def _degenerate(table: np.ndarray, others: str) -> str | None:
    """Why the table is no voting game (None when it is one)."""
    if table[0]:
        return (
            "the rule adopts a draft that no voter supports when every voter's position is "
            f"'{others}': every coalition wins, so no voter can change the outcome"
        )
    if not table[-1]:
        return (
            "the rule adopts nothing even when every voter supports: no coalition wins, so "
            "no voter can change the outcome"
        )
    return None
