"""Edge: ``csto ask`` (an action -> a verdict with its reasons) and ``csto law`` (the
instruments, their articles by date, the catalogue of readings, and the law test cases).

``csto ask`` takes an action file (YAML or JSON) or one subcommand per action verb whose
options are generated from the core's field surface (:mod:`csto.cli.fields`): both forms,
and the web API, go through the same decoder, so they accept and refuse the same inputs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from csto.cases.links import episode_links
from csto.cli.fields import field_options, options_data, say_resolved
from csto.cli.output import DATE, console, print_json
from csto.codes import ORGANS
from csto.errors import InputError
from csto.io.casefiles import load_episodes
from csto.io.lawfiles import load_actions, load_cases, load_catalogue, load_engine, load_law
from csto.io.recordfiles import load_record
from csto.law.actions import ACTIONS, Action, read_action
from csto.law.document import (
    article_document,
    instruments_document,
    readings_document,
    verdict_document,
    verdicts_document,
)
from csto.law.engine import Engine
from csto.law.fields import Resolved, specs
from csto.law.lawcases import lawtest_document, run_case, state_before
from csto.law.norms import norm_label
from csto.law.texts import CHECK_LEVELS
from csto.law.verdict import DECISION_RULES, NORM_KINDS, OUTCOMES, EpisodeLink, Verdict
from csto.state.history import History

__all__ = ["ask", "law"]

_CHECK_MARK = {
    "text_read": "text read",
    "text_partly_read": "text partly read",
    "secondary_only": "secondary only",
    "not_found": "not found",
}
_OUTCOME_STYLE = {
    "permitted": "bold green",
    "required": "bold cyan",
    "not_permitted": "bold red",
    "not_provided_for": "bold yellow",
}


def _engine(profile_files: tuple[str, ...]) -> tuple[Engine, History]:
    history = History(load_record())
    return load_engine(history.record, profile_files), history


def _judge_and_show(
    actions: list[tuple[Action, tuple[Resolved, ...]]],
    profile: str,
    profile_files: tuple[str, ...],
    as_json: bool,
) -> None:
    engine, history = _engine(profile_files)
    engine.profile(profile)  # an unknown profile fails before any output
    episodes = load_episodes(history.record)
    docs = []
    for action, resolved in actions:
        verdict = engine.judge(state_before(history, action.date), action, profile)
        links = episode_links(episodes, action)
        if as_json:
            docs.append(verdict_document(verdict, action, resolved, episodes=links))
        else:
            render_verdict(verdict, action, links)
    if as_json:
        print_json(verdicts_document(docs))


def render_verdict(verdict: Verdict, action: Action, episodes: Sequence[EpisodeLink] = ()) -> None:
    """The verdict as an indented tree: outcome, who decides, the norms by bearer, reasons,
    effects, readings, and the documented episodes that match it."""
    label = action.verb.replace("_", " ")
    style = _OUTCOME_STYLE[verdict.outcome]
    head = (
        f"[{style}]{verdict.outcome.upper().replace('_', ' ')}[/] "
        f"[dim]({OUTCOMES[verdict.outcome]})[/]: {label} on {verdict.date}"
    )
    tree = Tree(head)
    organ = verdict.deciding_organ
    tree.add(
        "decided by: "
        + (ORGANS.get(organ, organ) if organ else "no body")
        + f" [dim]- {DECISION_RULES[verdict.decision_rule]}[/]"
    )
    if verdict.norms:
        norms = tree.add("[bold]norms, by bearer[/]")
        for norm in verdict.norms:
            kind = NORM_KINDS[norm.kind]
            rule = f" [dim]({DECISION_RULES[norm.decision_rule]})[/]" if norm.decision_rule else ""
            node = norms.add(
                f"[bold]{escape(norm_label(norm))}[/] [cyan]{kind}[/] {escape(norm.says)}{rule}"
            )
            if norm.condition:
                node.add(f"[dim]on condition:[/] {escape(norm.condition)}")
            if norm.article is not None:
                node.add(f"[dim]{escape(str(norm.article))}[/]")
            if norm.reading is not None:
                node.add(f"[magenta]reading {norm.reading[0]} = {norm.reading[1]}[/]")
    reasons = tree.add("[bold]reasons[/]")
    for i, reason in enumerate(verdict.reasons, 1):
        if reason.article is not None:
            art = reason.article
            since = f", in force since {art.version_from}" if art.version_from else ""
            title = (
                f"{i}. [bold]{escape(str(art))}[/] {escape(art.heading)} "
                f"[dim]{escape(f'[{_CHECK_MARK[art.check]}{since}]')}[/]"
            )
        else:
            title = f"{i}. [bold]the record and the action[/]"
        node = reasons.add(title)
        node.add(escape(reason.applied))
        if reason.reading is not None:
            node.add(f"[magenta]reading {reason.reading[0]} = {reason.reading[1]}[/]")
        for fact in reason.facts:
            where = (
                "record: " + ", ".join(fact.events)
                if fact.basis == "established" and fact.events
                else ("record" if fact.basis == "established" else "assumed by the action")
            )
            node.add(f"[dim]fact ({where}):[/] {escape(fact.says)}")
    if verdict.effects:
        effects = tree.add("[bold]what follows[/]")
        for effect in verdict.effects:
            when = f"{effect.on}: " if effect.on else ""
            effects.add(f"{when}{escape(effect.says)}")
    if verdict.contested:
        contested = tree.add("[bold]readings the verdict depends on[/]")
        for c in verdict.contested:
            node = contested.add(
                f"[magenta]{c.reading}[/]"
                + (" [bold](changes the outcome)[/]" if c.changes_outcome else "")
            )
            for v in c.variants:
                mark = " [dim](chosen)[/]" if v.option == c.chosen else ""
                node.add(f"{v.option}{mark} -> {v.outcome}")
    if episodes:
        history_node = tree.add("[bold]what history did in the like case[/]")
        for link in episodes:
            did = "done" if link.done else "not done"
            history_node.add(
                f"{link.episode} [dim]({escape(link.title)})[/], step {link.step} on "
                f"{link.date}{' [dim](same day)[/]' if link.exact else ''}: {did} - "
                f"{escape(link.says)} [dim](csto cases run {link.episode})[/]"
            )
    if verdict.unverified:
        unverified = tree.add("[yellow]rests on readings we could not verify in a text[/]")
        for item in verdict.unverified:
            unverified.add(f"[dim]{escape(item)}[/]")
    r = verdict.receipt
    tree.add(
        f"[dim]receipt: csto {r.csto_version} - record {r.record_digest[:12]} - rules "
        f"{r.rules_digest.removeprefix('sha256:')[:12]} - profile {r.profile} - {r.date}[/]"
    )
    console.print(tree)


# --- csto ask ---------------------------------------------------------------------------


class _AskGroup(click.Group):
    """``csto ask FILE`` or ``csto ask VERB --options``."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "file", _ask_file, args
        return super().resolve_command(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "(ACTION_FILE | VERB) [OPTIONS]")


