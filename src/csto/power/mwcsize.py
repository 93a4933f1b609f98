"""Minimal winning coalitions of a weighted game holding each player, by size (for
Deegan–Packel), worked out per weight class in one pass over the classes.

Players of one weight are symmetric, so the classes (distinct positive weights
``v_1 > v_2 > ...``, ``c_v`` players each) are what matter. A coalition is minimal winning
exactly when it reaches the quota ``q`` and falls below it without its lightest member;
so the MWCs whose lightest class is ``v`` are those with at least one player of ``v``, the
rest heavier, weighing in ``[q, q + v)``. With ``P_v`` the coalitions of the heavier
classes by weight and size (``y`` marks a member), ``Q_v = P_v ((1 + y x**v)**c_v - 1)``
those with at least one player of ``v``:

- a player of ``v`` is in ``C(c_v - 1, s - 1) * window(P_v[k], [q - s v, q - (s - 1) v))``
  of them of size ``k + s`` (``s`` players of ``v``);
- a player of a heavier class ``t`` is in those of ``Q_v / (1 + y x**t)`` (the others)
  weighing in ``[q - t, q - t + v)``, i.e. by the series of ``1/(1 + y x**t)``

      y * sum_j (-y)**j * window(Q_v, [q - (j + 1) t, q - (j + 1) t + v)),

  summed over every lighter class ``v``.

So one table does for every pair of classes: ``boxes[k, p]``, the sum over the classes
``v`` added so far of ``window(Q_v[k], [p, p + v))`` (size ``k``). The classes are added
heaviest first to a banded packed table (:mod:`csto.power.bysize`); after each class ``v``,
each row (size) of ``Q_v`` is read into numpy as 32-bit (or narrower) limbs of its packed
counts, summed over the weights (``cumsum`` in int64: a limb may outgrow its width, so
every sum stays exact and is carried once, at the end), and its windows of width ``v``
are added to ``boxes``. The classes lighter than ``t`` are those added after ``t``, so
their sum is ``boxes`` at the end less ``boxes`` just after ``t``, read at the weights
``q - (j + 1) t``; the alternating sum over ``j`` shifts the sizes, and the limbs are
carried into Python integers. The work is one pass over the table per class, not a
division of long packed polynomials per pair of classes; ``boxes`` holds (sizes) x
(quota) x (limbs) int64, 42 MB for 200 players of weights 1..100.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from csto.power.bysize import Band, add_player, bits_for, unpack

__all__ = ["minimal_and_table", "minimal_by_size"]

Limbs = npt.NDArray[np.int64]


def _most_below(weights: Sequence[int], q: int) -> int:
    """The largest number of the given players weighing less than ``q`` together."""
    total = 0
    for k, w in enumerate(sorted(weights)):
        total += w
        if total >= q:
            return k
    return len(weights)


def _limb_bits(q: int, classes: int, sizes: int) -> int:
    """The widest limb (32, 16 or 8 bits) whose int64 sums cannot overflow: a limb summed
    over ``q`` weights, differenced, over every class and over the sizes."""
    for limb in (32, 16, 8):
        if (limb + 2) + math.log2(max(q, 2) * max(classes, 1) * (sizes + 2)) < 62:
            return limb
    raise ValueError(  # pragma: no cover - a quota of more than 2**40 weight units
        f"quota {q} is too large for the exact sums by size; scale the weights down"
    )


def _limbs(val: int, bits: int, limb: int, used: int) -> npt.NDArray[np.unsignedinteger]:
    """The counts packed in ``val``, one row per weight: their low ``used`` limbs of
    ``limb`` bits (the rest are 0)."""
    count = -(-val.bit_length() // bits)
    raw = val.to_bytes(count * bits // 8, "little")
    arr = np.frombuffer(raw, dtype=np.dtype(f"<u{limb // 8}")).reshape(count, bits // limb)
    return arr[:, :used]


def _to_int(flat: Limbs, limb: int) -> int:
    """``sum_i flat[i] * 2**(limb * i)`` exactly, for int64 entries of any sign."""
    kind = np.dtype(f"<u{limb // 8}")
    mask = (1 << limb) - 1
    rest = flat.copy()
    value, shift = 0, 0
    while rest.any():
        if ((rest == 0) | (rest == -1)).all():  # only the signs are left
            return value - (int.from_bytes((rest != 0).astype(kind).tobytes(), "little") << shift)
        value += int.from_bytes((rest & mask).astype(kind).tobytes(), "little") << shift
        rest >>= limb
        shift += limb
    return value


def _window(band: Band, lo: int, hi: int, bits: int) -> int:
    """The sum of a packed row's counts at weights ``lo .. hi - 1``."""
    start, val = band
    lo = max(lo, start)
    if hi <= lo or not val:
        return 0
    part = (val >> ((lo - start) * bits)) & ((1 << ((hi - lo) * bits)) - 1)
    return part % ((1 << bits) - 1)


def minimal_by_size(weights: Sequence[int], q: int) -> tuple[tuple[int, ...], ...]:
    """For each player, the minimal winning coalitions holding it, by size."""
    return minimal_and_table(weights, q)[0]


