"""docs/law.md's table of what was read is generated from the law data and must be current."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import law_table  # noqa: E402


def test_the_table_of_what_was_read_is_current() -> None:
    current = (ROOT / "docs" / "law.md").read_text(encoding="utf-8")
    assert current == law_table.render(current), (
        "docs/law.md's table is stale: run python scripts/law_table.py"
    )


def test_the_table_has_a_row_for_every_version_with_its_check() -> None:
    from csto.io.lawfiles import load_law

    law = load_law()
    text = law_table.table(law)
    rows = [line for line in text.splitlines() if line.startswith("| ") and " | " in line]
    versions = sum(max(1, len(a.versions)) for i in law.instruments.values() for a in i.articles)
    # the legend (a header and four levels), a header per instrument, a row per version
    assert len(rows) - 5 - sum(1 for i in law.instruments.values() if i.articles) == versions
    row = "| art. 4 | 2012-12-19 - now (as amended by CST-PROTOCOL-2010) | text_partly_read"
    assert row in text
