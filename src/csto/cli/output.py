"""Helpers shared by CLI commands: one console, JSON documents, date options."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click
from rich.console import Console

__all__ = ["DATE", "console", "print_json"]

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
