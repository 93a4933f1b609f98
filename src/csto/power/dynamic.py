"""Exact counts for weighted games by dynamic programming over the integer weights.

The generating function of the game, ``prod_j (1 + y x**w_j)``, counts the coalitions by
weight (power of ``x``) and size (power of ``y``). Only weights below the quota ``q``
matter, so every polynomial is cut at ``x**q``. The coefficients are exact integers as large
as ``2**n``; to keep the work in C, a polynomial in ``x`` is *packed* into one Python
integer with ``B`` bits per coefficient (Kronecker substitution ``x = 2**B``, with ``B``
larger than any count): multiplying by ``1 + x**w`` is one shift and one addition, dividing
by it (to take a player out) is ``log2(q/w)`` of them, using
``1/(1+Y) = (1-Y)(1+Y**2)(1+Y**4)...`` modulo ``x**q``, and the sum of a window of
coefficients is one shift, one mask and one remainder modulo ``2**B - 1``.

- swings of player ``i``: coalitions of the others weighing in ``[q - w_i, q)``;
- by size (Shapley–Shubik): the swings of each weight by the number of players, from one
  table of the coalitions by weight and size (:mod:`csto.power.bysize`);
- minimal winning coalitions: sort the players by weight, heaviest first; a winning
  coalition is minimal exactly when dropping its lightest member ``j`` loses, so the MWCs
  whose last member is ``j`` are ``j`` plus a subset of the players before ``j`` weighing in
  ``[q - w_j, q)``. The number of MWCs holding each player comes from one forward pass over
  the prefixes and one backward (adjoint) pass over the functionals that complete them;
- by size (Deegan–Packel): per weight class, in one pass over the classes
  (:mod:`csto.power.mwcsize`).

Players of equal weight have equal counts; each distinct weight is worked out once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from csto.power.bysize import Band, bits_for, prefix_by_weight, sized_table, swing_rows
from csto.power.counts import ALL, Counts, Needs
from csto.power.games import WeightedGame
from csto.power.mwcsize import minimal_and_table

__all__ = ["weighted_counts"]


class _Packed:
    """Polynomials in ``x`` cut at ``x**length``, ``bits`` bits per coefficient."""

    def __init__(self, length: int, bits: int) -> None:
        self.length = length
        self.bits = bits
        self.mask = (1 << (length * bits)) - 1
        self.modulus = (1 << bits) - 1

    def times(self, p: int, w: int) -> int:
        """``p * (1 + x**w)``."""
        if w == 0:
            return p << 1
        if w >= self.length:
            return p
        return (p + (p << (w * self.bits))) & self.mask

    def over(self, p: int, w: int) -> int:
        """``p / (1 + x**w)`` (exact when ``p`` is a multiple of it)."""
        if w == 0:
            return p >> 1
        if w >= self.length:
            return p
        r = (p - (p << (w * self.bits))) & self.mask
        step = 2 * w
        while step < self.length:
            r = (r + (r << (step * self.bits))) & self.mask
            step *= 2
        return r

    def window(self, p: int, lo: int, hi: int) -> int:
        """The sum of the coefficients of ``x**lo`` .. ``x**(hi-1)``."""
        lo, hi = max(lo, 0), min(hi, self.length)
        if hi <= lo:
            return 0
        part = (p >> (lo * self.bits)) & ((1 << ((hi - lo) * self.bits)) - 1)
        return part % self.modulus


def _bits_for(n: int) -> int:
    # counts stay below n * 2**n (the adjoint's sums); one more bit keeps the window sums
    # below 2**B - 1
    return n + n.bit_length() + 2


def weighted_counts(game: WeightedGame, needs: Needs = ALL) -> Counts:
    """Every count of ``game`` needed by the indices in ``needs``."""
    n, q, weights = game.n, game.quota, game.weights
    pk = _Packed(q, _bits_for(n))
    distinct = sorted(set(weights))
    p = 1
    for w in weights:
        p = pk.times(p, w)
    losing = pk.window(p, 0, q)
    swing_of = {w: pk.window(pk.over(p, w), q - w, q) for w in distinct}
    swings = tuple(swing_of[w] for w in weights)
    mwc_count = mwc_in = mwc_sized = None
    table: tuple[list[Band], int] | None = None
    if needs.minimal:  # (by size alone, the number of MWCs comes from the rows)
        mwc_count, mwc_in = _minimal(weights, q)
    if needs.minimal_sizes:  # the table by size is built once for both
        mwc_sized, made, bits = minimal_and_table(weights, q)
        table = (made, bits)
    by_size = _swings_by_size(weights, q, distinct, table) if needs.swing_sizes else None
    return Counts(
        n=n,
        winning=(1 << n) - losing,
        swings=swings,
        swings_by_size=by_size,
        mwc_count=mwc_count,
        mwc_containing=mwc_in,
        mwc_containing_by_size=mwc_sized,
    )


def _swings_by_size(
    weights: Sequence[int],
    q: int,
    distinct: Sequence[int],
    built: tuple[list[Band], int] | None = None,
) -> tuple[tuple[int, ...], ...]:
    """Each player's swings by size, from the table by size (``built``: one already made,
    with its bits per count)."""
    if built is None:
        bits = bits_for(len(weights))
        table = sized_table(weights, q, bits)
    else:
        table, bits = built
    prefix = prefix_by_weight(table, q, bits)
    rows = swing_rows(prefix, q, len(weights), len(table) - 1, distinct, bits)
    return tuple(rows[w] for w in weights)


def _minimal(weights: Sequence[int], q: int) -> tuple[int, tuple[int, ...]]:
    """The number of MWCs and, for each player, the number holding it (no sizes)."""
    n = len(weights)
    order = sorted(range(n), key=lambda i: (-weights[i], i))
    w_sorted = [weights[i] for i in order]
    # backward: g[a] is the functional that, applied to the polynomial of a coalition of
    # players before position a, counts its completions into an MWC by players from a on
    g: list[np.ndarray] = [np.zeros(0, dtype=object)] * (n + 1)
    g[n] = np.zeros(q, dtype=object)
    for a in range(n - 1, -1, -1):
        w = w_sorted[a]
        nxt = g[a + 1]
        cur = nxt.copy()
        if 0 < w < q:
            cur[: q - w] += nxt[w:]
        elif w == 0:
            cur += nxt
        if w > 0:
            cur[max(q - w, 0) :] += 1
        g[a] = cur
    # forward: the prefix polynomial (coalitions of the players before position a)
    prefix = np.zeros(q, dtype=object)
    prefix[0] = 1
    total = 0
    holding = [0] * n
    for a in range(n):
        w = w_sorted[a]
        last = int(prefix[max(q - w, 0) :].sum()) if w > 0 else 0
        total += last
        later = int(np.dot(g[a + 1][w:], prefix[: q - w])) if 0 <= w < q else 0
        holding[order[a]] = last + later
        if 0 < w < q:
            prefix[w:] = prefix[w:] + prefix[: q - w]
        elif w == 0:
            prefix = prefix * 2
    return total, tuple(holding)
