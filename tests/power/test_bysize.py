"""The counts by size (Shapley–Shubik's swings, Deegan–Packel's minimal winning coalitions)
of :mod:`csto.power.dynamic` against the earlier engine kept in ``reference_dynamic``, on
many random games: small and mid-sized, with ties, zero weights, weights at or above the
quota, and weights in the hundreds (a quota far above the number of sums read, where the
MWC table keeps only the weights it reads); equal counts give identical Fractions."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from csto.power import mwcsize
from csto.power.dynamic import weighted_counts
from csto.power.games import weighted
from csto.power.indices import compute, from_counts
from tests.power.reference_dynamic import minimal_by_size, swings_by_size


def _random_games(seed: int, count: int, max_n: int) -> list[tuple[list[int], int]]:
    rng = random.Random(seed)
    out: list[tuple[list[int], int]] = []
    while len(out) < count:
        n = rng.randint(1, max_n)
        top = rng.choice((1, 2, 3, 5, 10, 40, 1000) if max_n <= 12 else (1, 2, 3, 5, 10, 40))
        w = [rng.randint(0, top) for _ in range(n)]
        if rng.random() < 0.2:  # a few players at or above the quota (vetoes, dictators)
            w += [rng.randint(1, 3 * top)] * rng.randint(1, 2)
        total = sum(w)
        if not total:
            continue
        quota = rng.choice((rng.randint(1, total), total // 2 + 1, total, max(1, top)))
        out.append((w, min(quota, total)))
    return out


@pytest.mark.parametrize(("seed", "count", "max_n"), [(1, 1500, 12), (2, 300, 40), (3, 40, 90)])
def test_counts_by_size_equal_the_reference(seed: int, count: int, max_n: int) -> None:
    for w, q in _random_games(seed, count, max_n):
        game = weighted([f"p{i}" for i in range(len(w))], w, q)
        c = weighted_counts(game)
        assert c.swings_by_size == swings_by_size(w, q), (w, q)
        assert c.mwc_containing_by_size == minimal_by_size(w, q), (w, q)


def test_two_hundred_players_give_the_reference_fractions() -> None:
    rng = random.Random(11)
    w = [rng.randint(0, 12) for _ in range(200)]
    q = sum(w) // 2 + 1
    game = weighted([f"p{i}" for i in range(200)], w, q)
    ours = compute(game, ["shapley_shubik", "deegan_packel"])
    c = weighted_counts(game)
    ref = from_counts(
        game.players,
        type(c)(
            n=c.n,
            winning=c.winning,
            swings=c.swings,
            swings_by_size=swings_by_size(w, q),
            mwc_containing_by_size=minimal_by_size(w, q),
        ),
        ["shapley_shubik", "deegan_packel"],
        "reference",
    )
    assert ours.values == ref.values
    assert all(isinstance(v, Fraction) for v in ours.values["shapley_shubik"])


@pytest.mark.parametrize("limb", [16, 8])
def test_narrower_limbs_give_the_same_counts(limb: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Quotas in the millions read the packed counts in 16- or 8-bit limbs (so their int64
    sums cannot overflow); forced here on ordinary games, against the reference."""
    monkeypatch.setattr(mwcsize, "_limb_bits", lambda *_: limb)
    for w, q in _random_games(5, 200, 20):
        assert mwcsize.minimal_by_size(w, q) == minimal_by_size(w, q), (w, q)


def test_limbs_narrow_as_the_quota_grows() -> None:
    assert mwcsize._limb_bits(5_541, 86, 270) == 32
    assert mwcsize._limb_bits(764_013, 27, 60) == 16
    assert mwcsize._limb_bits(10**12, 27, 60) == 8
