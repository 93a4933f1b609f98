"""Each machine drawn from its own definition: Mermaid state diagrams, and the Markdown
reference of its states and moves that docs/procedures.md includes (``scripts/procedures_docs.py``
writes it; a test fails when the doc is stale).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any

from csto.procedures.base import SAME, Machine, Move, Transition
from csto.procedures.registry import MACHINES

__all__ = ["all_references", "mermaid", "reference"]

_BASE = {f.name for f in dataclasses.fields(Move)}
_KINDS = {"state": "state code", "organ": "organ id", "instrument": "instrument id"}


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
    """A field's type in words (no '|': the text goes into Markdown tables)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _type(next(a for a in typing.get_args(hint) if a is not type(None)))
    if origin is typing.Literal:
        return "one of " + ", ".join(map(str, typing.get_args(hint)))
    if origin is tuple:
        return "list of " + _type(typing.get_args(hint)[0])
    if origin is dict:
        return "state: position"
    return {str: "text", int: "number", bool: "yes/no", dt.date: "day"}.get(hint, "date")


def _fields(move: type[Move]) -> str:
    hints = typing.get_type_hints(move)
    parts = []
    for f in dataclasses.fields(move):
        if f.name in _BASE:
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        what = _KINDS.get(f.metadata.get("kind", "")) or _type(hints[f.name])
        if typing.get_origin(hints[f.name]) is tuple and f.metadata.get("kind") == "state":
            what = "list of state codes"
        parts.append(f"`{f.name}`" + ("" if required else "?") + f" ({what})")
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
            f"{f'`{t.asks}`' if t.asks else 'no rule (guard only)'} | "
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
