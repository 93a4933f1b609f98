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
from typing import Any, Literal

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from csto.cli.output import console, print_json
from csto.errors import InputError, Problem
from csto.io.limits import load_json, read_text

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


@sim.command(name="sweep")
@click.argument("scenario")
@click.option(
    "--axis",
    "axes",
    multiple=True,
    required=True,
    help="A swept parameter: NAME=V1,V2,... (grid) or NAME=LOW:HIGH (with --random); NAME is "
    "a model parameter (e.g. cost) or STATE.parameter (e.g. KAZ.attendance). Repeatable.",
)
@click.option("--random", "random_points", type=int, help="A random sweep of this many points.")
@click.option("--replications", "-n", type=int, help="Replications per point.")
@click.option("--seed", type=int, help="Seed of every point (default: the scenario's).")
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
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=True),
    help="Write partitioned Parquet, manifest.json and sweep.html into this new directory.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the manifest and rows as JSON.")
def sim_sweep(
    scenario: str,
    axes: tuple[str, ...],
    random_points: int | None,
    replications: int | None,
    seed: int | None,
    variants: tuple[str, ...],
    executor: str,
    workers: int | None,
    scheduler: str | None,
    uncalibrated: bool,
    out_dir: str | None,
    as_json: bool,
) -> None:
    """Run SCENARIO at every point of a grid (or random) sweep of its parameters."""
    from csto.sim.models.sweep import parse_axis
    from csto.sim.sweep import sweep

    kind: Literal["grid", "random"] = "random" if random_points is not None else "grid"
    parsed = [parse_axis(a, kind, "--axis") for a in axes]
    if scheduler:
        executor = "dask"
    with progress_bar("sweeping") as tick:
        result = sweep(
            scenario,
            parsed,
            kind=kind,
            points=random_points or 0,
            replications=replications,
            seed=seed,
            variants=variants or None,
            executor=executor,  # type: ignore[arg-type]
            workers=workers,
            scheduler=scheduler,
            progress=tick,
            calibrated=not uncalibrated,
        )
    if out_dir:
        from csto.io.simsweep import write_sweep

        manifest = write_sweep(result, Path(out_dir))
        click.echo(f"wrote {manifest.parent} (manifest.json, data/, sweep.html)", err=True)
    if as_json:
        print_json({"manifest": result.manifest, "rows": list(result.rows)})
        return
    names = [a.name for a in result.axes]
    table = Table(title=f"{result.scenario.id}: {kind} sweep, P(act) by point and variant")
    for col in ("point", *names, "variant", "P(act)", "95 % interval", "days"):
        table.add_column(col)
    for row in result.rows:
        days = row["days_mean"]
        table.add_row(
            str(row["point"]),
            *(f"{row[n]:.4g}" for n in names),
            row["variant"],
            _pct(row["p_act"]),
            f"{_pct(row['ci95_low'])} - {_pct(row['ci95_high'])}",
            "-" if days is None else f"{days:.1f}",
        )
    console.print(table)
    m = result.manifest
    console.print(
        f"[dim]{len(result.points)} points x {len(m['variants'])} variants, "
        f"{m['replications']:,} replications each, seed {m['seed']}; csto {m['csto_version']}, "
        f"record {m['record_digest'][:12]}, scenario {m['scenario']['digest'][7:19]}, numpy "
        f"{m['environment']['numpy']}, {m['executor']} ({m['workers']})[/]"
    )


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
        doc = load_json(receipt, read_text(receipt))  # bounded: size, nesting, numbers
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


def _fit_table(result: Any) -> Table:
    table = Table(title="retrodiction: P(what history did) per episode")
    for col in (
        "episode",
        "history",
        "prior",
        "posterior",
        "leave-one-out",
        "Brier",
        "fitted",
        "verdict",
    ):
        table.add_column(col, no_wrap=col in ("episode", "history"))
    for e in result.episodes:
        verdict = "[green]retrodicted[/]" if e.retrodicted else "[red]not retrodicted[/]"
        table.add_row(
            e.id,
            e.history,
            f"{e.prior:.3f}",
            f"{e.posterior:.3f}",
            f"{e.loo:.3f}",
            f"{e.brier:.3f}",
            "yes" if e.fit else "no",
            verdict,
        )
    return table


def render_fit(result: Any) -> None:
    console.print(_fit_table(result))
    for e in result.episodes:
        if not e.retrodicted:
            console.print(
                f"[red]{e.id}[/]: the model cannot retrodict it: P({e.history}) = {e.loo:.3f} "
                "leave-one-out" + (f". {escape(e.why_not)}" if e.why_not else "")
            )
        elif not e.fit and e.why_not:
            console.print(f"[yellow]{e.id}[/]: replayed, not fitted: {escape(e.why_not)}")
    params = Table(title=f"posterior of the model's parameters (effective sample {result.ess:.0f})")
    for col in ("parameter", "mean", "sd", "5%", "50%", "95%"):
        params.add_column(col, justify="right" if col != "parameter" else "left")
    for p in result.params:
        params.add_row(
            p.name, f"{p.mean:.3g}", f"{p.sd:.3g}", f"{p.q05:.3g}", f"{p.q50:.3g}", f"{p.q95:.3g}"
        )
    console.print(params)
    console.print(
        f"fitted episodes: log-likelihood {result.log_likelihood:.3f} (in sample), "
        f"{result.loo_log_likelihood:.3f} (leave-one-out); Brier {result.brier:.3f}"
    )


