"""The earlier engine for the counts by size (swings for Shapley–Shubik, minimal winning
coalitions for Deegan–Packel), kept as a reference for the tests: one packed polynomial
per size over every weight below the quota, and one division by ``1 + x**w`` per size for
each weight (and, for Deegan–Packel, for each pair of weight classes). Slow for large
games; independent of :mod:`csto.power.bysize` except for the packing helper."""

from __future__ import annotations

import math
from collections.abc import Sequence

from csto.power.dynamic import _bits_for, _Packed

__all__ = ["minimal_by_size", "swings_by_size"]


def _max_size(weights: Sequence[int], quota: int) -> int:
    """The largest number of players whose weights can sum to less than the quota."""
    total = 0
    for k, w in enumerate(sorted(weights)):
        total += w
        if total >= quota:
            return k
    return len(weights)


def swings_by_size(weights: Sequence[int], q: int) -> tuple[tuple[int, ...], ...]:
    pk = _Packed(q, _bits_for(len(weights)))
    return _swings_by_size(pk, weights, q, sorted(set(weights)))


def minimal_by_size(weights: Sequence[int], q: int) -> tuple[tuple[int, ...], ...]:
    pk = _Packed(q, _bits_for(len(weights)))
    return _minimal_by_size(pk, weights, q)


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
