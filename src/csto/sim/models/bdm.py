"""A published baseline beside the simulation: Bueno de Mesquita's expected-utility model of
group decisions, in Scholz, Calbert and Smith's reading ("Unravelling Bueno de Mesquita's
group decision model", J. Theoretical Politics 23(4), 2011; conference text
https://scitepress.org/PublishedPapers/2011/31215), written from its equations as matrices.

Actors ``i`` hold a position ``x`` on one issue scale [xmin, xmax], a capability ``c`` and a
salience ``s`` (in [0, 1]). A round:

1. every risk exponent ``r`` is 1; ``mu`` is the forecast (the pairwise winner, below);
2. utilities of ``i`` against ``j`` (``d`` the scale's width): success
   ``Us = 2 - 4 (1/2 - |xi - xj| / 2d)^ri``, failure ``Uf = 2 - 4 (1/2 + |xi - xj| / 2d)^ri``,
   better and worse ``Ub, Uw = 2 - 4 (1/2 -+ (|xi - mu| + |xi - xj|) / 4d)^ri``, status quo
   ``Usq = 2 - 4 (1/2)^ri``;
3. the probability that ``i`` prevails over ``j``: the actors' weighted support,
   ``P = max(0, sum_k c_k s_k (|xk - xj| - |xk - xi|)) / sum_k c_k s_k | |xk - xj| - |xk - xi| |``
   (0 when ``xi = xj``);
4. the expected utility of ``i`` challenging ``j``:
   ``EU = sj (P Us + (1 - P) Uf) + (1 - sj) Us - Q Usq + (1 - Q)(T Ub + (1 - T) Uw)``;
5. the risk exponents: with ``S_k = sum_j EU_jk`` (how much the others gain by challenging
   ``k``), ``R_i = (2 S_i - max S - min S) / (max S - min S)`` and
   ``r_i = (1 - R_i / 3) / (1 + R_i / 3)``; steps 2 to 4 again with these ``r`` and with
   ``mu`` the capability-and-salience weighted mean position;
6. every ``i`` with ``EU_ij > 0`` offers ``j`` its position; each ``j`` takes the offer of
   the largest ``EU`` (the nearest position on a tie) and, with ``Ui`` its own ``EU``
   against the sender and ``Uj`` the sender's: loses a confrontation and moves to the
   sender's position if ``0 < Ui < Uj``; compromises, moving ``|Ui / Uj|`` of the way, if
   ``Ui < 0`` and ``|Ui| < Uj``; capitulates, moving all the way, if ``Ui < 0`` and
   ``|Ui| > Uj``.

Where the paper leaves a choice open (the form of ``P``, and which ``mu`` each pass uses) we
take the reading of the open replication that reproduces the paper's example (David Masad,
github.com/dmasad/BDM_DecisionModel_Replication, whose notes say the literal reading of
``P`` "did not seem to produce correct results"); its golden figures are our test. The
forecast of a round is the pairwise (Condorcet-style) winner: the position ``xj`` that
maximises ``sum_i c_i s_i (|xi - xk| - |xi - xj|) / d`` over pairs ``(j, k)``. The model need
not converge: :func:`run` stops at a fixed point, or reports the cycle it fell into.
``tests/sim/test_bdm.py`` reproduces the published European Community example, including
its oscillation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["Actors", "BdmRound", "BdmRun", "one_round", "run", "vote", "weighted_mean"]

F = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Actors:
    """Names, positions, capabilities and saliences (in [0, 1]) on a scale [xmin, xmax]."""

    names: tuple[str, ...]
    x: F
    c: F
    s: F
    xmin: float
    xmax: float

    def at(self, x: F) -> Actors:
        return Actors(self.names, x, self.c, self.s, self.xmin, self.xmax)


@dataclass(frozen=True, eq=False)
class BdmRound:
    """One round: the risk exponents, the expected utilities (``eu[i, j]``: ``i``
    challenging ``j``), what each actor did (``events``) and the positions after."""

    r: F
    eu: F
    events: tuple[str, ...]
    x: F


@dataclass(frozen=True, eq=False)
class BdmRun:
    """A run: each round, the forecast (pairwise winner) and the weighted mean before
    each round and after the last, and how it ended."""

    rounds: tuple[BdmRound, ...]
    forecasts: tuple[float, ...]
    means: tuple[float, ...]
    converged: bool
    cycle: int | None = None  # the period of the oscillation, when it cycles
    notes: tuple[str, ...] = field(default_factory=tuple)


def weighted_mean(a: Actors, x: F | None = None) -> float:
    pos = a.x if x is None else x
    w = a.c * a.s
    return float((w * pos).sum() / w.sum())


def vote(a: Actors, x: F | None = None) -> float:
    """The position winning the most lopsided pairwise contest (the first in actor order
    on a tie)."""
    pos = a.x if x is None else x
    d = a.xmax - a.xmin
    w = a.c * a.s
    # v[j, k] = sum_i w_i (|x_i - x_k| - |x_i - x_j|) / d
    dist = np.abs(pos[:, None] - pos[None, :])  # dist[i, j] = |x_i - x_j|
    v = (w[:, None, None] * (dist[:, None, :] - dist[:, :, None])).sum(axis=0) / d
    j, _ = np.unravel_index(int(np.argmax(v)), v.shape)
    return float(pos[j])


def _expected_utilities(a: Actors, x: F, r: F, q: float, t: float, mu: float) -> F:
    d = a.xmax - a.xmin
    gap = np.abs(x[:, None] - x[None, :]) / d  # |x_i - x_j| / d
    away = (np.abs(x - mu)[:, None] + np.abs(x[:, None] - x[None, :])) / d
    ri = r[:, None]
    us = 2 - 4 * (0.5 - 0.5 * gap) ** ri
    uf = 2 - 4 * (0.5 + 0.5 * gap) ** ri
    ub = 2 - 4 * (0.5 - 0.25 * away) ** ri
    uw = 2 - 4 * (0.5 + 0.25 * away) ** ri
    usq = 2 - 4 * 0.5**ri
    w = a.c * a.s
    # delta[k, i, j] = |x_k - x_j| - |x_k - x_i|: third party k's preference for i over j
    dist = np.abs(x[:, None] - x[None, :])
    delta = dist[:, None, :] - dist[:, :, None]
    wk = w[:, None, None]
    top = np.maximum((wk * delta).sum(axis=0), 0.0)
    bottom = (wk * np.abs(delta)).sum(axis=0)
    same = x[:, None] == x[None, :]
    p = np.where(same, 0.0, top / np.where(bottom > 0, bottom, 1.0))
    sj = a.s[None, :]
    eu = sj * (p * us + (1 - p) * uf) + (1 - sj) * us - q * usq + (1 - q) * (t * ub + (1 - t) * uw)
    np.fill_diagonal(eu, 0.0)
    return eu


def one_round(a: Actors, *, q: float = 1.0, t: float = 1.0) -> BdmRound:
    """One round of the model from the actors' current positions (module docstring)."""
    n = len(a.names)
    x = a.x.astype(np.float64)
    eu = _expected_utilities(a, x, np.ones(n), q, t, vote(a, x))
    security = eu.sum(axis=0)  # security[k] = sum_j EU_jk
    spread = security.max() - security.min()
    big_r = (2 * security - security.max() - security.min()) / (spread if spread else 1.0)
    r = (1 - big_r / 3) / (1 + big_r / 3)
    eu = _expected_utilities(a, x, r, q, t, weighted_mean(a, x))
    new = x.copy()
    events = []
    for j in range(n):
        senders = [i for i in range(n) if i != j and eu[i, j] > 0]
        if not senders:
            continue
        best = max(eu[i, j] for i in senders)
        tied = [i for i in senders if eu[i, j] == best]
        i = min(tied, key=lambda k: abs(x[j] - x[k]))
        mine, theirs = eu[j, i], eu[i, j]
        who, by = a.names[j], a.names[i]
        if 0 < mine < theirs:
            new[j] = x[i]
            events.append(f"{who} loses a confrontation to {by}")
        elif mine < 0 and abs(mine) < theirs:
            new[j] = x[j] + (x[i] - x[j]) * abs(mine / theirs)
            events.append(f"{who} compromises with {by}")
        elif mine < 0 and abs(mine) > theirs:
            new[j] = x[i]
            events.append(f"{who} capitulates to {by}")
    return BdmRound(r, eu, tuple(events), new)