@sim.command(name="calibrate")
@click.option("--draws", type=int, default=1500, show_default=True, help="Draws per round.")
@click.option(
    "--per-draw",
    type=int,
    default=100,
    show_default=True,
    help="Runs of each draw on each episode.",
)
@click.option(
    "--rounds", type=int, default=4, show_default=True, help="Adaptive rounds after the priors."
)
@click.option(
    "--seed", type=int, default=20261204, show_default=True, help="Seed of the prior draws."
)
@click.option(
    "--executor",
    type=_EXECUTORS,
    default="process",
    show_default=True,
    help="Where the batches run.",
)
@click.option("--workers", type=int, help="Worker processes (default: the CPUs).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="Where to write the calibration (default: the one csto ships, sim/data/calibration.json).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the calibration document.")
def sim_calibrate(
    draws: int,
    per_draw: int,
    rounds: int,
    seed: int,
    executor: str,
    workers: int | None,
    out: str | None,
    as_json: bool,
) -> None:
    """Fit the model's free parameters on the documented episodes (adaptive importance
    sampling from the priors) and write them, with their uncertainty and a receipt, as
    data."""
    from csto.io.simdata import write_calibration
    from csto.sim.api import load_world
    from csto.sim.retro import calibrate

    world = load_world(calibrated=False)
    with progress_bar("calibrating") as tick:
        result, doc = calibrate(
            world,
            draws=draws,
            per_draw=per_draw,
            seed=seed,
            rounds=rounds,
            executor=executor,  # type: ignore[arg-type]
            workers=workers,
            tick=lambda _e, d, t: tick(d, t),
        )
    path = write_calibration(doc, Path(out) if out else None)
    if as_json:
        print_json(doc)
        return
    render_fit(result)
    console.print(f"wrote {path} (receipt {doc['receipt']['digest'][:19]})")


@sim.command(name="retrodict")
@click.option(
    "--executor",
    type=_EXECUTORS,
    default="process",
    show_default=True,
    help="Where the batches run.",
)
@click.option("--workers", type=int, help="Worker processes (default: the CPUs).")
@click.option(
    "--calibration",
    "cal_file",
    type=click.Path(dir_okay=False, exists=True),
    help="A calibration file (default: the shipped one).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the retrodiction as JSON.")
@click.option(
    "--html", "html_dir", type=click.Path(file_okay=False), help="Write the HTML report here."
)
def sim_retrodict(
    executor: str, workers: int | None, cal_file: str | None, as_json: bool, html_dir: str | None
) -> None:
    """Replay every documented episode from its date with the calibration: P(what history
    did) per episode (prior, posterior, leave-one-out), Brier and log-likelihood; says which
    episodes the model cannot retrodict."""
    from dataclasses import asdict

    from csto.io.simdata import calibration_path
    from csto.sim.api import load_world
    from csto.sim.retro import retrodict

    source = Path(cal_file) if cal_file else calibration_path()
    if not source.exists():
        raise InputError(
            "no calibration to retrodict with",
            (
                Problem(
                    "missing calibration", file=str(source), fix="run 'csto sim calibrate' first"
                ),
            ),
        )
    try:
        doc = load_json(str(source), read_text(source))  # bounded: size, nesting, numbers
    except (OSError, ValueError) as exc:
        raise InputError(
            f"cannot read {source}: {exc}", (Problem(str(exc), file=str(source)),)
        ) from None
    world = load_world(calibrated=False)
    with progress_bar("replaying") as tick:
        result = retrodict(
            world,
            doc,
            executor=executor,  # type: ignore[arg-type]
            workers=workers,
            tick=lambda _e, d, t: tick(d, t),
        )
    if html_dir:
        from csto.io.simreport import write_retrodiction_html

        click.echo(f"wrote {write_retrodiction_html(result, Path(html_dir))}", err=True)
    if as_json:
        print_json(
            {
                "schema": "csto.sim.retrodiction/1",
                "calibration": doc.get("receipt", {}).get("digest"),
                "episodes": [asdict(e) for e in result.episodes],
                "posterior": [asdict(p) for p in result.params],
                "ess": result.ess,
                "scores": {
                    "log_likelihood": result.log_likelihood,
                    "loo_log_likelihood": result.loo_log_likelihood,
                    "brier": result.brier,
                },
            }
        )
    else:
        render_fit(result)
