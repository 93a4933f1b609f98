"""The Figure type every benchmark yields, and small timing helpers."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Figure", "best_of", "best_of_both", "installed_env"]


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


def best_of_both(repeat: int, fn: Callable[[], object]) -> tuple[float, float]:
    """The fastest (wall-clock, CPU) seconds of ``repeat`` runs of ``fn()``.

    On a shared machine the wall clock counts the time other processes held the CPU; the
    process's CPU time counts only the work done, so a goal in seconds is judged on both.
    """
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def installed_env() -> dict[str, str]:
    """The environment for a fresh csto process timed as a user would run it.

    An installed package has its modules compiled to bytecode; this checkout is installed
    in place, so a process that may not write bytecode (``PYTHONDONTWRITEBYTECODE``, set on
    the shared machine) compiles every csto module from source on every start (~0.1 s of
    CPU). The timed processes may write and use it, as after any first run.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
