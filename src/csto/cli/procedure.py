"""Edge: drive the procedures from the command line against a log file.

One command group per machine (``csto session``, ``csto membership``, ``csto
secretary-general``, ``csto chairmanship``, ``csto assistance``), each with ``new`` (start a
log), ``act MOVE`` (one subcommand per move, its options generated from the move's fields),
``show`` and ``diagram``; ``csto chairmanship forecast`` adds the chair for coming years
under each reading. Each ``act`` rebuilds the procedure from its log, judges the move on the
curated record (less the events named at ``new`` with ``--without``) under the profile chosen
at ``new``, and appends the step, holding the log's lock throughout; where and how logs are
kept is :mod:`csto.io.procedurelogs`'s (a refused move is not written, and exits with
status 2; every step already logged is judged again first).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from csto.cli.fields import field_options, options_data, say_resolved
from csto.cli.output import DATE, console, print_json
from csto.io.lawfiles import load_engine
from csto.io.procedurelogs import load_log, moving, start_log, world_and_judge
from csto.io.recordfiles import load_record
from csto.law.fields import specs
from csto.procedures import MACHINES, Machine, Move, Procedure, Step, World
from csto.procedures.chairmanship import forecast, forecast_document, forecast_judges
from csto.procedures.codec import procedure_document, read_move, step_to_data
from csto.procedures.diagram import mermaid
from csto.state.history import History

__all__ = ["command", "register"]

_LOG = click.option(
    "--log",
    "log",
    required=True,
    type=click.Path(dir_okay=False),
    help="The procedure's log (JSON Lines).",
)
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


# --- options from a move's fields ------------------------------------------------------------


def _read(machine: Machine[Any], verb: str, kwargs: dict[str, Any], cls: type[Move]) -> Move:
    """The move the options describe, through the core's decoder (as a log line is read)."""
    data = {"move": verb, **options_data(specs(cls), kwargs)}
    move, resolved = read_move(machine, data, file="<command line>", today=dt.date.today())
    say_resolved(resolved)
    return move


# --- rendering -------------------------------------------------------------------------------


def _render_step(step: Step) -> None:
    law = step.outcome.replace("_", " ") if step.outcome else "no rule (guard only)"
    style = "bold yellow" if step.departure else "bold green"
    console.print(
        f"[{style}]step {step.number}: {step.move.verb} on {step.move.date} — {step.status}[/] "
        f"(the law: {law}); {step.before} → {step.after}"
    )
    if step.departure:
        console.print(f"  [yellow]{escape(step.departure.says())}[/]")
    for e in step.events:
        console.print(f"  emits {e.type} {e.id} ({e.date.iso()}): {escape(e.summary)}")


def _render(proc: Procedure[Any]) -> None:
    m = proc.machine
    profile = proc.context.get("profile", "default")
    console.print(
        f"[bold]{m.title}[/] — procedure {proc.id!r} ({m.kind}), opened {proc.opening.date}, "
        f"profile {profile}"
    )
    for text in m.describe(proc.data):
        console.print(escape(text))
    if proc.steps:
        table = Table(title="Steps", title_justify="left")
        for col in ("#", "date", "move", "the law", "status", "events"):
            table.add_column(col, overflow="fold")
        for s in proc.steps:
            table.add_row(
                str(s.number),
                s.move.dated.iso() if s.move.dated else s.move.date.isoformat(),
                s.move.verb,
                s.outcome or "-",
                s.status,
                ", ".join(e.type for e in s.events) or "-",
            )
        console.print(table)
    for s in proc.departures:
        assert s.departure is not None
        console.print(f"[yellow]Departure at step {s.number}:[/] {escape(s.departure.says())}")
    nxt = ", ".join(t.verb.replace("_", "-") for t in m.available(proc.state)) or "nothing"
    console.print(f"Now: [bold]{proc.state}[/] ({m.states[proc.state]}); next: {nxt}")


# --- commands --------------------------------------------------------------------------------


def _new_command(machine: Machine[Any]) -> click.Command:
    def run(**kwargs: Any) -> None:
        log, pid, profile, without, as_json = (
            kwargs.pop(k) for k in ("log", "pid", "profile", "without", "as_json")
        )
        context = {"profile": profile, "without": list(without)}
        world, _, engine = world_and_judge(context)
        engine.profile(profile)  # an unknown profile fails before anything is written
        opening = _read(machine, "open", kwargs, machine.opening)
        proc = Procedure.open(machine, pid, opening, world=world, context=context)
        start_log(log, proc)
        if as_json:
            print_json(procedure_document(proc))
        else:
            _render(proc)

    params = [
        *field_options(specs(machine.opening), skip=("dated", "depart")),
        click.Option(
            ["--id", "pid"],
            required=True,
            help="The procedure's id (lower case, digits, '-'); it prefixes its events' ids.",
        ),
        click.Option(
            ["--profile"],
            default="default",
            show_default=True,
            help="Interpretation profile for every move (see 'csto law readings').",
        ),
        click.Option(
            ["--without"],
            multiple=True,
            metavar="EVENT_ID",
            help="Set aside a record event the procedure re-enacts (a replay); repeatable.",
        ),
    ]
    command = click.Command(
        "new",
        callback=run,
        params=params,
        help=f"Start a log for a new procedure: {machine.title.lower()}. "
        f"{(machine.opening.__doc__ or '').strip()}",
    )
    _LOG(command)
    _JSON(command)
    return command


