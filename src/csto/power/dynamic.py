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
- by size (Shapley–Shubik): the same with one packed polynomial per size;
- minimal winning coalitions: sort the players by weight, heaviest first; a winning
  coalition is minimal exactly when dropping its lightest member ``j`` loses, so the MWCs
  whose last member is ``j`` are ``j`` plus a subset of the players before ``j`` weighing in
  ``[q - w_j, q)``. The number of MWCs holding each player comes from one forward pass over
  the prefixes and one backward (adjoint) pass over the functionals that complete them.

Players of equal weight have equal counts; each distinct weight is worked out once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from csto.power.counts import ALL, Counts, Needs
from csto.power.games import WeightedGame

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


def _max_size(weights: Sequence[int], quota: int) -> int:
    """The largest number of players whose weights can sum to less than the quota."""
    total = 0
    for k, w in enumerate(sorted(weights)):
        total += w
        if total >= quota:
            return k
    return len(weights)


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
    by_size = _swings_by_size(pk, weights, q, distinct) if needs.swing_sizes else None
    mwc_count = mwc_in = mwc_sized = None
    if needs.minimal or needs.minimal_sizes:
        mwc_count, mwc_in = _minimal(weights, q)
    if needs.minimal_sizes:
        mwc_sized = _minimal_by_size(pk, weights, q)
    return Counts(
        n=n,
        winning=(1 << n) - losing,
        swings=swings,
        swings_by_size=by_size,
        mwc_count=mwc_count,
        mwc_containing=mwc_in,
        mwc_containing_by_size=mwc_sized,
    )


def _size_polys(pk: _Packed, weights: Sequence[int], q: int, kmax: int) -> list[int]:
    """``c[k]``: coalitions of size ``k`` by weight, cut at the quota (sizes up to kmax)."""
    c = [1] + [0] * kmax
    for j, w in enumerate(weights):
        if w >= q:
            continue
        shift = w * pk.bits
        for k in range(min(j + 1, kmax), 0, -1):
            if c[k - 1]:
                c[k] = (c[k] + (c[k - 1] << shift)) & pk.mask
    return c


def _swings_by_size(
    pk: _Packed, weights: Sequence[int], q: int, distinct: Sequence[int]
) -> tuple[tuple[int, ...], ...]:
    n = len(weights)
    kmax = _max_size(weights, q)
    c = _size_polys(pk, weights, q, kmax)
    rows: dict[int, tuple[int, ...]] = {}
    for w in distinct:
        row = [0] * (n + 1)
        if w > 0:
            shift = w * pk.bits
            d = 1  # the others' polynomial of size k - 1
            row[1] = pk.window(1, q - w, q)
            for k in range(1, min(kmax, n - 1) + 1):
                d = (c[k] - ((d << shift) & pk.mask if w < q else 0)) & pk.mask
                row[k + 1] = pk.window(d, q - w, q)
        rows[w] = tuple(row)
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


def _minimal_by_size(pk: _Packed, weights: Sequence[int], q: int) -> tuple[tuple[int, ...], ...]:
    """For each player, the MWCs holding it, by size.

    Heaviest first, for each last member ``j``: the MWCs ``{j} + T`` come from the size
    polynomials of the prefix (the players before ``j``); those that also hold an earlier
    player ``i`` of weight ``w`` are ``{i, j} + U`` with ``U`` from the prefix without ``i``,
    the same for every ``i`` of that weight: one division per weight present.
    """
    n = len(weights)
    order = sorted(range(n), key=lambda i: (-weights[i], i))
    kmax = _max_size(weights, q)
    c = [1] + [0] * kmax  # the prefix's polynomials by size
    rows = [[0] * (n + 1) for _ in range(n)]
    present: list[int] = []  # the distinct weights in the prefix, heaviest first
    gained: list[dict[int, list[int]]] = []  # per position: weight -> counts by size
    for a in range(n):
        j = order[a]
        wj = weights[j]
        here: dict[int, list[int]] = {}
        if wj > 0:
            lo = q - wj
            for k in range(kmax + 1):
                if c[k]:
                    rows[j][k + 1] += pk.window(c[k], lo, q)
            for w in present:
                if w == 0:
                    continue
                vec = [0] * (n + 1)
                shift = w * pk.bits
                d = 1
                vec[2] = pk.window(1, lo - w, q - w)
                for k in range(1, min(kmax, n - 2) + 1):
                    d = (c[k] - ((d << shift) & pk.mask if w < q else 0)) & pk.mask
                    vec[k + 2] = pk.window(d, lo - w, q - w)
                here[w] = vec
        gained.append(here)
        if 0 < wj < q:
            shift = wj * pk.bits
            for k in range(min(a + 1, kmax), 0, -1):
                if c[k - 1]:
                    c[k] = (c[k] + (c[k - 1] << shift)) & pk.mask
        elif wj == 0:
            for k in range(min(a + 1, kmax), 0, -1):
                c[k] = c[k] + c[k - 1]
        if not present or present[-1] != wj:
            present.append(wj)
    # a player at position p is held by the coalitions counted for its weight at every
    # later position: suffix sums per weight
    running: dict[int, list[int]] = {}
    for a in range(n - 1, -1, -1):
        i = order[a]
        acc = running.setdefault(weights[i], [0] * (n + 1))
        rows[i] = [x + y for x, y in zip(rows[i], acc, strict=True)]
        for w, vec in gained[a].items():
            tot = running.setdefault(w, [0] * (n + 1))
            running[w] = [x + y for x, y in zip(tot, vec, strict=True)]
    return tuple(tuple(r) for r in rows)
