"""Retrodiction before prediction: replay the documented episodes (the shipped scenarios that
say what history did) from their dates, fit the model's free parameters on them
(:mod:`csto.sim.models.calibration`), and write the result as data with a receipt.

``calibrate`` draws the parameters from their priors and runs every episode under the law
(``consensus`` under its profile); ``retrodict`` re-runs the episodes with the shipped
calibration's draws and recomputes everything from scratch, so its figures double as a
check of the calibration file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from csto.errors import InputError, Problem
from csto.sim.models.calibration import (
    EpisodeCounts,
    Fit,
    fit,
    log_prior,
    prior_draws,
    propose,
    tempered_weights,
)
from csto.sim.models.parameters import MODEL_PARAMETERS
from csto.sim.models.plan import Draws
from csto.sim.models.prepare import World, prepare
from csto.sim.models.scenario import Scenario, outcome_names
from csto.sim.receipts import environment
from csto.sim.run import ExecutorKind, run_plan

__all__ = [
    "CALIBRATION_SCHEMA",
    "calibrate",
    "calibration_document",
    "episodes",
    "retrodict",
]

CALIBRATION_SCHEMA = "csto.sim.calibration/1"

Tick = Callable[[str, int, int], None]


def episodes(world: World) -> list[tuple[Scenario, Path]]:
    """The shipped scenarios that say what history did, by date."""
    from csto.io.scenariofiles import builtin_scenario_files, load_scenario

    out = []
    for file in builtin_scenario_files():
        sc = load_scenario(file, world.history, world.engine, world.table)
        if sc.history is not None:
            out.append((sc, file))
    return sorted(out, key=lambda p: (p[0].date, p[0].id))


def _counts(
    world: World,
    scenario: Scenario,
    draws: Draws,
    per_draw: int,
    executor: ExecutorKind,
    workers: int | None,
    tick: Tick | None,
) -> EpisodeCounts:
    assert scenario.history is not None
    k = len(draws.weights)
    w = World(world.history, world.engine, world.table, world.regions, draws, world.files)
    plan = prepare(
        scenario,
        w,
        variants=("consensus",),
        replications=k * per_draw,
        seed=scenario.seed,
        cycle_draws=True,
    )
    run = run_plan(
        plan,
        executor=executor,
        workers=workers,
        progress=(lambda d, t: tick(scenario.id, d, t)) if tick else None,
    )
    names = outcome_names(plan.ladder)
    counts = run.totals["consensus/by_draw"].reshape(k, len(names))
    history = scenario.history.outcome
    if history not in names:
        raise InputError(
            f"{scenario.id}: history's outcome {history!r} cannot happen on the ladder {names}",
            (Problem("outcome not on the ladder", field="scenario.history.outcome"),),
        )
    return EpisodeCounts(
        id=scenario.id,
        outcomes=names,
        history=history,
        acted=history != "none",
        fit=scenario.history.fit,
        counts=counts,
        why_not=scenario.history.why_not,
    )


def _draws_digest(names: tuple[str, ...], values: np.ndarray, weights: np.ndarray) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(list(names)).encode())
    h.update(np.ascontiguousarray(values, dtype=np.float64).tobytes())
    h.update(np.ascontiguousarray(weights, dtype=np.float64).tobytes())
    return "sha256:" + h.hexdigest()


def _run(
    world: World,
    names: tuple[str, ...],
    values: np.ndarray,
    log_correction: np.ndarray | None,
    per_draw: int,
    executor: ExecutorKind,
    workers: int | None,
    tick: Tick | None,
) -> tuple[Fit, list[tuple[Scenario, Path]]]:
    uniform = np.full(len(values), 1.0 / len(values))
    draws = Draws(names, values, uniform, "calibration draws")
    eps = episodes(world)
    counts = [_counts(world, sc, draws, per_draw, executor, workers, tick) for sc, _ in eps]
    return fit(names, values, counts, log_correction), eps


def calibrate(
    world: World,
    *,
    draws: int = 1500,
    per_draw: int = 100,
    seed: int = 20261204,
    rounds: int = 4,
    executor: ExecutorKind = "process",
    workers: int | None = None,
    tick: Tick | None = None,
) -> tuple[Fit, dict[str, Any]]:
    """Fit the model's parameters on the episodes (``rounds`` of adaptive proposals after
    the priors); the fit and its document (with receipt)."""
    if draws < 10 or per_draw < 10:
        raise InputError(
            "calibration needs at least 10 draws and 10 runs per draw",
            (Problem("too small", field="draws"),),
        )
    names = tuple(MODEL_PARAMETERS)
    priors = [MODEL_PARAMETERS[n].prior for n in names]
    rng = np.random.default_rng(seed)
    values = prior_draws(priors, draws, rng)
    correction: np.ndarray | None = None
    for step in range(rounds + 1):
        result, eps = _run(world, names, values, correction, per_draw, executor, workers, tick)
        if step == rounds:
            break
        # tempered: the next proposal follows likelihood ** beta, beta rising to 1, so that
        # it narrows gradually instead of collapsing on a few lucky draws
        beta = (step + 1) / (rounds + 1)
        tempered = tempered_weights(result, beta)
        values, log_q = propose(priors, result.draws, tempered, draws, rng)
        correction = log_prior(priors, values) - log_q
    doc = calibration_document(world, result, eps, seed=seed, per_draw=per_draw, rounds=rounds)
    return result, doc


def retrodict(
    world: World,
    calibration: dict[str, Any],
    *,
    executor: ExecutorKind = "process",
    workers: int | None = None,
    tick: Tick | None = None,
) -> Fit:
    """Replay every episode with a calibration's draws and fit again from scratch."""
    try:
        names = tuple(calibration["parameters"])
        values = np.array(calibration["draws"], dtype=np.float64)
        correction = np.array(calibration["log_correction"], dtype=np.float64)
        per_draw = int(calibration["receipt"]["per_draw"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"the calibration cannot be read: {exc}",
            (Problem(str(exc), field="calibration", fix="run 'csto sim calibrate'"),),
        ) from None
    return _run(world, names, values, correction, per_draw, executor, workers, tick)[0]


def calibration_document(
    world: World,
    result: Fit,
    eps: list[tuple[Scenario, Path]],
    *,
    seed: int,
    per_draw: int,
    rounds: int,
) -> dict[str, Any]:
    import csto
    from csto.io.scenariofiles import scenario_digest

    values = result.draws
    weights = result.weights
    return {
        "schema": CALIBRATION_SCHEMA,
        "what": (
            "Weighted draws of the simulation's model parameters: drawn from their priors, "
            "weighted by how well each retrodicts the documented episodes"
        ),
        "parameters": list(result.names),
        "priors": {n: str(MODEL_PARAMETERS[n].prior) for n in result.names},
        "posterior": {p.name: asdict(p) for p in result.params},
        "ess": result.ess,
        "episodes": [asdict(e) for e in result.episodes],
        "scores": {
            "log_likelihood": result.log_likelihood,
            "loo_log_likelihood": result.loo_log_likelihood,
            "brier": result.brier,
        },
        "draws": values.tolist(),
        "log_correction": result.log_correction.tolist(),
        "weights": weights.tolist(),
        "receipt": {
            "digest": _draws_digest(result.names, values, weights),
            "created_by": "csto sim calibrate",
            "csto_version": csto.__version__,
            "record_digest": world.engine.record_digest,
            "rules_digest": world.engine.rules_digest,
            "scenarios": {sc.id: scenario_digest(sc) for sc, _ in eps},
            "seed": seed,
            "draws": len(weights),
            "per_draw": per_draw,
            "adaptive_rounds": rounds,
            "environment": environment(),
        },
    }
