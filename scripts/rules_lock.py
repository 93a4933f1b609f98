"""Record the rules' versions and what each decides on every shipped law case in
tests/law/rules.lock. Run it after adding cases, or after a deliberate change in legal
behaviour having bumped the rule's ``version``; it refuses to record a rule that decides an
existing case differently under the same version (exit status 1), naming the cases."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from csto.io.lawfiles import load_cases, load_engine
from csto.io.recordfiles import load_record
from csto.law.lawcases import behaviour, silent_changes
from csto.state.history import History

LOCK = Path(__file__).resolve().parent.parent / "tests" / "law" / "rules.lock"


def main() -> int:
    history = History(load_record())
    current = behaviour(load_engine(history.record), history, load_cases())
    locked = json.loads(LOCK.read_text(encoding="utf-8")) if LOCK.exists() else {}
    silent = silent_changes(locked, current)
    if silent:
        print("\n".join(silent), file=sys.stderr)
        print(
            "not written: bump version= in the @rule(...) of each rule named above (its legal "
            "behaviour changed), then run this again",
            file=sys.stderr,
        )
        return 1
    LOCK.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {LOCK} ({len(current)} rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
