"""The law as the pages and the API show it: instruments, the ask form, worked verdicts.

Everything legal comes from the law layer: the instruments and articles (``Law``), the
readings catalogue, the engine that judges, the documents (``article_document``,
``verdict_document``, ``readings_document``) and the law test cases. This module only
arranges them for the web:

- :class:`LawView` loads them once (the engine and the cases lazily, in a background
  thread started with the application, so the first page does not wait for them), judges
  an action on the organization as it stood when its day began (as ``csto ask`` does),
  and indexes the law cases' verdicts by the articles they cite: an article page's
  *worked verdicts*;
- :func:`action_fields` describes each action's fields for the ask form (from the action
  classes, as the command line's options are), :func:`action_from_form` reads the form
  back into the mapping ``csto ask`` files use, and :func:`action_schemas` gives the
  JSON Schema of ``POST /api/ask``'s body.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import types
import typing
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, get_args, get_origin

from csto.cases.links import episode_links
from csto.codes import ORGANS, STATES
from csto.errors import InputError, Problem, UnknownIdError
from csto.io.casefiles import load_episodes
from csto.io.lawfiles import load_cases, load_engine, load_law
from csto.law.actions import ACTIONS, FIELD_HELP, POSITIONS, Action, action_from_data
from csto.law.document import (
    article_document,
    instruments_document,
    readings_document,
    verdict_document,
)
from csto.law.engine import Engine
from csto.law.lawcases import LawCase, run_case, state_before
from csto.law.readings import Catalogue
from csto.law.texts import CHECK_LEVELS, ArticleRef, Law
from csto.law.verdict import Verdict
from csto.state.history import History

__all__ = [
    "CHECK_LEVELS",
    "Field",
    "LawView",
    "Worked",
    "action_fields",
    "action_from_form",
    "action_schemas",
    "article_label",
    "check_action_json",
]

T = TypeVar("T")

#: the days an action may be dated (the engine counts months and years from them)
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
#: the same bound as a pattern, for the OpenAPI document
DAY_PATTERN = r"^(19[0-9]{2}|2[0-9]{3})-[0-9]{2}-[0-9]{2}$"


def article_label(number: str) -> str:
    """How an article is cited without its instrument: ``art. 4``, ``preamble``, ``[budget]``."""
    return str(ArticleRef("", number)).strip()


@dataclass(frozen=True, slots=True)
class Worked:
    """A law test case's verdict, shown on the pages of the articles it cites."""

    case: LawCase
    verdict: Verdict
    document: dict[str, Any]
    problems: tuple[str, ...]  # where the engine departs from the case (empty: it agrees)

    @property
    def hypothetical(self) -> bool:
        """Whether the case adds hypothetical events to the history."""
        return bool(self.case.events)


class _Lazy:
    """Values computed once, on first use or by :meth:`LawView.warm`, under one lock."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._values: dict[str, Any] = {}

    def get(self, key: str, make: Callable[[], T]) -> T:
        with self._lock:
            if key not in self._values:
                self._values[key] = make()
            value: T = self._values[key]
            return value


class LawView:
    """The law for one history: texts, catalogue, engine, verdicts, worked cases."""

    def __init__(self, history: History) -> None:
        self.history = history
        self._lazy = _Lazy()

    @property
    def law(self) -> Law:
        """The instruments and their articles."""
        return self._lazy.get("law", lambda: load_law(self.history.record))

    @property
    def engine(self) -> Engine:
        """The engine, signing verdicts with the record's digest."""
        return self._lazy.get("engine", lambda: load_engine(self.history.record))

    @property
    def catalogue(self) -> Catalogue:
        """The readings and the profiles."""
        return self.engine.catalogue

    def warm(self) -> None:
        """Load everything now (the application calls this in a background thread)."""
        _ = self.law, self.engine, self.worked_index

    # --- instruments and articles --------------------------------------------------

    def has_text(self, instrument_id: str) -> bool:
        """Whether the law data holds this instrument's articles."""
        return instrument_id in self.law.instruments

    def instrument_document(
        self, instrument_id: str, number: str | None = None, on: dt.date | None = None
    ) -> dict[str, Any]:
        """``csto law show ID [NUMBER] [--on D] --json``; unknown ids name the field."""
        when = on or dt.date.today()
        status = self.history.on(when).instruments.get(instrument_id)
        if instrument_id not in self.law.instruments:
            raise UnknownIdError(
                f"no instrument {instrument_id[:80]!r} in the law data",
                (
                    Problem(
                        "no such instrument in the law data",
                        field="instrument_id",
                        expected="one of " + ", ".join(sorted(self.law.instruments)),
                        got=repr(instrument_id[:80]),
                    ),
                ),
            )
        try:
            return article_document(self.law, instrument_id, number, on, status)
        except UnknownIdError as exc:
            raise UnknownIdError(
                exc.message, (Problem("no such article", field="number", got=repr(number)),)
            ) from None

    def instruments_document(self) -> dict[str, Any]:
        """``csto law list --json``."""
        return instruments_document(self.law)

    def readings_document(self) -> dict[str, Any]:
        """``csto law readings --json``."""
        return readings_document(self.catalogue)

    # --- verdicts ------------------------------------------------------------------

    def judge(self, data: object, profile: str = "default") -> tuple[Action, Verdict]:
        """The verdict on an action mapping, on the state as its day began."""
        action = action_from_data(data, file="<request>", path="action")
        for f in dataclasses.fields(action):
            value = getattr(action, f.name)
            if isinstance(value, dt.date) and not FIRST_DAY <= value <= LAST_DAY:
                raise InputError(
                    f"{value} is outside the days the law can be asked about",
                    (
                        Problem(
                            "out of range",
                            field=f"action.{f.name}",
                            expected=f"a day from {FIRST_DAY} to {LAST_DAY}",
                            got=value.isoformat(),
                        ),
                    ),
                )
        if profile not in self.catalogue.profiles:
            raise UnknownIdError(
                f"no profile {profile[:40]!r}",
                (
                    Problem(
                        "no such interpretation profile",
                        field="profile",
                        expected="one of " + ", ".join(self.catalogue.profiles),
                        got=repr(profile[:40]),
                    ),
                ),
            )
        verdict = self.engine.judge(state_before(self.history, action.date), action, profile)
        return action, verdict

    def verdict_document(self, data: object, profile: str = "default") -> dict[str, Any]:
        """``csto ask ... --json`` for one action, with the documented episodes matching it."""
        action, verdict = self.judge(data, profile)
        episodes = self._lazy.get("episodes", lambda: load_episodes(self.history.record))
        return verdict_document(verdict, action, episode_links(episodes, action))

    @property
    def worked_index(self) -> dict[str, list[Worked]]:
        """Article label -> the law cases whose verdicts cite it, in file order."""

        def make() -> dict[str, list[Worked]]:
            index: dict[str, list[Worked]] = defaultdict(list)
            for case in load_cases():
                verdict, problems = run_case(self.engine, self.history, case)
                worked = Worked(
                    case, verdict, verdict_document(verdict, case.action), tuple(problems)
                )
                for label in dict.fromkeys(str(a) for a in verdict.articles):
                    index[label].append(worked)
            return dict(index)

        return self._lazy.get("worked", make)

    def worked(self, instrument_id: str, number: str) -> list[Worked]:
        """The worked verdicts citing one article."""
        return self.worked_index.get(str(ArticleRef(instrument_id, number)), [])


