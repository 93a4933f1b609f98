"""The one exception tree of csto, with stable error codes.

Every error csto raises on purpose derives from :class:`CstoError`. Interfaces map the
classes to exit codes and HTTP statuses in one table each (``csto.cli.errmap``); they never
inspect messages. Each class carries a stable ``code`` that documents and tests may cite.

::

    CstoError                         E000  base; never raised itself
    ├── InputError                    E100  bad input from a user or a file (exit 2)
    │   ├── RecordError               E110  a record file is malformed or inconsistent
    │   ├── UnknownIdError            E120  an id (event, source, state, instrument) not known
    │   ├── DateError                 E130  a date that cannot be read
    │   ├── ImportDataError           E140  a store import file is malformed
    │   ├── LimitError                E150  an input over a size, nesting or alias limit
    │   └── UnsupportedFormatError    E160  input in a format csto does not read
    ├── RefusedError                  E200  a well-formed action the rules refuse (exit 2)
    │   ├── ConcurrencyError          E210  an append with a stale expected version
    │   ├── IdempotencyKeyError       E220  an idempotency key reused for another append
    │   └── MoveRefusedError          E230  a procedure's move the law refuses (defined in
    │                                       csto.procedures.base; carries the verdict)
    ├── StoreError                    E300  the event store failed (exit 1)
    │   ├── IntegrityError            E310  the store's hash chain does not verify
    │   └── NoStoreError              E320  no csto store where one was named (exit 2)
    └── InternalError                 E900  a bug in csto (exit 1)

Errors that describe several problems at once (a record with ten broken events) carry them
as :class:`Problem` items, each naming the file, line, field, what was expected, what
arrived and how to fix it. Their ``str`` lists every problem (at most
:data:`MAX_LISTED`, then a count), and every part of a problem is cut to a bounded length
when the problem is made: an error message never renders more than it prints.
:func:`preview` describes any value in a bounded number of characters without rendering
the whole of it first (an alias bomb or a 10 MB string stays cheap to describe).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "MAX_LISTED",
    "ConcurrencyError",
    "CstoError",
    "DateError",
    "IdempotencyKeyError",
    "ImportDataError",
    "InputError",
    "IntegrityError",
    "InternalError",
    "LimitError",
    "NoStoreError",
    "Problem",
    "RecordError",
    "RefusedError",
    "StoreError",
    "UnknownIdError",
    "UnsupportedFormatError",
    "preview",
]

#: how many problems an error's text lists before it says how many more there are
MAX_LISTED = 50
#: the most characters one part of a problem (message, field, expected, got, fix) keeps
_MAX_PART = 400


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def preview(value: object, width: int = 60) -> str:
    """A short description of ``value`` (its type, and a bounded repr), never longer than
    ``width`` characters, computed without rendering more than it shows."""
    text = _preview(value, 3, width)
    return _cut(f"{type(value).__name__} {text}", width)


def _preview(value: object, depth: int, width: int) -> str:
    if value is None or isinstance(value, bool | float | dt.date):
        return repr(value)
    if isinstance(value, int):
        bits = value.bit_length()
        return repr(value) if bits <= 256 else f"<a number of about {int(bits * 0.30103)} digits>"
    if isinstance(value, str | bytes):
        return repr(value[: width + 1])
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        opening, closing = ("{", "}") if isinstance(value, Mapping | set | frozenset) else "[]"
        if depth == 0 or not value:
            return opening + ("..." if value else "") + closing
        parts: list[str] = []
        items = iter(value.items()) if isinstance(value, Mapping) else iter(value)
        for i, item in enumerate(items):
            if i == 4:
                parts.append("...")
                break
            if isinstance(value, Mapping):
                key, inner = item
                parts.append(
                    f"{_preview(key, depth - 1, width)}: {_preview(inner, depth - 1, width)}"
                )
            else:
                parts.append(_preview(item, depth - 1, width))
        return opening + ", ".join(parts) + closing
    return f"<{type(value).__name__}>"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    expected: str | None = None
    got: str | None = None
    fix: str | None = None

    def __post_init__(self) -> None:
        for name in ("message", "file", "field", "expected", "got", "fix"):
            value = getattr(self, name)
            if isinstance(value, str) and len(value) > _MAX_PART:
                object.__setattr__(self, name, _cut(value, _MAX_PART))

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file + (f":{self.line}" if self.line is not None else "")
        parts = [f"{where}: " if where else ""]
        if self.field:
            parts.append(f"field '{self.field}': ")
        parts.append(self.message)
        if self.expected is not None:
            parts.append(f"; expected {self.expected}")
        if self.got is not None:
            parts.append(f", got {self.got}")
        if self.fix:
            parts.append(f". Fix: {self.fix}")
        return "".join(parts)


class CstoError(Exception):
    """Base of every error csto raises on purpose."""

    code = "E000"

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        message = _cut(message, 4 * _MAX_PART)
        self.message = message
        self.problems = problems
        super().__init__(message)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message] + [f"  - {p}" for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(f"  ... and {len(self.problems) - MAX_LISTED} more problem(s)")
        return "\n".join(lines)


class InputError(CstoError):
    """Bad input: a malformed file, option or request."""

    code = "E100"


class RecordError(InputError):
    """A record file is malformed, or the history it describes is inconsistent."""

    code = "E110"


class UnknownIdError(InputError):
    """An id that names nothing we know (an event, a source, a state, an instrument)."""

    code = "E120"


class DateError(InputError):
    """A date that cannot be read as ISO 8601 (day, month or year)."""

    code = "E130"


class ImportDataError(InputError):
    """A file given to ``csto store import`` is malformed; nothing was written."""

    code = "E140"


class LimitError(InputError):
    """An input over a limit csto keeps so that no input can hang it or exhaust its memory:
    a file or request body too large, nesting too deep, YAML aliases that expand too far.
    The message names the limit and how to raise it."""

    code = "E150"


class UnsupportedFormatError(InputError):
    """Input in a format csto does not read: a request body that is not declared as JSON,
    a file of a kind the command does not take."""

    code = "E160"


class RefusedError(CstoError):
    """A well-formed action that the rules refuse."""

    code = "E200"


class ConcurrencyError(RefusedError):
    """An append whose expected version is stale: another writer got there first."""

    code = "E210"


class IdempotencyKeyError(RefusedError):
    """An idempotency key already used for a different append (other stream or events)."""

    code = "E220"


class StoreError(CstoError):
    """The event store failed (connection, disk, schema)."""

    code = "E300"


class IntegrityError(StoreError):
    """The store's hash chain does not verify: a row was altered, removed or reordered."""

    code = "E310"


class NoStoreError(StoreError):
    """No csto store where one was named: a missing file, an empty or foreign file, a
    schema without csto's tables. The caller named the wrong place (exit 2)."""

    code = "E320"


class InternalError(CstoError):
    """A bug in csto. Please report it with the command that triggered it."""

    code = "E900"
