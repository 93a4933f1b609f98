"""Coalitions of a weighted game counted by weight *and* size, and the Shapley–Shubik swings
by size read from them.

The size-``k`` coalitions (players of weight below the quota ``q``) are counted by weight
in one packed integer per size (Kronecker substitution: ``B`` bits per coefficient, ``B`` a
multiple of 8 larger than any count). The players are added heaviest first, and each size
keeps only its *band*: the coefficients from the lightest weight a size-``k`` coalition of
the players added so far can have (the sum of the ``k`` lightest of them) up to ``q - 1``.
Adding a player of weight ``w`` (no heavier than any before it) moves every band down to
``w`` plus the band of the size below, so each step is one shift, one addition and one
mask; heaviest first keeps the bands narrow (a quarter of the full table for 200 players
of weights 1..100).

The table is then *transposed* once (by bytes, with numpy) into one integer per weight
that packs the counts of every size (``y`` for the size, ``B`` bits each), and summed over
the weights (``T[e]``: coalitions lighter than ``e``, by size). A window of weights is then
one subtraction of two such integers, and the others of a player of weight ``w`` (the
table divided by ``1 + y x**w``) weigh in ``[q - w, q)`` exactly

    sum_j (-y)**j * (T[q - j w] - T[q - (j + 1) w])

(the series ``1/(1 + y x**w)`` below ``x**q``), one Horner step per ``j`` with ``j`` at
most the largest size: no division of a long packed integer per weight and size.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

__all__ = [
    "Band",
    "add_player",
    "bits_for",
    "prefix_by_weight",
    "sized_table",
    "swing_rows",
    "unpack",
]


def bits_for(n: int, unit: int = 8) -> int:
    """Bits per packed count for ``n`` players: above ``n * 2**n`` (the largest sum the
    callers form), rounded up to a multiple of ``unit`` (whole bytes, so the table
    transposes by bytes; or whole 32-bit limbs for numpy)."""
    bits = n + n.bit_length() + 2
    return -(-bits // unit) * unit


#: one size's counts by weight: (the lightest weight kept, the packed counts from it)
Band = tuple[int, int]


def sized_table(weights: Sequence[int], q: int, bits: int) -> list[Band]:
    """The coalitions of the players lighter than ``q``, by size (the list's index) and by
    weight below ``q`` (packed from the band's start)."""
    bands: list[Band] = [(0, 1)]
    for w in sorted((w for w in weights if w < q), reverse=True):
        add_player(bands, w, q, bits, slack=256)
    return [(lo, val & ((1 << ((q - lo) * bits)) - 1)) for lo, val in bands]


def add_player(bands: list[Band], w: int, q: int, bits: int, slack: int = 0) -> None:
    """Multiply the table by ``1 + y x**w`` in place; ``w`` (below ``q``) may be no heavier
    than any player already in it. With ``slack``, a row is cut at the quota only once it
    runs ``slack`` weights past it (fewer masks; the counts past the quota are then partial,
    so the caller cuts them)."""
    top = len(bands)
    lo_new, val_new = bands[top - 1][0] + w, bands[top - 1][1]
    if lo_new < q:
        limit = (q - lo_new) * bits
        if val_new.bit_length() > limit + slack * bits:
            val_new &= (1 << limit) - 1
        bands.append((lo_new, val_new))
    for k in range(top - 1, 0, -1):
        lo, val = bands[k]
        below_lo, below = bands[k - 1]
        start = below_lo + w  # never above lo: the new player is the lightest so far
        merged = (val << ((lo - start) * bits)) + below
        limit = (q - start) * bits
        if merged.bit_length() > limit + slack * bits:
            merged &= (1 << limit) - 1
        bands[k] = (start, merged)


def prefix_by_weight(bands: Sequence[Band], q: int, bits: int) -> list[int]:
    """``T[e]`` for ``e`` in ``0..q``: the coalitions lighter than ``e``, one integer per
    ``e`` packing the count of each size (``bits`` bits each, size 0 lowest)."""
    width = bits // 8
    sizes = len(bands)
    table = np.zeros((q, sizes, width), dtype=np.uint8)
    for k, (lo, val) in enumerate(bands):
        if val:
            raw = val.to_bytes((q - lo) * width, "little")
            table[lo:, k, :] = np.frombuffer(raw, dtype=np.uint8).reshape(q - lo, width)
    data = memoryview(table.tobytes())
    row = sizes * width
    by_weight = (int.from_bytes(data[e * row : (e + 1) * row], "little") for e in range(q))
    return list(itertools.accumulate(by_weight, initial=0))


def unpack(value: int, count: int, bits: int) -> list[int]:
    """The first ``count`` fields of ``bits`` bits of ``value`` (low first)."""
    width = bits // 8
    raw = (value & ((1 << (count * bits)) - 1)).to_bytes(count * width, "little")
    return [int.from_bytes(raw[i * width : (i + 1) * width], "little") for i in range(count)]


def swing_rows(
    prefix: Sequence[int], q: int, n: int, kmax: int, distinct: Sequence[int], bits: int
) -> dict[int, tuple[int, ...]]:
    """For each weight in ``distinct``: a player's swings by size (index ``k + 1`` for
    ``k`` others), from ``prefix`` (:func:`prefix_by_weight`)."""
    rows: dict[int, tuple[int, ...]] = {}
    top = min(kmax, n - 1)  # the most others a swing can have
    for w in distinct:
        row = [0] * (n + 1)
        if w > 0:
            acc = 0
            # j runs while the window [q - (j+1) w, q - j w) is above 0, and only to the
            # largest size: a higher j adds only to sizes above it
            last = min((q - 1) // w, top)
            for j in range(last, -1, -1):
                acc = (prefix[q - j * w] - prefix[max(q - (j + 1) * w, 0)]) - (acc << bits)
            row[1 : top + 2] = unpack(acc, top + 1, bits)
        rows[w] = tuple(row)
    return rows
