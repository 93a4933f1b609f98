"""History as a conformance suite, as the pages and the API show it.

Everything comes from the cases layer: the episodes (``csto.io.casefiles``), the replay
(``csto.cases.conformance.run_episode``, with the engines of every rule variant) and the
report (``csto.cases.report``: the ``csto cases run --json`` document, the compliance
statement, where the verdicts change). This module runs the suite once per profile (the
runs are deterministic: about 0.1 s for every episode once the engine is loaded), keeps the
documents as bytes, and arranges each episode for its page: a timeline in which the record
events and the judged steps stand in date order, each step's verdict under every profile,
reading option and rule variant, and the sources.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from csto.errors import Problem, UnknownIdError
from csto.record.events import Citation, Event
from csto.state.history import History
from csto.web.lawview import LawView, _Lazy

if TYPE_CHECKING:  # the cases and the law are imported when first run, not at start
    from csto.cases.conformance import EpisodeRun, StepRun
    from csto.cases.episode import Counterfactual, Episode
    from csto.law.engine import Engine
    from csto.law.verdict import Verdict

__all__ = ["CaseCounterfactual", "CasePage", "CaseStep", "CasesView", "World"]


@dataclass(frozen=True, slots=True)
class World:
    """One step's verdict in one world: a profile, a reading option or a rule variant."""

    name: str
    outcome: str
    result: str  # conforms or departed, against what history did
    deciding_organ: str | None = None
    decision_rule: str | None = None


@dataclass(frozen=True, slots=True)
class CaseStep:
    """A judged step, arranged for its page."""

    run: StepRun
    document: dict[str, Any]  # csto.verdict/2 of the main verdict, with its action
    profiles: tuple[World, ...]
    variants: tuple[World, ...]
    readings: tuple[tuple[str, tuple[World, ...]], ...]  # reading -> a world per option
    events: tuple[Event, ...]  # the record events that show what history did

    @property
    def id(self) -> str:
        return self.run.step.id

    @property
    def date(self) -> dt.date:
        return self.run.step.action.date


@dataclass(frozen=True, slots=True)
class CaseCounterfactual:
    """A what-if, with the verdict the engine gives it."""

    counterfactual: Counterfactual
    changed: tuple[tuple[str, Any, Any], ...]  # field, as it happened, as imagined
    historical: str
    outcome: str
    document: dict[str, Any]
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CasePage:
    """Everything an episode's page shows."""

    run: EpisodeRun
    profile: str
    steps: tuple[CaseStep, ...]
    timeline: tuple[tuple[str, Any], ...]  # ("event", Event) or ("step", CaseStep), by date
    counterfactuals: tuple[CaseCounterfactual, ...]
    changes: tuple[dict[str, Any], ...]
    sources: tuple[Citation, ...]

    @property
    def episode(self) -> Episode:
        return self.run.episode


def _world(name: str, verdict: Verdict, done: bool) -> World:
    from csto.cases.conformance import classify

    return World(
        name,
        verdict.outcome,
        classify(verdict.outcome, done),
        verdict.deciding_organ,
        verdict.decision_rule,
    )


