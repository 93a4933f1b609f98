"""Each machine drawn from its own definition: Mermaid state diagrams, and the Markdown
reference of its states and moves that docs/procedures.md includes (``scripts/procedures_docs.py``
writes it; a test fails when the doc is stale).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from csto.law.fields import FieldSpec, specs
from csto.procedures.base import SAME, Machine, Move, Transition
from csto.procedures.registry import MACHINES

__all__ = ["all_references", "mermaid", "reference"]

_BASE = {f.name for f in dataclasses.fields(Move)}


def _label(t: Transition[Any, Any, Any]) -> str:
    label = t.verb
    if not t.asks:
        label += " (guard only)"
    if t.departable:
        label += " / may depart"
    return label


def mermaid(machine: Machine[Any]) -> str:
    """The machine as a Mermaid ``stateDiagram-v2``, generated from its transitions."""
    lines = ["stateDiagram-v2"]
    for state, says in machine.states.items():
        lines.append(f"    {state} : {state}<br/>{says}")
    for state in machine.initial:
        lines.append(f"    [*] --> {state}")
    for t in machine.transitions:
        for source in t.sources:
            for target in t.targets:
                lines.append(
                    f"    {source} --> {source if target == SAME else target} : {_label(t)}"
                )
    for state in machine.finals:
        lines.append(f"    {state} --> [*]")
    return "\n".join(lines)


def _what(spec: FieldSpec) -> str:
    """A field's kind in words (no '|': the text goes into Markdown tables)."""
    if spec.kind == "choice":
        return "one of " + ", ".join(spec.choices)
    return {
        "text": "text",
        "day": "day",
        "period": "date",
        "bool": "yes/no",
        "int": "number",
        "organ": "organ id",
        "state": "state",
        "states": "list of states",
        "positions": "state: position",
    }[spec.kind]


def _fields(move: type[Move]) -> str:
    parts = [
        f"`{spec.name}`" + ("" if spec.required else "?") + f" ({_what(spec)})"
        for spec in specs(move)
        if spec.name not in _BASE
    ]
    return ", ".join(parts) or "-"


def reference(machine: Machine[Any]) -> str:
    """The machine's section of docs/procedures.md: diagram, states, moves, commands."""
    cmd = f"csto {machine.kind}"
    out = [
        f"### {machine.title} (`{cmd}`)",
        "",
        _doc(machine),
        "",
        "```mermaid",
        mermaid(machine),
        "```",
        "",
        "| state | meaning |",
        "|---|---|",
        *(f"| `{s}` | {says} |" for s, says in machine.states.items()),
        "",
        f"`{cmd} new --log FILE --id ID --date D` opens it; fields: "
        f"{_fields(machine.opening)}. `{cmd} show --log FILE` and `{cmd} diagram`.",
        "",
        "| command | from | to | asks the law | may depart | fields |",
        "|---|---|---|---|---|---|",
    ]
    for t in machine.transitions:
        targets = ", ".join("(stays)" if x == SAME else f"`{x}`" for x in t.targets)
        out.append(
            f"| `{cmd} act {t.verb.replace('_', '-')}` | "
            f"{', '.join(f'`{s}`' for s in t.sources)} | {targets} | "
            f"{f'`{t.asks_about}`' if t.asks else 'no rule (guard only)'} | "
            f"{'yes' if t.departable else 'no'} | {_fields(t.move)} |"
        )
    out.append("")
    out.extend(f"- `{t.verb}`: {_oneline(t.move.__doc__ or t.verb)}" for t in machine.transitions)
    return "\n".join(out)


def _oneline(text: str) -> str:
    return " ".join(text.split()).replace("``", "`")


def _doc(machine: Machine[Any]) -> str:
    import sys

    doc = sys.modules[type(machine).__module__].__doc__ or ""
    return _oneline(doc.strip().split("\n\n")[0])


def all_references() -> str:
    """Every machine's section, in the registry's order."""
    return "\n\n".join(reference(m) for m in MACHINES.values())
