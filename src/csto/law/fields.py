"""The one field surface of everything a person asks or does: actions and procedure moves.

Each field is declared once, on its dataclass, with one of the helpers below (its type comes
from the annotation, its choices from a ``Literal``, its help from the declaration):

    by: str = state("Who asks for help.")
    grounds: Literal["aggression", "threat", "unrest"] = choice("Why.")
    requested: bool = flag("Whether the member asked for assistance.", default=True)

:func:`specs` reads the declarations into :class:`FieldSpec` s, from which every surface is
generated: the command line's options (``csto.cli.fields``), the web form
(``csto.web.lawview``), the JSON Schema (:func:`json_schema`) and the strict decoder
(:func:`decode`), so the command line, files and the web API accept and refuse exactly the
same inputs. The decoder reads what people type as well as what programs send:

- a state field takes a state's code or its English or Russian name, in any case, and says
  how it read a name (:class:`Resolved`); anything else is refused with the closest states;
- a boolean takes ``true``/``false`` and the words people type (``yes``, ``no``, ``1``,
  ``0``, ``on``, ``off``);
- a day is ``YYYY-MM-DD`` from 1900 to 2999; text is a non-empty string (a number is read as
  its text); every other problem names the field, what was expected and the closest choices.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass
from typing import Any, Literal, TypeVar, get_args, get_origin

from csto.codes import (
    ORGANS,
    STATES,
    closest_states,
    is_state_code,
    resolve_state,
    state_words,
)
from csto.errors import DateError, InputError, Problem
from csto.record.dates import EventDate

__all__ = [
    "BOOL_WORDS",
    "FIRST_DAY",
    "LAST_DAY",
    "POSITIONS",
    "FieldSpec",
    "Kind",
    "Resolved",
    "choice",
    "day",
    "decode",
    "flag",
    "json_schema",
    "number",
    "organ",
    "period",
    "positions",
    "specs",
    "state",
    "states",
    "text",
]

T = TypeVar("T")

#: the days an action or a move may carry (notice periods and terms are counted from them)
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
DAY_PATTERN = r"^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$"
#: a member's position on a draft
POSITIONS: tuple[str, ...] = ("support", "object", "abstain", "absent", "not_participate")
#: an organisation's name has a letter (Latin or Cyrillic)
_LETTER = re.compile("[A-Za-zА-Яа-яЁё]")
#: the words a boolean field takes (case does not matter)
BOOL_WORDS: dict[str, bool] = {
    "true": True,
    "yes": True,
    "y": True,
    "on": True,
    "1": True,
    "false": False,
    "no": False,
    "n": False,
    "off": False,
    "0": False,
}

Kind = Literal[
    "text", "day", "period", "bool", "int", "choice", "organ", "state", "states", "positions"
]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One declared field: its name, kind, help, whether it is required, its default, the
    choices it takes, whether null is allowed, and for state fields what else they take
    (``also``: fixed words such as ``SG``; ``any_state``: any state's code, not only the
    parties'; ``organisations``: an organisation's name)."""

    name: str
    kind: Kind
    help: str
    required: bool
    default: Any = None
    choices: tuple[str, ...] = ()
    nullable: bool = False
    also: tuple[str, ...] = ()
    any_state: bool = False
    organisations: bool = False

    @property
    def option(self) -> str:
        """The command-line option: ``--next-host``; ``--position`` and ``--contributor``
        for the repeatable ones."""
        if self.kind == "positions":
            return "--position"
        if self.kind == "states":
            return "--" + self.name.replace("_", "-").removesuffix("s")
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True, slots=True)
class Resolved:
    """A value the decoder read as something else: a state's name as its code."""

    field: str
    given: str
    read_as: str

    def says(self) -> str:
        return f"field '{self.field}': {self.given!r} read as {self.read_as}"


# --- declaring fields ---------------------------------------------------------------------


def _field(meta: dict[str, Any], default: Any = MISSING, factory: Any = MISSING) -> Any:
    if factory is not MISSING:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def text(help: str, default: Any = MISSING) -> Any:
    """Free text (a name, a subject, a reason)."""
    return _field({"help": help}, default)


def day(help: str, default: Any = MISSING) -> Any:
    """A day, ``YYYY-MM-DD``."""
    return _field({"help": help}, default)


def period(help: str, default: Any = MISSING) -> Any:
    """A day, a month or a year, as the sources date something (``2017``, ``2017-04``)."""
    return _field({"help": help}, default)


def flag(help: str, default: Any = MISSING) -> Any:
    """Yes or no (None, where allowed: not said)."""
    return _field({"help": help}, default)


