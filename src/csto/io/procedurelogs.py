"""Procedure logs: where a procedure's header and steps are kept, and the world it is judged in.

This module is the one seam between the procedures (pure: :mod:`csto.procedures`, whose
codec turns a procedure into plain mappings and back) and where their logs live. Today a
log is a JSON Lines file: the header, then one line per step taken (a refused move is not
written). Putting logs somewhere else (the event store, say) means changing these
functions only: :func:`start_log`, :func:`load_log`, :func:`append_step`.

:func:`world_and_judge` builds what a move is judged against: the curated record (less the
events named at ``new`` with ``--without``) and the engine under the profile chosen then.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from csto.errors import InputError, Problem
from csto.io.lawfiles import load_engine
from csto.io.limits import load_json, read_text
from csto.io.recordfiles import load_record
from csto.law.engine import Engine
from csto.procedures import Judge, Procedure, Step, World
from csto.procedures.codec import header_to_data, procedure_from_data, step_to_data
from csto.state.history import History

__all__ = ["append_step", "load_log", "read_log", "start_log", "world_and_judge"]


def read_log(path: str | Path) -> list[dict[str, Any]]:
    """The log's lines as mappings (header first); InputError naming the line otherwise."""
    name = str(path)
    file = Path(path)
    if not file.exists():
        raise InputError(
            f"no procedure log {name!r}",
            (Problem("file not found", file=name, fix="start one with 'csto <procedure> new'"),),
        )
    lines: list[dict[str, Any]] = []
    text = read_text(file)  # bounded: size, UTF-8 located
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        obj = load_json(name, raw, line=number)  # bounded: nesting, numbers, surrogates
        if not isinstance(obj, dict):
            raise InputError(
                f"{name} is not a procedure log",
                (Problem("expected one JSON object per line", name, number),),
            )
        lines.append(obj)
    return lines


def load_log(path: str | Path) -> Procedure[Any]:
    """The procedure rebuilt from its log (without asking the law)."""
    return procedure_from_data(read_log(path), str(path))


def start_log(path: str | Path, proc: Procedure[Any]) -> None:
    """Write a new log holding the procedure's header; refuses to overwrite one."""
    file = Path(path)
    if file.exists():
        raise InputError(
            f"{path} exists already",
            (Problem("will not overwrite a log", file=str(path), fix="choose another --log path"),),
        )
    try:
        with file.open("x", encoding="utf-8") as handle:
            handle.write(_line(header_to_data(proc)))
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc}") from None


def append_step(path: str | Path, step: Step) -> None:
    """Add a step taken to the log."""
    try:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(_line(step_to_data(step)))
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc}") from None


def world_and_judge(context: dict[str, Any]) -> tuple[World, Judge, Engine]:
    """The world a procedure with this ``context`` (its profile, the events it sets aside)
    is judged in, the judge under its profile, and the engine."""
    history = History(load_record())
    engine = load_engine(history.record)
    profile = engine.profile(str(context.get("profile", "default")))
    world = World.of(history, without=context.get("without", ()))
    return world, functools.partial(engine.judge, profile=profile), engine


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