# --- the ask form ---------------------------------------------------------------------

FieldKind = Literal["date", "state", "code", "choice", "bool", "text", "positions", "states"]


@dataclass(frozen=True, slots=True)
class Field:
    """One input of the ask form."""

    name: str
    kind: FieldKind
    required: bool
    help: str
    choices: tuple[str, ...] = ()
    default: str | None = None


def _base(hint: Any) -> Any:
    if get_origin(hint) in (typing.Union, types.UnionType):
        return next(a for a in get_args(hint) if a is not type(None))
    return hint


def action_fields(verb: str) -> list[Field]:
    """The form's inputs for one verb, from the action class (as the CLI's options are)."""
    cls = ACTIONS[verb]
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if f.name == "note":
            continue
        hint = hints[f.name]
        base = _base(hint)
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        default = None if f.default in (dataclasses.MISSING, None) else str(f.default)
        help_text = FIELD_HELP.get(f.name, "")
        kind_meta = f.metadata.get("kind")
        if f.name == "positions":
            out.append(Field(f.name, "positions", False, help_text, POSITIONS))
        elif get_origin(hint) is tuple:
            out.append(Field(f.name, "states", False, help_text, tuple(STATES)))
        elif base is bool:
            out.append(Field(f.name, "bool", False, help_text, (), default))
        elif base is dt.date:
            out.append(Field(f.name, "date", required, help_text))
        elif get_origin(base) is Literal:
            choices = tuple(str(a) for a in get_args(base))
            out.append(Field(f.name, "choice", required, help_text, choices, default))
        elif kind_meta == "state" and verb == "accede":  # any state may ask to join
            out.append(Field(f.name, "code", required, help_text, (), default))
        elif kind_meta == "state":
            out.append(Field(f.name, "state", required, help_text, tuple(STATES), default))
        elif f.name == "by":  # a session or a draft: a member, the Secretary-General, an organ
            choices = (*STATES, "SG", *ORGANS)
            out.append(Field(f.name, "choice", required, help_text, choices, default))
        elif kind_meta == "organ":
            out.append(Field(f.name, "choice", required, help_text, tuple(ORGANS), default))
        else:
            out.append(Field(f.name, "text", required, help_text, (), default))
    return out