def number(help: str, default: Any = MISSING) -> Any:
    """A whole number."""
    return _field({"help": help}, default)


def choice(help: str, default: Any = MISSING) -> Any:
    """One of the values of the field's ``Literal`` type."""
    return _field({"help": help}, default)


def organ(help: str, default: Any = MISSING) -> Any:
    """An organ's id (``CSC``, ``CFM``...)."""
    return _field({"help": help, "kind": "organ"}, default)


def state(
    help: str,
    default: Any = MISSING,
    *,
    also: tuple[str, ...] = (),
    any_state: bool = False,
    organisations: bool = False,
) -> Any:
    """A state that has been party to the Treaty, by code or name (``any_state``: any
    state's code; ``also``: fixed words taken as well; ``organisations``: an organisation's
    name as well)."""
    meta = {
        "help": help,
        "kind": "state",
        "also": also,
        "any_state": any_state,
        "organisations": organisations,
    }
    return _field(meta, default)


def states(help: str) -> Any:
    """Several states (repeatable on the command line)."""
    return _field({"help": help, "kind": "state"}, ())


def positions(help: str = "Members' positions; members not named are absent.") -> Any:
    """Each member's position: ``{STATE: support|object|abstain|absent|not_participate}``."""
    return _field({"help": help, "kind": "state"}, factory=dict)


# --- reading the declarations -------------------------------------------------------------


_SPECS: dict[type, tuple[FieldSpec, ...]] = {}


def specs(cls: type) -> tuple[FieldSpec, ...]:
    """The declared fields of dataclass ``cls``, in order."""
    found = _SPECS.get(cls)
    if found is None:
        found = _SPECS[cls] = _read_specs(cls)
    return found


def _read_specs(cls: type) -> tuple[FieldSpec, ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        nullable = get_origin(hint) in (typing.Union, types.UnionType) and type(None) in get_args(
            hint
        )
        base = next(a for a in get_args(hint) if a is not type(None)) if nullable else hint
        meta = f.metadata
        required = f.default is MISSING and f.default_factory is MISSING
        default = None if f.default is MISSING else f.default
        choices: tuple[str, ...] = ()
        kind: Kind
        if meta.get("kind") == "organ":
            kind, choices = "organ", tuple(ORGANS)
        elif get_origin(base) is dict:
            kind, choices = "positions", POSITIONS
        elif get_origin(base) is tuple:
            kind = "states"
        elif meta.get("kind") == "state":
            kind = "state"
        elif get_origin(base) is Literal:
            kind, choices = "choice", tuple(str(a) for a in get_args(base))
        elif base is bool:
            kind = "bool"
        elif base is int:
            kind = "int"
        elif base is dt.date:
            kind = "day"
        elif base is EventDate:
            kind = "period"
        elif base is str:
            kind = "text"
        else:  # pragma: no cover - a declaration this module does not know
            raise TypeError(f"{cls.__name__}.{f.name}: no field kind for {hint!r}")
        if "help" not in meta:  # pragma: no cover - a programming error
            raise TypeError(f"{cls.__name__}.{f.name} is declared without help")
        out.append(
            FieldSpec(
                name=f.name,
                kind=kind,
                help=str(meta["help"]),
                required=required,
                default=default,
                choices=choices,
                nullable=nullable,
                also=tuple(meta.get("also", ())),
                any_state=bool(meta.get("any_state", False)),
                organisations=bool(meta.get("organisations", False)),
            )
        )
    return tuple(out)


# --- decoding -----------------------------------------------------------------------------


def _line(node: object, key: object) -> int | None:
    lc = getattr(node, "lc", None)
    try:
        return None if lc is None else int(lc.key(key)[0]) + 1
    except (KeyError, TypeError, AttributeError):
        return None


def _describe(value: object) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:57] + '...' if len(text) > 60 else text}"


def _closest(word: str, choices: Sequence[str]) -> str:
    near = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.5)
    return f"; did you mean {' or '.join(near)}?" if near else ""


