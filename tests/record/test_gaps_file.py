"""The gaps file's errors are API too: each broken gaps file names what is wrong and where."""

from __future__ import annotations

import pytest

from csto.errors import RecordError
from csto.io.coverage import load_gaps, parse_gaps

CASES = {
    "not a list": ("gaps: 3\n", ["one key, 'gaps'", "list"]),
    "unknown kind": (
        "gaps:\n  - kind: sessionz\n    items: ['1993']\n    status: missing\n"
        "    searched: looked in many places for it\n",
        ["unknown kind 'sessionz'", "gaps[0].kind", "gaps-under-test.yaml:2", "sessions"],
    ),
    "bad status": (
        "gaps:\n  - kind: sessions\n    items: ['1993']\n    status: lost\n"
        "    searched: looked in many places for it\n",
        ["unknown status 'lost'", "gaps[0].status", "not_held"],
    ),
    "no search said": (
        "gaps:\n  - kind: sessions\n    items: ['1993']\n    status: missing\n    searched: no\n",
        ["'searched' must say what was searched", "gaps[0].searched"],
    ),
    "empty items": (
        "gaps:\n  - kind: sessions\n    items: []\n    status: missing\n"
        "    searched: looked in many places for it\n",
        ["'items' must be a non-empty list", "gaps[0].items"],
    ),
    "unknown key": (
        "gaps:\n  - kind: sessions\n    items: ['1993']\n    status: missing\n"
        "    searched: looked in many places for it\n    where: here\n",
        ["unknown keys ['where']", "gaps[0]"],
    ),
    "not yaml": ("gaps: [\n", ["not valid YAML"]),
    "wrong types": (
        "gaps:\n  - kind: {}\n    items: ['1993']\n    status: [1]\n"
        "    searched: looked in many places for it\n",
        ["unknown kind CommentedMap {}", "unknown status CommentedSeq [1]"],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_gaps_file_is_refused_with_a_precise_message(name: str) -> None:
    text, words = CASES[name]
    with pytest.raises(RecordError) as info:
        parse_gaps(text, "gaps-under-test.yaml")
    message = str(info.value)
    missing = [w for w in ["gaps-under-test.yaml", *words] if w not in message]
    assert not missing, f"message lacks {missing}:\n{message}"


def test_the_shipped_gaps_load_and_each_says_what_was_searched() -> None:
    gaps = load_gaps()
    assert gaps
    assert all(len(g.searched) >= 20 and g.items for g in gaps)