_COMMON = [
    click.option(
        "--profile",
        default="default",
        show_default=True,
        help="Interpretation profile (see 'csto law readings').",
    ),
    click.option(
        "--profile-file",
        "profile_files",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="A profile of your own (YAML); repeatable.",
    ),
    click.option("--json", "as_json", is_flag=True, help="Print the csto.verdict/2 document."),
]


def _common(fn: Any) -> Any:
    for option in reversed(_COMMON):
        fn = option(fn)
    return fn


@click.group(cls=_AskGroup, name="ask", invoke_without_command=False)
def ask() -> None:
    """Ask the law about an action: the verdict, who decides, by which rule, what follows,
    and why, article by article in the version in force that day.

    Give an action file (YAML or JSON; one action or a list), or a verb with its options,
    for example:

    \b
        csto ask request-assistance --by ARM --date 2022-09-13 --grounds aggression

    Both take --profile P (or --profile-file FILE) and --json. The organization is taken as
    it stood when the action's day began.
    """


@click.command(name="file", hidden=True)
@click.argument("action_file", type=click.Path(dir_okay=False))
@click.option("--date", "day", type=DATE, help="Judge the action(s) on this day instead.")
@_common
def _ask_file(
    action_file: str,
    day: dt.date | None,
    profile: str,
    profile_files: tuple[str, ...],
    as_json: bool,
) -> None:
    if not Path(action_file).exists():
        raise InputError(
            f"no action file {action_file!r} and no action verb of that name; verbs: "
            + ", ".join(v.replace("_", "-") for v in ACTIONS)
        )
    resolved: list[tuple[Resolved, ...]] = []
    actions = load_actions(action_file, resolved)
    say_resolved(r for read in resolved for r in read)
    if day is not None:
        actions = [dataclasses.replace(a, date=day) for a in actions]
    _judge_and_show(list(zip(actions, resolved, strict=True)), profile, profile_files, as_json)


def _verb_command(verb: str, cls: type[Action]) -> click.Command:
    fields = specs(cls)

    def run(**kwargs: Any) -> None:
        profile = kwargs.pop("profile")
        profile_files = kwargs.pop("profile_files")
        as_json = kwargs.pop("as_json")
        data = {"action": verb, **options_data(fields, kwargs)}
        action, resolved = read_action(
            data, file="<command line>", path="options", today=dt.date.today()
        )
        say_resolved(resolved)
        _judge_and_show([(action, resolved)], profile, profile_files, as_json)

    doc = (cls.__doc__ or verb).strip().replace("``", "")  # no code marks in the help
    command = click.Command(
        verb.replace("_", "-"),
        callback=run,
        params=field_options(fields),
        help=doc,
        short_help=doc.split(".")[0],
    )
    for option in _COMMON:
        option(command)
    return command


ask.add_command(_ask_file)
for _verb, _cls in ACTIONS.items():
    ask.add_command(_verb_command(_verb, _cls))


# --- csto law ---------------------------------------------------------------------------