class _Reader:
    """Decode one mapping against the specs, collecting every problem."""

    def __init__(
        self, file: str, data: Mapping[str, Any], path: str, today: dt.date | None
    ) -> None:
        self.today = today
        self.file = file
        self.data = data
        self.path = path
        self.problems: list[Problem] = []
        self.resolved: list[Resolved] = []

    def problem(self, key: str, message: str, **kw: str) -> None:
        line = _line(self.data, key.split(".")[0].split("[")[0])
        self.problems.append(
            Problem(message, file=self.file, line=line, field=f"{self.path}.{key}", **kw)
        )

    def value(self, spec: FieldSpec, raw: object) -> Any:
        """The decoded value, or ``_BAD`` after recording a problem."""
        if raw is None and spec.nullable:
            return None
        kind = spec.kind
        if kind == "text":
            return self.text(spec.name, raw)
        if kind == "bool":
            return self.boolean(spec.name, raw)
        if kind == "int":
            if isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            if isinstance(raw, float) and raw.is_integer():
                return int(raw)
            if isinstance(raw, str) and re.fullmatch(r"-?[0-9]+", raw):
                return int(raw)
            self.problem(spec.name, "expected a whole number", got=_describe(raw))
            return _BAD
        if kind == "day":
            return self.day(spec.name, raw)
        if kind == "period":
            try:
                return EventDate.parse(raw)
            except DateError as exc:
                self.problem(spec.name, exc.message, fix='write 2012-06-19, "2012-06" or "2012"')
                return _BAD
        if kind in ("choice", "organ"):
            return self.choice(spec.name, raw, spec.choices)
        if kind == "state":
            return self.state(spec.name, raw, spec)
        if kind == "states":
            if not isinstance(raw, list | tuple):
                self.problem(spec.name, "expected a list of states", got=_describe(raw))
                return _BAD
            items = [self.state(f"{spec.name}[{i}]", v, spec) for i, v in enumerate(raw)]
            return _BAD if any(v is _BAD for v in items) else tuple(items)
        return self.positions(spec.name, raw)

    def text(self, key: str, raw: object) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            self.problem(key, "expected text", got=_describe(raw))
            return _BAD
        value = str(raw)
        if not value.strip():
            self.problem(key, "must not be empty")
            return _BAD
        return value

    def boolean(self, key: str, raw: object) -> Any:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str) and raw.strip().casefold() in BOOL_WORDS:
            return BOOL_WORDS[raw.strip().casefold()]
        self.problem(key, "expected yes or no", expected="true or false (yes, no, 1, 0)")
        return _BAD

    def day(self, key: str, raw: object) -> Any:
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            value: dt.date | None = raw
        elif self.today is not None and raw == "today":
            value = self.today
        else:
            try:
                ok = isinstance(raw, str) and re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", raw)
                value = dt.date.fromisoformat(raw) if ok and isinstance(raw, str) else None
            except ValueError:
                value = None
        if value is None:
            self.problem(key, "expected a day", expected="YYYY-MM-DD", got=_describe(raw))
            return _BAD
        if not FIRST_DAY <= value <= LAST_DAY:
            self.problem(
                key,
                f"{value} is outside the days csto judges",
                expected=f"a day from {FIRST_DAY} to {LAST_DAY}",
            )
            return _BAD
        return value

    def choice(self, key: str, raw: object, choices: tuple[str, ...]) -> Any:
        if isinstance(raw, str):
            word = raw.strip()
            if word in choices:
                return word
            folded = {c.casefold().replace("-", "_"): c for c in choices}
            found = folded.get(word.casefold().replace("-", "_"))
            if found is not None:
                return found
        self.problem(
            key,
            f"{raw!r} is not allowed here"
            + (_closest(raw, choices) if isinstance(raw, str) else ""),
            expected="one of " + ", ".join(choices),
        )
        return _BAD

    def state(self, key: str, raw: object, spec: FieldSpec) -> Any:
        if not isinstance(raw, str) or not raw.strip():
            self.problem(key, "expected a state's code or name", got=_describe(raw))
            return _BAD
        given = raw.strip()
        if given in spec.also:
            return given
        code = resolve_state(given)
        if code is not None:
            if code != given:
                self.resolved.append(Resolved(f"{self.path}.{key}", given, code))
            return code
        if spec.any_state and is_state_code(given.upper()) and given.isalpha():
            if given != given.upper():
                self.resolved.append(Resolved(f"{self.path}.{key}", given, given.upper()))
            return given.upper()
        if spec.organisations and _LETTER.search(given):
            return given
        near = closest_states(given)
        expected = (
            "a state's ISO alpha-3 code or its English or Russian name"
            + ("" if spec.any_state else " (" + ", ".join(STATES) + ")")
            + ("".join(f", or {w}" for w in spec.also[:3]) if spec.also else "")
            + (", or an organisation's name" if spec.organisations else "")
        )
        if is_state_code(given):
            says = "has never been a party to the Treaty"
        elif spec.organisations:
            says = "names no state, and an organisation's name has letters"
        else:
            says = "names no state"
        self.problem(
            key,
            f"{given[:60]!r} {says}" + (f"; did you mean {' or '.join(near)}?" if near else ""),
            expected=expected,
        )
        return _BAD

    def positions(self, key: str, raw: object) -> Any:
        if not isinstance(raw, Mapping):
            self.problem(key, "expected a mapping of member to position", got=_describe(raw))
            return _BAD
        spec = FieldSpec(key, "state", "", required=False)
        out: dict[str, str] = {}
        ok = True
        for who, position in raw.items():
            code = self.state(f"{key}.{who}", who, spec)
            value = self.choice(f"{key}.{who}", position, POSITIONS)
            if code is _BAD or value is _BAD:
                ok = False
            elif code in out:
                self.problem(f"{key}.{who}", f"{code} is named twice", fix="give one position")
                ok = False
            else:
                out[code] = value
        return out if ok else _BAD


