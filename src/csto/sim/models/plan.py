"""A prepared run: everything a worker needs to simulate a batch, as plain data.

:class:`Plan` holds the delegations (the union of every variant's members, in a fixed order,
so that every variant sees the same random numbers: common random numbers), the model's
parameters (priors, scenario overrides, or a calibration's weighted draws), the ladder of
drafts, and one :class:`VariantPlan` per rule and membership variant: its vectorised rule,
derived from the law (:mod:`csto.sim.models.voting`), the rungs the law bars, and what the
law says of the request. A plan pickles small, so it travels to process pools and Dask.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from csto.sim.models.delegations import Delegation
from csto.sim.models.params import Param
from csto.sim.models.voting import VoteRule

__all__ = ["DEFAULT_BATCH", "Draws", "Plan", "VariantPlan", "batches", "steps_of"]

#: replications per batch: a constant of the run, never of the number of workers
DEFAULT_BATCH = 32_768


@dataclass(frozen=True, eq=False)
class VariantPlan:
    """One variant: ``members`` (mask over the plan's states), its ``rule``, the rungs the
    law bars whatever the votes (``barred``, with the article), and the law's finding on
    the request (``obligation`` 1 when the Treaty obliges the members to act)."""

    id: str
    says: str
    members: NDArray[np.bool_]
    rule: VoteRule
    barred: tuple[str | None, ...]
    obligation: float
    request_outcome: str
    request_article: str | None
    russia: int | None
    rules_digest: str = ""


@dataclass(frozen=True, eq=False)
class Draws:
    """Calibrated model parameters: ``values`` (draws x parameters) with ``weights``."""

    names: tuple[str, ...]
    values: NDArray[np.float64]
    weights: NDArray[np.float64]
    receipt: str
    #: the record the calibration was fitted on (its receipt's record digest)
    record_digest: str | None = None

    @property
    def cumulative(self) -> NDArray[np.float64]:
        c = np.cumsum(self.weights)
        return c / c[-1]  # type: ignore[no-any-return]


@dataclass(frozen=True, eq=False)
class Plan:
    scenario: str
    states: tuple[str, ...]
    delegations: tuple[Delegation, ...]
    model: tuple[Param, ...]
    ladder: tuple[str, ...]
    intensity: float
    variants: tuple[VariantPlan, ...]
    rounds: int
    days_per_round: int
    replications: int
    seed: int
    batch: int = DEFAULT_BATCH
    draws: Draws | None = None
    #: calibration: replication i uses draw i mod len(draws) (else draws are sampled)
    cycle_draws: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n_batches(self) -> int:
        return -(-self.replications // self.batch)

    def batch_size(self, index: int) -> int:
        return min(self.batch, self.replications - index * self.batch)

    def variant(self, vid: str) -> VariantPlan:
        return next(v for v in self.variants if v.id == vid)


def steps_of(ladder: tuple[str, ...]) -> NDArray[np.float64]:
    """Steps up from a statement for each rung (forces 3, mission 2, material 1,
    statement 0; a draft decision 0)."""
    order = {"forces": 3.0, "mission": 2.0, "material": 1.0, "statement": 0.0, "decision": 0.0}
    return np.array([order[r] for r in ladder])


def batches(plan: Plan) -> range:
    return range(plan.n_batches)
