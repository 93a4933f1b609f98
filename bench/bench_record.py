"""Record figures: time to load and validate the whole curated record."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

from bench.figures import Figure, best_of

_FRESH = (
    "import time; t=time.perf_counter(); "
    "from csto.io.recordfiles import load_record; r=load_record(); "
    "print(time.perf_counter()-t, len(r.events))"
)


def run() -> Iterator[Figure]:
    from csto.io.recordfiles import load_record

    fresh = []
    for _ in range(3):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", _FRESH], capture_output=True, text=True, check=True
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
