"""Who held what, and when: membership periods and officials' posts, asked of the state
package (the web and any other edge show these; none folds the history again)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from csto.io.recordfiles import load_record
from csto.state.history import History
from csto.state.tenure import change_days, membership_periods, officials


@pytest.fixture(scope="module")
def curated() -> History:
    return History(load_record())


def test_armenia_froze_its_participation_and_uzbekistan_left_and_came_back(
    curated: History,
) -> None:
    periods = membership_periods(curated.on, change_days(curated.events))
    armenia = [p.status for p in periods["ARM"]]
    assert armenia[0] == "signatory"
    assert armenia[-1] == "participation_frozen"
    assert periods["ARM"][-1].end is None
    uzbekistan = [p.status for p in periods["UZB"]]
    assert uzbekistan[uzbekistan.index("former") :][:3] == [
        "former",
        "member",
        "participation_suspended",
    ]
    for code, spans in periods.items():  # periods follow one another without gaps
        for before, after in itertools.pairwise(spans):
            assert before.end == after.start, code
            assert before.status != after.status, code


def test_every_secretary_general_holds_a_post_with_its_events(curated: History) -> None:
    people = officials(curated.events)
    posts = [p for o in people.values() for p in o.posts if p.post == "secretary_general"]
    assert len(posts) >= 5
    assert all(p.events for p in posts)
    starts = [p.start for o in people.values() for p in o.posts[:1]]
    assert starts == sorted(starts)
    assert all(dt.date.fromisoformat(p.start[:10]) for p in posts if p.start != "?")
