"""Success, decisiveness and P(act) under a vote model: Monte Carlo against the exact
values, and the identities that tie them to the a-priori indices (Laruelle & Valenciano
2005; Straffin 1977)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from csto.errors import InputError
from csto.power.games import from_predicate, weighted
from csto.power.indices import compute
from csto.power.preferences import (
    CommonSupport,
    IndependentVotes,
    VoteModel,
    exact_measures,
    measure,
)

EEC = weighted(("BEL", "DEU", "FRA", "ITA", "LUX", "NLD"), (2, 4, 4, 4, 1, 2), 12).table()


def _close(est: object, exact: Fraction) -> bool:
    """Within 4.5 standard errors: the reported 95% intervals are per estimate, and a test
    of a dozen of them at once must allow for that (a miss is then about 1 in 100,000)."""
    value, n = est.value, est.draws  # type: ignore[attr-defined]
    se = max((float(exact) * (1 - float(exact)) / n) ** 0.5, 1 / n)
    return abs(value - float(exact)) <= 4.5 * se


def test_fair_coins_give_banzhaf_exactly() -> None:
    half = {p: Fraction(1, 2) for p in EEC.players}
    act, success, decisive = exact_measures(EEC, half)
    a_priori = compute(EEC)
    assert act == a_priori.act
    assert decisive == a_priori.values["banzhaf_raw"]
    assert success == tuple((1 + b) / 2 for b in a_priori.values["banzhaf_raw"])  # type: ignore[operator]


def test_monte_carlo_covers_the_exact_values() -> None:
    support = {"BEL": 0.9, "DEU": 0.3, "FRA": 0.6, "ITA": 0.5, "LUX": 0.99, "NLD": 0.2}
    model = IndependentVotes(support)
    assert isinstance(model, VoteModel)
    (mc,) = measure([EEC], model, draws=200_000, seed=11)
    act, success, decisive = exact_measures(EEC, {k: Fraction(v) for k, v in support.items()})
    assert _close(mc.act, act)
    for est, exact in zip(mc.success + mc.decisive, success + decisive, strict=True):
        assert _close(est, exact), (est, float(exact))
    # Luxembourg never decides: no draw can show otherwise
    assert mc.decisive[EEC.players.index("LUX")].hits == 0


def test_homogeneity_gives_shapley_shubik() -> None:
    game = from_predicate("ABCDE", lambda s: "A" in s and len(s) >= 3)
    (mc,) = measure([game], CommonSupport(game.players), draws=200_000, seed=5)
    ss = compute(game).values["shapley_shubik"]
    for est, exact in zip(mc.decisive, ss, strict=True):
        assert exact is not None
        assert _close(est, exact), (est, float(exact))


def test_same_seed_same_numbers_and_common_draws_across_games() -> None:
    model = IndependentVotes(dict.fromkeys("ABCD", 0.7))
    unanimity = from_predicate("ABCD", lambda s: len(s) == 4)
    majority = from_predicate("ABCD", lambda s: len(s) >= 3)
    one = measure([unanimity, majority], model, draws=10_000, seed=3, chunk=999)
    two = measure([unanimity, majority], model, draws=10_000, seed=3, chunk=10_000)
    assert [m.act.hits for m in one] == [m.act.hits for m in two]
    # on the same draws, every unanimous 'yes' is also a majority 'yes'
    assert one[0].act.hits <= one[1].act.hits


def test_a_voter_without_a_vote_model_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no vote for"):
        measure([EEC], IndependentVotes({"FRA": 0.5}), draws=10)
    with pytest.raises(InputError, match="between 0 and 1"):
        IndependentVotes({"FRA": 1.5})


def test_a_model_from_elsewhere_only_needs_the_protocol() -> None:
    class Always:
        states = ("A", "B")
        describes = "both always support"

        def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
            return np.ones((size, 2), dtype=bool)

    game = from_predicate("AB", lambda s: len(s) == 2)
    (m,) = measure([game], Always(), draws=100)
    assert m.act.value == 1.0
    assert [d.value for d in m.decisive] == [1.0, 1.0]
