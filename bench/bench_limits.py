"""Input limits: a valid 50 MB record file, and a 1 kB alias bomb, at the command line.

The issue's target: a 50 MB valid record file validates in under 30 s and 1 GB, or is
refused early by the size limit with a clear error. Figures, each from a fresh
``csto record validate`` process (wall time and peak resident memory of the child):

- refused by the default limit (16 MiB): how long until the error;
- read anyway with ``--max-file-mb 64``: how long and how much memory to validate it;
- a 1 kB YAML alias bomb (10^9 nodes if expanded): how long until the error.

The file is bench data, not facts: one ``ExerciseHeld`` event told again and again with
new ids, citing a source of the shipped record.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.figures import Figure

_EVENT = """  - id: bench-exercise-{n}
    type: ExerciseHeld
    date: 2004-08-02
    end_date: 2004-08-06
    recorded: 2026-11-24
    states: [KAZ, KGZ, RUS, TJK]
    summary: A joint exercise told again for the benchmark (copy {n}), with a staff phase
      and a live phase at a range.
    confidence: high
    sources:
      - {{source: pti-rubezh-2004, locator: "para 1-4"}}
    name: Bench-{n}
    host: KGZ
    participants: [KAZ, KGZ, RUS, TJK]
"""


def write_record(path: Path, megabytes: int) -> int:
    """Write a valid record file of about ``megabytes`` MB; return its event count."""
    size = megabytes * 1_000_000
    written = n = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("# bench data, not facts\nevents:\n")
        while written < size:
            text = _EVENT.format(n=n)
            out.write(text)
            written += len(text.encode())
            n += 1
    return n


def _bomb(path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _csto(*args: str) -> tuple[float, float, int, str]:
    """Run csto in a fresh process: (seconds, peak MiB of the child, exit code, stderr)."""
    exe = Path(sys.executable).parent / "csto"
    start = time.perf_counter()
    done = subprocess.run([str(exe), *args], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    return seconds, peak, done.returncode, done.stderr


def run() -> Iterator[Figure]:
    with tempfile.TemporaryDirectory() as raw:
        folder = Path(raw)
        big = folder / "big.yaml"
        count = write_record(big, 50)
        mb = big.stat().st_size / 1_000_000
        seconds, _, code, err = _csto("record", "validate", str(big))
        assert code == 2, err
        assert "E150" in err, err
        yield Figure(
            "limits: 50 MB record, refused by the size limit",
            seconds,
            "s",
            "early, clear error",
            f"{mb:.0f} MB, {count} events; exit 2, E150 names --max-file-mb",
        )
        seconds, peak, code, err = _csto("--max-file-mb", "64", "record", "validate", str(big))
        assert code == 0, err[-2000:]
        yield Figure(
            "limits: 50 MB record, validated (--max-file-mb 64)",
            seconds,
            "s",
            "< 30 s",
            f"{count} events plus the shipped record",
        )
        yield Figure("limits: 50 MB record, peak memory", peak, "MiB", "< 1024 MiB", "of the child")
        bomb = folder / "bomb.yaml"
        _bomb(bomb)
        seconds, _, code, err = _csto("record", "validate", "--alone", str(bomb))
        assert code == 2, err
        assert "alias bomb" in err, err
        yield Figure(
            "limits: YAML alias bomb (10^9 nodes), refused",
            seconds,
            "s",
            None,
            f"{bomb.stat().st_size} bytes, --alone; process start included",
        )
