"""Replay an episode: judge each step under every profile, every option of the readings the
verdict depends on, and every rule variant; classify; compare with the expectation.

Classification of one verdict against what history did:

- ``required`` or ``permitted``, and it was done: *conforms*;
- ``permitted`` and not done: *conforms* (the law allowed, did not oblige);
- ``required`` and not done: *departed* (an obligation unmet);
- ``not_permitted`` or ``not_provided_for``, and it was done: *departed*;
- ``not_permitted`` or ``not_provided_for``, and not done: *conforms*.

A step whose class is the same in every world has that class; otherwise it is *contested*,
and the readings whose options split it say which options history followed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from csto.cases.episode import Episode, Step
from csto.law.engine import Engine
from csto.law.lawcases import state_before
from csto.law.verdict import Verdict
from csto.state.history import History

__all__ = [
    "CounterfactualRun",
    "EpisodeRun",
    "StepRun",
    "classify",
    "run_episode",
]

PROFILES = ("default", "practice", "strict")


def classify(outcome: str, done: bool) -> str:
    if outcome == "required":
        return "conforms" if done else "departed"
    if outcome == "permitted":
        return "conforms"
    return "departed" if done else "conforms"


@dataclass(frozen=True, slots=True)
class StepRun:
    step: Step
    verdict: Verdict  # under the default profile
    by_profile: Mapping[str, Verdict]
    by_variant: Mapping[str, Verdict]
    by_reading: Mapping[str, Mapping[str, str]]  # reading -> option -> class
    result: str
    split_readings: tuple[str, ...]
    followed: Mapping[str, tuple[str, ...]]
    departure: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def classes(self) -> dict[str, str]:
        done = self.step.history.done
        return {p: classify(v.outcome, done) for p, v in self.by_profile.items()}


@dataclass(frozen=True, slots=True)
class CounterfactualRun:
    name: str
    step: str
    historical: str
    verdict: Verdict
    expected: str
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EpisodeRun:
    episode: Episode
    steps: tuple[StepRun, ...]
    counterfactuals: tuple[CounterfactualRun, ...]
    problems: tuple[str, ...] = field(default=())

    @property
    def result(self) -> str:
        results = {s.result for s in self.steps}
        if any(s.problems for s in self.steps) or any(c.problems for c in self.counterfactuals):
            return "engine_wrong"
        for r in ("departed", "contested"):
            if r in results:
                return r
        return "conforms"


def run_episode(
    engine: Engine,
    history: History,
    episode: Episode,
    variants: Mapping[str, Engine] | None = None,
    profile: str = "default",
) -> EpisodeRun:
    """Replay ``episode``; ``variants`` are engines built with other rules (by variant id);
    ``profile`` is the one whose verdict is shown as the step's main verdict."""
    steps = tuple(
        _run_step(engine, history, step, variants or {}, profile) for step in episode.steps
    )
    by_id = {s.step.id: s for s in steps}
    cfs = []
    for cf in episode.counterfactuals:
        # counterfactuals are written for the default profile: judged under it whatever the
        # profile of the main verdicts, so that a run under another profile stays comparable
        verdict = engine.judge(state_before(history, cf.action.date), cf.action, "default")
        historical = by_id[cf.step].by_profile["default"].outcome
        problems = []
        if verdict.outcome != cf.outcome:
            problems.append(
                f"counterfactual {cf.name!r}: expected {cf.outcome}, got {verdict.outcome}"
            )
        if verdict.outcome == historical and cf.outcome != historical:
            problems.append(f"counterfactual {cf.name!r}: the outcome did not change")
        text = " ".join(
            [r.applied for r in verdict.reasons]
            + [e.says for e in verdict.effects]
            + [c.reading for c in verdict.contested]
        ).lower()
        if cf.because.lower() not in text:
            problems.append(
                f"counterfactual {cf.name!r}: expected the reasons to say {cf.because!r}"
            )
        cfs.append(
            CounterfactualRun(cf.name, cf.step, historical, verdict, cf.outcome, tuple(problems))
        )
    return EpisodeRun(episode, steps, tuple(cfs))


def _run_step(
    engine: Engine,
    history: History,
    step: Step,
    variants: Mapping[str, Engine],
    profile: str,
) -> StepRun:
    state = state_before(history, step.action.date)
    judge: Callable[[str], Verdict] = lambda p: engine.judge(state, step.action, p)  # noqa: E731
    by_profile = {p: judge(p) for p in PROFILES}
    main = by_profile.get(profile) or judge(profile)
    done = step.history.done
    by_reading: dict[str, dict[str, str]] = {}
    for p_verdict in by_profile.values():
        for contested in p_verdict.contested:
            options = by_reading.setdefault(contested.reading, {})
            base = engine.profile("default")
            for option in (v.option for v in contested.variants):
                if option not in options:
                    other = engine.judge(
                        state, step.action, base.overriding(contested.reading, option)
                    )
                    options[option] = classify(other.outcome, done)
    by_variant = {vid: e.judge(state, step.action, profile) for vid, e in variants.items()}
    classes = {classify(v.outcome, done) for v in by_profile.values()}
    classes |= {classify(v.outcome, done) for v in by_variant.values()}
    for options in by_reading.values():
        classes |= set(options.values())
    split = tuple(r for r, opts in by_reading.items() if len(set(opts.values())) > 1)
    followed = {r: tuple(o for o, c in by_reading[r].items() if c == "conforms") for r in split}
    result = classes.pop() if len(classes) == 1 else "contested"
    departure = tuple(str(a) for a in main.articles) if result == "departed" else ()
    return StepRun(
        step=step,
        verdict=main,
        by_profile=by_profile,
        by_variant=by_variant,
        by_reading=by_reading,
        result=result,
        split_readings=split,
        followed=followed,
        departure=departure,
        problems=tuple(_check(step, result, by_profile["default"], split, followed)),
    )


def _check(
    step: Step,
    result: str,
    verdict: Verdict,
    split: tuple[str, ...],
    followed: Mapping[str, tuple[str, ...]],
) -> list[str]:
    exp = step.expect
    out: list[str] = []
    if result != exp.result:
        out.append(
            f"step {step.id!r}: expected {exp.result}, the engine finds {result} "
            f"(verdict {verdict.outcome}; history {'did' if step.history.done else 'did not'} act"
            + (f"; readings splitting it: {', '.join(split)}" if split else "")
            + ")"
        )
        return out
    named = {str(a) for a in verdict.articles} | set(verdict.rules)
    if result == "departed" and exp.rule not in named:
        out.append(
            f"step {step.id!r}: expected the departure from {exp.rule}; the verdict cites "
            + (", ".join(sorted(named)) or "nothing")
        )
    if result == "contested":
        if exp.reading not in split:
            out.append(
                f"step {step.id!r}: expected reading {exp.reading!r} to decide it; it turns on "
                + ", ".join(split)
            )
        elif set(followed[exp.reading]) != set(exp.followed):
            out.append(
                f"step {step.id!r}: history follows {sorted(followed[exp.reading])} of "
                f"{exp.reading!r}, the case says {sorted(exp.followed)}"
            )
    return out
