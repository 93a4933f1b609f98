"""The a-priori power indices of a simple game, as exact fractions.

With ``n`` players, ``W`` the winning coalitions, ``swing(i)`` the winning coalitions that
lose without ``i`` and ``M`` the minimal winning coalitions:

- **Shapley–Shubik** (1954): ``sum over swings S of (|S|-1)! (n-|S|)! / n!`` — the share of
  the ``n!`` voting orders in which ``i`` turns a losing coalition into a winning one.
- **Banzhaf, raw** (Penrose's measure): ``swing(i) / 2**(n-1)`` — the chance that ``i``
  decides when every vote is a fair coin; **normalised**: ``swing(i) / sum_j swing(j)``.
- **Coleman** (1971): the power of the collectivity to act ``A = |W| / 2**n``; a member's
  power to prevent action ``swing(i) / |W|`` and to initiate it ``swing(i) / (2**n - |W|)``.
- **Deegan–Packel** (1978): ``(1/|M|) sum over S in M holding i of 1/|S|``.
- **Public Good index** (Holler 1982): the MWCs holding ``i`` over the sum of those counts.

Under consensus every member is a swing only in the grand coalition: all indices are equal,
``A = 1/2**n``, and Coleman's power to act is the informative number.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from csto.errors import InputError, Problem
from csto.power.counts import ALL, Counts, Needs, table_counts
from csto.power.dynamic import weighted_counts
from csto.power.games import Game, TableGame, WeightedGame

__all__ = ["INDICES", "Indices", "compute", "counts_for"]

#: index id -> (name, what it measures)
INDICES: dict[str, tuple[str, str]] = {
    "shapley_shubik": (
        "Shapley–Shubik",
        "share of voting orders in which the member is pivotal",
    ),
    "banzhaf": ("Banzhaf (normalised)", "the member's share of all swings"),
    "banzhaf_raw": (
        "Banzhaf (raw, Penrose)",
        "chance the member decides the outcome when every vote is a fair coin",
    ),
    "coleman_prevent": (
        "Coleman: power to prevent",
        "share of the winning coalitions the member can turn into losing ones",
    ),
    "coleman_initiate": (
        "Coleman: power to initiate",
        "share of the losing coalitions the member can turn into winning ones",
    ),
    "deegan_packel": (
        "Deegan–Packel",
        "the member's share when each minimal winning coalition is equally likely and "
        "shares its value equally",
    ),
    "public_good": (
        "Public Good (Holler)",
        "the member's share of the memberships in minimal winning coalitions",
    ),
}


@dataclass(frozen=True, slots=True)
class Indices:
    """The indices of one game: per index id, one exact value per player (None where the
    index is undefined, e.g. the power to initiate when every coalition wins)."""

    players: tuple[str, ...]
    values: dict[str, tuple[Fraction | None, ...]]
    act: Fraction
    winning: int
    minimal_winning: int | None
    method: str

    def of(self, index: str, player: str) -> Fraction | None:
        return self.values[index][self.players.index(player)]


def _needs(which: Iterable[str]) -> Needs:
    chosen = set(which)
    return Needs(
        swing_sizes="shapley_shubik" in chosen,
        minimal="public_good" in chosen,
        minimal_sizes="deegan_packel" in chosen,
    )


def counts_for(game: Game, needs: Needs = ALL) -> tuple[Counts, str]:
    """The counts of ``game`` and the method used (enumeration or dynamic programming)."""
    if isinstance(game, WeightedGame):
        return weighted_counts(game, needs), "dynamic programming over integer weights"
    return table_counts(game, needs), "enumeration of all coalitions"


def compute(game: Game, which: Iterable[str] | None = None) -> Indices:
    """The indices named in ``which`` (all by default) for ``game``, exact."""
    chosen = tuple(INDICES) if which is None else tuple(which)
    unknown = [w for w in chosen if w not in INDICES]
    if unknown:
        raise InputError(
            "unknown power index",
            tuple(
                Problem(f"no index {u!r}", field="index", expected=", ".join(INDICES), got=u)
                for u in unknown
            ),
        )
    if isinstance(game, TableGame | WeightedGame):
        counts, method = counts_for(game, _needs(chosen))
    else:  # pragma: no cover - typed away
        raise TypeError(type(game))
    return from_counts(game.players, counts, chosen, method)


def from_counts(players: tuple[str, ...], c: Counts, which: Iterable[str], method: str) -> Indices:
    n = c.n
    total = 1 << n
    swing_sum = sum(c.swings)
    values: dict[str, tuple[Fraction | None, ...]] = {}
    for index in which:
        if index == "shapley_shubik":
            assert c.swings_by_size is not None
            fact = [math.factorial(k) for k in range(n + 1)]
            coef = (0, *(fact[k - 1] * fact[n - k] for k in range(1, n + 1)))
            values[index] = _per_row(
                c.swings_by_size, functools.partial(_orders, coef=coef, whole=fact[n])
            )
        elif index == "banzhaf":
            values[index] = tuple(Fraction(s, swing_sum) if swing_sum else None for s in c.swings)
        elif index == "banzhaf_raw":
            values[index] = tuple(Fraction(s, total >> 1) for s in c.swings)
        elif index == "coleman_prevent":
            values[index] = tuple(Fraction(s, c.winning) if c.winning else None for s in c.swings)
        elif index == "coleman_initiate":
            losing = total - c.winning
            values[index] = tuple(Fraction(s, losing) if losing else None for s in c.swings)
        elif index == "deegan_packel":
            assert c.mwc_containing_by_size is not None
            rows = c.mwc_containing_by_size
            count = c.mwc_count
            if count is None:
                # the MWCs by size of each member give the MWC count: sum_i m_i[k] / k
                count = int(sum(_inverse_sizes(r, n) for r in rows))
            values[index] = _per_row(rows, functools.partial(_packel, n=n, count=count))
        elif index == "public_good":
            assert c.mwc_containing is not None
            memberships = sum(c.mwc_containing)
            values[index] = tuple(
                Fraction(m, memberships) if memberships else None for m in c.mwc_containing
            )
    if c.mwc_count is not None:
        mwc: int | None = c.mwc_count
    elif c.mwc_containing_by_size is not None:
        mwc = int(sum(_inverse_sizes(r, n) for r in c.mwc_containing_by_size))
    else:
        mwc = None
    return Indices(
        players=players,
        values=values,
        act=Fraction(c.winning, total),
        winning=c.winning,
        minimal_winning=mwc,
        method=method,
    )


def _per_row(
    rows: Iterable[tuple[int, ...]], value: Callable[[tuple[int, ...]], Fraction | None]
) -> tuple[Fraction | None, ...]:
    """``value`` of each row, worked out once per distinct row (players of one weight class
    share theirs)."""
    done: dict[tuple[int, ...], Fraction | None] = {}
    out = []
    for row in rows:
        if row not in done:
            done[row] = value(row)
        out.append(done[row])
    return tuple(out)


@functools.cache
def _lcm_upto(n: int) -> int:
    return math.lcm(*range(1, n + 1)) if n else 1


def _inverse_sizes(row: tuple[int, ...], n: int) -> Fraction:
    """``sum_k row[k] / k`` exactly, over one common denominator."""
    big = _lcm_upto(n)
    return Fraction(sum(cnt * (big // k) for k, cnt in enumerate(row) if k and cnt), big)


def _orders(row: tuple[int, ...], coef: tuple[int, ...], whole: int) -> Fraction:
    """Shapley–Shubik from swings by size: ``sum_k row[k] (k-1)! (n-k)! / n!``."""
    return Fraction(sum(cnt * coef[k] for k, cnt in enumerate(row) if cnt), whole)


def _packel(row: tuple[int, ...], n: int, count: int) -> Fraction | None:
    """Deegan–Packel from MWCs by size: ``sum_k row[k] / k`` over the number of MWCs."""
    return _inverse_sizes(row, n) / count if count else None
