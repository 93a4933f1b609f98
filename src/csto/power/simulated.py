"""The simulation's delegations as a :class:`~csto.power.preferences.VoteModel`.

A prepared scenario (:class:`~csto.sim.models.plan.Plan`) says how each delegation takes a
position on a draft: its latent stance (:func:`csto.sim.models.session.stance`: alignments
from the UN General Assembly, region, the law's finding on the request, the model's
parameters drawn from the calibration's weighted draws or the priors) less the draft's cost,
plus a standard normal noise; support above 0, abstain down to ``-band``, object below, and
absent with probability ``1 - attendance``. :class:`SimulatedVotes` draws exactly that for one
draft of one form, put before anything has been said (the noise is standard normal in every
round, so this is also any round's draft seen from the start of the session), and counts
every position other than *support* as not supporting: the yes/no model of the a-priori
figures. Draws are independent across drafts; within a draft the delegations share the
model's parameters, so their votes are correlated, as in the simulation.

No I/O: the plan is built by the caller (``csto.sim.api`` reads the scenario file).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from csto.errors import InputError, Problem
from csto.sim.models.plan import Plan, VariantPlan, steps_of
from csto.sim.models.session import draw_parameters, stance

__all__ = ["SimulatedVotes", "simulated_votes"]

Votes = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class SimulatedVotes:
    """Votes on one draft of form ``rung`` drawn from ``plan``'s delegations as they stand
    under ``variant`` (its members, the law's finding on the request, Russia's place)."""

    plan: Plan
    variant: VariantPlan
    rung: str

    @property
    def states(self) -> tuple[str, ...]:
        return self.plan.states

    @property
    def describes(self) -> str:
        draws = self.plan.draws
        where = (
            f"the model's parameters from the calibration (receipt {draws.receipt[:19]}, "
            f"{len(draws.weights)} weighted draws fitted on the documented episodes)"
            if draws is not None and any(p.source.kind == "calibration" for p in self.plan.model)
            else "the model's parameters from their priors (no calibration)"
        )
        return (
            f"the simulation's delegations in scenario {self.plan.scenario} on a {self.rung} "
            f"draft (variant {self.variant.id}): {where}, the delegations' from the UN "
            "General Assembly roll calls, the regions and the record's attendance; "
            "abstaining, objecting and absence count as not supporting"
        )

    def draw(self, rng: np.random.Generator, size: int) -> Votes:
        """``size`` drafts: a ``(size, len(states))`` array, True where a delegation attends
        and supports."""
        plan, v = self.plan, self.variant
        model, deleg, _ = draw_parameters(plan, rng, size)
        mu = stance(
            model, deleg, intensity=plan.intensity, obligation=v.obligation, russia=v.russia
        )
        cost = model["cost"][:, None] * float(steps_of((self.rung,))[0])
        noise = rng.standard_normal(mu.shape)
        present = rng.random(mu.shape) < deleg["attendance"]
        supports: Votes = (mu - cost + noise > 0) & present & v.members[None, :]
        return supports


def simulated_votes(
    plan: Plan, *, variant: str | None = None, rung: str | None = None
) -> SimulatedVotes:
    """The vote model of ``plan`` under ``variant`` (default: the plan's first, the law when
    the plan has it) on a draft of form ``rung`` (default: the first form on the scenario's
    ladder that the law leaves open under that variant)."""
    if variant is None:
        chosen = next((v for v in plan.variants if v.id == "consensus"), plan.variants[0])
    else:
        found = next((v for v in plan.variants if v.id == variant), None)
        if found is None:
            raise InputError(
                f"no variant {variant!r} in the scenario {plan.scenario}",
                (
                    Problem(
                        "unknown variant",
                        field="variant",
                        expected=", ".join(v.id for v in plan.variants),
                        got=variant,
                    ),
                ),
            )
        chosen = found
    open_rungs = [r for r, bar in zip(plan.ladder, chosen.barred, strict=True) if bar is None]
    if rung is None:
        if not open_rungs:
            raise InputError(
                f"the law bars every form of draft in the scenario {plan.scenario}",
                (
                    Problem(
                        "no draft the Council may adopt",
                        field="scenario",
                        got=", ".join(
                            f"{r} ({b})" for r, b in zip(plan.ladder, chosen.barred, strict=True)
                        ),
                    ),
                ),
            )
        rung = open_rungs[0]
    elif rung not in plan.ladder:
        raise InputError(
            f"no draft of form {rung!r} in the scenario {plan.scenario}",
            (
                Problem(
                    "unknown form of draft",
                    field="form",
                    expected=", ".join(plan.ladder),
                    got=rung,
                    fix="name a form on the scenario's ladder",
                ),
            ),
        )
    return SimulatedVotes(plan, chosen, rung)
