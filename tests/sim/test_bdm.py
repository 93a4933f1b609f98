"""The published baseline: Bueno de Mesquita's expected-utility model (Scholz, Calbert and Smith
2011 reading) reproduces the golden figures of the European Community example, including its
failure to converge.

The example: BDM (1994) "Political Forecasting: An Expected Utility Method", Table 1 (the
date of emission standards for medium-sized cars, 4 to 10), as reproduced by Scholz et al.
(2011, https://scitepress.org/PublishedPapers/2011/31215) and in the corrected data file of
github.com/dmasad/BDM_DecisionModel_Replication (``ExampleActors.csv`` at its HEAD,
commit aa3899a, "Data corrected" in 9ef975c). The golden figures are those that replication
prints, recorded in ``shared/research/sim-exercise.md`` (A4): run there, not here.
"""

from __future__ import annotations

import numpy as np
import pytest

from csto.sim.models.bdm import Actors, one_round, run, vote, weighted_mean

EC = (  # actor, capability, position, salience (percent)
    ("Netherlands", 0.08, 4, 80),
    ("Belgium", 0.08, 7, 40),
    ("Luxembourg", 0.03, 4, 20),
    ("Germany", 0.16, 4, 80),
    ("France", 0.16, 10, 60),
    ("Italy", 0.16, 10, 60),
    ("UK", 0.16, 10, 90),
    ("Ireland", 0.05, 7, 10),
    ("Denmark", 0.05, 4, 100),
    ("Greece", 0.08, 7, 70),
)


@pytest.fixture
def ec() -> Actors:
    return Actors(
        tuple(r[0] for r in EC),
        np.array([float(r[2]) for r in EC]),
        np.array([r[1] for r in EC]),
        np.array([r[3] / 100 for r in EC]),
        4.0,
        10.0,
    )


def test_the_opening_forecast_and_mean(ec: Actors) -> None:
    assert vote(ec) == 7.0
    assert weighted_mean(ec) == pytest.approx(7.389955686853767, abs=1e-12)


def test_the_first_round_risk_exponents_and_moves(ec: Actors) -> None:
    first = one_round(ec)
    golden = [1.1272, 0.7809, 0.5, 1.1272, 1.0779, 1.0779, 2.0, 0.5248, 1.4717, 1.1405]
    assert np.round(first.r, 4).tolist() == golden
    assert first.events == (
        "Luxembourg loses a confrontation to France",
        "Ireland compromises with France",
    )
    after = ec.at(first.x)
    assert vote(after) == 10.0
    assert weighted_mean(after) == pytest.approx(7.44452, abs=5e-6)


def test_it_does_not_converge_luxembourg_swings_between_france_and_the_netherlands(
    ec: Actors,
) -> None:
    result = run(ec, rounds=5)
    assert [round(m, 4) for m in result.means[2:6]] == [7.3909, 7.4429, 7.3911, 7.4431]
    assert not result.converged
    assert result.notes == ("no fixed point after 5 rounds",)
    lux = [r.x[2] for r in result.rounds]
    assert lux == [10.0, 4.0, 10.0, 4.0, 10.0]


def test_a_settled_group_is_a_fixed_point() -> None:
    same = Actors(("A", "B", "C"), np.full(3, 5.0), np.ones(3), np.ones(3), 0.0, 10.0)
    result = run(same, rounds=10)
    assert result.converged
    assert len(result.rounds) == 1
    assert result.forecasts == (5.0, 5.0)
