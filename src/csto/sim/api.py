"""The simulation's front door: load the world, prepare a scenario, run it, summarise it,
sign it with a receipt, and check a receipt. The CLI, the web page and ``csto.simulate`` all
come through here.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from csto.errors import InputError, Problem
from csto.sim.models.plan import DEFAULT_BATCH, Plan
from csto.sim.models.prepare import World, prepare
from csto.sim.models.scenario import Scenario
from csto.sim.models.session import batch_digest, simulate_batch
from csto.sim.models.summary import VariantSummary, summarise
from csto.sim.models.variants import parse_variant
from csto.sim.receipts import RECEIPT_SCHEMA, environment, receipt
from csto.sim.run import ExecutorKind, Progress, RunResult, run_plan

__all__ = ["Simulation", "Verification", "load_world", "scenario_file", "simulate", "verify"]


@functools.cache
def _world(calibrated: bool) -> World:
    import csto
    from csto.io.lawfiles import load_engine
    from csto.io.simdata import agreement_table, load_draws, load_regions

    history = csto.load()
    return World(
        history=history,
        engine=load_engine(history.record),
        table=agreement_table(),
        regions=load_regions(history.record),
        draws=load_draws() if calibrated else None,
    )


def load_world(*, calibrated: bool = True) -> World:
    """The curated history, the law, the UNGA table, the regions and (unless
    ``calibrated`` is False) the shipped calibration; loaded once per process."""
    return _world(calibrated)


def scenario_file(name: str | Path, world: World) -> tuple[Scenario, Path, World]:
    """The scenario named (a path or a shipped id), checked, and the world its variant
    files extend."""
    from csto.io.scenariofiles import load_scenario, resolve_scenario

    path = resolve_scenario(name)
    scenario = load_scenario(path, world.history, world.engine, world.table)
    return scenario, path, _with_files(world, scenario.rules.variants, path.parent)


def _with_files(world: World, variants: Sequence[str], base: Path) -> World:
    from csto.io.scenariofiles import load_variant_file

    files = dict(world.files)
    for name in variants:
        rule = parse_variant(name).rule
        if rule.startswith("file:") and rule[5:] not in files:
            target = Path(rule[5:])
            files[rule[5:]] = load_variant_file(
                target if target.is_absolute() or target.exists() else base / target
            )
    if files == dict(world.files):
        return world
    return World(world.history, world.engine, world.table, world.regions, world.draws, files)


@dataclass(frozen=True, eq=False)
class Simulation:
    """A finished run: the scenario, the plan, the counts, the summaries and the receipt."""

    scenario: Scenario
    plan: Plan
    run: RunResult
    summaries: tuple[VariantSummary, ...]
    receipt: dict[str, Any]

    def to_data(self) -> dict[str, Any]:
        from csto.sim.report import simulation_document

        return simulation_document(self)


def simulate(
    scenario: str | Path | Scenario,
    *,
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
) -> Simulation:
    """Run a scenario (a shipped id, a file, or a :class:`Scenario`) and summarise it."""
    from csto.io.scenariofiles import scenario_digest

    base = world or load_world(calibrated=calibrated)
    if isinstance(scenario, Scenario):
        sc, path, w = scenario, Path("<api>"), base
        w = _with_files(base, tuple(variants or sc.rules.variants), Path.cwd())
    else:
        sc, path, w = scenario_file(scenario, base)
        if variants:
            w = _with_files(w, tuple(variants), path.parent)
    if replications is not None and replications < 1:
        raise InputError(
            "replications must be at least 1", (Problem("too few", field="replications"),)
        )
    plan = prepare(
        sc,
        w,
        variants=tuple(variants) if variants else None,
        replications=replications,
        seed=seed,
        batch=batch,
    )
    run = run_plan(plan, executor=executor, workers=workers, scheduler=scheduler, progress=progress)
    import csto

    rec = receipt(
        plan,
        run,
        csto_version=csto.__version__,
        record_digest=w.engine.record_digest,
        rules_digest=w.engine.rules_digest,
        scenario_file=str(path),
        scenario_digest=scenario_digest(sc),
        profile=sc.rules.profile,
    )
    return Simulation(sc, plan, run, summarise(plan, run.totals), rec)


@dataclass(frozen=True, slots=True)
class Verification:
    """What a receipt check found: batches re-run and those whose digests differ, and the
    differences in what the run rested on."""

    checked: tuple[int, ...]
    mismatched: tuple[int, ...]
    differences: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.mismatched and not self.differences


def verify(doc: dict[str, Any], *, sample: int = 3, seed: int = 0) -> Verification:
    """Re-run ``sample`` batches of the run a receipt describes (all when ``sample`` is 0)
    and compare their digests; also compare the record, rules, scenario and numpy build."""
    from csto.io.scenariofiles import scenario_digest

    if doc.get("schema") != RECEIPT_SCHEMA:
        raise InputError(
            "not a simulation receipt",
            (
                Problem(
                    "wrong schema",
                    field="schema",
                    expected=RECEIPT_SCHEMA,
                    got=str(doc.get("schema")),
                ),
            ),
        )
    try:
        digests = {int(i): str(d) for i, d in doc["batch_digests"]}
        file = doc["scenario"]["file"]
        calibrated = doc.get("calibration") is not None
        variants = tuple(v["id"] for v in doc["variants"])
        seed_run, reps, batch = int(doc["seed"]), int(doc["replications"]), int(doc["batch"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"the receipt is incomplete: {exc}",
            (Problem(f"missing or malformed: {exc}", field="receipt"),),
        ) from None
    base = load_world(calibrated=calibrated)
    sc, _, w = scenario_file(file, base)
    w = _with_files(w, variants, Path(file).parent)
    differences: list[str] = []
    for label, ours, theirs in (
        ("record digest", w.engine.record_digest, doc.get("record_digest")),
        ("rules digest", w.engine.rules_digest, doc.get("rules_digest")),
        ("scenario digest", scenario_digest(sc), doc["scenario"].get("digest")),
        ("calibration", w.draws.receipt if w.draws is not None else None, doc.get("calibration")),
        ("numpy", environment()["numpy"], doc.get("environment", {}).get("numpy")),
    ):
        if ours != theirs:
            differences.append(f"{label}: the receipt says {theirs}, this installation has {ours}")
    plan = prepare(sc, w, variants=variants, replications=reps, seed=seed_run, batch=batch)
    indices = sorted(digests)
    if sample and sample < len(indices):
        pick = np.random.default_rng(seed).choice(len(indices), size=sample, replace=False)
        indices = sorted(indices[int(i)] for i in pick)
    mismatched = tuple(i for i in indices if batch_digest(simulate_batch(plan, i)) != digests[i])
    return Verification(tuple(indices), mismatched, tuple(differences))
