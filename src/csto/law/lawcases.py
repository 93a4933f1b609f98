"""Law test cases: an action on a day, under a profile, with the verdict we expect.

A case names what must hold (outcome, deciding organ, decision rule, articles cited, effects
and their dates, readings consulted); :func:`check_case` compares a verdict with it and
returns every mismatch in words a lawyer can read. Cases may add *hypothetical* events (ids
``hypo-...``) to the curated history, to put the organization in a state it has not been in
(a member mid-notice, say). Reading the files is done elsewhere (``csto.io.lawfiles``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from csto.law.actions import Action, action_to_data
from csto.law.engine import Engine
from csto.law.verdict import Norm, Outcome, Verdict
from csto.record.codec import Reference
from csto.record.events import Event
from csto.record.record import assemble
from csto.record.sources import Source
from csto.state.history import History
from csto.state.model import State

__all__ = [
    "HYPOTHETICAL",
    "PROFILES_FOR_LOCK",
    "EffectExpectation",
    "Expectation",
    "LawCase",
    "NormExpectation",
    "behaviour",
    "check_case",
    "describe",
    "history_for",
    "lawtest_document",
    "run_case",
    "silent_changes",
    "state_before",
]


@dataclass(frozen=True, slots=True)
class EffectExpectation:
    """An effect that must be among the verdict's: its text contains ``says``; ``on`` its day."""

    says: str
    on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class NormExpectation:
    """A norm that must be among the verdict's: its ``kind`` (permission, duty, prohibition,
    power); its ``holder`` (state, each_state, organ) if given; ``bearers`` all among its
    bearers; its text containing ``says``; its condition containing ``condition``."""

    kind: str
    holder: str | None = None
    bearers: tuple[str, ...] = ()
    says: str | None = None
    condition: str | None = None

    def matches(self, norm: Norm) -> bool:
        return (
            norm.kind == self.kind
            and (self.holder is None or norm.holder == self.holder)
            and set(self.bearers) <= set(norm.bearers)
            and (self.says is None or self.says.lower() in norm.says.lower())
            and (
                self.condition is None
                or (norm.condition is not None and self.condition.lower() in norm.condition.lower())
            )
        )


@dataclass(frozen=True, slots=True)
class Expectation:
    outcome: Outcome
    deciding_organ: str | None = None
    decision_rule: str | None = None
    cites: tuple[str, ...] = ()
    effects: tuple[EffectExpectation, ...] = ()
    contested: tuple[str, ...] = ()
    says: tuple[str, ...] = ()
    no_organ: bool = False
    norms: tuple[NormExpectation, ...] = ()
    no_norms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LawCase:
    name: str
    action: Action
    expect: Expectation
    profile: str = "default"
    readings: tuple[tuple[str, str], ...] = ()
    why: str | None = None
    events: tuple[Event, ...] = field(default=())
    file: str | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        if self.file is None:
            return self.name
        return f"{self.file}:{self.line}" if self.line else self.file


def check_case(case: LawCase, verdict: Verdict) -> list[str]:
    """Every way ``verdict`` differs from what ``case`` expects (empty: it passes)."""
    exp = case.expect
    out: list[str] = []
    if verdict.outcome != exp.outcome:
        out.append(f"outcome: expected {exp.outcome}, got {verdict.outcome}")
    if exp.deciding_organ is not None and verdict.deciding_organ != exp.deciding_organ:
        out.append(f"deciding organ: expected {exp.deciding_organ}, got {verdict.deciding_organ}")
    if exp.no_organ and verdict.deciding_organ is not None:
        out.append(f"deciding organ: expected none, got {verdict.deciding_organ}")
    if exp.decision_rule is not None and verdict.decision_rule != exp.decision_rule:
        out.append(f"decision rule: expected {exp.decision_rule}, got {verdict.decision_rule}")
    cited = [str(a) for a in verdict.articles]
    for label in exp.cites:
        if label not in cited:
            out.append(
                f"expected the verdict to cite {label}; it cites " + (", ".join(cited) or "nothing")
            )
    for effect in exp.effects:
        matches = [e for e in verdict.effects if effect.says.lower() in e.says.lower()]
        if not matches:
            out.append(
                f"expected an effect saying {effect.says!r}; effects: "
                + "; ".join(e.says for e in verdict.effects)
            )
        elif effect.on is not None and all(e.on != effect.on for e in matches):
            out.append(
                f"effect {effect.says!r}: expected on {effect.on}, got "
                + ", ".join(str(e.on) for e in matches)
            )
    consulted = [c.reading for c in verdict.contested]
    for reading in exp.contested:
        if reading not in consulted:
            out.append(
                f"expected the verdict to depend on reading {reading!r}; it depends on "
                + (", ".join(consulted) or "none")
            )
    text = " ".join(r.applied for r in verdict.reasons).lower()
    for phrase in exp.says:
        if phrase.lower() not in text:
            out.append(f"expected the reasons to say {phrase!r}")
    for norm in exp.norms:
        if not any(norm.matches(n) for n in verdict.norms):
            out.append(
                f"expected a {norm.kind} norm"
                + (f" of {', '.join(norm.bearers)}" if norm.bearers else "")
                + (f" saying {norm.says!r}" if norm.says else "")
                + (f" on condition {norm.condition!r}" if norm.condition else "")
                + "; norms: "
                + ("; ".join(str(n) for n in verdict.norms) or "none")
            )
    for kind in exp.no_norms:
        found = [str(n) for n in verdict.norms if n.kind == kind]
        if found:
            out.append(f"expected no {kind} norm; found: " + "; ".join(found))
    return out


