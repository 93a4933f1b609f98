"""A change in legal behaviour is a visible, versioned change: each rule's decisions on the
shipped cases are fingerprinted in rules.lock, and a changed fingerprint needs a new version."""

from __future__ import annotations

import json
from pathlib import Path

from csto.io.lawfiles import load_cases
from csto.law.engine import Engine
from csto.law.lawcases import behaviour
from csto.state.history import History

LOCK = Path(__file__).with_name("rules.lock")


def test_rules_lock_is_current(engine: Engine, history: History) -> None:
    locked = json.loads(LOCK.read_text(encoding="utf-8"))
    current = behaviour(engine, history, load_cases())
    problems = []
    for verb, now in current.items():
        was = locked.get(verb)
        if was is None:
            problems.append(f"{verb}: new rule {now['rule']} not in rules.lock")
        elif now["behaviour"] != was["behaviour"] and now["version"] == was["version"]:
            problems.append(
                f"{verb}: rule {now['rule']} decides differently on the shipped cases but is "
                f"still version {now['version']}; if the rule changed, bump version= in its "
                "@rule(...); if only the cases changed, just refresh the lock"
            )
        elif now != was:
            problems.append(f"{verb}: rules.lock records {was}, the code has {now}")
    assert not problems, "\n".join(problems) + "\nthen run: python scripts/rules_lock.py"
