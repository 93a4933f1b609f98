"""Record the rules' versions and behaviour in tests/law/rules.lock (run after a deliberate
change in legal behaviour, having bumped the rule's ``version``)."""

from __future__ import annotations

import json
from pathlib import Path

from csto.io.lawfiles import load_cases, load_engine
from csto.io.recordfiles import load_record
from csto.law.lawcases import behaviour
from csto.state.history import History

LOCK = Path(__file__).resolve().parent.parent / "tests" / "law" / "rules.lock"


def main() -> None:
    history = History(load_record())
    current = behaviour(load_engine(history.record), history, load_cases())
    LOCK.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {LOCK} ({len(current)} rules)")


if __name__ == "__main__":
    main()