@click.group(name="law")
def law() -> None:
    """The instruments and their articles, the catalogue of readings, the law test cases."""


@law.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the instruments as JSON.")
def law_list(as_json: bool) -> None:
    """The instruments, with their articles and how well we could check them."""
    texts = load_law(load_record())
    if as_json:
        print_json(instruments_document(texts))
        return
    table = Table(title=f"{len(texts.instruments)} instruments")
    for col in ("id", "title", "signed", "in force", "articles", "text read"):
        table.add_column(col)
    for ins in texts.instruments.values():
        eif = ins.header.entry_into_force.date
        read = sum(1 for a in ins.articles if a.check == "text_read")
        table.add_row(
            ins.id,
            ins.header.title_en,
            str(ins.header.signed.date or "?"),
            "?" if eif is None else str(eif),
            str(len(ins.articles)),
            f"{read}/{len(ins.articles)}",
        )
    console.print(table)


@law.command(name="show")
@click.argument("instrument")
@click.argument("number", required=False)
@click.option("--on", "day", type=DATE, help="Mark the version in force on this day.")
@click.option("--json", "as_json", is_flag=True, help="Print the csto.article/1 document.")
def law_show(instrument: str, number: str | None, day: dt.date | None, as_json: bool) -> None:
    """An instrument's articles (or one), with every version and its in-force interval."""
    history = History(load_record())
    texts = load_law(history.record)
    when = day or dt.date.today()
    status = history.on(when).instruments.get(instrument)
    doc = article_document(texts, instrument, number, day, status)
    if as_json:
        print_json(doc)
        return
    head = doc["instrument"]
    console.print(f"[bold]{escape(head['id'])}[/] {escape(head['title_en'])}")
    eif = head.get("entry_into_force", {}).get("date")
    console.print(f"signed {head['signed']['date'] or '?'}; in force from {eif or '?'}")
    if doc["per_state"] is not None:
        bound = ", ".join(doc["per_state"]["in_force_for"]) or "none recorded"
        console.print(f"[dim]per the record on {when}: in force for {bound}[/]")
    for art in doc["articles"]:
        tree = Tree(
            f"[bold]{escape(art['label'])}[/] {escape(art['heading'])} "
            f"[dim]{escape('[' + CHECK_LEVELS[art['check']] + ']')}[/]"
        )
        for v in art["versions"]:
            marker = " [green](in force on that day)[/]" if v["in_force_on_date"] else ""
            span = f"{v['from'] or '?'} - {v['to'] or 'now'}"
            node = tree.add(
                f"{span}"
                + (f" [dim](as amended by {v['amended_by']})[/]" if v["amended_by"] else "")
                + marker
            )
            node.add(escape(v["paraphrase"]))
            cites = ", ".join(
                c["source"] + (f" {c['locator']}" if c.get("locator") else "") for c in v["sources"]
            )
            node.add(f"[dim]sources: {escape(cites)}[/]")
        if art["note"]:
            tree.add(f"[dim]note: {escape(' '.join(art['note'].split()))}[/]")
        console.print(tree)


@law.command(name="readings")
@click.option("--json", "as_json", is_flag=True, help="Print the csto.readings/1 document.")
def law_readings(as_json: bool) -> None:
    """The catalogue of the law's open questions and what each profile chooses."""
    catalogue = load_catalogue(load_record())
    doc = readings_document(catalogue)
    if as_json:
        print_json(doc)
        return
    for reading in doc["readings"]:
        tree = Tree(f"[bold magenta]{reading['id']}[/] {escape(reading['question'])}")
        for option in reading["options"]:
            chosen = [p for p, o in reading["chosen_by"].items() if o == option["id"]]
            by = f" [dim](profiles: {', '.join(chosen)})[/]" if chosen else ""
            tree.add(f"[bold]{option['id']}[/]{by}: {escape(' '.join(option['says'].split()))}")
        console.print(tree)
    profiles = Table(title="profiles")
    profiles.add_column("id")
    profiles.add_column("title")
    for p in doc["profiles"]:
        profiles.add_row(p["id"], p["title"])
    console.print(profiles)


@law.command(name="test")
@click.argument("files", nargs=-1, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def law_test(files: tuple[str, ...], as_json: bool) -> None:
    """Run the shipped law test cases, or your own case files; exit 1 if any fails."""
    cases = load_cases(files or None)
    engine, history = _engine(())
    results = []
    for case in cases:
        verdict, problems = run_case(engine, history, case)
        results.append((case, verdict, problems))
    failed = [r for r in results if r[2]]
    if as_json:
        print_json(lawtest_document(results))
    else:
        for case, _verdict, problems in failed:
            console.print(f"[red]FAIL[/] {escape(case.where)} {escape(case.name)}")
            for problem in problems:
                console.print(f"  - {escape(problem)}")
        style = "red" if failed else "green"
        console.print(f"[{style}]{len(results) - len(failed)} of {len(results)} law cases pass[/]")
    if failed:
        raise SystemExit(1)
