"""A change in legal behaviour is a visible, versioned change: what each rule decides on every
shipped case is fingerprinted in rules.lock, and a case decided differently needs a new
version of its rule (scripts/rules_lock.py refuses to record it otherwise)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from csto.io.lawfiles import load_cases
from csto.law.engine import Engine
from csto.law.lawcases import behaviour, silent_changes
from csto.state.history import History

LOCK = Path(__file__).with_name("rules.lock")


def test_rules_lock_is_current(engine: Engine, history: History) -> None:
    locked = json.loads(LOCK.read_text(encoding="utf-8"))
    current = behaviour(engine, history, load_cases())
    problems = silent_changes(locked, current)
    if problems:
        problems.append("bump version= in each rule's @rule(...), then refresh the lock")
    for verb, now in current.items():
        was = locked.get(verb)
        if was is None:
            problems.append(f"{verb}: new rule {now['rule']} not in rules.lock")
        elif now != was and not problems:
            problems.append(
                f"{verb}: rules.lock is stale (cases added or removed, or a new version)"
            )
    assert not problems, "\n".join(problems) + "\nthen run: python scripts/rules_lock.py"


def _lock(version: int, cases: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {
        "notify_withdrawal": {
            "rule": "membership.notify_withdrawal",
            "version": version,
            "cases": cases,
        }
    }


def test_a_case_decided_differently_under_the_same_version_is_a_silent_change() -> None:
    was = _lock(2, {"Kyrgyzstan leaves #abc": "1111", "Armenia leaves #def": "2222"})
    now = _lock(2, {"Kyrgyzstan leaves #abc": "9999", "Armenia leaves #def": "2222"})
    assert silent_changes(was, now) == [
        "notify_withdrawal: rule membership.notify_withdrawal (still version 2) decides the "
        "case 'Kyrgyzstan leaves' differently"
    ]


def test_new_cases_and_bumped_versions_are_not_silent_changes() -> None:
    was = _lock(2, {"Kyrgyzstan leaves #abc": "1111"})
    added = _lock(2, {"Kyrgyzstan leaves #abc": "1111", "Armenia leaves #def": "2222"})
    bumped = _lock(3, {"Kyrgyzstan leaves #abc": "9999"})
    assert silent_changes(was, added) == []
    assert silent_changes(was, bumped) == []
    # a case whose action changed has a new key: it is a new case, not a changed decision
    assert silent_changes(was, _lock(2, {"Kyrgyzstan leaves #xyz": "9999"})) == []


def test_the_shipped_lock_fingerprints_every_case(engine: Engine, history: History) -> None:
    locked = json.loads(LOCK.read_text(encoding="utf-8"))
    assert sum(len(v["cases"]) for v in locked.values()) == len(load_cases())
