"""Edge: ``csto cases list`` and ``csto cases run``: history as a conformance suite, in the
terminal, as JSON, or as a static HTML report."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from csto.cases.conformance import run_episode
from csto.cases.report import compliance, report_document
from csto.cli.output import console, print_json
from csto.errors import UnknownIdError
from csto.io.casefiles import load_episodes, variant_engines
from csto.io.casereport import write_html
from csto.io.lawfiles import load_engine
from csto.io.recordfiles import load_record
from csto.state.history import History

__all__ = ["cases"]

_SHORT = {
    "permitted": "perm",
    "not_permitted": "not-perm",
    "required": "req",
    "not_provided_for": "n/p",
}
_STYLE = {"conforms": "green", "departed": "red", "contested": "yellow", "engine_wrong": "bold red"}


@click.group(name="cases")
def cases() -> None:
    """Documented episodes replayed through the law engine: conforms, departed, contested."""


@cases.command(name="list")
def cases_list() -> None:
    """The episodes: id, period and title."""
    record = load_record()
    table = Table(title="episodes")
    for col in ("id", "from", "to", "steps", "title"):
        table.add_column(col)
    for ep in load_episodes(record):
        table.add_row(ep.id, str(ep.start), str(ep.end), str(len(ep.steps)), ep.title)
    console.print(table)


@cases.command(name="run")
@click.argument("ids", nargs=-1)
@click.option(
    "--profile", default="default", show_default=True, help="Profile of the main verdict."
)
@click.option("--json", "as_json", is_flag=True, help="Print the csto.cases/1 document.")
@click.option(
    "--html", "html_dir", type=click.Path(file_okay=False), help="Write the HTML report here."
)
def cases_run(ids: tuple[str, ...], profile: str, as_json: bool, html_dir: str | None) -> None:
    """Replay the episodes (all, or those named) under every profile and rule variant; exit 1
    if the engine disagrees with any episode's expectation."""
    history = History(load_record())
    engine = load_engine(history.record)
    engine.profile(profile)
    episodes = load_episodes(history.record)
    if ids:
        known = {e.id for e in episodes}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise UnknownIdError(
                f"no episode {', '.join(unknown)}; known: " + ", ".join(sorted(known))
            )
        episodes = [e for e in episodes if e.id in ids]
    variants = variant_engines(engine)
    runs = [run_episode(engine, history, ep, variants, profile) for ep in episodes]
    if html_dir:
        written = write_html(runs, engine.catalogue, history.record, Path(html_dir))
        click.echo(f"wrote {len(written)} pages to {html_dir}", err=True)
    if as_json:
        print_json(report_document(runs, engine.catalogue))
    elif not html_dir or ids:
        table = Table(title=f"{len(runs)} episodes (verdicts under profile {profile})")
        table.add_column("id", no_wrap=True)
        table.add_column("result", no_wrap=True)
        table.add_column("verdicts", no_wrap=True)
        table.add_column("turns on")
        for run in runs:
            style = _STYLE[run.result]
            split = sorted({r for s in run.steps for r in s.split_readings})
            table.add_row(
                run.episode.id,
                f"[{style}]{run.result}[/]",
                " ".join(_SHORT[s.verdict.outcome] for s in run.steps),
                ", ".join(split),
            )
        console.print(table)
        for item in compliance(runs, engine.catalogue):
            if item["steps"]:
                supports = ", ".join(item["history_supports"]) or "no single option"
                console.print(
                    f"[magenta]{item['reading']}[/]: history supports {escape(supports)} "
                    f"({len(item['steps'])} steps)"
                )
    if any(r.result == "engine_wrong" for r in runs):
        for run in runs:
            for step in run.steps:
                for problem in step.problems:
                    click.echo(f"{run.episode.id}: {problem}", err=True)
            for cf in run.counterfactuals:
                for problem in cf.problems:
                    click.echo(f"{run.episode.id}: {problem}", err=True)
        raise SystemExit(1)