def action_from_form(verb: str, form: Mapping[str, list[str]]) -> dict[str, Any]:
    """The action mapping (as in ``csto ask`` files) from the form's query parameters.

    Empty inputs are left out (the action's defaults apply); a checkbox sends ``true``;
    positions come as ``positions.ARM=object``; contributors as repeated ``contributors``.
    """
    if verb not in ACTIONS:
        raise InputError(
            f"{verb[:40]!r} is not an action",
            (
                Problem(
                    "unknown action",
                    field="action",
                    expected="one of " + ", ".join(ACTIONS),
                    got=repr(verb[:40]),
                ),
            ),
        )
    data: dict[str, Any] = {"action": verb}
    for f in action_fields(verb):
        values = [v for v in form.get(f.name, []) if v != ""]
        if f.kind == "positions":
            positions = {
                code: form[f"positions.{code}"][-1]
                for code in STATES
                if form.get(f"positions.{code}", [""])[-1]
            }
            if positions:
                data["positions"] = positions
        elif f.kind == "states":
            if values:
                data[f.name] = values
        elif f.kind == "bool":
            data[f.name] = bool(values) and values[-1] in ("true", "on", "1", "yes")
        elif values:
            data[f.name] = values[-1]
    return data


def check_action_json(data: object) -> None:
    """Hold a JSON action to :func:`action_schemas` exactly, before the law's decoder sees
    it (the decoder, made for YAML files, would read ``"party": 0`` as the text ``"0"``).

    Raises :class:`~csto.errors.InputError` with one problem per field that is wrong.
    """
    if not isinstance(data, Mapping):
        raise InputError(
            "the action must be a JSON object",
            (Problem("not an object", field="action", got=type(data).__name__),),
        )
    verb = data.get("action")
    if not isinstance(verb, str) or verb not in ACTIONS:
        raise InputError(
            "unknown action",
            (
                Problem(
                    "unknown or missing action",
                    field="action.action",
                    expected="one of " + ", ".join(ACTIONS),
                    got=repr(verb)[:40],
                ),
            ),
        )
    fields = {f.name: f for f in action_fields(verb)}
    fields["note"] = Field("note", "text", False, "")
    problems = [
        Problem(f"missing required field {f.name!r}", field=f"action.{f.name}")
        for f in fields.values()
        if f.required and f.name not in data
    ]
    for key, value in data.items():
        if key == "action":
            continue
        f = fields.get(key)
        if f is None:
            problems.append(
                Problem(
                    f"unknown field {key[:40]!r}",
                    field=f"action.{key[:40]}",
                    expected="one of " + ", ".join(sorted(fields)),
                )
            )
            continue
        wrong = _wrong(f, value)
        if wrong:
            problems.append(Problem(wrong[0], field=f"action.{key}", expected=wrong[1]))
    if problems:
        raise InputError("the action cannot be read", tuple(problems))


def _wrong(f: Field, value: object) -> tuple[str, str] | None:
    """What is wrong with one value (message, expected), or None."""
    if f.kind == "bool":
        return None if isinstance(value, bool) else ("not a boolean", "true or false")
    if f.kind == "positions":
        if not isinstance(value, Mapping) or not all(
            k in STATES and isinstance(v, str) and v in POSITIONS for k, v in value.items()
        ):
            return ("not a map of member to position", "{STATE: " + "|".join(POSITIONS) + "}")
        return None
    if f.kind == "states":
        if not isinstance(value, list) or not all(
            isinstance(v, str) and v in STATES for v in value
        ):
            return ("not a list of member states", "a list of " + ", ".join(STATES))
        return None
    if not isinstance(value, str) or value == "":
        return ("not a non-empty string", "a string")
    if f.kind == "date":
        try:
            day = dt.date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            return ("not a day", "YYYY-MM-DD")
        if not FIRST_DAY <= day <= LAST_DAY:
            return ("out of range", f"a day from {FIRST_DAY} to {LAST_DAY}")
    if f.kind in ("state", "choice") and value not in f.choices:  # value is a str here
        return ("not one of the choices", "one of " + ", ".join(f.choices))
    if f.kind == "code" and not (len(value) == 3 and value.isascii() and value.isupper()):
        return ("not an ISO 3166-1 alpha-3 code", "three capital letters")
    return None


def _field_schema(f: Field) -> dict[str, Any]:
    if f.kind == "date":
        return {"type": "string", "format": "date", "pattern": DAY_PATTERN}
    if f.kind == "bool":
        return {"type": "boolean"}
    if f.kind in ("state", "choice"):
        return {"enum": list(f.choices)}
    if f.kind == "code":
        return {"type": "string", "pattern": "^[A-Z]{3}$"}
    if f.kind == "positions":
        return {
            "type": "object",
            "propertyNames": {"enum": list(STATES)},
            "additionalProperties": {"enum": list(POSITIONS)},
        }
    if f.kind == "states":
        return {"type": "array", "items": {"enum": list(STATES)}}
    return {"type": "string", "minLength": 1}


def action_schemas() -> dict[str, Any]:
    """The JSON Schema of an action mapping: one alternative per verb."""
    alternatives = []
    for verb in ACTIONS:
        fields = action_fields(verb)
        properties: dict[str, Any] = {
            "action": {"const": verb},
            "date": {"type": "string", "format": "date", "pattern": DAY_PATTERN},
            "note": {"type": "string", "minLength": 1},
        }
        properties.update({f.name: _field_schema(f) for f in fields if f.name != "date"})
        alternatives.append(
            {
                "type": "object",
                "title": verb,
                "required": ["action", *(f.name for f in fields if f.required)],
                "properties": properties,
                "additionalProperties": False,
            }
        )
    return {"oneOf": alternatives}
