"""Helpers shared by CLI commands: one console, JSON documents, date options."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from rich.console import Console

__all__ = ["DATE", "console", "parse_positions", "print_json"]

console = Console(highlight=False, soft_wrap=False)


def print_json(document: dict[str, Any]) -> None:
    """Print one JSON document (UTF-8, two-space indent) to standard output."""
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


class _DateType(click.ParamType[dt.date]):
    name = "DATE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        if value == "today":
            return dt.date.today()
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a day; expected YYYY-MM-DD (or 'today')", param, ctx)


DATE = _DateType()


def parse_positions(values: tuple[str, ...]) -> dict[str, str]:
    """``--position ARM=object`` options into a mapping state -> position (checked later by
    the action decoder, which names the valid positions)."""
    out: dict[str, str] = {}
    for item in values:
        state, sep, position = item.partition("=")
        if not sep:
            raise click.BadParameter(
                f"{item!r}: expected STATE=POSITION, e.g. ARM=object", param_hint="--position"
            )
        out[state.strip().upper()] = position.strip()
    return out