def _dumps(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


class CasesView:
    """The documented episodes of one history, replayed through its law engine."""

    def __init__(self, history: History, law: LawView) -> None:
        self.history = history
        self.law = law
        self._lazy = _Lazy()

    def warm(self) -> None:
        """Load the episodes and run the suite under the default profile now."""
        _ = self.by_reading, self.by_state, self.by_event

    # --- the episodes -------------------------------------------------------------------

    @property
    def episodes(self) -> list[Episode]:
        """The shipped episodes, oldest first, every reference checked against the record."""
        from csto.io.casefiles import load_episodes

        return self._lazy.get("episodes", lambda: load_episodes(self.history.record))

    def episode(self, case_id: str) -> Episode:
        """The episode with this id, or an UnknownIdError naming ``case_id``."""
        for ep in self.episodes:
            if ep.id == case_id:
                return ep
        raise UnknownIdError(
            f"no case {case_id[:80]!r}",
            (
                Problem(
                    "no such case",
                    field="case_id",
                    expected="one of " + ", ".join(e.id for e in self.episodes),
                    got=repr(case_id[:80]),
                ),
            ),
        )

    # --- the runs -----------------------------------------------------------------------

    @property
    def variants(self) -> dict[str, Engine]:
        """One engine per rule variant."""
        from csto.io.casefiles import variant_engines

        return self._lazy.get("variants", lambda: variant_engines(self.law.engine))

    def check_profile(self, profile: str) -> str:
        """The profile id, or an UnknownIdError naming ``profile``."""
        profiles = self.law.catalogue.profiles
        if profile not in profiles:
            raise UnknownIdError(
                f"no profile {profile[:40]!r}",
                (
                    Problem(
                        "no such interpretation profile",
                        field="profile",
                        expected="one of " + ", ".join(profiles),
                        got=repr(profile[:40]),
                    ),
                ),
            )
        return profile

    def runs(self, profile: str = "default") -> list[EpisodeRun]:
        """Every episode replayed, the main verdicts under ``profile`` (run once, kept)."""
        self.check_profile(profile)

        def make() -> list[EpisodeRun]:
            from csto.cases.conformance import run_episode

            engine = self.law.engine
            return [
                run_episode(engine, self.history, ep, self.variants, profile)
                for ep in self.episodes
            ]

        return self._lazy.get(f"runs:{profile}", make)

    def run(self, case_id: str, profile: str = "default") -> EpisodeRun:
        """One episode's run (an UnknownIdError naming ``case_id`` if there is none)."""
        episode = self.episode(case_id)
        return next(r for r in self.runs(profile) if r.episode is episode)

    # --- documents (``csto cases run [ID] --profile P --json``) --------------------------

    def report_json(self, profile: str = "default") -> bytes:
        """``csto cases run --profile P --json`` as UTF-8 bytes."""
        from csto.cases.report import report_document

        runs = self.runs(profile)
        return self._lazy.get(
            f"json:{profile}", lambda: _dumps(report_document(runs, self.law.catalogue))
        )

    def case_json(self, case_id: str, profile: str = "default") -> bytes:
        """``csto cases run ID --profile P --json`` as UTF-8 bytes."""
        from csto.cases.report import report_document

        run = self.run(case_id, profile)
        return self._lazy.get(
            f"json:{profile}:{case_id}",
            lambda: _dumps(report_document([run], self.law.catalogue)),
        )

    def summary(self, profile: str = "default") -> dict[str, Any]:
        """What the summary page shows: totals, compliance statement, where verdicts change."""
        runs = self.runs(profile)

        def make() -> dict[str, Any]:
            from csto.cases.report import changes, compliance

            totals: dict[str, int] = defaultdict(int)
            for r in runs:
                totals[r.result] += 1
            return {
                "totals": dict(totals),
                "compliance": compliance(runs, self.law.catalogue),
                "changes": changes(runs),
                "steps": sum(len(r.steps) for r in runs),
            }

        return self._lazy.get(f"summary:{profile}", make)

    # --- indexes for the other pages ----------------------------------------------------

    @property
    def by_reading(self) -> dict[str, list[tuple[EpisodeRun, StepRun]]]:
        """Reading id -> the steps (with their episode) whose class turns on it."""

        def make() -> dict[str, list[tuple[EpisodeRun, StepRun]]]:
            out: dict[str, list[tuple[EpisodeRun, StepRun]]] = defaultdict(list)
            for run in self.runs():
                for step in run.steps:
                    for reading in step.split_readings:
                        out[reading].append((run, step))
            return dict(out)

        return self._lazy.get("by_reading", make)

    @property
    def by_state(self) -> dict[str, list[EpisodeRun]]:
        """State code -> the episodes concerning it."""

        def make() -> dict[str, list[EpisodeRun]]:
            out: dict[str, list[EpisodeRun]] = defaultdict(list)
            for run in self.runs():
                for code in dict.fromkeys(run.episode.states):
                    out[code].append(run)
            return dict(out)

        return self._lazy.get("by_state", make)

    @property
    def by_event(self) -> dict[str, list[EpisodeRun]]:
        """Event id -> the episodes resting on it (as a fact or as what history did)."""

        def make() -> dict[str, list[EpisodeRun]]:
            out: dict[str, list[EpisodeRun]] = defaultdict(list)
            for run in self.runs():
                for event_id in self._event_ids(run.episode):
                    out[event_id].append(run)
            return dict(out)

        return self._lazy.get("by_event", make)

    @staticmethod
    def _event_ids(episode: Episode) -> list[str]:
        ids = dict.fromkeys(episode.events)
        for step in episode.steps:
            ids.update(dict.fromkeys(step.history.events))
        return list(ids)

    # --- an episode's page ----------------------------------------------------------------

    def page(self, case_id: str, profile: str = "default") -> CasePage:
        """An episode arranged for its page (built once per profile)."""
        run = self.run(case_id, profile)
        return self._lazy.get(f"page:{profile}:{case_id}", lambda: self._page(run, profile))

    def _page(self, run: EpisodeRun, profile: str) -> CasePage:
        from csto.cases.report import changes
        from csto.law.actions import action_to_data
        from csto.law.document import verdict_document

        record = self.history.record
        steps = tuple(self._step(s) for s in run.steps)
        events = sorted(
            (record.event(i) for i in self._event_ids(run.episode)),
            key=lambda e: (e.date.earliest, e.date.latest, e.id),
        )
        timeline: list[tuple[str, Any]] = [("event", e) for e in events]
        for step in steps:
            # a step stands after the events of its day (the record of what was done)
            at = next(
                (i for i, (_, e) in enumerate(timeline) if _day_of(e) > step.date),
                len(timeline),
            )
            timeline.insert(at, ("step", step))
        actions = {s.step.id: action_to_data(s.step.action) for s in run.steps}
        cfs = tuple(
            CaseCounterfactual(
                cf,
                _changed(actions[cf.step], action_to_data(cf.action)),
                c.historical,
                c.verdict.outcome,
                verdict_document(c.verdict, cf.action),
                c.problems,
            )
            for cf, c in zip(run.episode.counterfactuals, run.counterfactuals, strict=True)
        )
        cited: dict[tuple[str, str | None], Citation] = {}
        for e in events:
            for c in e.sources:
                cited.setdefault((c.source, c.locator), c)
        for c in run.episode.sources:
            cited.setdefault((c.source, c.locator), c)
        return CasePage(
            run=run,
            profile=profile,
            steps=steps,
            timeline=tuple(timeline),
            counterfactuals=cfs,
            changes=tuple(changes([run])),
            sources=tuple(cited.values()),
        )

    def _step(self, s: StepRun) -> CaseStep:
        from csto.law.document import verdict_document

        done = s.step.history.done
        record = self.history.record
        return CaseStep(
            run=s,
            document=verdict_document(s.verdict, s.step.action),
            profiles=tuple(_world(p, v, done) for p, v in s.by_profile.items()),
            variants=tuple(_world(k, v, done) for k, v in s.by_variant.items()),
            readings=tuple(
                (reading, tuple(World(o, "", c) for o, c in options.items()))
                for reading, options in s.by_reading.items()
            ),
            events=tuple(record.event(i) for i in s.step.history.events),
        )


def _day_of(item: Any) -> dt.date:
    if isinstance(item, CaseStep):
        return item.date
    day: dt.date = item.date.earliest
    return day


def _changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[tuple[str, Any, Any], ...]:
    """The fields a counterfactual changes: (field, as it happened, as imagined)."""
    keys = list(dict.fromkeys([*before, *after]))
    return tuple((k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k))
