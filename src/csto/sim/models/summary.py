"""From the summed counts of a run to what people read: per variant, P(act) with its
confidence interval, the form of help, the days to a decision, who blocks and how often,
each delegation's decisiveness and success (Laruelle and Valenciano), and what the failed
drafts ran into (the article that blocked).

Intervals are Wilson score intervals at 95 %; every figure is a ratio of exact counts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from csto.sim.models.plan import Plan, VariantPlan
from csto.sim.models.scenario import outcome_names

__all__ = ["Rate", "StateFigures", "VariantSummary", "summarise", "wilson"]

Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class Rate:
    """``k`` of ``n``, with its Wilson 95 % interval."""

    k: int
    n: int

    @property
    def p(self) -> float:
        return self.k / self.n if self.n else math.nan

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.k, self.n)

    def to_data(self) -> dict[str, object]:
        lo, hi = self.interval
        return {"k": self.k, "n": self.n, "p": self.p, "ci95": [lo, hi]}


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``k`` successes in ``n`` trials."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True, slots=True)
class StateFigures:
    """One delegation under one variant: how often it blocked (in at least one round; in
    the last round of a failed run), was decisive, got the outcome it voted for, and
    supported the final draft."""

    state: str
    voter: bool
    blocks_any: Rate
    blocks_last: Rate
    decisive: Rate
    success: Rate
    supported: Rate


@dataclass(frozen=True, slots=True)
class VariantSummary:
    id: str
    says: str
    n: int
    act: Rate
    outcomes: dict[str, Rate]
    days: dict[int, int]
    days_mean: float | None
    days_median: int | None
    states: tuple[StateFigures, ...]
    failed_by: dict[str, int]
    barred: dict[str, str]
    request: str
    request_article: str | None
    rule: str

    @property
    def outcome_probabilities(self) -> dict[str, float]:
        return {k: v.p for k, v in self.outcomes.items()}


def summarise(plan: Plan, totals: Mapping[str, NDArray[np.int64]]) -> tuple[VariantSummary, ...]:
    """One summary per variant of ``plan`` from the run's summed counts."""
    return tuple(_variant(plan, v, totals) for v in plan.variants)


def _variant(plan: Plan, v: VariantPlan, totals: Mapping[str, NDArray[np.int64]]) -> VariantSummary:
    def get(name: str) -> NDArray[np.int64]:
        return np.asarray(totals[f"{v.id}/{name}"], dtype=np.int64)

    n = int(get("n"))
    adopted = int(get("adopted"))
    by_rung = get("by_rung")
    names = outcome_names(plan.ladder)
    outcomes = {
        name: Rate(int(k), n) for name, k in zip(names, [*by_rung, n - adopted], strict=True)
    }
    by_round = get("by_round")
    days = {i * plan.days_per_round: int(k) for i, k in enumerate(by_round) if k}
    mean = median = None
    if adopted:
        idx = np.arange(len(by_round)) * plan.days_per_round
        mean = float((idx * by_round).sum() / adopted)
        median = int(idx[np.searchsorted(np.cumsum(by_round), (adopted + 1) // 2)])
    lost = n - adopted - int(get("barred"))
    states = tuple(
        StateFigures(
            state=code,
            voter=bool(v.rule.voters[s]),
            blocks_any=Rate(int(get("blocked_any")[s]), n),
            blocks_last=Rate(int(get("blocked_last")[s]), lost),
            decisive=Rate(int(get("decisive")[s]), n),
            success=Rate(int(get("success")[s]), n),
            supported=Rate(int(get("supported")[s]), n),
        )
        for s, code in enumerate(plan.states)
    )
    failed_by: dict[str, int] = {}
    if int(get("failed_veto")):
        failed_by[f"an objection ({v.rule.article})"] = int(get("failed_veto"))
    if int(get("failed_quota")):
        failed_by[f"too few supporters ({v.rule.article})"] = int(get("failed_quota"))
    if int(get("barred")):
        failed_by["the law bars every form asked"] = int(get("barred"))
    barred = {rung: art for rung, art in zip(plan.ladder, v.barred, strict=True) if art}
    return VariantSummary(
        id=v.id,
        says=v.says,
        n=n,
        act=Rate(adopted, n),
        outcomes=outcomes,
        days=days,
        days_mean=mean,
        days_median=median,
        states=states,
        failed_by=failed_by,
        barred=barred,
        request=v.request_outcome,
        request_article=v.request_article,
        rule=v.rule.describe(),
    )
