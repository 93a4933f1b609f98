"""Procedures: the organization's processes as explicit state machines.

Each machine (a Council session, one state's membership, the Secretary-General, the
chairmanship, collective assistance) has named states and transitions; every transition is
a verb that takes a dated move, asks the law (:mod:`csto.law`) through a judge, and returns
a step with the record events it emits (the curated history's own types). A refused move
emits nothing; a move carried out short of the rule is recorded as a departure. Procedures
are rebuilt from their logs without asking the law. This package does no I/O:
``csto.io.procedurelogs`` reads and writes the logs and builds the world and the judge.

Typical use::

    world = World.of(history)                            # the record, as a world
    judge = functools.partial(engine.judge, profile="default")
    proc = Procedure.open(SESSION, "csc-2009", OpenSession(date=day), world=world)
    step = proc.act(Convene(date=day, by="RUS", host="RUS"), world=world, judge=judge)
"""

from __future__ import annotations

from csto.procedures.base import (
    Departure,
    Judge,
    Machine,
    Move,
    MoveRefusedError,
    Procedure,
    Step,
    Transition,
)
from csto.procedures.registry import MACHINES
from csto.procedures.world import World

__all__ = [
    "MACHINES",
    "Departure",
    "Judge",
    "Machine",
    "Move",
    "MoveRefusedError",
    "Procedure",
    "Step",
    "Transition",
    "World",
]
