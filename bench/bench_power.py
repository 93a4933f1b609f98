"""Voting-power figures: each index on a 200-player weighted game and on the Council under
every world (the law, each variant, each other reading), beside the ``powerindex`` package
(Shapley–Shubik and Banzhaf only) on the same games; the ratio is peer time / our time.

Run: ``python -m bench power``. The 200-player games are seeded (weights uniform in 1..10
and 1..100, quota half the total plus one) so every run times the same games. Their figures
are CPU seconds (the machine is shared, so the wall clock counts other processes' turns;
each note gives the wall time and the load average too), and the peer's ratio is CPU
time over CPU time.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Iterator

from bench.figures import Figure, best_of, best_of_both

_PEER = {"shapley_shubik": "calc_shapley_shubik", "banzhaf": "calc_banzhaf"}


def _game(n: int, top: int, seed: int) -> tuple[list[int], int]:
    rng = random.Random(seed)
    w = [rng.randint(1, top) for _ in range(n)]
    return w, sum(w) // 2 + 1


def _peer_time(weights: list[int], quota: int, index: str, repeat: int) -> float:
    return _peer_times(weights, quota, index, repeat)[0]


def _peer_times(weights: list[int], quota: int, index: str, repeat: int) -> tuple[float, float]:
    """(wall, CPU) seconds of the fastest of ``repeat`` runs of powerindex."""
    import powerindex

    def run() -> None:
        game = powerindex.Game(quota, weights=list(weights))
        getattr(game, _PEER[index])()

    return best_of_both(repeat, run)


def run() -> Iterator[Figure]:
    from csto.power.games import weighted
    from csto.power.indices import INDICES, compute

    for top, peer_ss in ((10, True), (100, False)):
        w, q = _game(200, top, seed=2026)
        game = weighted([f"p{i}" for i in range(200)], w, q)
        for index in INDICES:
            wall, ours = best_of_both(3, lambda i=index, g=game: compute(g, [i]))
            note = f"n=200, weights 1..{top}, quota {q} of {sum(w)}; CPU s (wall {wall:.3f} s"
            note += f", load {os.getloadavg()[0]:.1f})"
            if index in _PEER and (index != "shapley_shubik" or peer_ss):
                try:
                    _, peer = _peer_times(w, q, index, 1)
                    note += f"; powerindex {peer:.3f} s CPU, ratio {peer / ours:,.1f}x"
                except OverflowError as exc:  # it divides by float(n!): n <= 170 only
                    note += f"; powerindex fails ({type(exc).__name__}: {exc})"
            elif index in _PEER:
                note += "; powerindex not run (minutes in pure Python)"
            else:
                note += "; powerindex has no such index"
            yield Figure(f"power: {index} (200 players, w<={top})", ours, "s", "< 1 s", note)
    # powerindex's Shapley-Shubik works up to 170 players (it divides by float(n!))
    w, q = _game(150, 10, seed=2026)
    game = weighted([f"p{i}" for i in range(150)], w, q)
    wall, ours = best_of_both(3, lambda: compute(game, ["shapley_shubik"]))
    _, peer = _peer_times(w, q, "shapley_shubik", 1)
    yield Figure(
        "power: shapley_shubik (150 players, w<=10)",
        ours,
        "s",
        "< 1 s",
        f"CPU s (wall {wall:.3f} s); powerindex {peer:.3f} s CPU, ratio {peer / ours:,.1f}x",
    )

    import csto
    from csto.io.lawfiles import load_engine
    from csto.power.report import council_report

    history = csto.load()
    engine = load_engine(history.record)
    state = history.on(dt.date(2024, 6, 1))
    derive = best_of(3, lambda: council_report(engine, state, which=()))
    report = council_report(engine, state)
    yield Figure(
        "power: Council games from the law, all worlds",
        derive,
        "s",
        None,
        f"{len(report.results)} worlds on 2024-06-01, each game = one rule run per coalition",
    )
    for r in report.results:
        g = r.council.game if r.council is not None else None
        assert g is not None
        n = len(g.players)
        unanimity = int(g.winning.sum()) == 1
        for index in INDICES:
            ours = best_of(5, lambda i=index, g=g: compute(g, [i]))
            note = f"{r.world.id}, {n} voters"
            if index in _PEER and unanimity:
                peer = _peer_time([1] * n, n, index, 5)
                note += f"; powerindex on [{n}; 1 x {n}] {peer * 1e3:.3f} ms, "
                note += f"ratio {peer / ours:,.1f}x"
            yield Figure(f"power: Council {index}", ours * 1e3, "ms", None, note)
