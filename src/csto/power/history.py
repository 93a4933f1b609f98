"""The a-priori figures through time: one period per change in who sits and with what
status (1994: nine parties; 1999: six; 2006: seven; 2012: Uzbekistan suspended; 2024:
Armenia frozen), the Council's game and indices in each, under the law and every variant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from csto.cases.variants import VARIANTS, Variant
from csto.law.counting import Counting
from csto.law.engine import Engine
from csto.power.report import PowerReport, council_report, exact
from csto.record.events import WithdrawalNotified
from csto.state.history import History
from csto.state.statuses import withdrawal_effective

__all__ = ["Period", "history_document", "power_history"]

#: the Collective Security Treaty entered into force on this day (the first Council game)
TREATY_IN_FORCE = dt.date(1994, 4, 20)

#: the countings drawn through time by default (the families, k of n and minus the
#: parties, are many worlds each: name them to add them)
HISTORY_COUNTINGS = ("majority", "silence")


@dataclass(frozen=True, eq=False)
class Period:
    start: dt.date
    end: dt.date | None  # None: still running on the last day asked for
    members: tuple[tuple[str, str], ...]  # (state, status)
    report: PowerReport


def _signature(history: History, day: dt.date) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((c, m.status) for c, m in history.on(day).members.items()))


def _change_days(history: History, start: dt.date, end: dt.date) -> list[dt.date]:
    days = {start}
    for e in history.events:
        days.update((e.date.earliest, e.date.latest))
        if isinstance(e, WithdrawalNotified):
            eff = withdrawal_effective(e.date, e.effective)
            if eff is not None:
                days.add(eff)
    return sorted(d for d in days if start <= d <= end)


def power_history(
    engine: Engine,
    history: History,
    *,
    start: dt.date = TREATY_IN_FORCE,
    end: dt.date,
    profile: str = "default",
    variants: Sequence[str] | None = None,
    which: Iterable[str] | None = None,
    pool: Mapping[str, Variant] | None = None,
    files: Mapping[str, Counting] | None = None,
) -> list[Period]:
    """One period per membership change between ``start`` and ``end``, each with the
    Council's report on its first day (the law, each rule variant and, unless ``variants``
    names others, the countings of :data:`HISTORY_COUNTINGS`; readings as the report adds
    them for the period)."""
    if variants is None:
        variants = (*(VARIANTS if pool is None else pool), *HISTORY_COUNTINGS)
    bounds: list[tuple[dt.date, tuple[tuple[str, str], ...]]] = []
    for day in _change_days(history, start, end):
        sig = _signature(history, day)
        if not bounds or bounds[-1][1] != sig:
            bounds.append((day, sig))
    periods: list[Period] = []
    for k, (day, sig) in enumerate(bounds):
        last = bounds[k + 1][0] - dt.timedelta(days=1) if k + 1 < len(bounds) else None
        report = council_report(
            engine,
            history.on(day),
            profile=profile,
            variants=variants,
            which=which,
            pool=pool,
            files=files,
        )
        periods.append(Period(day, last, sig, report))
    return periods


def history_document(periods: Sequence[Period]) -> list[dict[str, Any]]:
    """Rows for the chart and the JSON: one per period, world and member."""
    rows: list[dict[str, Any]] = []
    for p in periods:
        for r in p.report.results:
            ind = r.indices
            base = {
                "start": p.start.isoformat(),
                "end": None if p.end is None else p.end.isoformat(),
                "world": r.world.id,
                "label": r.world.label,
                "voters": len(ind.players),
                "power_to_act": exact(ind.act),
            }
            for player, k in zip(ind.players, range(len(ind.players)), strict=True):
                rows.append(
                    base
                    | {
                        "state": player,
                        "values": {name: exact(vals[k]) for name, vals in ind.values.items()},
                    }
                )
    return rows
