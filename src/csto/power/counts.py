"""What every index is computed from: counts of winning coalitions, swings and minimal
winning coalitions, exact integers.

For player ``i`` a *swing* is a winning coalition ``S`` holding ``i`` that loses without
``i``; a *minimal winning coalition* (MWC) is a winning coalition every member of which is a
swing. Every index in :mod:`csto.power.indices` is a function of these counts:

- ``winning``: the number of winning coalitions, ``|W|``;
- ``swings[i]``, and ``swings_by_size[i][k]`` (swings of size ``k``, ``i`` included);
- ``mwc_count``, ``mwc_containing[i]`` and ``mwc_containing_by_size[i][k]``.

Two engines fill them: :func:`table_counts` enumerates a :class:`~csto.power.games.TableGame`
with numpy (one vectorised pass per player), and :mod:`csto.power.dynamic` computes them for
a :class:`~csto.power.games.WeightedGame` by dynamic programming over the weights.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from csto.power.games import TableGame

__all__ = ["ALL", "Counts", "Needs", "table_counts"]


@dataclass(frozen=True, slots=True)
class Needs:
    """Which counts to compute (the rest stay None): sizes of swings (Shapley–Shubik),
    MWCs (Public Good), MWCs by size (Deegan–Packel)."""

    swing_sizes: bool = True
    minimal: bool = True
    minimal_sizes: bool = True


@dataclass(frozen=True, slots=True)
class Counts:
    n: int
    winning: int
    swings: tuple[int, ...]
    swings_by_size: tuple[tuple[int, ...], ...] | None = None
    mwc_count: int | None = None
    mwc_containing: tuple[int, ...] | None = None
    mwc_containing_by_size: tuple[tuple[int, ...], ...] | None = None


#: every count
ALL = Needs()


def _bits(n: int) -> np.ndarray:
    """The number of members of every coalition of ``n`` players."""
    masks = np.arange(1 << n, dtype=np.uint32)
    return np.bitwise_count(masks).astype(np.int64)


#: up to this many players every count is one vectorised pass over all players at once
_WHOLE = 14

Index = npt.NDArray[np.int64]


@functools.lru_cache(maxsize=_WHOLE + 1)
def _layout(n: int) -> tuple[Index, Index, Index]:
    """For each player ``i``: the coalitions holding ``i``, the same without ``i``, and
    their sizes (each ``(n, 2**(n-1))``)."""
    masks = np.arange(1 << n, dtype=np.int64)
    holding = np.stack([masks[(masks >> i) & 1 == 1] for i in range(n)])
    without = holding ^ (np.int64(1) << np.arange(n, dtype=np.int64))[:, None]
    sizes = np.bitwise_count(holding.astype(np.uint32)).astype(np.int64)
    return holding, without, sizes


def _by_size(n: int, sizes: Index, chosen: npt.NDArray[np.bool_]) -> tuple[tuple[int, ...], ...]:
    offset = sizes + (n + 1) * np.arange(n, dtype=np.int64)[:, None]
    counts = np.bincount(offset[chosen], minlength=n * (n + 1)).reshape(n, n + 1)
    return tuple(tuple(int(c) for c in row) for row in counts)


def _whole(game: TableGame, needs: Needs) -> Counts:
    n = game.n
    win = game.winning
    holding, without, sizes = _layout(n)
    swing = win[holding] & ~win[without]
    mwc_count = mwc_in = mwc_sizes = None
    if needs.minimal or needs.minimal_sizes:
        minimal = win.copy()
        minimal[holding[win[without]]] = False  # a member that is no swing: not minimal
        members = minimal[holding]
        mwc_count = int(minimal.sum())
        mwc_in = tuple(int(c) for c in members.sum(axis=1))
        mwc_sizes = _by_size(n, sizes, members) if needs.minimal_sizes else None
    return Counts(
        n=n,
        winning=int(win.sum()),
        swings=tuple(int(c) for c in swing.sum(axis=1)),
        swings_by_size=_by_size(n, sizes, swing) if needs.swing_sizes else None,
        mwc_count=mwc_count,
        mwc_containing=mwc_in,
        mwc_containing_by_size=mwc_sizes,
    )


def table_counts(game: TableGame, needs: Needs = ALL) -> Counts:
    """Every count of ``game`` by enumeration (``2**n`` coalitions, vectorised)."""
    if game.n <= _WHOLE:
        return _whole(game, needs)
    n = game.n
    win = game.winning
    size = _bits(n) if (needs.swing_sizes or needs.minimal_sizes) else None
    minimal = win.copy() if (needs.minimal or needs.minimal_sizes) else None
    swings: list[int] = []
    by_size: list[tuple[int, ...]] = []
    for i in range(n):
        view = win.reshape(-1, 2, 1 << i)
        swing = view[:, 1, :] & ~view[:, 0, :]
        swings.append(int(swing.sum()))
        if size is not None and needs.swing_sizes:
            sizes = size.reshape(-1, 2, 1 << i)[:, 1, :][swing]
            by_size.append(tuple(int(c) for c in np.bincount(sizes, minlength=n + 1)))
        if minimal is not None:
            # a member that is not a swing makes the coalition non-minimal
            minimal.reshape(-1, 2, 1 << i)[:, 1, :] &= ~view[:, 0, :]
    mwc_count = mwc_in = mwc_sizes = None
    if minimal is not None:
        mwc_count = int(minimal.sum())
        ins: list[int] = []
        sized: list[tuple[int, ...]] = []
        for i in range(n):
            members = minimal.reshape(-1, 2, 1 << i)[:, 1, :]
            ins.append(int(members.sum()))
            if size is not None and needs.minimal_sizes:
                sizes = size.reshape(-1, 2, 1 << i)[:, 1, :][members]
                sized.append(tuple(int(c) for c in np.bincount(sizes, minlength=n + 1)))
        mwc_in = tuple(ins)
        mwc_sizes = tuple(sized) if needs.minimal_sizes else None
    return Counts(
        n=n,
        winning=int(win.sum()),
        swings=tuple(swings),
        swings_by_size=tuple(by_size) if needs.swing_sizes else None,
        mwc_count=mwc_count,
        mwc_containing=mwc_in,
        mwc_containing_by_size=mwc_sizes,
    )
