"""Power under preferences: success, decisiveness (Laruelle & Valenciano 2005) and the
probability that the body acts, when the votes follow a model instead of a fair coin.

Laruelle and Valenciano ("Assessing success and decisiveness in voting situations", Social
Choice and Welfare 24, 2005) measure, for any probability distribution over the vote
configurations: member ``i``'s *success*, the probability that the outcome is what ``i``
voted for, and its *decisiveness*, the probability that ``i``'s vote decides it (the outcome
would change if ``i`` voted otherwise). With independent fair-coin votes decisiveness is
the raw Banzhaf index and success is ``(1 + Banzhaf raw) / 2``; with a common probability of
support drawn uniformly (Straffin's homogeneity) decisiveness is the Shapley–Shubik index.
The differences from those a-priori figures are what the preferences add.

The votes come from a :class:`VoteModel`: anything that draws yes/no vote configurations for
named states from a numpy generator. :class:`IndependentVotes` and :class:`CommonSupport`
ship here; ``csto.sim``'s delegations are meant to be one (see docs/power.md). Monte Carlo
estimates carry 95% Wilson intervals; every world of a report is measured on the same draws
(common random numbers), so their differences are not noise. For independent votes the
exact values are available too (:func:`exact_measures`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from csto.errors import InputError, Problem
from csto.power.games import TableGame

__all__ = [
    "CommonSupport",
    "Estimate",
    "IndependentVotes",
    "Measures",
    "VoteModel",
    "exact_measures",
    "measure",
]

Votes = npt.NDArray[np.bool_]


@runtime_checkable
class VoteModel(Protocol):
    """What this module needs from a model of preferences: the states it gives votes for,
    and ``draw(rng, size)`` -> a ``(size, len(states))`` boolean array, True = supports."""

    @property
    def states(self) -> tuple[str, ...]: ...

    def draw(self, rng: np.random.Generator, size: int) -> Votes: ...

    @property
    def describes(self) -> str: ...


@dataclass(frozen=True, slots=True)
class IndependentVotes:
    """Each state supports independently with its own probability."""

    support: Mapping[str, float]
    source: str = "given probabilities"

    def __post_init__(self) -> None:
        bad = [s for s, p in self.support.items() if not 0.0 <= float(p) <= 1.0]
        if bad:
            raise InputError(
                "support probabilities must lie between 0 and 1",
                tuple(
                    Problem("not a probability", field=f"support.{s}", got=str(self.support[s]))
                    for s in bad
                ),
            )

    @property
    def states(self) -> tuple[str, ...]:
        return tuple(self.support)

    @property
    def describes(self) -> str:
        return f"independent votes ({self.source})"

    def draw(self, rng: np.random.Generator, size: int) -> Votes:
        p = np.array([float(self.support[s]) for s in self.states])
        return rng.random((size, len(p))) < p


@dataclass(frozen=True, slots=True)
class CommonSupport:
    """Every state supports with the same probability, itself drawn uniformly from [0, 1]
    for each draft (Straffin's homogeneity: decisiveness is then Shapley–Shubik)."""

    states: tuple[str, ...]

    @property
    def describes(self) -> str:
        return "a common probability of support, uniform on [0, 1] (homogeneity)"

    def draw(self, rng: np.random.Generator, size: int) -> Votes:
        p = rng.random((size, 1))
        return rng.random((size, len(self.states))) < p


@dataclass(frozen=True, slots=True)
class Estimate:
    """A Monte Carlo proportion with its 95% Wilson interval."""

    value: float
    low: float
    high: float
    hits: int
    draws: int


def _wilson(hits: int, n: int, z: float = 1.959963984540054) -> Estimate:
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half), hits, n)


@dataclass(frozen=True, slots=True)
class Measures:
    """One game under one vote model: P(act), and per player success, decisiveness and how
    often it supports."""

    players: tuple[str, ...]
    act: Estimate
    success: tuple[Estimate, ...]
    decisive: tuple[Estimate, ...]
    supports: tuple[Estimate, ...] = ()


def _columns(game: TableGame, model_states: Sequence[str]) -> list[int]:
    missing = [p for p in game.players if p not in model_states]
    if missing:
        raise InputError(
            "the vote model gives no vote for some voters",
            tuple(
                Problem(
                    f"no vote for {p}",
                    field="votes",
                    expected=", ".join(model_states),
                    fix="give every voter a probability of support",
                )
                for p in missing
            ),
        )
    return [list(model_states).index(p) for p in game.players]


def measure(
    games: Sequence[TableGame],
    model: VoteModel,
    *,
    draws: int = 100_000,
    seed: int = 0,
    chunk: int = 65_536,
) -> list[Measures]:
    """Monte Carlo success, decisiveness and P(act) for each game, all on the same draws."""
    if draws < 1:
        raise InputError("draws must be at least 1", (Problem("too few", field="draws"),))
    cols = [_columns(g, model.states) for g in games]
    acts = [0] * len(games)
    succ = [[0] * g.n for g in games]
    deci = [[0] * g.n for g in games]
    supp = [[0] * g.n for g in games]
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    done = 0
    while done < draws:
        size = min(chunk, draws - done)
        votes = model.draw(rng, size)
        for k, (game, col) in enumerate(zip(games, cols, strict=True)):
            sub = votes[:, col]
            weights = np.left_shift(1, np.arange(game.n, dtype=np.int64))
            masks = sub.astype(np.int64) @ weights
            win = game.winning[masks]
            acts[k] += int(win.sum())
            for i in range(game.n):
                supp[k][i] += int(sub[:, i].sum())
                succ[k][i] += int((sub[:, i] == win).sum())
                flipped = game.winning[masks ^ (1 << i)]
                deci[k][i] += int((flipped != win).sum())
        done += size
    return [
        Measures(
            players=g.players,
            act=_wilson(acts[k], draws),
            success=tuple(_wilson(h, draws) for h in succ[k]),
            decisive=tuple(_wilson(h, draws) for h in deci[k]),
            supports=tuple(_wilson(h, draws) for h in supp[k]),
        )
        for k, g in enumerate(games)
    ]


def exact_measures(
    game: TableGame, support: Mapping[str, Fraction]
) -> tuple[Fraction, tuple[Fraction, ...], tuple[Fraction, ...]]:
    """P(act), success and decisiveness exactly, for independent votes with the given
    probabilities of support (enumeration: small games)."""
    p = [Fraction(support[s]) for s in game.players]
    act = Fraction(0)
    succ = [Fraction(0)] * game.n
    deci = [Fraction(0)] * game.n
    for mask in range(1 << game.n):
        prob = Fraction(1)
        for i in range(game.n):
            prob *= p[i] if mask >> i & 1 else 1 - p[i]
        if not prob:
            continue
        win = bool(game.winning[mask])
        act += prob if win else 0
        for i in range(game.n):
            if bool(mask >> i & 1) == win:
                succ[i] += prob
            if bool(game.winning[mask ^ (1 << i)]) != win:
                deci[i] += prob
    return act, tuple(succ), tuple(deci)
