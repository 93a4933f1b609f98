"""Command-line figures: a fresh process to the answer, for ``csto --version`` and
``csto state``, in wall-clock seconds and in the CPU seconds the process used.

On a shared machine the wall clock also counts the time other processes held the CPU, so
both are printed; the best of several runs is kept. No peer: the goals are the issue's.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.figures import Figure, installed_env

RUNS = 7


def _run(args: list[str]) -> tuple[float, float]:
    exe = str(Path(sys.executable).parent / "csto")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run([exe, *args], check=True, stdout=subprocess.DEVNULL, env=installed_env())
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _figure(label: str, args: list[str], goal: float) -> Figure:
    _run(args)  # the parse cache and the OS's file cache warm, as for any second run
    runs = [_run(args) for _ in range(RUNS)]
    wall, cpu = min(w for w, _ in runs), min(c for _, c in runs)
    load = os.getloadavg()[0]
    return Figure(
        f"cli: {label}, fresh process",
        wall,
        "s",
        f"< {goal} s",
        f"CPU {cpu:.3f} s; best of {RUNS}; load average {load:.1f} on {os.cpu_count()} cpus",
    )


def run() -> Iterator[Figure]:
    yield _figure("csto --version", ["--version"], 0.3)
    yield _figure("csto state 2012-12-20", ["state", "2012-12-20"], 0.6)
