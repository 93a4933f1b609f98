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
  the prefixes and one backward (adjoint) pass over the functionals that complete them;
- by size (Deegan–Packel): per weight class rather than per player (players of one weight
  are symmetric): for each lightest class, the prefix of the heavier classes, and for each
  heavier class one division of that prefix by ``1 + y x**w`` (see
  :func:`_minimal_by_size`): a number of divisions quadratic in the number of distinct
  weights, each costing one pass over the sizes.

Players of equal weight have equal counts; each distinct weight is worked out once.
"""

from __future__ import annotations

import math
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
                # exact: the others' counts, so no coefficient goes negative (no mask)
                d = c[k] - ((d << shift) & pk.mask) if w < q else c[k]
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
    """For each player, the MWCs holding it, by size, worked out per weight class.

    Players of equal weight are symmetric, so the classes (distinct positive weights
    ``v_1 > v_2 > ...`` with ``c_t`` players each) are what matter. An MWC whose lightest
    class is ``L`` is ``T + S_L``: ``T`` a coalition of heavier players (its polynomial by
    size, ``P`` below, is the prefix product of the heavier classes) and ``S_L`` a set of
    ``s >= 1`` players of ``L``; it is minimal winning exactly when its weight lies in
    ``[q, q + v_L)``, i.e. ``T`` weighs in ``[q - s v_L, q - 1 - (s - 1) v_L]``. So, with
    ``window_s`` the sum over that range:

    - a player of ``L`` is in ``C(c_L - 1, s - 1) * window_s(P[k])`` of them of size ``k + s``;
    - a player ``i`` of a heavier class ``t`` is in ``C(c_L, s) * window_s(x**v_t R[k])`` of
      size ``k + 1 + s``, where ``R = P / (1 + y x**v_t)`` counts the heavier coalitions
      without ``i`` (one division per pair of classes, not per player).
    """
    n = len(weights)
    kmax = _max_size(weights, q)
    classes = sorted({w for w in weights if w > 0}, reverse=True)
    count = dict.fromkeys(classes, 0)
    for w in weights:
        if w > 0:
            count[w] += 1
    held: dict[int, list[int]] = {v: [0] * (n + 1) for v in classes}
    c = [1] + [0] * kmax  # the prefix (heavier classes) by size, packed over weight < q
    top = 0  # the largest size the prefix can have below the quota
    seen: list[int] = []  # the heavier classes that fit below the quota
    for v in classes:
        cl = count[v]
        # sizes s of the lightest class whose window is not empty (s v_L <= q + v_L - 1)
        smax = min(cl, (q - 1) // v + 1)
        for s in range(1, smax + 1):
            lo, hi = q - s * v, q - (s - 1) * v  # T's weight in [lo, hi)
            own = math.comb(cl - 1, s - 1)
            for k in range(min(top, n - s) + 1):
                found = pk.window(c[k], lo, hi) if c[k] else 0
                if found:
                    held[v][k + s] += own * found
        for t in seen:
            shift = t * pk.bits
            r = 1  # R[0]
            sums = [0] * (n + 1)
            for k in range(0, min(top, n - 2) + 1):
                if k:
                    # the prefix without one player: no coefficient goes negative
                    r = c[k] - ((r << shift) & pk.mask)
                if not r:
                    continue
                for s in range(1, smax + 1):
                    lo, hi = q - s * v - t, q - (s - 1) * v - t
                    found = pk.window(r, lo, hi) if hi > 0 else 0
                    if found:
                        sums[k + 1 + s] += math.comb(cl, s) * found
            row = held[t]
            for k, x in enumerate(sums):
                if x:
                    row[k] += x
        if v < q:
            shift = v * pk.bits
            for _ in range(cl):
                top = min(top + 1, kmax)
                for k in range(top, 0, -1):
                    if c[k - 1]:
                        c[k] = (c[k] + (c[k - 1] << shift)) & pk.mask
            seen.append(v)
    zero = (0,) * (n + 1)
    return tuple(tuple(held[w]) if w > 0 else zero for w in weights)
