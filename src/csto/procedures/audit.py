"""Re-judge a procedure rebuilt from its log: every step taken again, under the law, and
compared with what the log says it was.

A log is a file a person can edit, so what it says is not trusted: :func:`audit` opens the
procedure again from its opening move on the same world, makes every logged move again
through :meth:`Procedure.act` (the machine's guards and the law), and compares each step it
gets with the logged one, field by field (the move's status, the states, the notes, the
verdict, the departure, the events emitted). The first step that differs, or that the law
refuses now, is named by its number, its line in the log and its field. A step differs when
the log was altered (a vote by a state that had left, a changed outcome), or when the record
or the law changed since the step was taken; the error says both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn

from csto.errors import InputError, Problem, preview
from csto.procedures.base import Judge, Procedure
from csto.procedures.codec import header_to_data, step_to_data
from csto.procedures.world import World

__all__ = ["audit"]

_WHY = (
    "the log was altered after the step was taken, or the record or the law changed since; "
    "take the moves again in a new log ('csto <procedure> new', then 'act')"
)


def audit(proc: Procedure[Any], *, world: World, judge: Judge, file: str = "<log>") -> None:
    """Take every step of ``proc`` again from its opening under ``judge`` on ``world``; an
    InputError naming the first step (its line in the log, line 1 being the header) that
    the law refuses now or that differs from what the log says."""
    fresh = Procedure.open(proc.machine, proc.id, proc.opening, world=world, context=proc.context)
    said, got = header_to_data(proc), header_to_data(fresh)
    where = _first_difference(said, got)
    if where is not None:
        _raise(file, 1, "the header", where)
    for logged in proc.steps:
        line = logged.number + 1
        taken = fresh.act(logged.move, world=world, judge=judge)
        if taken.refused:
            raise InputError(
                f"{file}: step {logged.number} (line {line}) does not hold: the law refuses "
                "its move",
                (
                    *(Problem(p, file, line, "move") for p in taken.problems),
                    Problem("the log says it was taken", file, line, "status", fix=_WHY),
                ),
            )
        said, got = step_to_data(logged), step_to_data(taken)
        where = _first_difference(said, got)
        if where is not None:
            _raise(file, line, f"step {logged.number}", where)


def _raise(file: str, line: int, what: str, where: tuple[str, Any, Any]) -> NoReturn:
    field, said, got = where
    raise InputError(
        f"{file}: {what} (line {line}) does not hold: taken again, it differs at '{field}'",
        (
            Problem(
                "the log says one thing, the move taken again another",
                file,
                line,
                field,
                expected=f"{preview(got)} (as the move gives it now)",
                got=preview(said),
                fix=_WHY,
            ),
        ),
    )


def _first_difference(said: Any, got: Any, path: str = "") -> tuple[str, Any, Any] | None:
    """The first place (a dotted path) where two plain values differ, with both values."""
    if isinstance(said, Mapping) and isinstance(got, Mapping):
        for key in [*said, *(k for k in got if k not in said)]:
            inner = _first_difference(said.get(key), got.get(key), _join(path, str(key)))
            if inner is not None:
                return inner
        return None
    if isinstance(said, list) and isinstance(got, list) and len(said) == len(got):
        for index, (a, b) in enumerate(zip(said, got, strict=True)):
            inner = _first_difference(a, b, f"{path}[{index}]")
            if inner is not None:
                return inner
        return None
    if said != got or type(said) is not type(got):
        return (path or "(the whole line)", said, got)
    return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
