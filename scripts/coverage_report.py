"""Write docs/record-coverage.md: how complete the shipped record is, kind by kind.

Re-run after the record or src/csto/state/gaps.yaml change (the coverage test checks that
the page is current): python scripts/coverage_report.py
"""

from __future__ import annotations

from pathlib import Path

from csto.io.coverage import coverage_markdown, load_gaps
from csto.io.recordfiles import load_record
from csto.state.coverage import coverage

OUT = Path(__file__).resolve().parent.parent / "docs" / "record-coverage.md"


def render() -> str:
    """The page's text for the shipped record and gaps."""
    return coverage_markdown(coverage(load_record(), load_gaps()))


def main() -> None:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
