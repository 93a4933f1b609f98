"""The session as a process: outcomes that must follow from the parameters, whatever the
noise (the model's parameters are overridden to extremes, each with its source)."""

from __future__ import annotations

import dataclasses

import numpy as np

from csto.sim.api import scenario_file
from csto.sim.models.prepare import World, prepare
from csto.sim.models.scenario import ParamSpec
from csto.sim.run import run_plan

_SRC = "test: an extreme value"


def _run(world: World, name: str, model: dict[str, float], **kw: object) -> dict[str, np.ndarray]:
    scenario, _, w = scenario_file(name, world)
    specs = {k: ParamSpec(source=_SRC, value=v) for k, v in model.items()}
    scenario = scenario.replace(model=specs, **kw)
    plan = prepare(scenario, w, replications=2000, batch=500, variants=("consensus", "majority"))
    return run_plan(plan, executor="inline").totals


def test_everyone_eager_sends_forces_at_once(world: World) -> None:
    t = _run(world, "kaz-2022-01", {"base": 50.0, "affinity": 0.0, "russia": 0.0, "cost": 0.0})
    assert int(t["consensus/adopted"]) == 2000
    assert int(t["consensus/by_rung"][0]) == 2000  # forces, the first rung
    assert int(t["consensus/by_round"][0]) == 2000  # on day 0


def test_everyone_unwilling_decides_nothing(world: World) -> None:
    t = _run(
        world,
        "kaz-2022-01",
        {"base": -50.0, "affinity": 0.0, "russia": 0.0, "threat": 0.0, "legal": 0.0},
    )
    assert int(t["consensus/adopted"]) == 0
    assert int(t["majority/adopted"]) == 0
    assert int(t["consensus/failed_veto"]) == 2000  # everyone objects
    assert int(t["majority/failed_quota"]) == 2000  # a majority rule has no veto


def test_costly_help_is_weakened_down_the_ladder(world: World) -> None:
    """Willing to make a statement, never to send anything: the consultations show that
    only the statement passes, and the Council adopts it the same day."""
    model = {"base": 5.0, "affinity": 0.0, "russia": 0.0, "threat": 0.0, "legal": 0.0}
    model |= {"urgency": 0.0, "cost": 100.0, "band": 0.0}
    t = _run(world, "kaz-2022-01", model)
    assert int(t["consensus/by_rung"][3]) == int(t["consensus/adopted"]) > 1900
    assert int(t["consensus/by_round"][0]) > 1900


def test_the_strongest_form_that_passes_is_adopted(world: World) -> None:
    """Cheap enough for a mission but not for forces: mostly a mission, not a statement."""
    model = {"base": 5.0, "affinity": 0.0, "russia": 0.0, "threat": 0.0, "legal": 0.0}
    model |= {"urgency": 0.0, "cost": 2.4, "band": 0.0, "persistence": 0.0}
    t = _run(world, "kaz-2022-01", model)
    by_rung = t["consensus/by_rung"]
    assert int(by_rung[1]) > int(by_rung[0])
    assert int(by_rung[1]) > int(by_rung[3])


def test_forces_not_requested_are_barred_by_the_law(world: World) -> None:
    scenario, _, w = scenario_file("kaz-2022-01", world)
    crisis = dataclasses.replace(scenario.crisis, requested=False)
    plan = prepare(scenario.replace(crisis=crisis), w, replications=10)
    consensus = plan.variant("consensus")
    assert consensus.barred[0] is not None
    assert "CST-1992 art. 4" in consensus.barred[0]
    assert all(b is None for b in consensus.barred[1:])
    assert any("bars 'forces'" in n for n in plan.notes)