def describe(verdict: Verdict) -> dict[str, Any]:
    """A short summary of a verdict for failure messages."""
    return {
        "outcome": verdict.outcome,
        "deciding_organ": verdict.deciding_organ,
        "decision_rule": verdict.decision_rule,
        "articles": [str(a) for a in verdict.articles],
        "effects": [(e.says, None if e.on is None else e.on.isoformat()) for e in verdict.effects],
    }


#: the one source hypothetical events may cite; it exists only in a case's own history
HYPOTHETICAL = "hypothetical"


def history_for(history: History, case: LawCase) -> History:
    """The curated history, plus the case's hypothetical events (checked for consistency).

    Hypothetical events cite the source ``hypothetical``, which is added to this history
    only: it never enters the curated record.
    """
    if not case.events:
        return history
    record = history.record
    marker = Source(
        id=HYPOTHETICAL,
        title=f"Hypothetical events of the law case {case.name!r} (not facts)",
        language="en",
        accessed=case.action.date,
        kind="reference",
        note=f"Defined in {case.where}.",
    )
    refs = [
        Reference("source", c.source, case.file or "<case>", case.line, f"{e.id}.sources")
        for e in case.events
        for c in e.sources
    ]
    events = [*record.events, *case.events]
    return History(assemble([*record.sources, marker], record.instruments, events, refs))


def state_before(history: History, day: dt.date) -> State:
    """The organization as it stood when ``day`` began: the events of that day (which may be
    the very act being judged) not yet applied."""
    return history.on(day - dt.timedelta(days=1) if day > dt.date.min else day)


def run_case(engine: Engine, history: History, case: LawCase) -> tuple[Verdict, list[str]]:
    """Judge the case's action on the state of its day; the verdict and its mismatches."""
    state = state_before(history_for(history, case), case.action.date)
    profile = engine.profile(case.profile)
    for reading, option in case.readings:
        engine.catalogue.reading(reading).option(option)  # unknown ids raise, naming choices
        profile = profile.overriding(reading, option)
    verdict = engine.judge(state, case.action, profile)
    return verdict, check_case(case, verdict)


PROFILES_FOR_LOCK = ("default", "practice", "strict")


def lawtest_document(results: list[tuple[LawCase, Verdict, list[str]]]) -> dict[str, Any]:
    """``csto law test --json``: each case run, its outcome and what did not hold."""
    return {
        "schema": "csto.lawtest/1",
        "cases": len(results),
        "failed": sum(1 for _, _, problems in results if problems),
        "results": [
            {
                "name": c.name,
                "where": c.where,
                "profile": c.profile,
                "action": action_to_data(c.action),
                "outcome": v.outcome,
                "problems": p,
            }
            for c, v, p in results
        ],
    }


def behaviour(engine: Engine, history: History, cases: list[LawCase]) -> dict[str, dict[str, Any]]:
    """Per verb: the rule's id and version and, for every case of that verb, a fingerprint of
    what the rule decides on it under each shipped profile (outcome, deciding organ, decision
    rule, effect dates, norms by bearer). A case is keyed by its name and a digest of its
    action and hypothetical events, so a case whose action changes is a new case, not a
    changed decision. ``tests/law/rules.lock`` keeps the last known state; see
    :func:`silent_changes`."""
    import hashlib
    import json

    def digest(value: object) -> str:
        text = json.dumps(value, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    seen: dict[str, dict[str, str]] = {verb: {} for verb in engine.rules}
    for case in cases:
        state = state_before(history_for(history, case), case.action.date)
        rows = []
        for profile in PROFILES_FOR_LOCK:
            verdict = engine.judge(state, case.action, profile)
            rows.append(
                [
                    profile,
                    verdict.outcome,
                    verdict.deciding_organ,
                    verdict.decision_rule,
                    [None if e.on is None else e.on.isoformat() for e in verdict.effects],
                    [[n.kind, n.holder, list(n.bearers)] for n in verdict.norms],
                ]
            )
        key = f"{case.name} #{digest([action_to_data(case.action), repr(case.events)])}"
        seen[case.action.verb][key] = digest(rows)
    out: dict[str, dict[str, Any]] = {}
    for verb, decided in sorted(seen.items()):
        rule = engine.rules[verb]
        out[verb] = {
            "rule": rule.id,
            "version": rule.version,
            "cases": dict(sorted(decided.items())),
        }
    return out


def silent_changes(
    locked: dict[str, dict[str, Any]], current: dict[str, dict[str, Any]]
) -> list[str]:
    """The cases a rule now decides differently from the lock while its id and version are
    unchanged: a change in legal behaviour that was not declared by bumping the version. New
    and removed cases, new rules and bumped versions are not silent (the lock is then merely
    stale)."""
    out = []
    for verb, now in sorted(current.items()):
        was = locked.get(verb)
        if was is None or was.get("rule") != now["rule"] or was.get("version") != now["version"]:
            continue
        old_cases = was.get("cases", {})
        for key, decided in now["cases"].items():
            if key in old_cases and old_cases[key] != decided:
                out.append(
                    f"{verb}: rule {now['rule']} (still version {now['version']}) decides the "
                    f"case {key.rsplit(' #', 1)[0]!r} differently"
                )
    return out
