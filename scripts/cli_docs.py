"""Write docs/cli.md, the command-line reference, from the commands' own help.

Run ``python scripts/cli_docs.py`` after changing a command; a test fails while the file
is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from csto.cli import cli

OUT = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def walk(
    cmd: click.Command, path: list[str], parent: click.Context | None = None
) -> list[tuple[list[str], click.Command, click.Context]]:
    """Every command under ``cmd`` with its full path and a context chained to its parent's."""
    if parent is None:
        ctx = click.Context(
            cmd, info_name=path[-1], terminal_width=88, max_content_width=88, **cmd.context_settings
        )
    else:
        ctx = click.Context(cmd, info_name=path[-1], parent=parent)
    out = [(path, cmd, ctx)]
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            if not cmd.commands[name].hidden:
                out.extend(walk(cmd.commands[name], [*path, name], ctx))
    return out


def render() -> str:
    parts = [
        "# The `csto` command line",
        "",
        "Generated from the commands' help by `python scripts/cli_docs.py`; do not edit.",
        "Exit codes: 0 success; 2 bad input or a refused action; 1 an internal or store error.",
        "",
    ]
    for path, cmd, ctx in walk(cli, ["csto"]):
        parts += [f"## `{' '.join(path)}`", "", "```text", cmd.get_help(ctx).rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
