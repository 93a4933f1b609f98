"""The Figure type every benchmark yields, and small timing helpers."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Figure", "best_of"]


@dataclass(frozen=True)
class Figure:
    """One measured figure. ``target`` is the goal, if any, as text (e.g. '< 1 s')."""

    name: str
    value: float
    unit: str
    target: str | None = None
    note: str | None = None


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The fastest of ``repeat`` wall-clock timings of ``fn()``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
