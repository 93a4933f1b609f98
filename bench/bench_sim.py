"""Simulation figures (issue 17's speed and memory goals), beside the peer the issue names:
the same model written idiomatically in Mesa (``bench/sim_mesa_peer.py``, run in its own
process because importing Mesa changes multiprocessing's start method).

- delegation decisions per second in one process (a decision: one delegation's position in
  one round of one replication still undecided; the stronger forms a round also weighs are
  not counted, so the figure is a floor);
- 1,000,000 replications of Armenia 2022 (6 delegations, up to 30 rounds), consensus, on a
  local process pool (wall and CPU seconds);
- peak memory of 10,000,000 replications in one process (batched: 32,768 a batch);
- the Mesa peer on the same scenario: its decisions per second, the ratio, and both P(act)
  with their 95 % intervals (they must agree: ``tests/sim/test_mesa_peer.py``);
- a Dask LocalCluster with 1 and 2 workers on this machine's cores (only 2 here: the scaling
  beyond is not shown).

Run: ``python -m bench sim`` (the Mesa figures need ``pip install -e '.[bench]'``, which pins
Mesa 3.3.1, the last release for Python 3.11, or ``CSTO_MESA_PYTHON`` naming an interpreter
that has it). ``CSTO_BENCH_SIM_QUICK=1`` shrinks the sizes
tenfold for a smoke run.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from bench.figures import Figure

SCENARIO = "arm-2022-09"
_QUICK = os.environ.get("CSTO_BENCH_SIM_QUICK") == "1"
_SCALE = 10 if _QUICK else 1


def plan_for(replications: int, *, seed: int = 1, calibrated: bool = True) -> Any:
    from csto.sim.api import load_world, scenario_file
    from csto.sim.models.prepare import prepare

    world = load_world(calibrated=calibrated)
    scenario, _, w = scenario_file(SCENARIO, world)
    return prepare(scenario, w, replications=replications, seed=seed, variants=("consensus",))


def decisions(plan: Any, totals: dict[str, Any]) -> int:
    """Delegation-rounds decided: each round, every delegation of every replication still
    undecided takes a position (at least on the weakest open form)."""
    v = plan.variants[0].id
    n = int(totals[f"{v}/n"]) - int(totals[f"{v}/barred"])
    adopted_by = np.cumsum(totals[f"{v}/by_round"])
    active = n - np.concatenate([[0], adopted_by[:-1]])
    return int(active.sum()) * len(plan.states)


def wilson(k: int, n: int) -> tuple[float, float, float]:
    p = k / n
    z = 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, centre - half, centre + half


def peer_spec(plan: Any) -> dict[str, Any]:
    """The plan's first variant as plain data for the Mesa peer."""
    from csto.sim.models.plan import steps_of

    v = plan.variants[0]
    steps = steps_of(plan.ladder)
    open_rungs = [i for i in reversed(range(len(plan.ladder))) if v.barred[i] is None]
    draws = plan.draws
    calibrated = {p.name for p in plan.model if p.source.kind == "calibration"}
    if draws is not None:
        cols = [draws.names.index(name) for name in sorted(calibrated)]
        weights = (draws.weights / draws.weights.sum()).tolist()
        draws_doc: dict[str, Any] | None = {
            "names": sorted(calibrated),
            "values": draws.values[:, cols].tolist(),
            "weights": weights,
        }
    else:
        draws_doc = None
    return {
        "rounds": plan.rounds,
        "intensity": plan.intensity,
        "obligation": v.obligation,
        "russia": v.russia,
        "members": v.members.tolist(),
        "rungs": [plan.ladder[i] for i in open_rungs],
        "steps": [float(steps[i]) for i in open_rungs],
        "model": {
            p.name: [p.dist.kind, p.dist.a, p.dist.b]
            for p in plan.model
            if draws is None or p.name not in calibrated
        },
        "draws": draws_doc,
        "delegations": [
            {p.name: [p.dist.kind, p.dist.a, p.dist.b] for p in d.params} for d in plan.delegations
        ],
        "rule": {
            "barred": bool(v.rule.barred),
            "voters": v.rule.voters.tolist(),
            "veto": v.rule.veto.tolist(),
            "quota": int(v.rule.quota),
        },
    }


def mesa_python() -> str | None:
    """An interpreter with Mesa: ``CSTO_MESA_PYTHON``, or this one when it has Mesa."""
    named = os.environ.get("CSTO_MESA_PYTHON")
    if named:
        return named
    return sys.executable if importlib.util.find_spec("mesa") is not None else None


