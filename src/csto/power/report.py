"""Power reports: the indices of the Council's game under every world (the law as shipped,
each rule variant, each other reading of the tally), or of a game given directly, and the
JSON document that the CLI prints and the web serves (schema: ``power.schema.json``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from csto.cases.variants import VARIANTS, Variant
from csto.law.actions import Position, Question
from csto.law.engine import Engine
from csto.power.council import CouncilGame, World, council_game, reading_worlds, worlds
from csto.power.games import Game, TableGame, WeightedGame
from csto.power.indices import INDICES, Indices, compute
from csto.state.model import State

__all__ = [
    "SCHEMA_ID",
    "PowerReport",
    "WorldResult",
    "council_report",
    "exact",
    "game_report",
    "report_document",
]

SCHEMA_ID = "https://csto.example/schemas/power.schema.json"


@dataclass(frozen=True, eq=False)
class WorldResult:
    """One world's game and indices; ``same_as`` names an earlier world whose game is the
    same (same voters, same winning coalitions)."""

    world: World
    indices: Indices
    council: CouncilGame | None = None
    same_as: str | None = None
    says: str | None = None


@dataclass(frozen=True, eq=False)
class PowerReport:
    source: str  # "law", "weights" or "game"
    date: dt.date | None
    profile: str | None
    organ: str | None
    question: str | None
    others: str | None
    indices: tuple[str, ...]
    results: tuple[WorldResult, ...]
    receipt: Mapping[str, str]


def _same_game(a: TableGame, b: TableGame) -> bool:
    return a.players == b.players and bool(np.array_equal(a.winning, b.winning))


def council_report(
    engine: Engine,
    state: State,
    *,
    profile: str = "default",
    variants: Sequence[str] | None = None,
    which: Iterable[str] | None = None,
    organ: str = "CSC",
    question: Question = "substantive",
    others: Position = "object",
    readings: bool = True,
    pool: Mapping[str, Variant] | None = None,
) -> PowerReport:
    """The Council on ``state.date`` under the law, each variant (all, or those named) and,
    with ``readings``, each other option of the readings its tally consults."""
    prof = engine.profile(profile)
    chosen = tuple(INDICES) if which is None else tuple(which)
    pool = VARIANTS if pool is None else pool
    todo = worlds(engine, prof, pool, None if variants is None else tuple(variants))
    results: list[WorldResult] = []
    games: list[CouncilGame] = []
    k = 0
    while k < len(todo):
        world = todo[k]
        cg = council_game(
            engine, state, world, prof, organ=organ, question=question, others=others, variants=pool
        )
        if k == 0 and readings:
            todo.extend(reading_worlds(engine, cg))
        same = next((g.world.id for g in games if _same_game(g.game, cg.game)), None)
        says = pool[world.variant].says if world.variant is not None else None
        results.append(WorldResult(world, compute(cg.game, chosen), cg, same, says))
        games.append(cg)
        k += 1
    return PowerReport(
        source="law",
        date=state.date,
        profile=prof.id,
        organ=organ,
        question=question,
        others=others,
        indices=chosen,
        results=tuple(results),
        receipt={
            "csto_version": engine.csto_version,
            "record_digest": engine.record_digest,
            "rules_digest": engine.rules_digest,
            "profile": prof.id,
        },
    )


def game_report(game: Game, *, which: Iterable[str] | None = None, label: str) -> PowerReport:
    """The indices of a game given directly (weights and a quota, or a table)."""
    chosen = tuple(INDICES) if which is None else tuple(which)
    world = World("game", label)
    return PowerReport(
        source="weights" if isinstance(game, WeightedGame) else "game",
        date=None,
        profile=None,
        organ=None,
        question=None,
        others=None,
        indices=chosen,
        results=(WorldResult(world, compute(game, chosen)),),
        receipt={},
    )


def exact(value: Fraction | None) -> dict[str, Any] | None:
    """A fraction as the document carries it: exact text and a float."""
    if value is None:
        return None
    return {"exact": str(value), "value": float(value)}


def report_document(report: PowerReport) -> dict[str, Any]:
    """The JSON document of a report (``power.schema.json``)."""
    return {
        "$schema": SCHEMA_ID,
        "source": report.source,
        "date": None if report.date is None else report.date.isoformat(),
        "profile": report.profile,
        "organ": report.organ,
        "question": report.question,
        "others": report.others,
        "model": (
            "a-priori: every coalition equally likely; a coalition's members support the "
            f"draft, every other voter's position is '{report.others}'"
            if report.source == "law"
            else "a-priori: every coalition equally likely"
        ),
        "indices": {k: {"name": INDICES[k][0], "measures": INDICES[k][1]} for k in report.indices},
        "worlds": [_world(r) for r in report.results],
        "receipt": dict(report.receipt),
    }


def _world(r: WorldResult) -> dict[str, Any]:
    ind = r.indices
    out: dict[str, Any] = {
        "id": r.world.id,
        "label": r.world.label,
        "variant": r.world.variant,
        "variant_says": r.says,
        "reading": None
        if r.world.reading is None
        else {"reading": r.world.reading[0], "option": r.world.reading[1]},
        "same_game_as": r.same_as,
        "players": list(ind.players),
        "method": ind.method,
        "winning_coalitions": ind.winning,
        "coalitions": 1 << len(ind.players),
        "minimal_winning_coalitions": ind.minimal_winning,
        "power_to_act": exact(ind.act),
        "values": {
            k: {p: exact(v) for p, v in zip(ind.players, vals, strict=True)}
            for k, vals in ind.values.items()
        },
    }
    if r.council is not None:
        c = r.council
        out["rule"] = c.rule
        out["profile"] = c.profile
        out["readings"] = [{"reading": k, "option": v} for k, v in c.readings]
        out["not_voting"] = [{"state": s, "why": why} for s, why in c.not_voting]
        out["voting_with_status"] = [{"state": s, "why": why} for s, why in c.voting_with_status]
    return out


def preference_document(
    report: PowerReport, model: Any, *, draws: int, seed: int
) -> dict[str, dict[str, Any]]:
    """Per world id: P(act), success and decisiveness under ``model`` (a
    :class:`~csto.power.preferences.VoteModel`), all worlds on the same draws, beside the
    a-priori figures they depart from (decisiveness under fair coins is raw Banzhaf)."""
    from csto.power.preferences import Estimate, measure

    games = [r.council.game for r in report.results if r.council is not None]
    ids = [r.world.id for r in report.results if r.council is not None]
    results = measure(games, model, draws=draws, seed=seed)

    def est(e: Estimate) -> dict[str, float | int]:
        return {"value": e.value, "low": e.low, "high": e.high, "draws": e.draws}

    out: dict[str, dict[str, Any]] = {}
    for wid, m, r in zip(ids, results, [r for r in report.results if r.council], strict=True):
        raw = r.indices.values.get("banzhaf_raw")
        out[wid] = {
            "model": model.describes,
            "seed": seed,
            "act": est(m.act),
            "a_priori_act": float(r.indices.act),
            "success": {p: est(e) for p, e in zip(m.players, m.success, strict=True)},
            "decisiveness": {p: est(e) for p, e in zip(m.players, m.decisive, strict=True)},
            "a_priori_decisiveness": None
            if raw is None
            else {p: float(v or 0) for p, v in zip(m.players, raw, strict=True)},
        }
    return out
