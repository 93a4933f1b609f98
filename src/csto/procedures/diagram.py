"""Each machine drawn from its own definition: Mermaid state diagrams, and the Markdown
reference of its states and moves that docs/procedures.md includes (``scripts/procedures_docs.py``
writes it; a test fails when the doc is stale).
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from csto.procedures.base import SAME, Machine, Move, Transition
from csto.procedures.registry import MACHINES

__all__ = ["mermaid", "reference"]

_BASE = {f.name for f in dataclasses.fields(Move)}


def _label(t: Transition) -> str:
    label = t.verb
    if t.asks is None:
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


def _type(hint: Any) -> str:
    text = str(hint).replace("typing.", "").replace("datetime.date", "date")
    text = text.replace("csto.record.dates.EventDate", "date").replace("<class '", "")
    return text.replace("'>", "")


def _fields(move: type[Move]) -> str:
    hints = typing.get_type_hints(move)
    parts = []
    for f in dataclasses.fields(move):
        if f.name in _BASE:
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        parts.append(f"`{f.name}`" + ("" if required else "?") + f" ({_type(hints[f.name])})")
    return ", ".join(parts) or "-"


def reference(machine: Machine[Any]) -> str:
    """The machine's section of docs/procedures.md: diagram, states, moves."""
    out = [
        f"### {machine.title} (`csto {machine.kind}`)",
        "",
        (type(machine).__module__ and _doc(machine)),
        "",
        "```mermaid",
        mermaid(machine),
        "```",
        "",
        "| state | meaning |",
        "|---|---|",
        *(f"| `{s}` | {says} |" for s, says in machine.states.items()),
        "",
        f"Opened with `{machine.opening.verb}`: {_fields(machine.opening) or '-'}.",
        "",
        "| move | from | to | asks the law | may depart | fields |",
        "|---|---|---|---|---|---|",
    ]
    for t in machine.transitions:
        targets = ", ".join("(stays)" if x == SAME else f"`{x}`" for x in t.targets)
        out.append(
            f"| `{t.verb}` | {', '.join(f'`{s}`' for s in t.sources)} | {targets} | "
            f"{f'`{t.asks}`' if t.asks else 'no rule (guard only)'} | "
            f"{'yes' if t.departable else 'no'} | {_fields(t.move)} |"
        )
    out.append("")
    out.extend(f"- `{t.verb}`: {t.summary}" for t in machine.transitions)
    return "\n".join(out)


def _doc(machine: Machine[Any]) -> str:
    import sys

    doc = sys.modules[type(machine).__module__].__doc__ or ""
    return " ".join(doc.strip().split("\n\n")[0].split())


def all_references() -> str:
    """Every machine's section, in the registry's order."""
    return "\n\n".join(reference(m) for m in MACHINES.values())
