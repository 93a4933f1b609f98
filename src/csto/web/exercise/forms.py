"""The move forms: one HTML form per move a seat may make, generated from the move's fields
(:mod:`csto.law.fields`, as the command line's options are), and a submitted form read back
into a move for the engine's one decoder (:func:`csto.exercise.moves.read_move`).

A field's kind picks its control: text (a line, or a text area for words to the room), a
choice (a select), a yes/no flag (a checkbox), a day (a date picker), a whole number, a seat
(a select over the exercise's seats) or several seats (checkboxes). Where the room knows the
values (the agenda's items, the drafts' subjects, the prepared injects) the control offers
them. The field ``by`` is never offered: the session says whom a seat acts for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from csto.exercise.moves import MOVES, move_class
from csto.law.fields import FieldSpec, specs

__all__ = ["Control", "MoveForm", "move_form", "move_forms", "move_from_form"]


@dataclass(frozen=True)
class Control:
    """One form control: its field, widget, label, help and the values it offers."""

    name: str
    widget: str  # line, area, select, check, date, number, seats
    label: str
    help: str
    required: bool
    options: tuple[tuple[str, str], ...] = ()
    default: str = ""
    kind: str = "text"  # the field's kind (csto.law.fields)


@dataclass(frozen=True)
class MoveForm:
    verb: str
    label: str
    help: str
    controls: tuple[Control, ...]


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _control(spec: FieldSpec, room: Mapping[str, Any]) -> Control:
    seats: list[tuple[str, str]] = list(room.get("seats", ()))
    known: Sequence[str] = room.get(spec.name + "s", ())  # items, subjects, injects
    default = "" if spec.default is None or spec.default == () else str(spec.default)
    base: dict[str, Any] = {
        "name": spec.name,
        "label": _label(spec.name),
        "help": spec.help,
        "kind": spec.kind,
    }
    if spec.kind == "states":
        return Control(widget="seats", required=False, options=tuple(seats), **base)
    if spec.kind == "state" and spec.name == "seat":
        return Control(widget="select", required=spec.required, options=tuple(seats), **base)
    if spec.kind == "choice":
        options = tuple((c, c) for c in spec.choices)
        return Control(
            widget="select", required=spec.required, options=options, default=default, **base
        )
    if spec.kind == "bool":
        return Control(widget="check", required=False, default=default, **base)
    if spec.kind == "day":
        return Control(widget="date", required=spec.required, **base)
    if spec.kind == "int":
        return Control(widget="number", required=spec.required, default=default, **base)
    if spec.kind == "text" and known and spec.name in ("item", "subject", "id"):
        options = tuple((k, k) for k in known)
        return Control(widget="select", required=spec.required, options=options, **base)
    widget = "area" if spec.name == "text" else "line"
    return Control(widget=widget, required=spec.required, **base)


def move_form(verb: str, room: Mapping[str, Any]) -> MoveForm:
    """The form for ``verb``; ``room``: what the room offers (``seats``: (id, label) pairs,
    ``items``, ``subjects``, ``ids``: the agenda's items, drafts, prepared injects)."""
    cls = move_class(verb)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    controls = tuple(_control(s, room) for s in specs(cls) if s.name != "by")
    return MoveForm(cls.verb, _label(cls.verb), " ".join(doc.split()), controls)


def move_forms(verbs: Sequence[str], room: Mapping[str, Any]) -> list[MoveForm]:
    return [move_form(v, room) for v in verbs if v in MOVES]


def move_from_form(verb: str, form: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The move a submitted form describes, as data for :func:`read_move` (empty controls
    are left out; the decoder judges the rest)."""
    cls = move_class(verb)
    out: dict[str, Any] = {"move": cls.verb}
    for spec in specs(cls):
        if spec.name == "by":
            continue
        values = [v for v in form.get(spec.name, ()) if v.strip()]
        if spec.kind == "states":
            if values:
                out[spec.name] = values
        elif spec.kind == "bool":
            if values:
                out[spec.name] = values[-1] if values[-1] != "on" else True
        elif values:
            out[spec.name] = values[-1]
    return out
