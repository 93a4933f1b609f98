"""docs/hardening.md cannot drift: its table is generated from tests/hostile.py, every test a
row names exists, and every kind of hostile input the suite feeds has a row."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from tests.hostile import DOCUMENTS, KINDS, PAYLOADS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import hardening_docs  # noqa: E402


def test_the_table_is_current() -> None:
    page = (ROOT / "docs" / "hardening.md").read_text(encoding="utf-8")
    assert hardening_docs.BEGIN in page
    assert page == hardening_docs.render(page), (
        "docs/hardening.md is stale: run python scripts/hardening_docs.py"
    )


def test_every_test_a_row_names_exists() -> None:
    for kind in KINDS.values():
        assert kind.tests, kind.name
        for ref in kind.tests:
            path, _, name = ref.partition("::")
            target: object = importlib.import_module(path.removesuffix(".py").replace("/", "."))
            for part in name.split("."):
                target = getattr(target, part, None)
            assert callable(target), f"{kind.name}: no test {ref}"


def test_every_kind_the_suite_feeds_has_a_row_naming_its_fuzz_test() -> None:
    for name in PAYLOADS:
        assert any("payload" in t for t in KINDS[name].tests), name
    for name in DOCUMENTS:
        assert any("document" in t for t in KINDS[name].tests), name
