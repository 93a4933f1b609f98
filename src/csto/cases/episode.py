"""Episodes as data: facts (record event ids), steps (actions as they happened, what history
did, what the engine must say) and counterfactuals; decoded with located errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from csto.law.actions import Action, decode_action
from csto.record.codec import Decoder
from csto.record.events import Citation, kind

__all__ = [
    "RESULTS",
    "Counterfactual",
    "Episode",
    "Expectation",
    "HistoryDid",
    "Step",
    "decode_episode",
]

Result = Literal["conforms", "departed", "contested"]
RESULTS: dict[str, str] = {
    "conforms": "history did what the law (as encoded) provides",
    "departed": "history departed from the rule the engine names",
    "contested": "the verdict turns on a reading of the law; the case shows which one history "
    "followed",
    "engine_wrong": "the engine disagrees with what the case expects: a bug (fails the tests)",
}


@dataclass(frozen=True, slots=True)
class HistoryDid:
    """What happened: ``done`` says whether the act took place (or the obligation was met)."""

    done: bool
    says: str
    events: tuple[str, ...] = kind("event", ())


@dataclass(frozen=True, slots=True)
class Expectation:
    """What the engine must find. ``rule``: the article a departure breaks (its label, e.g.
    ``CST-1992 art. 4``); ``reading`` and ``followed``: for a contested step, the reading and
    the options under which history conforms; ``reason``: why a departure is known."""

    result: Result
    rule: str | None = None
    reading: str | None = None
    followed: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    action: Action
    history: HistoryDid
    expect: Expectation
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Counterfactual:
    """What if: one step's action changed; the engine's outcome must change to ``outcome``
    and its reasons or effects must say ``because`` (the right reason)."""

    name: str
    step: str
    action: Action
    outcome: str
    because: str


@dataclass(frozen=True, slots=True)
class Episode:
    id: str
    title: str
    summary: str
    start: dt.date
    end: dt.date
    states: tuple[str, ...]
    events: tuple[str, ...]
    steps: tuple[Step, ...]
    counterfactuals: tuple[Counterfactual, ...]
    sources: tuple[Citation, ...] = ()
    file: str | None = None


@dataclass(frozen=True, slots=True)
class _Header:
    ID_PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")

    id: str
    title: str
    summary: str
    start: dt.date
    end: dt.date
    states: tuple[str, ...] = kind("state", ())
    events: tuple[str, ...] = kind("event", ())
    sources: tuple[Citation, ...] = ()


def _line(node: object) -> int | None:
    lc = getattr(node, "lc", None)
    return None if lc is None else int(lc.line) + 1


def decode_episode(decoder: Decoder, doc: object) -> Episode | None:
    """One episode file: ``episode:`` (header), ``steps:``, ``counterfactuals:``."""
    if not isinstance(doc, Mapping) or "episode" not in doc or "steps" not in doc:
        decoder.problem(
            "an episode file must be a mapping with 'episode', 'steps' and 'counterfactuals'",
            line=1,
            field=None,
            fix="see docs/cases.md for the format",
        )
        return None
    before = len(decoder.problems)
    for key in doc:
        if key not in ("episode", "steps", "counterfactuals"):
            decoder.problem(f"unknown top-level key {key!r}", line=None, field=str(key))
    header = decoder.build(_Header, doc["episode"], doc["episode"], "episode")
    steps: list[Step] = []
    for i, raw in enumerate(doc.get("steps") or []):
        step = _step(decoder, raw, f"steps[{i}]")
        if step is not None:
            steps.append(step)
    ids = [s.id for s in steps]
    if len(set(ids)) != len(ids):
        decoder.problem("two steps share an id", line=None, field="steps")
    counterfactuals: list[Counterfactual] = []
    for i, raw in enumerate(doc.get("counterfactuals") or []):
        path = f"counterfactuals[{i}]"
        if not isinstance(raw, Mapping):
            decoder.problem("a counterfactual must be a mapping", line=None, field=path)
            continue
        action = decode_action(decoder, raw.get("action"), f"{path}.action")
        rest = {k: v for k, v in raw.items() if k != "action"}
        built = decoder.build(_CounterfactualBody, rest, raw, path)
        if built is None or action is None:
            continue
        if built.step not in ids:
            decoder.problem(
                f"counterfactual names step {built.step!r}, which is not in this episode",
                line=_line(raw),
                field=f"{path}.step",
                expected="one of " + ", ".join(ids),
            )
            continue
        counterfactuals.append(Counterfactual(action=action, **dataclasses.asdict(built)))
    if header is None or len(decoder.problems) > before:
        return None
    if not counterfactuals:
        decoder.problem(
            "an episode needs at least one counterfactual",
            line=None,
            field="counterfactuals",
            fix="add a what-if that changes one step and says why the verdict changes",
        )
        return None
    return Episode(
        id=header.id,
        title=header.title,
        summary=header.summary,
        start=header.start,
        end=header.end,
        states=header.states,
        events=header.events,
        steps=tuple(steps),
        counterfactuals=tuple(counterfactuals),
        sources=header.sources,
        file=decoder.file,
    )


@dataclass(frozen=True, slots=True)
class _CounterfactualBody:
    name: str
    step: str
    outcome: Literal["permitted", "not_permitted", "required", "not_provided_for"]
    because: str


@dataclass(frozen=True, slots=True)
class _StepBody:
    id: str
    history: HistoryDid
    expect: Expectation
    note: str | None = None


def _step(decoder: Decoder, raw: Any, path: str) -> Step | None:
    if not isinstance(raw, Mapping):
        decoder.problem("a step must be a mapping", line=None, field=path)
        return None
    action = decode_action(decoder, raw.get("action"), f"{path}.action")
    body = decoder.build(_StepBody, {k: v for k, v in raw.items() if k != "action"}, raw, path)
    if action is None or body is None:
        return None
    exp = body.expect
    if exp.result == "departed" and not (exp.rule and exp.reason):
        decoder.problem(
            "a departure must name the rule it breaks and the reason it is known",
            line=_line(raw),
            field=f"{path}.expect",
            fix="add 'rule: CST-1992 art. 4' and 'reason: ...'",
        )
        return None
    if exp.result == "contested" and not (exp.reading and exp.followed):
        decoder.problem(
            "a contested step must name the reading and the options history followed",
            line=_line(raw),
            field=f"{path}.expect",
            fix="add 'reading: ...' and 'followed: [...]'",
        )
        return None
    return Step(body.id, action, body.history, body.expect, body.note)
