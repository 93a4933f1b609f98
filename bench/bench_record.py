"""Record figures: loading and checking the curated record, and the record at 100x.

- the curated record in a fresh process (interpreter start and imports included);
- the record told 100 times over (:mod:`bench.scaled`) parsed: by the fast loaders
  (:mod:`csto.io.fastyaml`: yaml-rs where it reads a file as ruamel.yaml does, its screen
  included), beside ruamel.yaml's C loader alone (the loader before) and PyYAML's
  CSafeLoader (libyaml) where it is installed;
- the same record loaded and checked from its files: the first time (every file's YAML
  parsed, and written to the parse cache) and then with the parse cache warm
  (:mod:`csto.io.parsecache`: the YAML of an unchanged file is not parsed again; every
  event is still decoded and every check run).
"""

from __future__ import annotations

import contextlib
import gc
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
        f"{n / cold_cpu:,.0f} events/s of CPU (wall {cold:.1f} s): every file parsed, decoded "
        "and checked, and its parse written to the cache",
    )


def _parse_rate(texts: list[tuple[str, str]], rust: bool, repeat: int = 3) -> tuple[float, int]:
    """The best CPU seconds to parse every text with the fast loaders, and the files yaml-rs
    read itself (``rust`` False: ruamel.yaml's C loader alone, the loader before yaml-rs)."""
    from csto.io import fastyaml
    from csto.io.limits import load_yaml

    saved = fastyaml.yaml_rs
    if not rust:
        fastyaml.yaml_rs = None
    try:
        with _no_gc():
            _, cpu = best_of_both(repeat, lambda: [load_yaml(n, t, fast=True) for n, t in texts])
        read = sum(fastyaml.load(t) is not fastyaml.STOOD_ASIDE for _, t in texts)
    finally:
        fastyaml.yaml_rs = saved
    return cpu, read


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    # as the record's loader runs (csto.io.recordfiles pauses the cycle collector)
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _pyyaml_rate(texts: list[tuple[str, str]]) -> float | None:
    """PyYAML's libyaml loader (CSafeLoader) on the same texts, where it is installed."""
    try:
        import yaml
    except ImportError:
        return None
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return None
    with _no_gc():
        _, cpu = best_of_both(1, lambda: [yaml.load(t, Loader=loader) for _, t in texts])
    return cpu


def _parsing(factor: int) -> Iterator[Figure]:
    from bench.scaled import scaled_texts
    from csto.io import fastyaml

    texts = scaled_texts(factor)
    events = _count_events(texts)
    load = "load average {:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg())
    ours, read = _parse_rate(texts, rust=True)
    before, _ = _parse_rate(texts, rust=False, repeat=1)
    yield Figure(
        f"record at {factor}x: YAML parsed (ruamel.yaml C loader, before)",
        events / before,
        "ev/cpu-s",
        None,
        f"{events:,} events in {len(texts)} files, {before:.2f} s of CPU; {load}",
    )
    yield Figure(
        f"record at {factor}x: YAML parsed (fast loaders, now)",
        events / ours,
        "ev/cpu-s",
        ">= 50,000",
        f"{ours:.2f} s of CPU, {before / ours:.1f}x the C loader; {fastyaml.loader_name()} read "
        f"{read} of {len(texts)} files (the screen included), ruamel the rest",
    )
    pyyaml = _pyyaml_rate(texts)
    if pyyaml is not None:
        yield Figure(
            f"record at {factor}x: YAML parsed (PyYAML CSafeLoader, peer)",
            events / pyyaml,
            "ev/cpu-s",
            None,
            f"libyaml's parser with Python constructors, YAML 1.1 (dates, yes/no read "
            f"otherwise): ours is {pyyaml / ours:.1f}x",
        )


def _count_events(texts: list[tuple[str, str]]) -> int:
    from csto.io.limits import load_yaml

    return sum(len((load_yaml(n, t, fast=True) or {}).get("events") or []) for n, t in texts)


def run() -> Iterator[Figure]:
    yield from _fresh()
    yield from _parsing(100)
    yield from _scaled(100)
