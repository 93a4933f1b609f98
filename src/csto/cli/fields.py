"""Command-line options generated from the core's field surface (:mod:`csto.law.fields`).

Every option passes what was typed, as text, to the core's decoder, which checks it exactly
as it checks a file or a web request: the command line has no validation of its own, so it
accepts and refuses what the API does. ``--position STATE=POSITION`` and the other
repeatable options gather lists; a yes-or-no field is ``--flag`` (yes), ``--flag no`` (any
word the decoder takes) or ``--no-flag``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import click

from csto.errors import InputError, Problem
from csto.law.fields import POSITIONS, FieldSpec, Resolved

__all__ = ["field_options", "options_data", "say_resolved"]


def _help(spec: FieldSpec) -> str:
    text = spec.help
    if spec.kind in ("choice", "organ") and spec.choices:
        text += " One of: " + ", ".join(spec.choices) + "."
    if spec.kind in ("positions", "states"):
        text += " Repeatable."
    if spec.required:
        text += " Required."
    elif spec.default not in (None, (), {}) and spec.kind not in ("positions", "states"):
        shown = (
            spec.default if not isinstance(spec.default, bool) else "yes" if spec.default else "no"
        )
        text += f" Default: {shown}."
    return text


def field_options(specs: Iterable[FieldSpec], skip: tuple[str, ...] = ()) -> list[click.Parameter]:
    """One option per field (two for a yes-or-no one: ``--flag [WORD]`` and ``--no-flag``)."""
    out: list[click.Parameter] = []
    for spec in specs:
        if spec.name in skip:
            continue
        if spec.kind == "positions":
            out.append(
                click.Option(
                    [spec.option, spec.name],
                    multiple=True,
                    metavar="STATE=POSITION",
                    help=f"A member's position ({', '.join(POSITIONS)}); repeatable. "
                    "Members not named are absent.",
                )
            )
        elif spec.kind == "states":
            out.append(click.Option([spec.option, spec.name], multiple=True, help=_help(spec)))
        elif spec.kind == "bool":
            out.append(
                click.Option(
                    [spec.option, spec.name],
                    is_flag=False,
                    flag_value="true",
                    default=None,
                    metavar="[yes|no]",
                    help=_help(spec),
                )
            )
            negative = "--no-" + spec.option.removeprefix("--")
            out.append(
                click.Option(
                    [negative, f"no__{spec.name}"],
                    is_flag=True,
                    default=False,
                    help=f"The same as {spec.option} no.",
                )
            )
        else:
            metavar = {"day": "YYYY-MM-DD", "int": "N", "period": "DATE"}.get(spec.kind, "TEXT")
            if spec.kind == "state":
                metavar = "STATE"
            elif spec.kind in ("choice", "organ"):
                metavar = "[" + "|".join(spec.choices) + "]"
            out.append(click.Option([spec.option, spec.name], metavar=metavar, help=_help(spec)))
    return out


def options_data(specs: Iterable[FieldSpec], values: Mapping[str, Any]) -> dict[str, Any]:
    """What the options gave, as the mapping a file or a request would hold (text values,
    for the core's decoder); options not given are left out."""
    data: dict[str, Any] = {}
    for spec in specs:
        value = values.get(spec.name)
        negative = values.get(f"no__{spec.name}", False)
        if spec.kind == "bool" and negative:
            if value is not None:
                raise InputError(
                    f"{spec.option} and --no-{spec.option[2:]} both given",
                    (Problem("give one of them", field=spec.option),),
                )
            value = "false"
        if value is None or value == ():
            continue
        if spec.kind == "positions":
            data[spec.name] = _positions(value)
        elif spec.kind == "states":
            data[spec.name] = list(value)
        else:
            data[spec.name] = value
    return data


def _positions(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        who, sep, position = item.partition("=")
        if not sep:
            raise InputError(
                f"--position {item!r}: expected STATE=POSITION",
                (
                    Problem(
                        "not STATE=POSITION",
                        field="--position",
                        got=repr(item),
                        fix="e.g. --position ARM=object",
                    ),
                ),
            )
        out[who.strip()] = position.strip()
    return out


def say_resolved(resolved: Iterable[Resolved]) -> None:
    """Tell the user (on standard error) how a name was read."""
    for r in resolved:
        click.echo(f"csto: note: {r.says()}", err=True)
