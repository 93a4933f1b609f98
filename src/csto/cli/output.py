"""Helpers shared by CLI commands: one console, JSON documents, date options.

Text that came from a file or a log never reaches the terminal raw: the console (and
:func:`printable`, for the one-line errors) shows control characters, terminal escape
sequences and bidirectional overrides as visible escapes (``\x1b``), so a hostile log or
record cannot retitle, recolour or rewrite the user's terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import click
from rich.console import Console
from rich.text import Text

__all__ = ["DATE", "console", "print_json", "printable"]

#: C0 controls but tab and newline, DEL, C1 controls, and bidirectional overrides
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (``\x1b``, ``\u202e``)."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class _Console(Console):
    """A console that renders every string through :func:`printable` first."""

    def render_str(self, text: str, **options: Any) -> Text:
        return super().render_str(printable(text), **options)


console = _Console(highlight=False, soft_wrap=False)


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
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a day; expected YYYY-MM-DD (or 'today')", param, ctx)
        from csto.law.actions import FIRST_DAY, LAST_DAY

        if not FIRST_DAY <= day <= LAST_DAY:
            self.fail(
                f"{day} is outside the days csto knows ({FIRST_DAY} to {LAST_DAY})", param, ctx
            )
        return day


DATE = _DateType()
