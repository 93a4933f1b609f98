"""The bench's peer, the same model written idiomatically in Mesa, agrees with the simulation:
P(act) on Armenia 2022 under consensus lies within the Monte Carlo intervals of each other.
So the speed ratio ``python -m bench sim`` prints compares the same model.

Mesa runs in its own process (importing it changes multiprocessing's start method); the test
needs an interpreter with Mesa 3.3.1: this one when the ``bench`` extra is installed, or the
one named by ``CSTO_MESA_PYTHON``; without either it is skipped, saying so.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest
from bench.bench_sim import mesa_python, peer_spec, plan_for, wilson

from csto.sim.run import run_plan

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_mesa_peer_gives_the_same_p_act(tmp_path: Path) -> None:
    python = mesa_python()
    if python is None:
        pytest.skip("no Mesa: pip install -e '.[bench]' or set CSTO_MESA_PYTHON")
    plan = plan_for(100_000)
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(peer_spec(plan)), encoding="utf-8")
    out = subprocess.run(
        [python, "-m", "bench.sim_mesa_peer", str(spec), "3000", "11"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    peer = json.loads(out.stdout.strip().splitlines()[-1])
    ours = run_plan(plan, executor="inline").totals
    p, _, _ = wilson(peer["acted"], peer["n"])
    q, _, _ = wilson(int(ours["consensus/adopted"]), plan.replications)
    se = math.sqrt(p * (1 - p) / peer["n"] + q * (1 - q) / plan.replications)
    assert abs(p - q) < 3.5 * se, (p, q, se)
    # narrow enough to tell models apart: a gap of 3.5 points would fail
    assert 3.5 * se < 0.035
