"""Statuses as intervals, for the exports that need them (Popolo, ATOP-style phases): each
state's membership statuses, each observer's status and the Council's chair, each with its
start and end as the record writes them and the events that opened and closed it.

The intervals are read off the history on every day the organization can change (an event's
earliest or latest day, a withdrawal running out), so they agree with ``csto state`` on
every day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from csto.record.events import WithdrawalNotified
from csto.state.history import History
from csto.state.statuses import withdrawal_effective

__all__ = ["Interval", "chair_intervals", "change_days", "member_intervals", "party_intervals"]


@dataclass(frozen=True, slots=True)
class Interval:
    """``who`` held ``status`` from ``start`` (as recorded) until ``end`` (None: still).

    ``first_day``/``end_day`` are the history's days (the first day the status shows, the
    first day it no longer does); ``start_events``/``end_events`` the events behind each end.
    """

    who: str
    status: str
    start: str
    end: str | None
    first_day: dt.date
    end_day: dt.date | None
    start_events: tuple[str, ...]
    end_events: tuple[str, ...] = ()


def change_days(history: History) -> list[dt.date]:
    """Every day on which the organization may change, oldest first."""
    days: set[dt.date] = set()
    for e in history.events:
        days.update((e.date.earliest, e.date.latest))
        if isinstance(e, WithdrawalNotified):
            effective = withdrawal_effective(e.date, e.effective)
            if effective is not None:
                days.add(effective)
    return sorted(days)


def _close(
    found: list[Interval],
    open_: dict[str, Interval],
    key: str,
    end: str,
    day: dt.date,
    events: tuple[str, ...],
) -> None:
    current = open_.pop(key)
    found.append(replace(current, end=end, end_day=day, end_events=events))


def member_intervals(history: History) -> list[Interval]:
    """Each state's statuses as a party (signatory, member, suspended, frozen, withdrawal
    pending), in order of start; a state that leaves closes its interval with the leaving."""
    found: list[Interval] = []
    open_: dict[str, Interval] = {}
    for day in change_days(history):
        state = history.on(day)
        for code, m in state.members.items():
            current = open_.get(code)
            if current is not None and (current.status, current.start) == (m.status, m.since):
                continue
            if current is not None:
                _close(found, open_, code, m.since, day, m.events[-1:])
            open_[code] = Interval(code, m.status, m.since, None, day, None, m.events[-1:])
        for code in [c for c in open_ if c not in state.members]:
            former = state.former_members.get(code)
            if former is not None:
                _close(found, open_, code, former.left, day, former.events[-1:])
            else:  # the status was only possible (an approximate date), not certain
                _close(found, open_, code, day.isoformat(), day, ())
    found.extend(open_.values())
    return sorted(found, key=lambda i: (i.first_day, i.who))


def party_intervals(history: History, section: str) -> list[Interval]:
    """Observer (``section='observers'``) or partner (``'partners'``) statuses over time."""
    found: list[Interval] = []
    open_: dict[str, Interval] = {}
    for day in change_days(history):
        parties = getattr(history.on(day), section)
        for key, p in parties.items():
            if key not in open_:
                status = f"{section[:-1]}:{p.organ}" if p.organ else section[:-1]
                open_[key] = Interval(key, status, p.since, None, day, None, p.events[-1:])
        for key in [k for k in open_ if k not in parties]:
            _close(found, open_, key, day.isoformat(), day, ())
    found.extend(open_.values())
    return sorted(found, key=lambda i: (i.first_day, i.who))


def chair_intervals(history: History) -> list[Interval]:
    """The states that chaired the Collective Security Council, one interval per handover."""
    found: list[Interval] = []
    open_: dict[str, Interval] = {}
    key = "chair"
    for day in change_days(history):
        chairs = history.on(day).chair
        chair = next(iter(chairs.values()), None)
        current = open_.get(key)
        if chair is None:
            if current is not None:
                _close(found, open_, key, day.isoformat(), day, ())
            continue
        if current is not None and (current.who, current.start) == (chair.state, chair.since):
            continue
        if current is not None:
            _close(found, open_, key, chair.since, day, chair.events[-1:])
        open_[key] = Interval(chair.state, "chair", chair.since, None, day, None, chair.events)
    found.extend(open_.values())
    return found
