"""Edge: ``csto sim``: run scenarios, list delegations and variants, check receipts, replay
and calibrate on the documented episodes, sweep parameters.

Each command parses, makes one call into :mod:`csto.sim.api` (or the retrodiction and sweep
modules), and renders with Rich, as JSON, or as an HTML report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from csto.cli.output import console, print_json
from csto.errors import InputError, Problem

__all__ = ["sim"]

_EXECUTORS = click.Choice(["inline", "process", "dask"])


@contextmanager
def progress_bar(label: str, enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error (silent when not a terminal or not enabled)."""
    err = Console(stderr=True)
    if not enabled or not err.is_terminal:
        yield lambda done, total: None
        return
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@click.group(name="sim")
def sim() -> None:
    """Simulate crises and counterfactuals: delegations as agents, the law's tally, Monte
    Carlo with receipts (needs the sim extra: pip install 'csto[sim]')."""


def _pct(p: float) -> str:
    return f"{100 * p:.1f}%"


def _ci(rate: Any) -> str:
    lo, hi = rate.interval
    return f"{_pct(rate.p)} [{_pct(lo)}, {_pct(hi)}]"


def render_simulation(sim: Any) -> None:
    """The Rich summary of a :class:`~csto.sim.api.Simulation`."""
    sc = sim.scenario
    console.print(f"[bold]{escape(sc.title)}[/] ({sc.id}, {sc.date}, profile {sc.rules.profile})")
    for note in sim.plan.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
    table = Table(title=f"{sim.plan.replications:,} replications, horizon {sc.horizon} days")
    table.add_column("variant", no_wrap=True)
    table.add_column("P(act) [95% CI]", no_wrap=True)
    for name in sim.summaries[0].outcomes:
        table.add_column(name, justify="right")
    table.add_column("days (median)", justify="right")
    table.add_column("blocks most", no_wrap=True)
    for v in sim.summaries:
        top = max(v.states, key=lambda s: s.blocks_last.k)
        blocker = f"{top.state} {_pct(top.blocks_last.p)}" if top.blocks_last.k else "-"
        table.add_row(
            v.id,
            _ci(v.act),
            *(_pct(r.p) for r in v.outcomes.values()),
            "-" if v.days_median is None else str(v.days_median),
            blocker,
        )
    console.print(table)
    states = Table(title="who blocks and who decides (share of replications)")
    states.add_column("variant", no_wrap=True)
    states.add_column("state", no_wrap=True)
    for col in ("blocks once+", "blocks at the end", "decisive", "success", "supports"):
        states.add_column(col, justify="right")
    for v in sim.summaries:
        for s in v.states:
            if not s.voter:
                continue
            states.add_row(
                v.id,
                s.state,
                _pct(s.blocks_any.p),
                _pct(s.blocks_last.p) if s.blocks_last.n else "-",
                _pct(s.decisive.p),
                _pct(s.success.p),
                _pct(s.supported.p),
            )
    console.print(states)
    for v in sim.summaries:
        failed = "; ".join(f"{why}: {k:,}" for why, k in v.failed_by.items()) or "-"
        console.print(
            f"[cyan]{v.id}[/]: request {v.request} ({v.request_article or 'no article'}); "
            f"rule: {escape(v.rule)}; failed by: {escape(failed)}"
        )
    rec = sim.receipt
    console.print(
        f"receipt {rec['digest'][:19]}: csto {rec['csto_version']} - record "
        f"{rec['record_digest'][:12]} - rules {rec['rules_digest'][7:19]} - scenario "
        f"{rec['scenario']['digest'][7:19]} - seed {rec['seed']} - numpy "
        f"{rec['environment']['numpy']} - {rec['executor']} ({rec['workers']}) "
        f"{rec['seconds']:.2f}s"
    )


@sim.command(name="run")
@click.argument("scenario")
@click.option("--replications", "-n", type=int, help="Replications (default: the scenario's).")
@click.option("--seed", type=int, help="Seed of the run (default: the scenario's).")
@click.option("--variant", "variants", multiple=True, help="A rule variant (repeatable).")
@click.option(
    "--executor",
    type=_EXECUTORS,
    default="process",
    show_default=True,
    help="Where the batches run: this process, a local process pool, or Dask.",
)
@click.option("--workers", type=int, help="Worker processes (default: the CPUs).")
@click.option("--scheduler", help="A Dask scheduler, tcp://HOST:PORT (implies --executor dask).")
@click.option("--uncalibrated", is_flag=True, help="Use the priors, not the shipped calibration.")
@click.option("--json", "as_json", is_flag=True, help="Print the csto.sim/1 document.")
@click.option(
    "--html", "html_dir", type=click.Path(file_okay=False), help="Write the HTML report here."
)
@click.option(
    "--receipt", "receipt_file", type=click.Path(dir_okay=False), help="Write the receipt here."
)
def sim_run(
    scenario: str,
    replications: int | None,
    seed: int | None,
    variants: tuple[str, ...],
    executor: str,
    workers: int | None,
    scheduler: str | None,
    uncalibrated: bool,
    as_json: bool,
    html_dir: str | None,
    receipt_file: str | None,
) -> None:
    """Run SCENARIO (a file, or the id of a shipped scenario: 'csto sim list')."""
    from csto.sim.api import simulate

    if scheduler:
        executor = "dask"
    with progress_bar("simulating") as tick:
        result = simulate(
            scenario,
            replications=replications,
            seed=seed,
            variants=variants or None,
            executor=executor,  # type: ignore[arg-type]
            workers=workers,
            scheduler=scheduler,
            progress=tick,
            calibrated=not uncalibrated,
        )
    if receipt_file:
        Path(receipt_file).write_text(json.dumps(result.receipt, indent=1) + "\n", encoding="utf-8")
    if html_dir:
        from csto.io.simreport import write_simulation_html

        page = write_simulation_html(result, Path(html_dir))
        click.echo(f"wrote {page}", err=True)
    if as_json:
        print_json(result.to_data())
    else:
        render_simulation(result)


