"""Run a sweep: a scenario at every point of a grid or random sweep
(:mod:`csto.sim.models.sweep`), all points' batches on one executor (in this process, a local
process pool, or Dask), each point and variant summed up as one row.

Every point runs with the sweep's seed and the same batch size, so a point's counts are
those ``csto sim run`` gives for the scenario with the point's overrides, whatever the
executor; the manifest (the sweep's receipt) pins what the rows rest on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csto.errors import InputError, Problem
from csto.sim.models.plan import DEFAULT_BATCH, Plan
from csto.sim.models.prepare import World, prepare
from csto.sim.models.scenario import Scenario, outcome_names
from csto.sim.models.summary import summarise
from csto.sim.models.sweep import Axis, SweepKind, apply_point, sweep_points
from csto.sim.receipts import environment, totals_digest
from csto.sim.run import ExecutorKind, Progress, RunResult, run_plans

__all__ = ["MANIFEST_SCHEMA", "SweepResult", "sweep"]

MANIFEST_SCHEMA = "csto.sim.sweep/1"


@dataclass(frozen=True, eq=False)
class SweepResult:
    """The sweep's points, one row per point and variant, and its manifest."""

    scenario: Scenario
    kind: SweepKind
    axes: tuple[Axis, ...]
    points: tuple[dict[str, float], ...]
    rows: tuple[dict[str, Any], ...]
    manifest: dict[str, Any]


def _rows(plan: Plan, run: RunResult, index: int, point: dict[str, float]) -> list[dict[str, Any]]:
    out = []
    names = outcome_names(plan.ladder)
    for s in summarise(plan, run.totals):
        lo, hi = s.act.interval
        row: dict[str, Any] = {"point": index, **point, "variant": s.id}
        row.update(
            n=s.n,
            acted=s.act.k,
            p_act=s.act.p,
            ci95_low=lo,
            ci95_high=hi,
            days_mean=s.days_mean,
        )
        for name in names:
            row[f"p_{name}"] = s.outcomes[name].p
        for f in s.states:
            row[f"blocks_{f.state}"] = f.blocks_any.p
            row[f"decisive_{f.state}"] = f.decisive.p
        out.append(row)
    return out


def sweep(
    scenario: str | Path,
    axes: Sequence[Axis],
    *,
    kind: SweepKind = "grid",
    points: int = 0,
    replications: int | None = None,
    seed: int | None = None,
    variants: Sequence[str] | None = None,
    executor: ExecutorKind = "inline",
    workers: int | None = None,
    scheduler: str | None = None,
    batch: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    calibrated: bool = True,
    world: World | None = None,
) -> SweepResult:
    """Run ``scenario`` (a shipped id or a file) at every point of the sweep."""
    import csto
    from csto.io.scenariofiles import scenario_digest
    from csto.sim.api import _with_files, load_world, scenario_file

    base = world or load_world(calibrated=calibrated)
    sc, path, w = scenario_file(scenario, base)
    if variants:
        w = _with_files(w, tuple(variants), path.parent)
    if replications is not None and replications < 1:
        raise InputError(
            "replications must be at least 1", (Problem("too few", field="replications"),)
        )
    run_seed = seed if seed is not None else sc.seed
    chosen = sweep_points(axes, kind, points=points, seed=run_seed)
    plans = []
    for i, point in enumerate(chosen):
        at = apply_point(sc, point, f"sweep point {i} of {len(chosen)}")
        plan = prepare(
            at,
            w,
            variants=tuple(variants) if variants else None,
            replications=replications,
            seed=run_seed,
            batch=batch,
        )
        unknown = sorted(
            {n.split(".")[0] for n in point if "." in n and n.split(".")[0] not in plan.states}
        )
        if unknown:
            raise InputError(
                f"no delegation {', '.join(unknown)} in {sc.id}",
                (
                    Problem(
                        "the state is not simulated in this scenario",
                        field="axis",
                        expected=", ".join(plan.states),
                        got=", ".join(unknown),
                    ),
                ),
            )
        plans.append(plan)
    runs = run_plans(
        plans, executor=executor, workers=workers, scheduler=scheduler, progress=progress
    )
    rows: list[dict[str, Any]] = []
    for i, (plan, run) in enumerate(zip(plans, runs, strict=True)):
        rows.extend(_rows(plan, run, i, chosen[i]))
    first = plans[0]
    manifest: dict[str, Any] = {
        "schema": MANIFEST_SCHEMA,
        "csto_version": csto.__version__,
        "record_digest": w.engine.record_digest,
        "rules_digest": w.engine.rules_digest,
        "scenario": {"id": sc.id, "file": str(path), "digest": scenario_digest(sc)},
        "profile": sc.rules.profile,
        "variants": [{"id": v.id, "rules_digest": v.rules_digest} for v in first.variants],
        "kind": kind,
        "axes": [
            {"name": a.name, "values": list(a.values)}
            if kind == "grid"
            else {"name": a.name, "low": a.low, "high": a.high}
            for a in axes
        ],
        "points": [
            {"point": i, "values": p, "totals_digest": totals_digest(r.totals)}
            for i, (p, r) in enumerate(zip(chosen, runs, strict=True))
        ],
        "seed": run_seed,
        "replications": first.replications,
        "batch": first.batch,
        "calibration": first.draws.receipt if first.draws is not None else None,
        "environment": environment(),
        "executor": runs[0].executor if runs else executor,
        "workers": runs[0].workers if runs else 0,
    }
    return SweepResult(sc, kind, tuple(axes), tuple(chosen), tuple(rows), manifest)
