"""From a verdict to history: the documented episodes whose steps match an action.

A step matches when it is the same verb by the same actor, and the action's day falls within
the episode's period; a step on the very day is *exact*. The verdict document lists the
matches, so that a user who asks about an action sees what history did in the like case.
No I/O: the episodes come from the caller (``csto.io.casefiles``).
"""

from __future__ import annotations

from collections.abc import Iterable

from csto.cases.episode import Episode
from csto.law.actions import Action
from csto.law.verdict import EpisodeLink

__all__ = ["episode_links"]


def episode_links(episodes: Iterable[Episode], action: Action) -> tuple[EpisodeLink, ...]:
    """The steps of ``episodes`` that match ``action`` (same verb and actor, within the
    episode's period), exact matches first, then by closeness in time."""
    found: list[EpisodeLink] = []
    for episode in episodes:
        if not episode.start <= action.date <= episode.end:
            continue
        for step in episode.steps:
            if step.action.verb != action.verb or step.action.actor != action.actor:
                continue
            found.append(
                EpisodeLink(
                    episode=episode.id,
                    title=episode.title,
                    step=step.id,
                    date=step.action.date,
                    done=step.history.done,
                    says=step.history.says,
                    exact=step.action.date == action.date,
                )
            )
    return tuple(
        sorted(found, key=lambda link: (not link.exact, abs((link.date - action.date).days)))
    )
