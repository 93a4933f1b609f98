"""Reading request parameters into domain values, or domain errors that name the field.

Pages and the API share these: a malformed date is a :class:`~csto.errors.DateError`, an
unknown state or id an :class:`~csto.errors.UnknownIdError`, each with a
:class:`~csto.errors.Problem` naming the parameter, so both answer 4xx and never 500.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from csto.codes import read_state
from csto.errors import DateError, InputError, Problem, UnsupportedFormatError
from csto.io.limits import decode_utf8, load_json
from csto.record.events import EVENT_TYPES
from csto.web.search import KINDS

__all__ = [
    "DATE_PATTERN",
    "parse_day",
    "parse_kinds",
    "parse_state",
    "read_json_body",
    "search_params",
]

#: what the API's date parameters look like (the OpenAPI document says the same)
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def parse_day(value: str | None, field: str, default: dt.date | None = None) -> dt.date:
    """A day from ``YYYY-MM-DD`` (or ``today``); ``default`` when empty or absent."""
    if value is None or value.strip() == "":
        if default is None:
            raise DateError(
                f"'{field}' is required",
                (Problem("a day is required", field=field, expected="YYYY-MM-DD"),),
            )
        return default
    text = value.strip()
    if text == "today":
        return dt.date.today()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DateError(
            f"{text!r} is not a day",
            (
                Problem(
                    "not a calendar day",
                    field=field,
                    expected="YYYY-MM-DD, e.g. 2012-12-19",
                    got=repr(text[:40]),
                    fix="give year, month and day with leading zeros",
                ),
            ),
        ) from None


def parse_state(
    value: str | None, field: str, known: set[str], allow_empty: bool = True
) -> str | None:
    """The code of a state the record knows (by code or name, as :func:`csto.codes.read_state`
    reads it); None when absent (or empty, when ``allow_empty``)."""
    if value is None or (value.strip() == "" and allow_empty):
        return None
    return read_state(value, field, known)


def parse_kinds(values: list[str] | None, field: str, allow_empty: bool = True) -> list[str]:
    """Event type names, each checked against the record's types (an empty one, as a
    form's "any" sends, is skipped when ``allow_empty``)."""
    out = []
    for value in values or []:
        if value == "" and allow_empty:
            continue
        if value not in EVENT_TYPES:
            raise InputError(
                f"{value[:40]!r} is not an event type",
                (
                    Problem(
                        "unknown event type",
                        field=field,
                        expected="one of " + ", ".join(sorted(EVENT_TYPES)),
                        got=repr(value[:40]),
                    ),
                ),
            )
        out.append(value)
    return out


def search_params(
    kind: list[str] | None, start: str | None, end: str | None
) -> tuple[list[str], str | None, str | None]:
    """The search filters, checked: kinds of result and a period (days, or a year)."""
    kinds = [k for k in (kind or []) if k]
    for k in kinds:
        if k not in KINDS:
            raise InputError(
                f"{k[:30]!r} is not a kind of result",
                (Problem("unknown kind", field="kind", expected="one of " + ", ".join(KINDS)),),
            )
    bounds: list[str | None] = []
    for value, name in ((start, "from"), (end, "to")):
        if value and re.fullmatch(r"\d{4}", value.strip()):
            bounds.append(value.strip())
        elif value:
            bounds.append(parse_day(value, name).isoformat())
        else:
            bounds.append(None)
    return kinds, bounds[0], bounds[1]


def read_json_body(content_type: str | None, body: bytes) -> Any:
    """A JSON request body (declared as ``application/json`` or ``...+json``), read within
    the input limits of :mod:`csto.io.limits`; problems name the field ``body`` (or the
    path inside it) or ``content-type``."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media != "application/json" and not (
        media.startswith("application/") and media.endswith("+json")
    ):
        raise UnsupportedFormatError(
            "the request body must be declared as JSON",
            (
                Problem(
                    "not a JSON media type",
                    field="content-type",
                    expected="application/json",
                    got=media[:60] or "nothing",
                    fix="send the header 'Content-Type: application/json'",
                ),
            ),
        )
    try:
        return load_json("body", decode_utf8("body", body))
    except InputError as exc:
        problems = tuple(
            Problem(
                p.message,
                field=f"body.{p.field}" if p.field and p.field != "(the document)" else "body",
                expected=p.expected or "one action as a JSON object",
                got=p.got,
                fix=p.fix,
            )
            for p in exc.problems
        )
        raise type(exc)(exc.message.replace("body ", "the request body ", 1), problems) from None
