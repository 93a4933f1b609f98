"""``csto record coverage``: how complete the record is, kind of fact by kind of fact."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from csto.cli.output import console, print_json
from csto.io.coverage import load_gaps
from csto.io.recordfiles import load_record
from csto.state.coverage import coverage, coverage_document
from csto.state.coverage_kinds import KINDS

__all__ = ["coverage_command"]


@click.command("coverage")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([k.kind for k in KINDS]),
    help="Only this kind of fact (repeatable).",
)
@click.option("--items", "show_items", is_flag=True, help="List every item, not only the gaps.")
@click.option(
    "--gaps",
    "gaps_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Declared gaps to use instead of the shipped ones (same format).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (csto.coverage/1).")
def coverage_command(
    kinds: tuple[str, ...], show_items: bool, gaps_file: Path | None, as_json: bool
) -> None:
    """How complete the record is: for each kind of fact (sessions, chairs, ratifications,
    positions, crises, operations, relations...) what is recorded, what is missing, and
    what was searched for it."""
    rec = load_record()
    reports = [r for r in coverage(rec, load_gaps(gaps_file)) if not kinds or r.kind in kinds]
    if as_json:
        print_json(coverage_document(reports, rec))
        return
    summary = Table(title="coverage of the record")
    for col in ("kind", "items", "recorded", "missing", "not held", "undeclared"):
        summary.add_column(col)
    for r in reports:
        summary.add_row(
            r.title,
            str(len(r.items)),
            str(r.count("recorded")),
            str(r.count("missing")),
            str(r.count("not_held")),
            str(r.count("undeclared")),
        )
    console.print(summary)
    for r in reports:
        console.print(f"\n[bold]{r.title}[/bold]  {r.what}")
        for name, value in r.figures:
            console.print(f"  [dim]{name}:[/dim] {value}")
        shown = [i for i in r.items if show_items or i.status != "recorded"]
        if not shown:
            continue
        table = Table(show_header=True)
        for col in ("item", "status", "events / what was searched"):
            table.add_column(col, overflow="fold")
        for i in shown:
            detail = ", ".join(i.events) if i.events else (i.gap.searched if i.gap else "-")
            table.add_row(f"{i.key}\n[dim]{i.label}[/dim]", i.status, detail)
        console.print(table)
