"""The conformance report as data: per episode and step, the verdict under every profile and
variant, the classification, and the compliance statement (which reading of each ambiguity
the history supports). Both the terminal, the JSON output and the HTML pages render this."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from csto.cases.conformance import EpisodeRun
from csto.cases.episode import RESULTS
from csto.law.readings import Catalogue

__all__ = ["REPORT_SCHEMA", "changes", "compliance", "report_document"]

REPORT_SCHEMA = "csto.cases/1"


def compliance(runs: Sequence[EpisodeRun], catalogue: Catalogue) -> list[dict[str, Any]]:
    """For each reading: in how many contested steps history conforms under each option."""
    out = []
    for reading in catalogue.readings.values():
        counts: Counter[str] = Counter()
        steps = []
        for run in runs:
            for step in run.steps:
                if reading.id in step.split_readings:
                    steps.append(f"{run.episode.id}/{step.step.id}")
                    counts.update(step.followed[reading.id])
        out.append(
            {
                "reading": reading.id,
                "question": " ".join(reading.question.split()),
                "steps": steps,
                "supported": {o.id: counts.get(o.id, 0) for o in reading.options},
                "history_supports": [
                    o.id for o in reading.options if steps and counts.get(o.id, 0) == len(steps)
                ],
            }
        )
    return out


def changes(runs: Sequence[EpisodeRun]) -> list[dict[str, Any]]:
    """Every step whose verdict differs between profiles or rule variants: outcome, deciding
    organ, rule or dated effects, with the verdict under each."""
    out = []
    for run in runs:
        for s in run.steps:
            worlds = {**s.by_profile, **{f"variant {k}": v for k, v in s.by_variant.items()}}
            shapes = {
                name: (
                    v.outcome,
                    v.deciding_organ,
                    v.decision_rule,
                    tuple(e.says for e in v.effects if e.on is not None),
                )
                for name, v in worlds.items()
            }
            if len(set(shapes.values())) > 1:
                out.append(
                    {
                        "episode": run.episode.id,
                        "step": s.step.id,
                        "verdicts": {
                            name: {"outcome": o, "deciding_organ": d, "decision_rule": r}
                            for name, (o, d, r, _) in shapes.items()
                        },
                        "what_changes": sorted(
                            {
                                field
                                for i, field in enumerate(
                                    ("outcome", "deciding organ", "decision rule", "dated effects")
                                )
                                if len({shape[i] for shape in shapes.values()}) > 1
                            }
                        ),
                    }
                )
    return out


def _verdict(v: Any) -> dict[str, Any]:
    return {
        "outcome": v.outcome,
        "deciding_organ": v.deciding_organ,
        "decision_rule": v.decision_rule,
        "effects": [
            {"says": e.says, "on": None if e.on is None else e.on.isoformat()} for e in v.effects
        ],
    }


def report_document(runs: Sequence[EpisodeRun], catalogue: Catalogue) -> dict[str, Any]:
    """The whole run as one JSON-ready document (schema ``csto.cases/1``)."""
    totals = Counter(r.result for r in runs)
    return {
        "schema": REPORT_SCHEMA,
        "results_mean": RESULTS,
        "totals": dict(totals),
        "episodes": [
            {
                "id": run.episode.id,
                "title": run.episode.title,
                "result": run.result,
                "start": run.episode.start.isoformat(),
                "end": run.episode.end.isoformat(),
                "events": list(run.episode.events),
                "steps": [
                    {
                        "id": s.step.id,
                        "action": s.step.action.verb,
                        "date": s.step.action.date.isoformat(),
                        "history_done": s.step.history.done,
                        "history_says": s.step.history.says,
                        "result": s.result,
                        "departure": list(s.departure),
                        "reason": s.step.expect.reason,
                        "split_readings": list(s.split_readings),
                        "followed": {k: list(v) for k, v in s.followed.items()},
                        "by_profile": {p: _verdict(v) for p, v in s.by_profile.items()},
                        "by_variant": {p: _verdict(v) for p, v in s.by_variant.items()},
                        "problems": list(s.problems),
                    }
                    for s in run.steps
                ],
                "counterfactuals": [
                    {
                        "name": c.name,
                        "step": c.step,
                        "historical_outcome": c.historical,
                        "outcome": c.verdict.outcome,
                        "problems": list(c.problems),
                    }
                    for c in run.counterfactuals
                ],
            }
            for run in runs
        ],
        "compliance": compliance(runs, catalogue),
        "where_verdicts_change": changes(runs),
    }
