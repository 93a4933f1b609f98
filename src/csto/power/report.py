"""Power reports: the indices of the Council's game under every world (the law as shipped,
each rule variant, each other reading of the tally), or of a game given directly, and the
JSON document that the CLI prints and the web serves (schema: ``power.schema.json``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from csto.cases.variants import VARIANTS, Variant
from csto.law.actions import Position, Question
from csto.law.counting import Counting
from csto.law.engine import Engine
from csto.power.council import (
    CouncilGame,
    World,
    council_game,
    law_world,
    reading_worlds,
    worlds,
)
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
    "preference_document",
    "report_document",
    "with_preferences",
    "world_result",
]

SCHEMA_ID = "https://csto.example/schemas/power.schema.json"


@dataclass(frozen=True, eq=False)
class WorldResult:
    """One world's game and indices; ``same_as`` names an earlier world whose game is the
    same (same voters, same winning coalitions), ``relabelled`` an earlier world whose game
    is this one with some players renamed (``(world id, ((theirs, ours), ...))``)."""

    world: World
    indices: Indices
    council: CouncilGame | None = None
    same_as: str | None = None
    says: str | None = None
    relabelled: tuple[str, tuple[tuple[str, str], ...]] | None = None


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
    #: per world id, the figures under a vote model (:func:`with_preferences`)
    preferences: Mapping[str, Mapping[str, Any]] | None = None


def _same_game(a: TableGame | None, b: TableGame | None) -> bool:
    if a is None or b is None:
        return False
    return a.players == b.players and bool(np.array_equal(a.winning, b.winning))


def _relabelled(a: TableGame | None, b: TableGame | None) -> tuple[tuple[str, str], ...] | None:
    """The renaming of ``a``'s players into ``b``'s under which the two tables are equal:
    common names kept, the others paired in order (None when that is not the same game)."""
    if a is None or b is None or a.n != b.n or a.players == b.players:
        return None
    gone = [p for p in a.players if p not in b.players]
    new = [p for p in b.players if p not in a.players]
    mapping = dict(zip(gone, new, strict=True))
    order = [b.players.index(mapping.get(p, p)) for p in a.players]
    masks = np.arange(1 << a.n, dtype=np.int64)
    image = np.zeros_like(masks)
    for i, j in enumerate(order):
        image |= ((masks >> i) & 1) << j
    if not bool(np.array_equal(b.winning[image], a.winning)):
        return None
    return tuple(mapping.items())


def _degenerate_indices(cg: CouncilGame, which: tuple[str, ...]) -> Indices:
    n = len(cg.voters)
    return Indices(
        players=cg.voters,
        values=dict.fromkeys(which, (None,) * n),
        act=cg.act,
        winning=int(cg.act * (1 << n)),
        minimal_winning=None,
        method="none: no voting game",
    )


def world_result(
    cg: CouncilGame,
    which: tuple[str, ...],
    earlier: Sequence[WorldResult],
    says: str | None = None,
) -> WorldResult:
    """A world's result: its indices, and how its game relates to the ``earlier`` ones."""
    kin = cg.world.id.rsplit(":", 1)[0]
    games = sorted(
        ((r.world.id, r.council.game) for r in earlier if r.council is not None),
        key=lambda item: item[0].rsplit(":", 1)[0] != kin,
    )
    same = next((wid for wid, g in games if _same_game(g, cg.game)), None)
    relabelled = None
    if same is None:
        relabelled = next(
            ((wid, m) for wid, g in games if (m := _relabelled(g, cg.game)) is not None), None
        )
    indices = _degenerate_indices(cg, which) if cg.game is None else compute(cg.game, which)
    return WorldResult(cg.world, indices, cg, same, says, relabelled)


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
    files: Mapping[str, Counting] | None = None,
) -> PowerReport:
    """The Council on ``state.date`` under the law, each rule variant and counting (all,
    or those named: :mod:`csto.power.countings`; ``files``: countings read from variant
    files, by path) and, with ``readings``, each other option of the readings its tally
    consults."""
    prof = engine.profile(profile)
    chosen = tuple(INDICES) if which is None else tuple(which)
    pool = VARIANTS if pool is None else pool
    law = council_game(
        engine,
        state,
        law_world(prof),
        prof,
        organ=organ,
        question=question,
        others=others,
        variants=pool,
    )
    todo = worlds(
        engine,
        prof,
        pool,
        None if variants is None else tuple(variants),
        voters=law.voters,
        files=files,
    )[1:]
    if readings:
        todo = reading_worlds(engine, law) + todo
    results = [world_result(law, chosen, ())]
    for world in todo:
        cg = council_game(
            engine, state, world, prof, organ=organ, question=question, others=others, variants=pool
        )
        says = (
            pool[world.variant].says
            if world.variant is not None
            else world.counting.explain()
            if world.counting is not None
            else None
        )
        results.append(world_result(cg, chosen, results, says))
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
        "worlds": [_world(r, (report.preferences or {}).get(r.world.id)) for r in report.results],
        "receipt": dict(report.receipt),
    }