def _act_group(machine: Machine[Any]) -> click.Group:
    @click.group(name="act")
    @_LOG
    @click.pass_context
    def act(ctx: click.Context, log: str) -> None:
        """Make a move: judge it, and append the step to the log (a refused move is not
        written and exits with status 2)."""
        ctx.ensure_object(dict)
        ctx.obj["log"] = log

    for t in machine.transitions:
        act.add_command(_move_command(machine, t.verb, t.move))
    return act


def _move_command(machine: Machine[Any], verb: str, cls: type[Move]) -> click.Command:
    @click.pass_context
    def run(ctx: click.Context, /, **kwargs: Any) -> None:
        as_json = kwargs.pop("as_json")
        log = ctx.obj["log"]
        move = _read(machine, verb, kwargs, cls)
        with moving(log) as held:  # one move at a time on a log; re-judged, then appended
            proc = held.procedure
            step = proc.do(move, world=held.world, judge=held.judge)
            held.append(step)
        if as_json:
            print_json(step_to_data(step))
        else:
            _render_step(step)
            nxt = ", ".join(t.verb.replace("_", "-") for t in machine.available(proc.state))
            console.print(f"Now: {proc.state}; next: {nxt or 'nothing'}")

    doc = " ".join((cls.__doc__ or verb).split()).replace("``", "'")
    command = click.Command(
        verb.replace("_", "-"),
        callback=run,
        params=field_options(specs(cls)),
        help=doc,
        short_help=doc.split(" (")[0].split(".")[0].split(";")[0],
    )
    _JSON(command)
    return command


def _show_command() -> click.Command:
    @click.command(name="show")
    @_LOG
    @_JSON
    def show(log: str, as_json: bool) -> None:
        """Where the procedure stands: its state, its memory, every step, any departure,
        and the moves open from here (rebuilt from the log, every step re-judged)."""
        proc = load_log(log)
        if as_json:
            print_json(procedure_document(proc))
        else:
            _render(proc)

    return show


def _diagram_command(machine: Machine[Any]) -> click.Command:
    @click.command(name="diagram")
    def diagram() -> None:
        """Print the machine as a Mermaid state diagram (generated from its definition)."""
        click.echo(mermaid(machine))

    return diagram


@click.command(name="forecast")
@click.option("--from", "start", type=DATE, default="today", help="Forecast from this day.")
@click.option("--years", type=click.IntRange(1, 30), default=6, show_default=True, help="Years.")
@click.option(
    "--profile",
    default="default",
    show_default=True,
    help="The profile whose other readings hold (see 'csto law readings').",
)
@_JSON
def chair_forecast(start: dt.date, years: int, profile: str, as_json: bool) -> None:
    """The chair on 1 January of coming years under each reading of the chair rule (and of
    whether a frozen member keeps its turn), by the rule alone."""
    history = History(load_record())
    engine = load_engine(history.record)
    base = engine.profile(profile)
    results = forecast(World.of(history), forecast_judges(engine, base), start, years)
    if as_json:
        print_json(forecast_document(start, base.id, results))
        return
    table = Table(title=f"The Council's chair after {start} (profile {base.id})")
    for col in ("reading", "year", "chair", "why"):
        table.add_column(col, overflow="fold")
    for f in results:
        table.add_row(f.reading, str(f.year), f.chair or "-", f.says)
    console.print(table)


def _group(machine: Machine[Any]) -> click.Group:
    doc = " ".join((machine.title + ": " + _module_doc(machine)).split())
    group = click.Group(name=machine.kind, help=doc, short_help=machine.title)
    group.add_command(_new_command(machine))
    group.add_command(_act_group(machine))
    group.add_command(_show_command())
    group.add_command(_diagram_command(machine))
    if machine.kind == "chairmanship":
        group.add_command(chair_forecast)
    return group


def _module_doc(machine: Machine[Any]) -> str:
    import sys

    doc = sys.modules[type(machine).__module__].__doc__ or ""
    return doc.strip().split("\n\n")[0]


def register(cli: click.Group) -> None:
    """Add one command group per procedure to ``cli``."""
    for machine in MACHINES.values():
        cli.add_command(_group(machine))


def command(kind: str) -> click.Group:
    """The command group of one procedure (``kind`` as in MACHINES: session, membership...)."""
    return _group(MACHINES[kind])
