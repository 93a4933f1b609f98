"""Run the benchmarks: ``python -m bench [NAME ...]`` (NAME = bench_NAME.py)."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

from bench.figures import Figure


def _modules(names: list[str]) -> list[str]:
    here = Path(__file__).parent
    found = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if not names:
        return found
    wanted = [n if n.startswith("bench_") else f"bench_{n}" for n in names]
    missing = [w for w in wanted if w not in found]
    if missing:
        sys.exit(f"no such benchmark: {', '.join(missing)} (have: {', '.join(found)})")
    return wanted


def _fmt(fig: Figure, cpus: int) -> str:
    value = f"{fig.value:,.3f}" if fig.value < 100 else f"{fig.value:,.0f}"
    line = f"{fig.name:<48} {value:>14} {fig.unit:<10} cpus={cpus}"
    if fig.target:
        line += f"  target {fig.target}"
    if fig.note:
        line += f"  ({fig.note})"
    return line


def main(argv: list[str]) -> int:
    cpus = os.cpu_count() or 1
    for name in _modules(argv):
        module = importlib.import_module(f"bench.{name}")
        for fig in module.run():
            print(_fmt(fig, cpus), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
