"""Shared fixtures: the world (history, law, UNGA table, regions) without calibration, and
plans of shipped scenarios at small sizes."""

from __future__ import annotations

import pytest

from csto.sim.api import load_world, scenario_file
from csto.sim.models.plan import Plan
from csto.sim.models.prepare import World, prepare


@pytest.fixture(scope="session")
def world() -> World:
    return load_world(calibrated=False)


def small_plan(
    world: World, name: str, *, replications: int = 4000, batch: int = 1000, **kw: object
) -> Plan:
    scenario, _, w = scenario_file(name, world)
    return prepare(scenario, w, replications=replications, batch=batch, **kw)  # type: ignore[arg-type]