def run_peer(plan: Any, n: int, seed: int, python: str | None = None) -> dict[str, Any]:
    """Run the Mesa peer in its own process on ``plan``'s first variant."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "spec.json"
        spec.write_text(json.dumps(peer_spec(plan)), encoding="utf-8")
        root = Path(__file__).resolve().parent.parent
        out = subprocess.run(
            [python or sys.executable, "-m", "bench.sim_mesa_peer", str(spec), str(n), str(seed)],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _peak_rss(replications: int) -> tuple[float, float]:
    """Peak resident memory (MiB) and wall seconds of a fresh process running the plan."""
    code = (
        "import resource, sys, time\n"
        "from bench.bench_sim import plan_for\n"
        "from csto.sim.run import run_plan\n"
        f"plan = plan_for({replications})\n"
        "t = time.perf_counter()\n"
        "run_plan(plan, executor='inline')\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    seconds, kib = out.stdout.split()
    return int(kib) / 1024, float(seconds)


def run() -> Iterator[Figure]:
    from csto.sim.run import run_plan

    # decisions per second, one process
    plan = plan_for(200_000 // _SCALE)
    run_plan(plan, executor="inline")  # warm up (rule tables, imports)
    t, c = time.perf_counter(), time.process_time()
    result = run_plan(plan, executor="inline")
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    ours = decisions(plan, result.totals)
    rate, rate_cpu = ours / wall, ours / cpu
    yield Figure(
        "sim: delegation decisions per second (1 process)",
        rate,
        "decisions/s",
        ">= 10,000,000",
        f"{ours:,} decisions in {wall:.2f} s wall; {rate_cpu:,.0f}/s by CPU time ({cpu:.2f} s)",
    )

    # one million replications on the local pool
    big = plan_for(1_000_000 // _SCALE)
    workers = min(2, os.cpu_count() or 1)
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    res = run_plan(big, executor="process", workers=workers)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_workers = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    yield Figure(
        f"sim: {big.replications:,} replications, 6 delegations, 30 rounds",
        wall,
        "s",
        "< 10 s",
        f"process pool of {workers}, {cpu_workers:.2f} s CPU in the workers "
        f"({cpu_workers / workers:.2f} s each if the cores were free); consensus; P(act) "
        f"{int(res.totals['consensus/adopted']) / big.replications:.4f}",
    )

    # memory, ten million replications in one process
    mib, seconds = _peak_rss(10_000_000 // _SCALE)
    yield Figure(
        f"sim: peak memory, {10_000_000 // _SCALE:,} replications (1 process)",
        mib,
        "MiB",
        "< 1024 MiB",
        f"batches of {plan.batch:,}; {seconds:.1f} s",
    )

    # the Mesa peer on the same scenario
    python = mesa_python()
    if python is None:
        yield Figure(
            "sim: Mesa peer",
            0.0,
            "-",
            None,
            "not run: pip install -e '.[bench]' (or CSTO_MESA_PYTHON=an interpreter with Mesa)",
        )
    else:
        n_peer = 20_000 // _SCALE
        peer = run_peer(plan, n_peer, seed=7, python=python)
        peer_rate = peer["decisions"] / peer["seconds"]
        peer_cpu = peer["decisions"] / peer["cpu"]
        p, lo, hi = wilson(peer["acted"], peer["n"])
        k = int(result.totals["consensus/adopted"])
        q, qlo, qhi = wilson(k, plan.replications)
        yield Figure(
            "sim: Mesa 3.3.1 peer, delegation decisions per second",
            peer_rate,
            "decisions/s",
            None,
            f"{peer_cpu:,.0f}/s by CPU time; ratio ours/Mesa {rate / peer_rate:,.0f}x wall, "
            f"{rate_cpu / peer_cpu:,.0f}x CPU (goal >= 100x); P(act) Mesa {p:.4f} "
            f"[{lo:.4f}, {hi:.4f}] ({n_peer:,} runs), ours {q:.4f} [{qlo:.4f}, {qhi:.4f}]",
        )

    # Dask LocalCluster, 1 and 2 workers (this machine has 2 cores)
    times = {}
    for w in (1, 2):
        t = time.perf_counter()
        run_plan(big, executor="dask", workers=w)
        times[w] = time.perf_counter() - t
    yield Figure(
        f"sim: Dask LocalCluster, {big.replications:,} replications, 2 workers",
        times[2],
        "s",
        None,
        f"1 worker {times[1]:.2f} s, speed-up {times[1] / times[2]:.2f}x on "
        f"{os.cpu_count()} cores (cluster start included; more cores not available here)",
    )