class _Bad:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<bad>"


_BAD: Any = _Bad()


def decode(
    cls: type[T],
    data: Mapping[str, Any],
    *,
    file: str,
    path: str,
    skip: tuple[str, ...] = (),
    today: dt.date | None = None,
) -> tuple[T, tuple[Resolved, ...]]:
    """An instance of ``cls`` from ``data`` (the keys in ``skip`` are not fields), and how
    names were read; :class:`~csto.errors.InputError` listing every problem otherwise.

    ``today``: the day the word ``today`` stands for in a day field (the edges give the
    clock's day; the core never reads it); without it the word is refused."""
    reader = _Reader(file, data, path, today)
    fields = {s.name: s for s in specs(cls)}
    for key in data:
        if key in skip:
            continue
        if key not in fields:
            reader.problem(
                str(key),
                f"unknown field {str(key)[:40]!r}" + _closest(str(key), list(fields)),
                expected="one of " + ", ".join(fields),
                fix="remove it or correct its spelling",
            )
    kwargs: dict[str, Any] = {}
    for name, spec in fields.items():
        if name not in data:
            if spec.required:
                reader.problem(name, f"missing required field {name!r}", fix=f"add '{name}'")
            continue
        value = reader.value(spec, data[name])
        if value is not _BAD:
            kwargs[name] = value
    if reader.problems:
        raise InputError(f"the {_what(cls)} cannot be read", tuple(reader.problems))
    return cls(**kwargs), tuple(reader.resolved)


def _what(cls: type) -> str:
    verb = getattr(cls, "verb", "")
    return f"'{verb}' {'action' if hasattr(cls, 'actor_field') else 'move'}" if verb else "input"


# --- the JSON Schema ----------------------------------------------------------------------


def _state_schema(spec: FieldSpec) -> dict[str, Any]:
    """A state field: the codes and names it takes as written (the decoder also takes them
    in any case, with spaces around)."""
    known: dict[str, Any] = {"enum": [*state_words(), *spec.also]}
    if spec.any_state:
        return {"anyOf": [known, {"type": "string", "pattern": "^[A-Za-z]{3}$"}]}
    if spec.organisations:
        return {"anyOf": [known, {"type": "string", "pattern": _LETTER.pattern}]}
    return known


def _schema(spec: FieldSpec) -> dict[str, Any]:
    kind = spec.kind
    out: dict[str, Any]
    if kind == "text":
        out = {"anyOf": [{"type": "string", "pattern": "\\S"}, {"type": "number"}]}
    elif kind == "bool":
        out = {"anyOf": [{"type": "boolean"}, {"enum": [*BOOL_WORDS, 0, 1]}]}
    elif kind == "int":
        out = {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^-?[0-9]+$"}]}
    elif kind == "day":
        out = {
            "anyOf": [
                {"type": "string", "format": "date", "pattern": DAY_PATTERN},
                {"const": "today"},
            ]
        }
    elif kind == "period":
        out = {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}
    elif kind in ("choice", "organ"):
        out = {"enum": list(spec.choices)}
    elif kind == "state":
        out = _state_schema(spec)
    elif kind == "states":
        out = {"type": "array", "items": _state_schema(spec)}
    else:
        out = {
            "type": "object",
            "propertyNames": {"enum": list(STATES)},
            "additionalProperties": {"enum": list(POSITIONS)},
        }
    out["description"] = spec.help
    if spec.nullable:
        out = {"anyOf": [out, {"type": "null"}], "description": spec.help}
    return out


def json_schema(cls: type, tag: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The JSON Schema of ``cls`` as a mapping whose ``tag`` key holds its verb."""
    fields = [s for s in specs(cls) if s.name not in skip]
    return {
        "type": "object",
        "title": str(getattr(cls, "verb", cls.__name__)),
        "description": " ".join((cls.__doc__ or "").split()),
        "required": [tag, *(s.name for s in fields if s.required)],
        "properties": {
            tag: {"const": getattr(cls, "verb", cls.__name__)},
            **{s.name: _schema(s) for s in fields},
        },
        "additionalProperties": False,
    }
