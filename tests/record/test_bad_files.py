"""Error messages are API: each broken file, and the words its message must contain.

Each file in ``tests/record/bad/`` starts with ``# must contain: a | b | c``. Loading it
must fail with one RecordError whose text contains every one of those words, and the file
name; and nothing is returned (no partial record).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csto.errors import RecordError
from csto.io.recordfiles import load_record

BAD = sorted((Path(__file__).parent / "bad").glob("*.yaml"))


def _expected(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# must contain:"), f"{path.name} lacks its '# must contain:' line"
    return [w.strip() for w in first.removeprefix("# must contain:").split("|")]


def test_there_is_a_broken_file_for_each_kind_of_error() -> None:
    assert len(BAD) >= 15


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_broken_file_gets_a_precise_message(path: Path) -> None:
    with pytest.raises(RecordError) as info:
        load_record([path], builtin=False)
    message = str(info.value)
    missing = [w for w in [path.name, *_expected(path)] if w not in message]
    assert not missing, f"message lacks {missing}:\n{message}"
