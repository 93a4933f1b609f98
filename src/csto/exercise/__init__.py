"""The exercise: a Council session that people play, each move judged by csto's law.

A class plays the Collective Security Council: a seat per member state, the chair running
the agenda, a facilitator (the white cell) who starts, pauses, injects news and facts,
rewinds and ends it; bots fill the seats nobody plays. Every move goes through the
procedure machines and the law (:mod:`csto.procedures`, :mod:`csto.law`): a move the law
forbids is refused with the verdict and its reasons and changes nothing; one the chair
insists on is carried out as a named departure from the rule.

This package is the core: it reads no file, no clock and no randomness. Modules:

- ``config``: the configuration as data (the agenda, seats, timers, decision rule,
  absent-seat policy, injects, briefings, the facts of the fork day, the bots' parameters);
- ``moves``: the moves, declared once with their fields; ``permissions``: the matrix of
  role x move x channel; ``steps``: what each move asks the procedures and the law;
- ``play``: where the game stands (the fold of the live moves); ``game``: the exercise
  rebuilt from its stream (credentials, branches, rewinds); ``log``: the stream's events;
- ``engine``: the referee (a move in, events or a refusal out); ``bots``: the bots'
  policies; ``views``: what a seat may see, and its change feed;
- ``report``: the after-action report as data; ``credentials``: tokens and their hashes.

The store-backed API (create, seats, act, view, feed, report) is
:class:`csto.io.exercises.Exercises`; ``csto.exercise(...)`` opens it from Python and
``csto exercise`` from the terminal.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "MOVES",
    "RULES",
    "Accepted",
    "Context",
    "ExMove",
    "Exercise",
    "ExerciseConfig",
    "ExerciseSpec",
    "Rejected",
    "Seat",
    "decide",
    "read_move",
]

#: where each public name lives (imported on first use: ``import csto`` stays light)
_HOMES = {
    "MOVES": "moves",
    "ExMove": "moves",
    "read_move": "moves",
    "RULES": "permissions",
    "Accepted": "engine",
    "Context": "engine",
    "Rejected": "engine",
    "decide": "engine",
    "Exercise": "game",
    "ExerciseConfig": "config",
    "ExerciseSpec": "config",
    "Seat": "config",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'csto.exercise' has no attribute {name!r}")
    return getattr(importlib.import_module(f"csto.exercise.{home}"), name)
