"""Edge: ``csto power``: a-priori voting power in the Council on a date under the law, every
rule variant and every other reading of its tally — or of a game given as weights and a
quota or as minimal winning coalitions — as a terminal table, JSON, or HTML with charts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import get_args

import click
from rich.table import Table

from csto.cli.output import DATE, console, print_json
from csto.law.actions import Position, Question
from csto.law.counting import Counting

__all__ = ["power"]

_INDEX_CHOICES = (
    "shapley_shubik",
    "banzhaf",
    "banzhaf_raw",
    "coleman_prevent",
    "coleman_initiate",
    "deegan_packel",
    "public_good",
)


@click.command(name="power")
@click.option("--date", "day", type=DATE, help="The day (default: today). 'today' works.")
@click.option(
    "--variant",
    "variants",
    multiple=True,
    help="A rule variant or counting to show beside the law (repeat): a variant of csto "
    "cases, consensus, majority, silence, k-of-n[:K], minus-parties[:A+B], or file:PATH (a "
    "variant file as csto sim reads it). Default: every shipped one.",
)
@click.option("--profile", default="default", show_default=True, help="Interpretation profile.")
@click.option(
    "--others",
    type=click.Choice(get_args(Position)),
    default="object",
    show_default=True,
    help="The position of every voter outside the supporting coalition.",
)
@click.option(
    "--question",
    type=click.Choice(get_args(Question)),
    default="substantive",
    show_default=True,
    help="The kind of question (procedural questions may follow another rule).",
)
@click.option(
    "--index",
    "indices",
    multiple=True,
    type=click.Choice(_INDEX_CHOICES),
    help="Compute only these indices (repeat; default: all).",
)
@click.option(
    "--weights",
    "weights_file",
    type=click.Path(dir_okay=False),
    help="A weighted game instead of the Council: YAML/JSON with quota and weights.",
)
@click.option(
    "--game",
    "game_file",
    type=click.Path(dir_okay=False),
    help="A general game instead of the Council: YAML/JSON with players and minimal_winning.",
)
@click.option(
    "--votes",
    "votes_file",
    type=click.Path(dir_okay=False),
    help="Add success, decisiveness and P(act) under these probabilities of support (YAML/JSON).",
)
@click.option(
    "--scenario",
    "scenario",
    help="Add success, decisiveness and P(act) with the simulation's delegations on a draft of "
    "this scenario (a shipped id, e.g. arm-2022-09, or a scenario file; csto sim list). "
    "--date defaults to the scenario's date.",
)
@click.option(
    "--form",
    type=click.Choice(("forces", "mission", "material", "statement", "decision")),
    help="The form of the draft for --scenario (default: the first on the scenario's ladder "
    "that the law leaves open).",
)
@click.option(
    "--draws",
    default=100_000,
    show_default=True,
    type=click.IntRange(1, 10_000_000),
    help="Monte Carlo draws for --votes or --scenario.",
)
@click.option(
    "--seed", default=0, show_default=True, type=int, help="Seed for --votes or --scenario."
)
@click.option("--history", "with_history", is_flag=True, help="Add the figures since 1994.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the JSON document (power.schema.json)."
)
@click.option(
    "--html", "html_dir", type=click.Path(file_okay=False), help="Write an HTML report with charts."
)
def power(
    day: dt.date | None,
    variants: tuple[str, ...],
    profile: str,
    others: Position,
    question: Question,
    indices: tuple[str, ...],
    weights_file: str | None,
    game_file: str | None,
    votes_file: str | None,
    scenario: str | None,
    form: str | None,
    draws: int,
    seed: int,
    with_history: bool,
    as_json: bool,
    html_dir: str | None,
) -> None:
    """A-priori voting power: Shapley–Shubik, Banzhaf, Coleman (power to act, prevent,
    initiate), Deegan–Packel and Public Good, exact.

    Without --weights or --game: the Council (CSC) on --date, its game derived from csto's
    own rule for adopting a decision, under the law as shipped, each rule variant and each
    other reading of the tally (e.g. frozen participation). Each coalition supports; every
    other voter takes the --others position.
    """
    from csto.io.powerfiles import read_game, read_scenario_votes, read_votes, read_weights
    from csto.power.preferences import VoteModel
    from csto.power.report import council_report, game_report, report_document, with_preferences

    which = indices or None
    if weights_file and game_file:
        raise click.UsageError("give --weights or --game, not both")
    if votes_file and scenario:
        raise click.UsageError("give --votes or --scenario, not both")
    if form and not scenario:
        raise click.UsageError("--form applies to --scenario")
    model: VoteModel | None = None
    if scenario:
        if weights_file or game_file:
            raise click.UsageError("--scenario applies to the Council, not to a game file")
        model, scenario_day = read_scenario_votes(scenario, form=form)
        day = day or scenario_day
    history_rows: list[dict[str, object]] = []
    if weights_file or game_file:
        if variants or with_history or day is not None:
            raise click.UsageError(
                "--date, --variant and --history apply to the Council, not to a game file"
            )
        game = read_weights(weights_file) if weights_file else read_game(str(game_file))
        report = game_report(game, which=which, label=Path(str(weights_file or game_file)).name)
    else:
        import csto
        from csto.io.lawfiles import load_engine

        history = csto.load()
        engine = load_engine(history.record)
        when = day or dt.date.today()
        report = council_report(
            engine,
            history.on(when),
            profile=profile,
            variants=variants or None,
            which=which,
            question=question,
            others=others,
            files=_variant_files(variants),
        )
        if with_history or html_dir:
            from csto.power.history import history_document, power_history

            periods = power_history(
                engine,
                history,
                end=when,
                profile=profile,
                variants=variants or None,
                which=which,
                files=_variant_files(variants),
            )
            history_rows = list(history_document(periods))
    if votes_file:
        if report.source != "law":
            raise click.UsageError("--votes applies to the Council, not to a game file")
        model = read_votes(votes_file)
    if model is not None:
        report = with_preferences(report, model, draws=draws, seed=seed)
    doc = report_document(report)
    if with_history:
        doc["history"] = history_rows
    if html_dir:
        from csto.io.powercharts import write_html

        written = write_html(doc, history_rows, Path(html_dir))
        click.echo(f"wrote {len(written)} files to {html_dir}", err=True)
    if as_json:
        print_json(doc)
    elif not html_dir:
        _print(doc)


def _variant_files(variants: tuple[str, ...]) -> dict[str, Counting]:
    """The countings of the ``file:PATH`` variants, read as ``csto sim`` reads them."""
    from csto.io.scenariofiles import load_variant_file

    return {v[5:]: load_variant_file(v[5:]) for v in variants if v.startswith("file:")}


def _print(doc: dict[str, object]) -> None:
    worlds = doc["worlds"]
    names = doc["indices"]
    assert isinstance(worlds, list)
    assert isinstance(names, dict)
    if doc["source"] == "law":
        console.print(
            f"[bold]Voting power in the {doc['organ']} on {doc['date']}[/] "
            f"(profile {doc['profile']}, {doc['question']} questions; {doc['model']})"
        )
    for w in worlds:
        title = w["label"]
        if w.get("same_game_as"):
            console.print(f"[dim]{title}: the same game as {w['same_game_as']}[/]")
            continue
        if w.get("relabelled_game_of"):
            other = w["relabelled_game_of"]
            swaps = ", ".join(
                f"{ours} in {theirs}'s place" for theirs, ours in other["players"].items()
            )
            console.print(f"[dim]{title}: the game of {other['world']} with {swaps}[/]")
            continue
        if w.get("degenerate"):
            act = w["power_to_act"]
            console.print(
                f"{title}: no voting game ({w['degenerate']}); power to act {act['exact']}"
            )
            if w.get("variant_says"):
                console.print(f"  counting: {w['variant_says']}")
            continue
        table = Table(title=title, title_justify="left")
        table.add_column("index")
        for p in w["players"]:
            table.add_column(p, justify="right")
        for key, vals in w["values"].items():
            table.add_row(
                names[key]["name"],
                *(
                    "—" if vals[p] is None else f"{vals[p]['exact']}\n{vals[p]['value']:.4f}"
                    for p in w["players"]
                ),
            )
        console.print(table)
        act = w["power_to_act"]
        console.print(
            f"  power to act (Coleman): {act['exact']} = {act['value']:.6f}; "
            f"{w['winning_coalitions']} of {w['coalitions']} coalitions win"
            + (
                f"; {w['minimal_winning_coalitions']} minimal"
                if w["minimal_winning_coalitions"] is not None
                else ""
            )
        )
        if w.get("variant_says"):
            kind = "counting" if w.get("counting") else "variant"
            console.print(f"  {kind}: {w['variant_says']}")
        for r in w.get("readings", []):
            console.print(f"  reading {r['reading']} = {r['option']}")
        pref = w.get("preferences")
        if pref:
            console.print(
                f"  under {pref['model']}: P(act) {pref['act']['value']:.4f} "
                f"[{pref['act']['low']:.4f}, {pref['act']['high']:.4f}] "
                f"(a priori {pref['a_priori_act']:.4f}); decisiveness / success:"
            )
            for p in w["players"]:
                d, s = pref["decisiveness"][p], pref["success"][p]
                a = (pref["a_priori_decisiveness"] or {}).get(p, 0.0)
                console.print(
                    f"    {p}: {d['value']:.4f} [{d['low']:.4f}, {d['high']:.4f}] "
                    f"(a priori {a:.4f}) / {s['value']:.4f}"
                )
            for line in pref.get("explains", []):
                console.print(f"  {line}", highlight=False)
        elif w.get("preferences_not_measured"):
            console.print(f"  under preferences: not measured ({w['preferences_not_measured']})")
        for n in w.get("voting_with_status", []):
            console.print(f"  voting: {n['why']}")
        for n in w.get("not_voting", []):
            console.print(f"  not voting: {n['why']}")
