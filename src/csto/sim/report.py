"""A simulation as one JSON-ready document (schema ``csto.sim/1``, shipped as
``csto/sim/schema/simulation.schema.json``): the scenario, the delegations and model
parameters with their sources, each variant's figures, and the receipt.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from csto.sim.models.delegations import Delegation
from csto.sim.models.params import Param
from csto.sim.models.summary import Rate, VariantSummary

if TYPE_CHECKING:
    from csto.sim.api import Simulation

__all__ = ["SIM_SCHEMA", "param_data", "simulation_document", "variant_data"]

SIM_SCHEMA = "csto.sim/1"


def param_data(p: Param) -> dict[str, Any]:
    return {
        "name": p.name,
        "dist": {"kind": p.dist.kind, "a": p.dist.a, "b": p.dist.b},
        "says": str(p.dist),
        "mean": p.dist.mean,
        "sd": p.dist.sd,
        "source": {"kind": p.source.kind, "says": p.source.says, "refs": list(p.source.refs)},
    }


def delegation_data(d: Delegation) -> dict[str, Any]:
    return {"state": d.state, "params": [param_data(p) for p in d.params]}


def _rate(r: Rate) -> dict[str, Any]:
    return r.to_data()


def variant_data(v: VariantSummary) -> dict[str, Any]:
    return {
        "id": v.id,
        "says": v.says,
        "rule": v.rule,
        "request": {"outcome": v.request, "article": v.request_article},
        "replications": v.n,
        "act": _rate(v.act),
        "outcomes": {k: _rate(r) for k, r in v.outcomes.items()},
        "days": {
            "histogram": {str(k): n for k, n in v.days.items()},
            "mean": v.days_mean,
            "median": v.days_median,
        },
        "states": [
            {
                "state": s.state,
                "voter": s.voter,
                "blocks_any": _rate(s.blocks_any),
                "blocks_last": _rate(s.blocks_last),
                "decisive": _rate(s.decisive),
                "success": _rate(s.success),
                "supported": _rate(s.supported),
            }
            for s in v.states
        ],
        "failed_by": v.failed_by,
        "barred": v.barred,
    }


def simulation_document(sim: Simulation) -> dict[str, Any]:
    sc = sim.scenario
    return {
        "schema": SIM_SCHEMA,
        "scenario": {
            "id": sc.id,
            "title": sc.title,
            "about": sc.about,
            "date": sc.date.isoformat(),
            "crisis": dataclasses.asdict(sc.crisis),
            "horizon_days": sc.horizon,
            "profile": sc.rules.profile,
            "history": dataclasses.asdict(sc.history) if sc.history else None,
        },
        "ladder": list(sim.plan.ladder),
        "notes": list(sim.plan.notes),
        "delegations": [delegation_data(d) for d in sim.plan.delegations],
        "model": [param_data(p) for p in sim.plan.model],
        "variants": [variant_data(v) for v in sim.summaries],
        "receipt": sim.receipt,
    }
