"""Docs cannot drift: docs/exercise.md carries the matrix and the moves as declared."""

from __future__ import annotations

import sys
from pathlib import Path

from csto.exercise.moves import MOVES

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import exercise_docs  # noqa: E402


def test_the_generated_part_of_the_exercise_doc_is_current() -> None:
    current = exercise_docs.DOC.read_text(encoding="utf-8")
    assert current == exercise_docs.render(current), (
        "docs/exercise.md is stale: run python scripts/exercise_docs.py"
    )


def test_every_move_is_in_the_matrix_and_the_table() -> None:
    text = exercise_docs.DOC.read_text(encoding="utf-8")
    for verb in MOVES:
        assert text.count(f"| `{verb}` ") >= 2, verb
