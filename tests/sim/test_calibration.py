"""Retrodiction before prediction: the importance-sampling arithmetic on a case worked by
hand, and the shipped calibration: written by 'csto sim calibrate' with its receipt, it
covers every listed episode, and replaying the episodes with its draws gives its figures
back exactly (no parameter tuned by hand: the draws and weights are a function of the
seed, the priors and the episodes)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from csto.io.simdata import calibration_path, load_draws
from csto.sim.models.calibration import EpisodeCounts, fit
from csto.sim.models.parameters import MODEL_PARAMETERS
from csto.sim.models.prepare import World
from csto.sim.retro import CALIBRATION_SCHEMA, retrodict

EPISODES = {
    "kgz-2010-06",
    "arm-2021-05",
    "arm-2022-09",
    "kaz-2022-01",
    "crrf-2009-06",
    "kgz-tjk-2021-04",
    "kgz-tjk-2022-09",
}


def _counts(id_: str, hits: list[int], fit_: bool = True) -> EpisodeCounts:
    counts = np.array([[h, 10 - h] for h in hits], dtype=np.int64)
    return EpisodeCounts(id_, ("adopted", "none"), "adopted", True, fit_, counts)


def test_weights_loo_and_brier_by_hand() -> None:
    draws = np.array([[0.0], [1.0]])
    a = _counts("a", [2, 8])  # draw 1 explains a better
    b = _counts("b", [5, 5])
    c = _counts("c", [0, 10], fit_=False)  # replayed, not fitted: no weight
    result = fit(("x",), draws, [a, b, c])
    la = np.log((np.array([2, 8]) + 0.5) / 11)
    lb = np.log((np.array([5, 5]) + 0.5) / 11)
    w = np.exp(la + lb - (la + lb).max())
    w /= w.sum()
    assert np.allclose(result.weights, w)
    ea = result.episodes[0]
    assert ea.prior == pytest.approx(0.5 * 0.2 + 0.5 * 0.8)
    assert ea.posterior == pytest.approx(w @ [0.2, 0.8])
    loo_w = np.exp(lb - lb.max())
    loo_w /= loo_w.sum()
    assert ea.loo == pytest.approx(loo_w @ [0.2, 0.8])  # b alone cannot tell the draws apart
    assert ea.brier == pytest.approx(2 * (1 - ea.posterior) ** 2)
    assert result.episodes[2].loo == pytest.approx(result.episodes[2].posterior)
    assert result.log_likelihood == pytest.approx(
        math.log(ea.posterior) + math.log(result.episodes[1].posterior)
    )
    assert result.params[0].mean == pytest.approx(w[1])


def test_the_shipped_calibration_has_its_receipt_and_every_episode() -> None:
    doc = json.loads(calibration_path().read_text())
    assert doc["schema"] == CALIBRATION_SCHEMA
    assert doc["parameters"] == list(MODEL_PARAMETERS)
    assert {e["id"] for e in doc["episodes"]} == EPISODES
    receipt = doc["receipt"]
    assert receipt["created_by"] == "csto sim calibrate"
    assert set(receipt["scenarios"]) == EPISODES
    for key in ("record_digest", "rules_digest", "seed", "per_draw", "environment"):
        assert key in receipt
    draws = load_draws()
    assert draws is not None
    assert draws.receipt == receipt["digest"]
    assert np.isclose(draws.weights.sum(), 1.0)
    for e in doc["episodes"]:
        assert (e["loo"] >= 0.05) == e["retrodicted"]


@pytest.mark.slow
def test_retrodiction_gives_the_calibration_back_exactly(world: World) -> None:
    doc = json.loads(calibration_path().read_text())
    if doc["receipt"]["record_digest"] != world.engine.record_digest:
        # visible, never silent: the record changed after the calibration was fitted (runs
        # say so in their notes); refit with 'csto sim calibrate'
        pytest.xfail("STALE: the record changed since the calibration; run csto sim calibrate")
    result = retrodict(world, doc, executor="process", workers=2)
    assert np.array_equal(result.weights, np.array(doc["weights"]))
    for mine, theirs in zip(result.episodes, doc["episodes"], strict=True):
        assert mine.id == theirs["id"]
        assert mine.posterior == theirs["posterior"]
        assert mine.loo == theirs["loo"]


def test_a_run_says_when_the_calibration_was_fitted_on_another_record(world: World) -> None:
    from dataclasses import replace

    from csto.sim.api import scenario_file
    from csto.sim.models.prepare import prepare

    draws = load_draws()
    assert draws is not None
    scenario, _, w = scenario_file("kaz-2022-01", world)
    stale = replace(w, draws=replace(draws, record_digest="sha256:" + "0" * 64))
    plan = prepare(scenario, stale, replications=1)
    assert any("'csto sim calibrate' refits it" in n for n in plan.notes)
    fresh = replace(w, draws=replace(draws, record_digest=world.engine.record_digest))
    assert not any("refits" in n for n in prepare(scenario, fresh, replications=1).notes)


def test_the_docs_show_the_shipped_calibration() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import sim_docs

    assert sim_docs.DOC.read_text() == sim_docs.render(), "run python scripts/sim_docs.py"
