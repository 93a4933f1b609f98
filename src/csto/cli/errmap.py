"""The one table from domain errors to exit codes and one-line labels for the terminal.

Exit 2: the user's input or action was refused (bad input, a refused action). Exit 1: csto
or its store failed. The most specific class listed wins.
"""

from __future__ import annotations

from csto.errors import (
    CstoError,
    InputError,
    IntegrityError,
    InternalError,
    NoStoreError,
    RefusedError,
    StoreError,
)

__all__ = ["EXIT_CODES", "exit_code_for", "label_for"]

#: error class -> (exit code, label printed before the message)
EXIT_CODES: dict[type[CstoError], tuple[int, str]] = {
    InputError: (2, "bad input"),
    RefusedError: (2, "refused"),
    IntegrityError: (1, "integrity check failed"),
    NoStoreError: (2, "no store"),
    StoreError: (1, "store error"),
    InternalError: (1, "internal error"),
    CstoError: (1, "error"),
}


def _entry(error: CstoError) -> tuple[int, str]:
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return EXIT_CODES[CstoError]  # pragma: no cover - CstoError is always in the MRO


def exit_code_for(error: CstoError) -> int:
    """The process exit code for a domain error."""
    return _entry(error)[0]


def label_for(error: CstoError) -> str:
    """The short label printed before the error's message."""
    return _entry(error)[1]
