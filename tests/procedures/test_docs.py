"""Docs cannot drift: docs/procedures.md carries every machine as its definition draws it."""

from __future__ import annotations

import sys
from pathlib import Path

from csto.procedures import MACHINES
from csto.procedures.diagram import mermaid

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import procedures_docs  # noqa: E402


def test_the_generated_part_of_the_procedures_doc_is_current() -> None:
    current = procedures_docs.DOC.read_text(encoding="utf-8")
    assert current == procedures_docs.render(current), (
        "docs/procedures.md is stale: run python scripts/procedures_docs.py"
    )


def test_every_machine_is_drawn_from_its_own_transitions() -> None:
    for machine in MACHINES.values():
        diagram = mermaid(machine)
        assert diagram.startswith("stateDiagram-v2")
        for state in machine.states:
            assert f"    {state} : " in diagram, f"{machine.kind}: state {state} not drawn"
        for t in machine.transitions:
            assert f": {t.verb}" in diagram, f"{machine.kind}: move {t.verb} not drawn"
        reachable = set(machine.initial)
        for _ in machine.states:
            for t in machine.transitions:
                if reachable & set(t.sources):
                    reachable |= {x for x in t.targets if x != "="}
        assert reachable == set(machine.states), f"{machine.kind}: unreachable states"


def test_every_transition_is_declared_once_with_a_documented_move() -> None:
    for machine in MACHINES.values():
        verbs = [t.verb for t in machine.transitions]
        assert len(verbs) == len(set(verbs)), f"{machine.kind}: a move declared twice"
        for t in machine.transitions:
            assert callable(t.decide), f"{machine.kind}.{t.verb}: no decide"
            assert t.evolve is not None or len(t.targets) == 1, f"{machine.kind}.{t.verb}"
            assert (t.move.__doc__ or "").strip(), f"{machine.kind}: move {t.verb} has no doc"
            assert set(t.sources) <= set(machine.states)
            assert {x for x in t.targets if x != "="} <= set(machine.states)
