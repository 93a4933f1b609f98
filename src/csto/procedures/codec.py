"""Procedures as plain data, and back: a log is a list of JSON-ready mappings (one per line of
a JSON Lines file, written and read by the edges).

The first mapping is the header (``format: csto.procedure/1``, the machine, the procedure's
id, the opening move, the memory and state it started with, and a free ``context`` the edges
use for the profile and the record events set aside); each further mapping is one step: the
move, its status, the states before and after, the notes, the verdict document, any
departure, and the record events emitted (as the record files write them). A procedure is
rebuilt from its log without asking the law (:meth:`Procedure.rebuild`). Moves are read with
the record's decoder, so that every problem names its field and the fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from csto.errors import InputError, InternalError, Problem, RecordError, preview
from csto.law.fields import Resolved, decode, json_schema
from csto.procedures.base import Departure, Machine, Move, NoNotes, Procedure, Step
from csto.procedures.registry import MACHINES
from csto.record.codec import Decoder, event_from_data, to_data

__all__ = [
    "FORMAT",
    "header_to_data",
    "machine_named",
    "move_from_data",
    "move_schema",
    "move_to_data",
    "procedure_document",
    "procedure_from_data",
    "procedure_to_data",
    "read_move",
    "step_to_data",
]

FORMAT = "csto.procedure/1"


def machine_named(kind: str) -> Machine[Any]:
    """The machine registered as ``kind``; an InputError naming the choices otherwise."""
    machine = MACHINES.get(kind)
    if machine is None:
        raise InputError(
            f"no procedure named {kind!r}",
            (Problem("unknown procedure", field="procedure", expected=", ".join(MACHINES)),),
        )
    return machine


def read_move(
    machine: Machine[Any],
    data: Mapping[str, Any],
    *,
    file: str = "<move>",
    path: str = "move",
    today: dt.date | None = None,
) -> tuple[Move, tuple[Resolved, ...]]:
    """One move from ``{"move": "adopt", "date": "2009-06-14", ...}`` (through the same
    decoder as actions: :mod:`csto.law.fields`), and how any state's name in it was read;
    InputError listing every problem by field otherwise."""
    verb = data.get("move")
    if verb == machine.opening.verb:
        cls: type[Move] = machine.opening
    else:
        cls = machine.transition(str(verb)).move
    return decode(cls, data, file=file, path=path, skip=("move",), today=today)


def move_schema(machine: Machine[Any]) -> dict[str, Any]:
    """The JSON Schema of the machine's moves (the opening one included), generated from the
    moves' field declarations as their decoder is."""
    classes = [machine.opening, *(t.move for t in machine.transitions)]
    return {"oneOf": [json_schema(cls, "move") for cls in classes]}


def move_from_data(
    machine: Machine[Any], data: Mapping[str, Any], *, file: str = "<move>", path: str = "move"
) -> Move:
    """:func:`read_move` without saying how names were read."""
    return read_move(machine, data, file=file, path=path)[0]


def move_to_data(move: Move) -> dict[str, Any]:
    out: dict[str, Any] = {"move": move.verb}
    for key, value in to_data(move).items():
        if value is False and key == "depart":
            continue
        out[key] = value
    return out


def header_to_data(proc: Procedure[Any]) -> dict[str, Any]:
    data, state = proc.start
    return {
        "format": FORMAT,
        "procedure": proc.machine.kind,
        "id": proc.id,
        "opened": move_to_data(proc.opening),
        "start": {"state": state, "data": to_data(data)},
        "context": dict(proc.context),
    }


def step_to_data(step: Step) -> dict[str, Any]:
    out: dict[str, Any] = {
        "step": step.number,
        "move": move_to_data(step.move),
        "status": step.status,
        "from": step.before,
        "to": step.after,
        "events": [to_data(e) for e in step.events],
    }
    if not isinstance(step.notes, NoNotes):
        out["notes"] = _notes_data(step.notes)
    if step.departure is not None:
        out["departure"] = to_data(step.departure)
    if step.judgement is not None:
        out["verdict"] = dict(step.judgement)
    return out


