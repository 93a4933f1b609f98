"""Record figures: loading and checking the curated record, and the record at 100x.

- the curated record in a fresh process (interpreter start and imports included);
- the record told 100 times over (:mod:`bench.scaled`, 26,300 events in 12 files) loaded
  and checked from its files: the first time (every file's YAML parsed) and then with the
  parse cache warm (:mod:`csto.io.parsecache`: the YAML of an unchanged file is not parsed
  again; every event is still decoded and every check run).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.figures import Figure, best_of, best_of_both, installed_env

_FRESH = (
    "import time; t=time.perf_counter(); "
    "from csto.io.recordfiles import load_record; r=load_record(); "
    "print(time.perf_counter()-t, len(r.events))"
)


def _fresh() -> Iterator[Figure]:
    from csto.io.recordfiles import load_record

    fresh = []
    for _ in range(3):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", _FRESH],
            capture_output=True,
            text=True,
            check=True,
            env=installed_env(),
        ).stdout.split()
        fresh.append((time.perf_counter() - start, float(out[0]), int(out[1])))
    total, inner, count = min(fresh)
    yield Figure(
        "record: load+validate, fresh process (total)",
        total,
        "s",
        "< 1 s",
        f"{count} events; interpreter start included",
    )
    yield Figure("record: load+validate, fresh process (imports+load)", inner, "s", "< 1 s")
    yield Figure("record: load+validate, warm process", best_of(5, load_record), "s")


def _scaled(factor: int) -> Iterator[Figure]:
    from bench.scaled import scaled_texts
    from csto.io.recordfiles import load_record

    with tempfile.TemporaryDirectory(prefix="csto-bench-record-") as tmp:
        files = Path(tmp) / "record"
        files.mkdir()
        for name, text in scaled_texts(factor):
            (files / Path(name).name).write_text(text, encoding="utf-8")
        before = os.environ.get("CSTO_CACHE_DIR")
        os.environ["CSTO_CACHE_DIR"] = str(Path(tmp) / "cache")
        try:
            began, began_cpu = time.perf_counter(), time.process_time()
            record = load_record([files], builtin=False)
            cold, cold_cpu = time.perf_counter() - began, time.process_time() - began_cpu
            warm, warm_cpu = best_of_both(5, lambda: load_record([files], builtin=False))
        finally:
            if before is None:
                os.environ.pop("CSTO_CACHE_DIR")
            else:
                os.environ["CSTO_CACHE_DIR"] = before
    n = len(record.events)
    yield Figure(
        f"record at {factor}x: load+validate, parse cache warm (CPU)",
        warm_cpu,
        "s",
        "< 1 s",
        f"{n:,} events: {n / warm_cpu:,.0f} events/s of CPU (goal >= 50,000); wall clock "
        f"{warm:.2f} s on the shared machine; files read, every event decoded and checked, "
        "only the YAML parse reused",
    )
    yield Figure(
        f"record at {factor}x: load+validate, first time (YAML parsed, CPU)",
        cold_cpu,
        "s",
        None,
        f"{n / cold_cpu:,.0f} events/s of CPU (wall {cold:.1f} s): ruamel.yaml's C parser and "
        "Python constructor",
    )


def run() -> Iterator[Figure]:
    yield from _fresh()
    yield from _scaled(100)
