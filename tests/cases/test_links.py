"""From a verdict to history: an action finds the documented episode steps that match it."""

from __future__ import annotations

import datetime as dt

from csto.cases.links import episode_links
from csto.io.casefiles import load_episodes
from csto.io.recordfiles import load_record
from csto.law.actions import NotifyWithdrawal, RequestAssistance


def test_the_same_verb_actor_and_period_link_to_the_step_exact_first() -> None:
    episodes = load_episodes(load_record())
    day = dt.date(2022, 9, 13)
    links = episode_links(
        episodes, RequestAssistance(date=day, by="ARM", grounds="aggression", attacker="AZE")
    )
    assert [(link.episode, link.step, link.exact, link.done) for link in links] == [
        ("ARM-2022-09", "appeal", True, False)
    ]
    # a day later, still within the episode: the same step, no longer exact
    later = episode_links(
        episodes,
        RequestAssistance(date=day + dt.timedelta(days=1), by="ARM", grounds="aggression"),
    )
    assert [(link.episode, link.exact) for link in later] == [("ARM-2022-09", False)]


def test_another_actor_verb_or_period_finds_nothing() -> None:
    episodes = load_episodes(load_record())
    day = dt.date(2022, 9, 13)
    assert episode_links(episodes, RequestAssistance(date=day, by="KAZ", grounds="threat")) == ()
    assert episode_links(episodes, NotifyWithdrawal(date=day, by="ARM")) == ()
    assert (
        episode_links(
            episodes, RequestAssistance(date=dt.date(2030, 1, 1), by="ARM", grounds="aggression")
        )
        == ()
    )