def procedure_to_data(proc: Procedure[Any]) -> list[dict[str, Any]]:
    """The whole log: the header, then one mapping per step."""
    return [header_to_data(proc), *(step_to_data(s) for s in proc.steps)]


def procedure_document(proc: Procedure[Any]) -> dict[str, Any]:
    """Where a procedure stands, for people and programs (``csto <procedure> show --json``):
    its state, what its memory says, the moves open from here, its departures, its log."""
    return {
        "format": FORMAT,
        "procedure": proc.machine.kind,
        "id": proc.id,
        "state": proc.state,
        "describe": proc.machine.describe(proc.data),
        "next": [t.verb for t in proc.machine.available(proc.state)],
        "departures": [s.number for s in proc.departures],
        "log": procedure_to_data(proc),
    }


def procedure_from_data(lines: Sequence[Mapping[str, Any]], file: str = "<log>") -> Procedure[Any]:
    """Rebuild a procedure from its log (header first); InputError naming the line otherwise."""
    if not lines:
        raise InputError(f"{file} holds no procedure", (Problem("empty log", file=file),))
    check_shape(lines, file)
    header = lines[0]
    if header.get("format") != FORMAT:
        raise InputError(
            f"{file} is not a procedure log",
            (
                Problem(
                    "the first line must be the procedure's header",
                    file=file,
                    line=1,
                    field="format",
                    expected=FORMAT,
                    got=repr(header.get("format")),
                    fix="start a log with 'csto <procedure> new'",
                ),
            ),
        )
    machine = machine_named(str(header.get("procedure")))
    pid = str(header.get("id"))
    opening = _at(file, 1, lambda: move_from_data(machine, header["opened"], file=file))
    start = header.get("start") or {}
    decoder = Decoder(file)
    data = decoder.build(machine.data_type, start.get("data", {}), start, "start.data")
    if data is None or decoder.problems:
        raise InputError(f"{file}: the header's start data cannot be read", tuple(decoder.problems))
    state = str(start.get("state"))
    if state not in machine.states:
        raise InputError(
            f"{file}: line 1: field 'start.state': {state!r} is not a state of the "
            f"{machine.kind} procedure"
        )
    steps = [
        _at(file, number, lambda raw=raw: _step(machine, raw, file))
        for number, raw in enumerate(lines[1:], start=2)
    ]
    try:
        return Procedure.rebuild(
            machine, pid, opening, (data, state), steps, context=header.get("context") or {}
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            f"{file}: the steps cannot be replayed; the log has been altered",
            (Problem(f"a step's move, notes or events do not fit: {exc!s:.120}", file),),
        ) from None


#: the fields of a log's lines: name -> (accepted types, what is expected)
_HEADER: dict[str, tuple[tuple[type, ...], str]] = {
    "format": ((str,), "the text " + FORMAT),
    "procedure": ((str,), "a procedure's name"),
    "id": ((str,), "the procedure's id"),
    "opened": ((dict,), "the opening move, a mapping"),
    "start": ((dict,), "a mapping with 'state' and 'data'"),
    "context": ((dict,), "a mapping (profile, without)"),
    "chain": ((str,), "the hash chain's name"),
}
_STEP: dict[str, tuple[tuple[type, ...], str]] = {
    "step": ((int,), "the step's number"),
    "prev": ((str,), "the SHA-256 of the line before (the log's hash chain)"),
    "move": ((dict,), "the move, a mapping"),
    "status": ((str,), "done or departed"),
    "from": ((str,), "a state of the procedure"),
    "to": ((str,), "a state of the procedure"),
    "events": ((list,), "a list of record events"),
    "notes": ((dict,), "a mapping"),
    "verdict": ((dict,), "a verdict document"),
    "departure": ((dict,), "a departure, a mapping"),
}
_REQUIRED_STEP = ("step", "move", "status", "from", "to")


