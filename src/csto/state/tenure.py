"""Who held what, and when: each state's membership periods and each official's posts.

Both are queries over the history, answered here once for every edge: a state's periods
(a stretch of days with one status, from :func:`membership_periods`, which asks the state on
each day the record can change it) and a person's posts (from one ``OfficialAppointed`` to
the ``OfficialLeft`` that ends it, :func:`officials`). Nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from csto.codes import STATES
from csto.record.events import Event, OfficialAppointed, OfficialLeft, WithdrawalNotified
from csto.state.model import State
from csto.state.statuses import withdrawal_effective

__all__ = [
    "POSTS",
    "Official",
    "Period",
    "Post",
    "change_days",
    "membership_periods",
    "officials",
    "slug",
]

#: posts as the record names them, and as people read them
POSTS = {
    "secretary_general": "Secretary-General",
    "acting_secretary_general": "Acting Secretary-General",
    "chief_of_joint_staff": "Chief of the Joint Staff",
}


def slug(text: str) -> str:
    """A URL slug: ASCII lower case, digits and hyphens."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of days on which a state had one status (``end`` None: still so)."""

    status: str
    start: dt.date
    end: dt.date | None
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Post:
    """One post a person held, from one appointment to its end (if the record knows it)."""

    post: str
    start: str
    end: str | None
    acting: bool
    events: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Official:
    """A person the record names in a post."""

    slug: str
    name: str
    nationality: str | None
    posts: tuple[Post, ...]


def change_days(events: Iterable[Event]) -> list[dt.date]:
    """Every day on which the organization may change: each event's first and last possible
    day, and the day each withdrawal notice takes effect."""
    days: set[dt.date] = set()
    for e in events:
        days.update((e.date.earliest, e.date.latest))
        if isinstance(e, WithdrawalNotified):
            effective = withdrawal_effective(e.date, e.effective)
            if effective is not None:
                days.add(effective)
    return sorted(days)


def _status(state: State, code: str) -> tuple[str, tuple[str, ...]]:
    if code in state.members:
        m = state.members[code]
        return m.status, m.events
    if code in state.former_members:
        return "former", state.former_members[code].events
    return "none", ()


def membership_periods(
    on: Callable[[dt.date], State], days: Iterable[dt.date]
) -> dict[str, list[Period]]:
    """Each party's periods of one status (``member``, ``participation_frozen``...,
    ``former``), from the state ``on`` each of the ``days`` (:func:`change_days`)."""
    out: dict[str, list[Period]] = {code: [] for code in STATES}
    for day in days:
        state = on(day)
        for code in STATES:
            status, events = _status(state, code)
            periods = out[code]
            if periods and periods[-1].status == status:
                continue
            if periods:
                last = periods[-1]
                periods[-1] = Period(last.status, last.start, day, last.events)
            if status != "none" or periods:
                periods.append(Period(status, day, None, events))
    return out


def officials(events: Iterable[Event]) -> dict[str, Official]:
    """Every person the record names in a post, by slug, in the order they first took one."""
    held: dict[str, list[dict[str, Any]]] = defaultdict(list)
    nationality: dict[str, str] = {}
    for e in events:
        if isinstance(e, OfficialAppointed):
            nationality[e.person] = e.nationality
            held[e.person].append(
                {
                    "post": e.post,
                    "start": e.date.iso(),
                    "end": None,
                    "acting": e.acting,
                    "events": [e.id],
                }
            )
        elif isinstance(e, OfficialLeft):
            open_posts = [p for p in held[e.person] if p["post"] == e.post and not p["end"]]
            if open_posts:
                open_posts[-1]["end"] = e.date.iso()
                open_posts[-1]["events"].append(e.id)
            else:
                held[e.person].append(
                    {
                        "post": e.post,
                        "start": "?",
                        "end": e.date.iso(),
                        "acting": False,
                        "events": [e.id],
                    }
                )
    out = {}
    for person, posts in held.items():
        key = slug(person)
        out[key] = Official(
            key,
            person,
            nationality.get(person),
            tuple(
                Post(p["post"], p["start"], p["end"], p["acting"], tuple(p["events"]))
                for p in posts
            ),
        )
    return dict(sorted(out.items(), key=lambda kv: kv[1].posts[0].start))
