"""Our exact indices against the ``powerindex`` package (dev only) on 1,000 random weighted
games, and the dynamic programme against enumeration on every index."""

from __future__ import annotations

import random

import powerindex

from csto.power.games import weighted
from csto.power.indices import INDICES, compute


def _games(seed: int, count: int, max_n: int, max_w: int) -> list[tuple[list[int], int]]:
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        n = rng.randint(1, max_n)
        w = [rng.randint(1, max_w) for _ in range(n)]
        # powerindex reads a game as proper (quota above half the total weight)
        q = rng.randint(sum(w) // 2 + 1, sum(w))
        out.append((w, q))
    return out


def test_shapley_shubik_and_banzhaf_match_powerindex_on_1000_games() -> None:
    for w, q in _games(2026, 1000, 14, 30):
        ours = compute(
            weighted([f"p{i}" for i in range(len(w))], w, q), ["shapley_shubik", "banzhaf"]
        )
        peer = powerindex.Game(q, weights=w)
        peer.calc()
        for mine, theirs in (
            (ours.values["shapley_shubik"], peer.shapley_shubik),
            (ours.values["banzhaf"], peer.banzhaf),
        ):
            assert len(mine) == len(theirs)
            for a, b in zip(mine, theirs, strict=True):
                assert a is not None
                assert abs(float(a) - b) <= 1e-12, (w, q, mine, theirs)


def test_dynamic_programme_equals_enumeration_on_every_index() -> None:
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(1, 11)
        w = [rng.randint(0, 15) for _ in range(n)]
        if not sum(w):
            continue
        q = rng.randint(1, sum(w))
        game = weighted([f"p{i}" for i in range(n)], w, q)
        by_dp, by_table = compute(game), compute(game.table())
        assert by_dp.values == by_table.values, (w, q)
        assert (by_dp.winning, by_dp.minimal_winning) == (
            by_table.winning,
            by_table.minimal_winning,
        )
        assert by_dp.method != by_table.method
        assert set(by_dp.values) == set(INDICES)


def test_two_hundred_players_stay_exact() -> None:
    rng = random.Random(3)
    w = [rng.randint(1, 10) for _ in range(200)]
    result = compute(weighted([f"p{i}" for i in range(200)], w, sum(w) // 2 + 1))
    for index in ("shapley_shubik", "banzhaf", "deegan_packel", "public_good"):
        assert sum(v or 0 for v in result.values[index]) == 1, index
    heavy, light = w.index(max(w)), w.index(min(w))
    assert result.values["shapley_shubik"][heavy] > result.values["shapley_shubik"][light]


def test_large_tables_take_the_per_player_path_and_agree() -> None:
    """Above 14 players the table is counted one player at a time (memory); same counts."""
    rng = random.Random(16)
    for n in (15, 17):
        w = [rng.randint(1, 9) for _ in range(n)]
        game = weighted([f"p{i}" for i in range(n)], w, sum(w) * 2 // 3)
        assert compute(game).values == compute(game.table()).values


def test_weight_classes_with_many_ties_and_heavy_players_agree_with_enumeration() -> None:
    """Deegan–Packel and the Public Good index are worked out per weight class: games of
    a few classes with many members each (and zero weights, and players who win alone)."""
    rng = random.Random(18)
    for _ in range(60):
        n = rng.randint(2, 16)
        palette = rng.sample([0, 1, 2, 3, 5, 7, 20], rng.randint(1, 4))
        w = [rng.choice(palette) for _ in range(n)]
        if not sum(w):
            continue
        q = rng.randint(1, sum(w))
        game = weighted([f"p{i}" for i in range(n)], w, q)
        which = ("deegan_packel", "public_good", "shapley_shubik")
        by_dp, by_table = compute(game, which), compute(game.table(), which)
        assert by_dp.values == by_table.values, (w, q)
        assert by_dp.minimal_winning == by_table.minimal_winning, (w, q)