def _world(r: WorldResult, prefs: Mapping[str, Any] | None = None) -> dict[str, Any]:
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
        "relabelled_game_of": None
        if r.relabelled is None
        else {"world": r.relabelled[0], "players": dict(r.relabelled[1])},
        "counting": None if r.world.counting is None else _counting_doc(r.world.counting),
        "degenerate": None if r.council is None else r.council.degenerate,
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
    if prefs is not None:
        if "not_measured" in prefs:
            out["preferences_not_measured"] = prefs["not_measured"]
        else:
            out["preferences"] = dict(prefs)
    return out


def _counting_doc(c: Counting) -> dict[str, Any]:
    return {
        "id": c.id,
        "says": c.says,
        "blocks": list(c.blocks),
        "quota": c.quota,
        "majority": c.majority,
        "excluded": list(c.excluded),
        "veto": None if c.veto is None else list(c.veto),
        "sources": list(c.sources),
        "digest": c.digest,
    }


def preference_document(
    report: PowerReport, model: Any, *, draws: int, seed: int
) -> dict[str, dict[str, Any]]:
    """Per world id: P(act), success and decisiveness under ``model`` (a
    :class:`~csto.power.preferences.VoteModel`), all worlds on the same draws, beside the
    a-priori figures they depart from (decisiveness under fair coins is raw Banzhaf), and
    sentences saying how and why they differ (:mod:`csto.power.explain`). A world with a
    voter the model gives no vote for is left out (:func:`add_preferences` says so); when
    that is the law's own world, the model is refused with the voters it lacks."""
    from csto.power.explain import explain
    from csto.power.preferences import Estimate, measure

    states = set(model.states)
    playable = [r for r in report.results if r.council is not None and r.council.game is not None]
    kept = [r for r in playable if set(r.indices.players) <= states]
    if playable and playable[0] not in kept:
        kept = [playable[0], *kept]  # measure() refuses it, naming the voters it lacks
    games = [r.council.game for r in kept if r.council is not None and r.council.game is not None]
    ids = [r.world.id for r in kept]
    results = measure(games, model, draws=draws, seed=seed)

    def est(e: Estimate) -> dict[str, float | int]:
        return {"value": e.value, "low": e.low, "high": e.high, "draws": e.draws}

    law = (kept[0].world.label, results[0]) if kept and kept[0] is report.results[0] else None
    out: dict[str, dict[str, Any]] = {}
    for wid, m, r, g in zip(ids, results, kept, games, strict=True):
        raw = r.indices.values.get("banzhaf_raw")
        out[wid] = {
            "model": model.describes,
            "seed": seed,
            "act": est(m.act),
            "a_priori_act": float(r.indices.act),
            "success": {p: est(e) for p, e in zip(m.players, m.success, strict=True)},
            "decisiveness": {p: est(e) for p, e in zip(m.players, m.decisive, strict=True)},
            "supports": {p: est(e) for p, e in zip(m.players, m.supports, strict=True)},
            "a_priori_decisiveness": None
            if raw is None
            else {p: float(v or 0) for p, v in zip(m.players, raw, strict=True)},
            "explains": explain(
                r.world.label,
                g,
                m,
                r.indices.act,
                raw,
                None if law is None or r is report.results[0] else law,
            ),
        }
    for r in report.results:
        if r.world.id not in out:
            lacking = ", ".join(p for p in r.indices.players if p not in states)
            out[r.world.id] = {
                "not_measured": f"the vote model gives no vote for {lacking}"
                if lacking
                else "no voting game"
            }
    return out


def with_preferences(report: PowerReport, model: Any, *, draws: int, seed: int) -> PowerReport:
    """``report`` with each world's figures under ``model`` (:func:`preference_document`);
    :func:`report_document` then carries them."""
    prefs = preference_document(report, model, draws=draws, seed=seed)
    return dataclasses.replace(report, preferences=prefs)