def check_shape(lines: Sequence[Mapping[str, Any]], file: str = "<log>") -> None:
    """Every line of a log has the fields it needs, each of the right type; an InputError
    naming each wrong field by line otherwise (before anything is rebuilt)."""
    problems: list[Problem] = []

    def check(raw: Mapping[str, Any], line: int, fields: Mapping[str, Any], need: Any) -> None:
        for name in need:
            if name not in raw:
                problems.append(Problem("missing field", file, line, name, fields[name][1]))
        for name, (types, expected) in fields.items():
            value = raw.get(name)
            if value is None and name not in need:
                continue
            if not isinstance(value, types) or isinstance(value, bool):
                problems.append(
                    Problem("wrong type", file, line, name, expected, got=preview(value))
                )

    check(lines[0], 1, _HEADER, ("format", "procedure", "id", "opened", "start"))
    start = lines[0].get("start")
    if isinstance(start, dict):
        if not isinstance(start.get("state"), str):
            problems.append(Problem("wrong type", file, 1, "start.state", "a state's name"))
        if not isinstance(start.get("data", {}), dict):
            problems.append(Problem("wrong type", file, 1, "start.data", "a mapping"))
    context = lines[0].get("context") or {}
    if isinstance(context, dict):
        if not isinstance(context.get("profile", ""), str):
            problems.append(Problem("wrong type", file, 1, "context.profile", "a profile's id"))
        without = context.get("without", [])
        if not isinstance(without, list) or not all(isinstance(w, str) for w in without):
            problems.append(
                Problem("wrong type", file, 1, "context.without", "a list of event ids")
            )
    for number, raw in enumerate(lines[1:], start=2):
        check(raw, number, _STEP, _REQUIRED_STEP)
        if raw.get("status") not in ("done", "departed", None):
            problems.append(
                Problem(
                    "a step is done or departed",
                    file,
                    number,
                    "status",
                    "done or departed",
                    got=preview(raw.get("status")),
                )
            )
        events = raw.get("events")
        if isinstance(events, list) and not all(isinstance(e, dict) for e in events):
            problems.append(Problem("wrong type", file, number, "events", "record events"))
        verdict = raw.get("verdict")
        if isinstance(verdict, dict) and not isinstance(verdict.get("outcome"), str):
            problems.append(Problem("wrong type", file, number, "verdict.outcome", "an outcome"))
        if len(problems) > 100:
            break
    if problems:
        raise InputError(f"{file} is not a well-formed procedure log", tuple(problems))


def _notes_data(notes: object) -> dict[str, Any]:
    """A move's notes as the log keeps them (every field, None included)."""
    if not dataclasses.is_dataclass(notes) or isinstance(notes, type):  # pragma: no cover
        raise InternalError(f"notes must be a dataclass instance, not {notes!r}")
    return {f.name: to_data(getattr(notes, f.name)) for f in dataclasses.fields(notes)}


def _step(machine: Machine[Any], raw: Mapping[str, Any], file: str) -> Step:
    move = move_from_data(machine, raw["move"], file=file)
    transition = machine.transition(move.verb)
    notes: object = NoNotes()
    if transition.notes is not NoNotes:
        decoder = Decoder(file)
        notes = decoder.build(transition.notes, raw.get("notes"), raw, "notes")
        if notes is None:
            raise InputError("the step's notes cannot be read", tuple(decoder.problems))
    events = tuple(event_from_data(e, file) for e in raw.get("events", ()))
    departure = None
    if raw.get("departure") is not None:
        decoder = Decoder(file)
        departure = decoder.build(Departure, raw["departure"], raw, "departure")
        if departure is None:
            raise InputError("the departure cannot be read", tuple(decoder.problems))
    return Step(
        number=int(raw["step"]),
        move=move,
        status=raw["status"],
        before=str(raw["from"]),
        after=str(raw["to"]),
        events=events,
        notes=notes,
        judgement=raw.get("verdict"),
        departure=departure,
    )


def _at(file: str, line: int, read: Any) -> Any:
    """Run ``read``; a problem in it is reported at ``line`` of ``file``."""
    try:
        return read()
    except (InputError, RecordError) as exc:
        problems = tuple(
            Problem(p.message, file, line, p.field, p.expected, p.got, p.fix) for p in exc.problems
        ) or (Problem(exc.message, file, line),)
        raise InputError(f"{file}: line {line} cannot be read", problems) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"{file}: line {line} cannot be read",
            (Problem(f"missing or malformed: {exc}", file, line),),
        ) from None
