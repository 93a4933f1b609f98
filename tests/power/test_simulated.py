"""The simulation's delegations as a vote model: its draws follow the simulation's own
probabilities of support (``SessionBelief.next_move``, an independent implementation in
``csto.sim.models.nextmove``), one by one and jointly, and a bad form or variant is an
input error naming what was expected.

Tolerances are derived, not tuned: the adapter's frequency has the binomial standard error
``sqrt(p (1 - p) / N)``; the simulation's probability is a mean over particles with its own
standard error (the particles' spread over ``sqrt(P)``); a comparison passes within
``Z = 4.5`` of their combined standard error (two-sided, about 7 in a million per
comparison; a test makes at most 14).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest

from csto.errors import InputError
from csto.power.preferences import VoteModel
from csto.power.simulated import SimulatedVotes, simulated_votes
from csto.sim.api import load_world, scenario_file
from csto.sim.models.nextmove import SessionBelief
from csto.sim.models.plan import Plan, steps_of
from csto.sim.models.prepare import prepare

Z = 4.5
DRAWS = 200_000
PARTICLES = 40_000


def _plan(name: str, calibrated: bool) -> Plan:
    scenario, _, world = scenario_file(name, load_world(calibrated=calibrated))
    return prepare(scenario, world, variants=("consensus",))


def _per_particle(belief: SessionBelief, rung: str) -> npt.NDArray[np.float64]:
    """Each particle's probability of support per delegation (particles x states): the
    delegation attends and its standard normal noise exceeds minus its stance on the draft."""
    x = belief.mu - belief.cost[:, None] * float(steps_of((rung,))[0])
    phi = np.array([math.erfc(-z / math.sqrt(2.0)) / 2.0 for z in x.ravel()]).reshape(x.shape)
    out: npt.NDArray[np.float64] = phi * belief.attendance
    return out


@pytest.mark.parametrize(
    ("name", "calibrated", "rung"),
    [("arm-2022-09", True, None), ("kaz-2022-01", False, "statement")],
)
def test_draws_follow_the_simulations_probabilities(
    name: str, calibrated: bool, rung: str | None
) -> None:
    plan = _plan(name, calibrated)
    model = simulated_votes(plan, rung=rung)
    assert isinstance(model, VoteModel)
    assert model.states == plan.states
    votes = model.draw(np.random.default_rng(20261205), DRAWS)
    assert votes.shape == (DRAWS, len(plan.states))
    assert votes.dtype == np.bool_
    freq = votes.mean(axis=0)

    belief = SessionBelief.from_plan(plan, "consensus", particles=PARTICLES, seed=7)
    per = _per_particle(belief, model.rung)
    for s, state in enumerate(plan.states):
        answer = belief.next_move(state, model.rung).probabilities["support"]
        # the particles' mean is what next_move answers (Rao-Blackwellised, nothing seen)
        assert answer == pytest.approx(per[:, s].mean(), rel=1e-9, abs=1e-12)
        se = math.sqrt(answer * (1 - answer) / DRAWS + per[:, s].var() / PARTICLES)
        assert abs(freq[s] - answer) <= Z * se, (state, freq[s], answer, se)

    # jointly: given the parameters the delegations vote independently, so the chance that
    # every one supports is the particles' mean of the product; shared parameters make it
    # differ from the product of the means
    every = per.prod(axis=1)
    joint = float(every.mean())
    hits = float(votes.all(axis=1).mean())
    se = math.sqrt(joint * (1 - joint) / DRAWS + every.var() / PARTICLES)
    assert abs(hits - joint) <= Z * se, (hits, joint, se)


def test_describes_names_the_calibration_receipt_or_the_priors() -> None:
    calibrated = simulated_votes(_plan("arm-2022-09", True))
    draws = calibrated.plan.draws
    assert draws is not None
    assert draws.receipt[:19] in calibrated.describes
    assert "arm-2022-09" in calibrated.describes
    assert "forces draft" in calibrated.describes  # the first form on the ladder
    prior = simulated_votes(_plan("arm-2022-09", False))
    assert "priors" in prior.describes
    assert "receipt" not in prior.describes


def test_a_form_or_variant_the_scenario_lacks_says_what_it_has() -> None:
    plan = _plan("kaz-2022-01", False)
    with pytest.raises(InputError) as err:
        simulated_votes(plan, rung="blockade")
    assert err.value.problems[0].expected == ", ".join(plan.ladder)
    with pytest.raises(InputError) as err:
        simulated_votes(plan, variant="majority")
    assert err.value.problems[0].expected == "consensus"


def test_the_same_generator_state_gives_the_same_votes() -> None:
    model: SimulatedVotes = simulated_votes(_plan("kaz-2022-01", False))
    one = model.draw(np.random.default_rng(3), 1000)
    two = model.draw(np.random.default_rng(3), 1000)
    assert np.array_equal(one, two)
    assert one.any()
    assert not one.all()