@sim.command(name="list")
def sim_list() -> None:
    """The shipped scenarios: id, date, title."""
    from csto.io.scenariofiles import shipped_scenarios
    from csto.sim.api import load_world

    world = load_world(calibrated=False)
    table = Table(title="shipped scenarios")
    for col in ("id", "date", "requester", "episode", "title"):
        table.add_column(col)
    for sc in shipped_scenarios(world.history, world.engine, world.table):
        table.add_row(sc.id, str(sc.date), sc.crisis.requester, sc.episode or "-", sc.title)
    console.print(table)


@sim.command(name="variants")
def sim_variants() -> None:
    """The rule variants a scenario or --variant may name."""
    from csto.sim.models.variants import VARIANTS

    table = Table(title="rule variants (append @-CODE or @+CODE to change the members)")
    table.add_column("variant", no_wrap=True)
    table.add_column("rule")
    for name, says in VARIANTS.items():
        table.add_row(name, says)
    console.print(table)


@sim.command(name="delegations")
@click.argument("scenario")
@click.option("--uncalibrated", is_flag=True, help="Show the priors, not the calibration.")
@click.option("--json", "as_json", is_flag=True, help="Print the parameters as JSON.")
def sim_delegations(scenario: str, uncalibrated: bool, as_json: bool) -> None:
    """Every parameter of SCENARIO's delegations and model, with its distribution and its
    source."""
    from csto.sim.api import load_world, scenario_file
    from csto.sim.models.prepare import prepare
    from csto.sim.report import delegation_data, param_data

    world = load_world(calibrated=not uncalibrated)
    sc, _, w = scenario_file(scenario, world)
    plan = prepare(sc, w, replications=1)
    if as_json:
        print_json(
            {
                "schema": "csto.sim.delegations/1",
                "scenario": sc.id,
                "date": sc.date.isoformat(),
                "delegations": [delegation_data(d) for d in plan.delegations],
                "model": [param_data(p) for p in plan.model],
            }
        )
        return
    table = Table(title=f"delegations in {sc.id} ({sc.date})")
    for col in ("state", "parameter", "distribution", "mean", "source"):
        table.add_column(col, overflow="fold")
    for d in plan.delegations:
        for p in d.params:
            table.add_row(
                d.state,
                p.name,
                str(p.dist),
                f"{p.dist.mean:.3f}",
                escape(f"{p.source.kind}: {p.source.says}"),
            )
    console.print(table)
    model = Table(title="model parameters")
    for col in ("parameter", "distribution", "source"):
        model.add_column(col, overflow="fold")
    for p in plan.model:
        model.add_row(p.name, str(p.dist), escape(f"{p.source.kind}: {p.source.says}"))
    console.print(model)


@sim.command(name="verify")
@click.argument("receipt", type=click.Path(dir_okay=False, exists=True))
@click.option(
    "--sample", type=int, default=3, show_default=True, help="Batches to re-run (0: all)."
)
def sim_verify(receipt: str, sample: int) -> None:
    """Re-run sampled batches of the run RECEIPT describes and say whether they match; exit 1
    if any differs."""
    from csto.sim.api import verify

    try:
        doc = json.loads(Path(receipt).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"cannot read the receipt {receipt}: {exc}",
            (
                Problem(
                    str(exc), file=receipt, fix="give the JSON file 'csto sim run --receipt' wrote"
                ),
            ),
        ) from None
    if not isinstance(doc, dict):
        raise InputError("a receipt is a JSON object", (Problem("not an object", file=receipt),))
    result = verify(doc, sample=sample)
    for line in result.differences:
        console.print(f"[yellow]differs:[/] {escape(line)}")
    if result.mismatched:
        console.print(
            f"[red]MISMATCH[/]: batches {', '.join(map(str, result.mismatched))} of "
            f"{len(result.checked)} re-run do not reproduce the receipt's digests"
        )
        raise SystemExit(1)
    console.print(
        f"[green]OK[/]: {len(result.checked)} batch(es) re-run "
        f"({', '.join(map(str, result.checked))}) reproduce the receipt bit for bit"
    )
