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
- :func:`action_fields` lays out each action's fields for the ask form (from the core's
  field declarations, as the command line's options are), and :func:`action_from_form`
  reads the form back into the mapping ``csto ask`` files use; the core's decoder checks
  it, as it checks ``POST /api/ask``'s body and the command line's options.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from csto.codes import STATES
from csto.errors import InputError, Problem, UnknownIdError
from csto.law.fields import POSITIONS, FieldSpec, Resolved, specs
from csto.law.texts import CHECK_LEVELS, ArticleRef, Law
from csto.state.history import History

if TYPE_CHECKING:  # the law's engine and its documents are imported on first use
    from csto.law.actions import Action
    from csto.law.engine import Engine
    from csto.law.lawcases import LawCase
    from csto.law.readings import Catalogue
    from csto.law.verdict import Verdict

__all__ = [
    "CHECK_LEVELS",
    "Field",
    "LawView",
    "Worked",
    "action_fields",
    "action_from_form",
    "article_label",
]

T = TypeVar("T")


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
        from csto.io.lawfiles import load_law

        return self._lazy.get("law", lambda: load_law(self.history.record))

    @property
    def engine(self) -> Engine:
        """The engine, signing verdicts with the record's digest."""
        from csto.io.lawfiles import load_engine

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
        from csto.law.document import article_document

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
            return article_document(self.law, instrument_id, number, on, status, self.catalogue)
        except UnknownIdError as exc:
            raise UnknownIdError(
                exc.message, (Problem("no such article", field="number", got=repr(number)),)
            ) from None

    def instruments_document(self) -> dict[str, Any]:
        """``csto law list --json``."""
        from csto.law.document import instruments_document

        return instruments_document(self.law)

    def readings_document(self) -> dict[str, Any]:
        """``csto law readings --json``."""
        from csto.law.document import readings_document

        return readings_document(self.catalogue)

    # --- verdicts ------------------------------------------------------------------

    def judge(
        self, data: object, profile: str = "default"
    ) -> tuple[Action, Verdict, tuple[Resolved, ...]]:
        """The verdict on an action mapping, on the state as its day began, and how any
        state's name in it was read (the same decoder as ``csto ask``)."""
        from csto.law.actions import read_action
        from csto.law.lawcases import state_before

        action, resolved = read_action(data, file="<request>", path="action", today=dt.date.today())
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
        return action, verdict, resolved

    def verdict_document(self, data: object, profile: str = "default") -> dict[str, Any]:
        """``csto ask ... --json`` for one action, with the documented episodes matching it."""
        from csto.cases.links import episode_links
        from csto.io.casefiles import load_episodes
        from csto.law.document import verdict_document

        action, verdict, resolved = self.judge(data, profile)
        episodes = self._lazy.get("episodes", lambda: load_episodes(self.history.record))
        return verdict_document(verdict, action, resolved, episodes=episode_links(episodes, action))

    @property
    def worked_index(self) -> dict[str, list[Worked]]:
        """Article label -> the law cases whose verdicts cite it, in file order."""

        def make() -> dict[str, list[Worked]]:
            from csto.io.lawfiles import load_cases
            from csto.law.document import verdict_document
            from csto.law.lawcases import run_case

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
    """One input of the ask form (a view of the core's field declaration)."""

    name: str
    kind: FieldKind
    required: bool
    help: str
    choices: tuple[str, ...] = ()
    default: str | None = None


def _form_field(spec: FieldSpec) -> Field:
    default = None if spec.default in (None, (), {}) else str(spec.default)
    required, help_text = spec.required, spec.help
    if spec.kind == "day":
        return Field(spec.name, "date", required, help_text)
    if spec.kind == "bool" and spec.nullable:  # yes, no, or not said
        return Field(spec.name, "choice", required, help_text, ("yes", "no"))
    if spec.kind == "bool":
        return Field(spec.name, "bool", False, help_text, (), default)
    if spec.kind in ("choice", "organ"):
        return Field(spec.name, "choice", required, help_text, spec.choices, default)
    if spec.kind == "positions":
        return Field(spec.name, "positions", False, help_text, POSITIONS)
    if spec.kind == "states":
        return Field(spec.name, "states", False, help_text, tuple(STATES))
    if spec.kind == "state" and spec.any_state:
        return Field(spec.name, "code", required, help_text, (), default)
    if spec.kind == "state" and not spec.organisations:
        kind: FieldKind = "choice" if spec.also else "state"
        return Field(spec.name, kind, required, help_text, (*STATES, *spec.also), default)
    return Field(spec.name, "text", required, help_text, (), default)


def action_fields(verb: str) -> list[Field]:
    """The form's inputs for one verb, from the core's field declarations (as the command
    line's options are)."""
    from csto.law.actions import ACTIONS

    return [_form_field(s) for s in specs(ACTIONS[verb]) if s.name != "note"]


def action_from_form(verb: str, form: Mapping[str, list[str]]) -> dict[str, Any]:
    """The action mapping (as in ``csto ask`` files) from the form's query parameters, for
    the core's decoder.

    Empty inputs are left out (the action's defaults apply); a checkbox sends ``true``;
    positions come as ``positions.ARM=object``; contributors as repeated ``contributors``.
    """
    from csto.law.actions import ACTIONS

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
            data[f.name] = "yes" if values and values[-1] in ("true", "on", "1", "yes") else "no"
        elif values:
            data[f.name] = values[-1]
    return data
