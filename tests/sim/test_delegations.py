"""Delegations as agents with named, sourced parameters: every parameter of every shipped
scenario cites where its numbers come from; a scenario's overrides replace them with the
scenario's source; attendance comes from the record's Council sessions."""

from __future__ import annotations

import datetime as dt

from csto.sim.api import scenario_file
from csto.sim.models.delegations import attendance_counts
from csto.sim.models.parameters import DELEGATION_PARAMETERS, MODEL_PARAMETERS
from csto.sim.models.prepare import World, prepare
from csto.sim.models.scenario import ParamSpec


def test_every_parameter_of_every_shipped_scenario_cites_its_source(world: World) -> None:
    from csto.io.scenariofiles import builtin_scenario_files

    for file in builtin_scenario_files():
        scenario, _, w = scenario_file(file, world)
        plan = prepare(scenario, w, replications=1)
        assert plan.delegations, scenario.id
        for d in plan.delegations:
            assert [p.name for p in d.params] == list(DELEGATION_PARAMETERS)
            for p in d.params:
                assert p.source.says.strip(), (scenario.id, d.state, p.name)
                if p.source.kind in ("dataset", "record", "document"):
                    assert p.source.refs, (scenario.id, d.state, p.name)
        assert [p.name for p in plan.model] == list(MODEL_PARAMETERS)


def test_alignments_come_from_the_unga_table(world: World) -> None:
    scenario, _, w = scenario_file("arm-2022-09", world)
    plan = prepare(scenario, w, replications=1)
    kaz = next(d for d in plan.delegations if d.state == "KAZ")
    req = kaz.param("alignment_requester")
    assert req.dist.kind == "beta"
    assert req.source.kind == "dataset"
    assert "UNGA roll calls 2015-2019" in req.source.says
    assert "ARM" in req.source.says
    arm = next(d for d in plan.delegations if d.state == "ARM")
    assert arm.param("alignment_requester").dist.a == 1.0  # the requester itself
    assert "itself" in arm.param("alignment_requester").source.says


def test_attendance_counts_the_councils_before_the_date(world: World) -> None:
    seen = attendance_counts(world.history.record, dt.date(2009, 6, 14))
    assert seen["BLR"].absent == 0  # the boycott of 14 June 2009 is that day, not before
    later = attendance_counts(world.history.record, dt.date(2009, 6, 15))
    assert later["BLR"].absent == 1
    assert "csc-session-2009-06-14-moscow" in later["BLR"].events


def test_a_scenario_override_replaces_a_parameter_with_its_source(world: World) -> None:
    scenario, _, w = scenario_file("arm-2022-09", world)
    spec = ParamSpec(source="my judgment of Minsk's mood", dist="beta", a=2.0, b=8.0)
    changed = scenario.replace(delegations={"BLR": {"attendance": spec}})
    plan = prepare(changed, w, replications=1)
    blr = next(d for d in plan.delegations if d.state == "BLR")
    att = blr.param("attendance")
    assert (att.dist.kind, att.dist.a, att.dist.b) == ("beta", 2.0, 8.0)
    assert att.source.kind == "scenario"
    assert att.source.says == "my judgment of Minsk's mood"


def test_regions_follow_the_sources(world: World) -> None:
    scenario, _, w = scenario_file("tjk-afghan-2021", world)
    plan = prepare(scenario, w, replications=1)
    region = {d.state: d.param("region").dist.a for d in plan.delegations}
    assert region == {"ARM": 0.0, "BLR": 0.0, "KAZ": 1.0, "KGZ": 1.0, "RUS": 1.0, "TJK": 1.0}