def run(a: Actors, *, rounds: int = 20, q: float = 1.0, t: float = 1.0) -> BdmRun:
    """Rounds until the positions stop moving, fall into a cycle (a state seen before), or
    ``rounds`` is reached."""
    done: list[BdmRound] = []
    forecasts = [vote(a)]
    means = [weighted_mean(a)]
    seen = [a.x.astype(np.float64).copy()]
    current = a
    for _ in range(rounds):
        step = one_round(current, q=q, t=t)
        done.append(step)
        current = current.at(step.x)
        forecasts.append(vote(current))
        means.append(weighted_mean(current))
        if np.allclose(step.x, seen[-1], rtol=0, atol=1e-12):
            return BdmRun(tuple(done), tuple(forecasts), tuple(means), converged=True)
        for back, old in enumerate(reversed(seen[:-1]), start=2):
            if np.allclose(step.x, old, rtol=0, atol=1e-9):
                return BdmRun(
                    tuple(done),
                    tuple(forecasts),
                    tuple(means),
                    converged=False,
                    cycle=back,
                    notes=(f"the positions cycle with period {back}: no convergence",),
                )
        seen.append(step.x.copy())
    return BdmRun(
        tuple(done),
        tuple(forecasts),
        tuple(means),
        converged=False,
        notes=(f"no fixed point after {rounds} rounds",),
    )
