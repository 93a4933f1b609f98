"""The exercise's reference, as Markdown generated from its declarations: the permissions
matrix (role x move x channel, and the phases), and each move with its fields and what it
asks of the procedures and the law. ``scripts/exercise_docs.py`` writes it into
docs/exercise.md; a test fails while that page is stale."""

from __future__ import annotations

from csto.exercise.moves import MOVES
from csto.exercise.permissions import CHANNELS, PHASES, ROLES, matrix_rows, rule_for
from csto.exercise.steps import ASKS
from csto.law.fields import specs

__all__ = ["reference_markdown"]


def _fields(verb: str) -> str:
    out = []
    for s in specs(MOVES[verb]):
        if s.name == "by":
            continue
        kind = f"one of {', '.join(s.choices)}" if s.choices else s.kind
        out.append(f"`{s.name}`{'' if s.required else '?'} ({kind})")
    return ", ".join(out) or "-"


def reference_markdown() -> str:
    """The generated part of docs/exercise.md."""
    roles = list(ROLES)
    lines = [
        "### Roles, channels, phases",
        "",
        "| role | what it does |",
        "|---|---|",
        *(f"| {r} | {d} |" for r, d in ROLES.items()),
        "",
        "| channel | who sees it |",
        "|---|---|",
        *(f"| {c} | {d} |" for c, d in CHANNELS.items()),
        "",
        "| phase | meaning |",
        "|---|---|",
        *(f"| {p} | {d} |" for p, d in PHASES.items()),
        "",
        "### The permissions matrix (role x move x channel)",
        "",
        "A cell says whether the role may make the move (in the move's channel, in the phases "
        "listed); *may insist*: it may carry the move out although the law refuses, recorded as "
        "a departure. A member's or guest's seat always acts for its own state only.",
        "",
        "| move | channel | phases | " + " | ".join(roles) + " |",
        "|---|---|---|" + "---|" * len(roles),
    ]
    for row in matrix_rows():
        cells = " | ".join(row[r] for r in roles)
        lines.append(f"| `{row['move']}` | {row['channel']} | {row['phases']} | {cells} |")
    lines += [
        "",
        "### The moves",
        "",
        "| move | what it does | fields | asks the procedures and the law |",
        "|---|---|---|---|",
    ]
    for verb, cls in MOVES.items():
        doc = " ".join((cls.__doc__ or "").split()).replace("``", "`").replace("|", "/")
        rule = rule_for(verb)
        asks = ASKS.get(verb, "-")
        lines.append(
            f"| `{verb}` ({', '.join(sorted(rule.roles))}) | {doc} | {_fields(verb)} | {asks} |"
        )
    lines += [
        "",
        "Commands: "
        + ", ".join(f"`csto exercise act {v.replace('_', '-')}`" for v in MOVES)
        + " (and `csto exercise act from-file` for a move document).",
    ]
    return "\n".join(lines)