def minimal_and_table(
    weights: Sequence[int], q: int
) -> tuple[tuple[tuple[int, ...], ...], list[Band], int]:
    """:func:`minimal_by_size`, the table it built on the way (the coalitions of the players
    lighter than ``q`` by size and weight, as :func:`csto.power.bysize.sized_table` gives
    it) and the bits per count of that table: Shapley–Shubik reads its swings from the same
    table, so computing both builds it once."""
    n = len(weights)
    bits = bits_for(n, 32)
    count = Counter(w for w in weights if w > 0)
    classes = sorted(count, reverse=True)
    fitting = [v for v in classes if v < q]  # the classes that can be the heavier part
    cap = _most_below([w for w in weights if 0 < w < q], q)  # MWCs have at most cap + 1
    span = {t: min(cap, (q + t - 2) // t) + 1 for t in fitting}  # the j of each class
    limb = _limb_bits(q, len(fitting), cap + max(span.values(), default=0))
    per = bits // limb
    # boxes[k, p]: sum over the classes v so far of window(Q_v[k], [p, p + v)), kept only
    # at the weights p = q - (j + 1) t read in the end (all weights when most are read)
    read = {q - (j + 1) * t for t in fitting for j in range(min(span[t], q // t, cap + 1))}
    places = np.arange(q + 1) if 2 * len(read) > q else np.array(sorted(read), dtype=np.int64)
    boxes = np.zeros((cap + 1, len(places), per), dtype=np.int64)
    early: dict[int, Limbs] = {}  # the boxes' diagonal sum for t, when t was added

    held: dict[int, list[int]] = {v: [0] * (n + 1) for v in classes}
    bands: list[Band] = [(0, 1)]
    players = 0
    for v in classes:
        cl = count[v]
        smax = min(cl, (q - 1) // v + 1)
        for s in range(1, smax + 1):  # the player is of the lightest class
            own = math.comb(cl - 1, s - 1)
            for k in range(min(len(bands) - 1, n - s) + 1):
                found = _window(bands[k], q - s * v, q - (s - 1) * v, bits)
                if found:
                    held[v][k + s] += own * found
        if v >= q:
            continue
        before = list(bands)
        for _ in range(cl):
            add_player(bands, v, q, bits, slack=256)
        players += cl
        if v == fitting[0]:  # no class is heavier: its windows would cancel (see below)
            early[v] = _diagonal(boxes, places, q, v, span[v])
            continue
        for k in range(1, len(bands)):
            # Q_v[k], the coalitions with a player of v: with one such player, the heavier
            # ones of size k - 1 moved up by v; else the table after v less the one before
            if cl == 1:
                lo, val = before[k - 1][0] + v, before[k - 1][1]
            else:
                lo, val = bands[k]
                if k < len(before):
                    old_lo, old = before[k]
                    val -= old << ((old_lo - lo) * bits)
                if val < 0:  # the partial counts past the quota (see add_player) went below 0
                    val &= (1 << ((q - lo) * bits)) - 1
            used = min(per, -(-math.comb(players, k).bit_length() // limb))  # limbs in use
            _add_boxes(boxes[k, :, :used], places, lo, _limbs(val, bits, limb, used), v, q)
        early[v] = _diagonal(boxes, places, q, v, span[v])
    for t in fitting:
        out = _diagonal(boxes, places, q, t, span[t]) - early[t]
        value = _to_int(out.reshape(-1), limb)
        sizes = min(cap + 1, n)  # sizes 1 + m for m < sizes; larger ones are all 0
        for m, x in enumerate(unpack(value, sizes, bits)):
            if x:
                held[t][m + 1] += x
    zero = (0,) * (n + 1)
    for _ in range(n - sum(count.values())):  # the players of weight 0, lightest of all
        add_player(bands, 0, q, bits, slack=256)
    table = [(lo, val & ((1 << ((q - lo) * bits)) - 1)) for lo, val in bands]
    return tuple(tuple(held[w]) if w > 0 else zero for w in weights), table, bits


def _add_boxes(
    box: Limbs, places: Limbs, lo: int, q_v: npt.NDArray[np.unsignedinteger], v: int, q: int
) -> None:
    """``box[i] += sum(Q[p .. p + v - 1])`` for the weights ``p = places[i]`` up to
    ``q - v``, where ``Q`` has the counts ``q_v`` from weight ``lo`` on (none below, none
    above them); ``places`` is every weight or a sorted few."""
    size = len(q_v)
    if not size:
        return
    # sums[i]: Q summed below weight lo - v + i, for i in 0 .. size + 2 v
    sums = np.empty((size + 2 * v + 1, q_v.shape[1]), dtype=np.int64)
    sums[: v + 1] = 0
    np.cumsum(q_v, axis=0, dtype=np.int64, out=sums[v + 1 : v + 1 + size])
    sums[v + 1 + size :] = sums[v + size]
    first, last = max(lo - v, 0), min(lo + size - 1, q - v)  # the p with a nonzero window
    if first > last:
        return
    if len(places) == q + 1:  # every weight: slices
        at = first - (lo - v)  # the index of weight p in sums
        box[first : last + 1] += sums[at + v : at + v + last + 1 - first]
        box[first : last + 1] -= sums[at : at + last + 1 - first]
        return
    i, j = np.searchsorted(places, [first, last + 1])
    if i < j:
        index = places[i:j] - (lo - v)
        box[i:j] += sums[index + v] - sums[index]


def _diagonal(boxes: Limbs, places: Limbs, q: int, t: int, span: int) -> Limbs:
    """``sum_j (-y)**j boxes[:, q - (j + 1) t]`` as limbs by size (``y`` shifts a size),
    for the sizes of ``boxes`` only."""
    sizes = boxes.shape[0]
    j = np.arange(min(span, q // t, sizes), dtype=np.int64)
    weights = q - (j + 1) * t
    if len(places) != q + 1:
        weights = np.searchsorted(places, weights)
    picked = boxes[:, weights]  # (sizes, j, limbs), one gather
    out = np.zeros((sizes, boxes.shape[2]), dtype=np.int64)
    for i in range(len(j)):
        if i % 2:
            out[i:] -= picked[: sizes - i, i]
        else:
            out[i:] += picked[: sizes - i, i]
    return out
