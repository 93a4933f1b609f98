"""The one table from domain errors to HTTP statuses, and RFC 9457 problem documents.

A bad request never becomes a 500: every :class:`~csto.errors.CstoError` maps to a status
here (the most specific class listed wins), and the request validation of the framework is
turned into the same document. A problem document names each field that is wrong::

    {"type": "/problems/E130", "title": "bad input", "status": 400, "code": "E130",
     "detail": "'2023-02-30' is not a day", "instance": "/api/state?date=2023-02-30",
     "problems": [{"field": "date", "message": "...", "expected": "YYYY-MM-DD"}]}

Only an unexpected exception (a bug) is a 500, with code E900 and no traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from csto.errors import (
    CstoError,
    DateError,
    InputError,
    IntegrityError,
    InternalError,
    LimitError,
    NoStoreError,
    Problem,
    RefusedError,
    StoreError,
    UnknownIdError,
    UnsupportedFormatError,
    preview,
)

__all__ = [
    "PROBLEM_SCHEMA",
    "STATUSES",
    "describe",
    "problem_document",
    "status_for",
    "validation_problems",
]

#: error class -> (HTTP status, title)
STATUSES: dict[type[CstoError], tuple[int, str]] = {
    UnknownIdError: (404, "not found"),
    DateError: (400, "bad date"),
    LimitError: (413, "over a limit"),
    UnsupportedFormatError: (415, "unsupported media type"),
    InputError: (400, "bad input"),
    RefusedError: (422, "refused"),
    IntegrityError: (503, "integrity check failed"),
    NoStoreError: (503, "store unavailable"),
    StoreError: (503, "store unavailable"),
    InternalError: (500, "internal error"),
    CstoError: (500, "error"),
}

#: the JSON Schema of a problem document, for the OpenAPI description
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem (RFC 9457)",
    "required": ["type", "title", "status", "code", "detail", "problems"],
    "properties": {
        "type": {"type": "string", "description": "a URI reference naming the error code"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": {"type": "string", "pattern": "^E[0-9]{3}$"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["message"],
                "properties": {
                    "message": {"type": "string"},
                    "field": {"type": "string"},
                    "expected": {"type": "string"},
                    "got": {"type": "string"},
                    "fix": {"type": "string"},
                },
            },
        },
    },
}


def _entry(error: CstoError) -> tuple[int, str]:
    for cls in type(error).__mro__:
        if cls in STATUSES:
            return STATUSES[cls]
    return STATUSES[CstoError]  # pragma: no cover - CstoError is always in the MRO


def describe(code: str) -> dict[str, Any] | None:
    """What an error code means: its class, what it says, and the HTTP status it gets."""
    import csto.errors

    for name in csto.errors.__all__:
        cls = getattr(csto.errors, name)
        if isinstance(cls, type) and issubclass(cls, CstoError) and cls.code == code:
            status, title = STATUSES.get(cls) or next(
                STATUSES[c] for c in cls.__mro__ if c in STATUSES
            )
            return {"name": name, "doc": cls.__doc__ or "", "status": status, "title": title}
    return None


def status_for(error: CstoError) -> int:
    """The HTTP status for a domain error."""
    return _entry(error)[0]


def _text(value: object) -> str:
    """Text that can be sent as UTF-8 (a lone surrogate from the request becomes "?")."""
    return str(value).encode("utf-8", "replace").decode("utf-8")


def _problem(p: Problem) -> dict[str, Any]:
    out: dict[str, Any] = {"message": _text(p.message)}
    for key in ("field", "expected", "got", "fix"):
        value = getattr(p, key)
        if value is not None:
            out[key] = _text(value)
    return out


def problem_document(
    error: CstoError, instance: str | None = None, status: int | None = None
) -> dict[str, Any]:
    """The RFC 9457 document for a domain error (``status`` overrides the table)."""
    code_status, title = _entry(error)
    doc: dict[str, Any] = {
        "type": f"/problems/{error.code}",
        "title": title,
        "status": status or code_status,
        "code": error.code,
        "detail": _text(error.message),
        "problems": [_problem(p) for p in error.problems],
    }
    if instance is not None:
        doc["instance"] = _text(instance)
    return doc


def validation_problems(errors: Sequence[Mapping[str, Any]]) -> InputError:
    """The framework's request-validation errors as one :class:`InputError`, by field."""
    problems = []
    for err in errors:
        loc: Iterable[Any] = err.get("loc", ())
        parts = [str(x) for x in loc if x not in ("query", "path", "body", "header")]
        field = ".".join(parts) or "request"
        got = err.get("input")
        problems.append(
            Problem(
                str(err.get("msg", "invalid value")),
                field=field,
                got=None if got is None or isinstance(got, dict) else preview(got),
            )
        )
    fields = ", ".join(sorted({p.field or "request" for p in problems}))
    return InputError(f"the request is not valid: check {fields}", tuple(problems))
