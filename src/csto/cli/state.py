"""``csto state``, ``csto diff`` and ``csto timeline``: the organization on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TextIO

import click
from rich.table import Table

from csto.cli.output import DATE, console, print_json
from csto.codes import ORGANS, STATES, read_state, state_name
from csto.io.recordfiles import load_record
from csto.record.events import EVENT_TYPES
from csto.state.document import (
    diff_document,
    state_document,
    statuses_document,
    timeline_of,
)
from csto.state.history import History
from csto.state.model import InstrumentStatus, State

__all__ = ["diff", "state", "timeline"]

_AS_RECORDED = click.option(
    "--as-recorded",
    type=DATE,
    help="Answer with what the record knew on this day (events recorded by then).",
)


def _history(as_recorded: dt.date | None) -> History:
    history = History(load_record())
    return history if as_recorded is None else history.as_recorded(as_recorded)


def _name(code: str) -> str:
    return f"{state_name(code)} ({code})" if code in STATES else code


def _render(s: State, history: History) -> None:
    console.print(f"[bold]The CST/CSTO on {s.date.isoformat()}[/bold]")
    members = Table(title="Members", title_justify="left")
    for col in ("state", "status", "since", "member since", "latest event"):
        members.add_column(col, overflow="fold")
    for m in s.members.values():
        status = m.status + (f" (effective {m.effective})" if m.effective else "")
        members.add_row(_name(m.state), status, m.since, m.member_since or "-", m.events[-1])
    console.print(members if s.members else "Members: none on this date per the record")
    if s.former_members:
        former = ", ".join(f"{_name(f.state)} {f.how} {f.left}" for f in s.former_members.values())
        console.print(f"Former members: {former}")
    if s.observers or s.partners:
        parties = [f"{p.party} (observer)" for p in s.observers.values()]
        parties += [f"{p.party} (partner)" for p in s.partners.values()]
        console.print("Observers and partners: " + ", ".join(parties))
    chair, sg = s.chair_state, s.secretary
    console.print(
        "Chair of the Council: "
        + (
            "unknown to the record"
            if chair is None
            else f"{_name(chair.state)} since {chair.since}"
        )
        + (f", {chair.head}" if chair and chair.head else "")
    )
    console.print(
        "Secretary-General: "
        + (
            "none in office per the record"
            if sg is None
            else f"{sg.name} ({sg.state}){' acting' if sg.acting else ''} since {sg.since}"
        )
    )
    if s.organs:
        console.print("Organs: " + ", ".join(f"{ORGANS.get(o, o)} ({o})" for o in s.organs))
    in_force = [i for i in s.instruments.values() if i.in_force]
    if in_force:
        console.print(
            "In force: " + ", ".join(f"{i.id} (known for {len(i.in_force_for)})" for i in in_force)
        )
    for f in s.forces.values():
        parts = ", ".join(f"{c.state}{f' {c.size}' if c.size else ''}" for c in f.contributions)
        console.print(f"Force {f.id} ({f.name}) since {f.since}" + (f": {parts}" if parts else ""))
    for o in s.operations.values():
        console.print(f"Operation under way: {o.id} in {_name(o.host)} since {o.since}")
    for u in s.uncertain:
        console.print(
            f"[yellow]uncertain[/yellow]: {u.section}/{u.key} may have changed between "
            f"{u.earliest} and {u.latest} ({', '.join(u.events)})"
        )
    if s.disputed:
        console.print(
            f"[dim]{len(s.disputed)} events behind this state are disputed; "
            "'csto record show ID' lists every version.[/dim]"
        )


def _read_days(lines: Iterable[str], name: str) -> list[dt.date]:
    """One day per line (YYYY-MM-DD); blank lines and lines starting with # are skipped."""
    days = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            days.append(dt.date.fromisoformat(text))
        except ValueError:
            raise click.BadParameter(
                f"{name}:{number}: {text[:40]!r} is not a day; expected one YYYY-MM-DD per line",
                param_hint="--dates",
            ) from None
    return days


