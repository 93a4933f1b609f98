"""Write the JSON Schema of scenario files, generated from the scenario dataclasses, to
src/csto/sim/schema/scenario.schema.json (tests/sim/test_schemas.py checks it is current).

Usage: python scripts/sim_schemas.py
"""

from __future__ import annotations

import json
from pathlib import Path

from csto.sim.models.schema import scenario_schema

OUT = Path(__file__).resolve().parent.parent / "src" / "csto" / "sim" / "schema"


def render() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "scenario.schema.json").write_text(render(), encoding="utf-8")
    print(f"wrote {OUT / 'scenario.schema.json'}")


if __name__ == "__main__":
    main()