def _print_statuses(history: History, days: list[dt.date], as_json: bool) -> None:
    table = history.statuses(days)
    if as_json:
        print_json(statuses_document(table, history.record))
        return
    lines = ["day,state,status,uncertain"]
    names = table.categories
    for i, day in enumerate(table.days.tolist()):
        iso = day.isoformat()
        for j, code in enumerate(table.codes[i].tolist()):
            unsure = "true" if table.uncertain[i, j] else "false"
            lines.append(f"{iso},{table.states[j]},{names[code]},{unsure}")
    click.echo("\n".join(lines))


@click.command()
@click.argument("day", type=DATE, required=False)
@click.option(
    "--dates",
    "dates_file",
    type=click.File("r", encoding="utf-8"),
    help="Many days at once: a file with one YYYY-MM-DD per line ('-' for standard input). "
    "Prints every state's status on each as CSV (day,state,status,uncertain), or with "
    "--json one csto.statuses/1 document.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON document (csto.state/1; with --dates, csto.statuses/1).",
)
@_AS_RECORDED
def state(
    day: dt.date | None, dates_file: TextIO | None, as_json: bool, as_recorded: dt.date | None
) -> None:
    """The organization on DAY (YYYY-MM-DD; today if omitted): members and their status,
    chair, Secretary-General, organs, instruments in force, forces, operations."""
    if dates_file is not None:
        if day is not None:
            raise click.UsageError("give either DAY or --dates FILE, not both")
        days = _read_days(dates_file, dates_file.name)
        _print_statuses(_history(as_recorded), days, as_json)
        return
    history = _history(as_recorded)
    s = history.on(day or dt.date.today())
    if as_json:
        print_json(state_document(s, history.record))
    else:
        _render(s, history)


@click.command()
@click.argument("start", type=DATE)
@click.argument("end", type=DATE)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (csto.diff/1).")
@_AS_RECORDED
def diff(start: dt.date, end: dt.date, as_json: bool, as_recorded: dt.date | None) -> None:
    """What changed after START up to and including END, and which events caused it."""
    history = _history(as_recorded)
    changes = history.between(start, end)
    if as_json:
        print_json(diff_document(history.on(start), history.on(end), changes))
        return
    table = Table(title=f"{len(changes)} changes from {start} to {end}", title_justify="left")
    for col in ("section", "key", "change", "before", "after", "events"):
        table.add_column(col, overflow="fold")
    for c in changes:
        table.add_row(
            c.section,
            c.key,
            c.kind,
            _short(c.before),
            _short(c.after),
            ", ".join(c.events),
        )
    console.print(table)


def _short(obj: object) -> str:
    if obj is None:
        return "-"
    if isinstance(obj, InstrumentStatus):
        return f"in force for {len(obj.in_force_for)}" if obj.in_force else "not in force"
    for attr in ("status", "how", "state", "name"):
        value = getattr(obj, attr, None)
        if isinstance(value, str):
            return value
    return "present"


@click.command()
@click.option("--state", "state_code", help="Only events concerning this state (ISO alpha-3).")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(sorted(EVENT_TYPES)),
    help="Only events of this type (repeatable).",
)
@click.option("--from", "start", type=DATE, help="From this day.")
@click.option("--to", "end", type=DATE, help="Up to this day.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (csto.timeline/1).")
@_AS_RECORDED
def timeline(
    state_code: str | None,
    kinds: tuple[str, ...],
    start: dt.date | None,
    end: dt.date | None,
    as_json: bool,
    as_recorded: dt.date | None,
) -> None:
    """The record's events, oldest first, filtered by state, kind and period."""
    history = _history(as_recorded)
    known = {s for e in history.record.events for s in e.states}
    code = read_state(state_code, "--state", known) if state_code else None
    if as_json:
        print_json(timeline_of(history, code, kinds, start, end))
        return
    events = history.timeline(state=code, kind=kinds or None, start=start, end=end)
    table = Table(title=f"{len(events)} events", title_justify="left")
    for col in ("date", "type", "states", "summary"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(e.date.iso(), e.type, " ".join(e.states), e.summary)
    console.print(table)
