"""An exercise rebuilt from its stream: the configuration, the seats' credentials (as hashes),
the branches, the live moves and the abandoned ones, and the :class:`~csto.exercise.play.Play`
they fold into.

:meth:`Exercise.apply` takes the stream's entries one at a time (anything with ``type``,
``version`` and ``data``: the store's events, or plain test doubles), so a reader that follows
the stream folds only what is new. A ``Rewound`` entry moves the turns after its target into
an abandoned branch (kept, never overwritten) and rebuilds the play from the live turns.
"""

from __future__ import annotations

import copy
import datetime as dt
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from csto.errors import InputError, InternalError, Problem
from csto.exercise.config import FORMAT, ExerciseConfig, Seat, config_from_data
from csto.exercise.credentials import token_hash
from csto.exercise.log import (
    CREATED,
    ISSUED,
    MOVE,
    REVOKED,
    REWOUND,
    parse_at,
    record_from_data,
)
from csto.exercise.play import MoveRecord, Play

__all__ = ["Branch", "Entry", "Exercise"]


class Entry(Protocol):
    """One entry of the exercise's stream."""

    @property
    def type(self) -> str: ...

    @property
    def version(self) -> int: ...

    @property
    def data(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Branch:
    """A line of play: ``parent`` branch and the turn it went back to (``from_turn``), when,
    and the turns it abandoned."""

    id: int
    parent: int | None
    from_turn: int
    at: dt.datetime
    abandoned: tuple[int, ...] = ()


class Exercise:
    """See the module docstring."""

    def __init__(self, config: ExerciseConfig, created: dt.datetime) -> None:
        self.config = config
        self.created = created
        self.version = 1
        self.hashes: dict[str, str] = {}
        self.revoked: dict[str, dt.datetime] = {}
        self.issued: dict[str, int] = {}
        self.branch = 0
        self.branches: list[Branch] = [Branch(0, None, 0, created)]
        self.live: list[MoveRecord] = []
        self.abandoned: list[MoveRecord] = []
        self.play = Play.new(config)

    # --- building ------------------------------------------------------------------------

    @classmethod
    def created_from(cls, entry: Entry) -> Exercise:
        if entry.type != CREATED or entry.version != 1:
            raise InputError(
                "this stream is not an exercise",
                (Problem("its first event is not ExerciseCreated", field="stream"),),
            )
        data = entry.data
        if data.get("format") != FORMAT:
            raise InputError(
                f"an exercise of format {data.get('format')!r}, not {FORMAT}",
                (Problem("unknown format", field="format", expected=FORMAT),),
            )
        return cls(config_from_data(data["config"]), parse_at(data["at"]))

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> Exercise:
        it = iter(entries)
        first = next(it, None)
        if first is None:
            raise InputError("no such exercise", (Problem("the stream is empty", field="id"),))
        ex = cls.created_from(first)
        for entry in it:
            ex.apply(entry)
        return ex

    def clone(self) -> Exercise:
        """A copy to try moves on (the engine folds its answer into it before the bots reply).
        What only ever grows by new values is shared, not copied: the configuration, the
        move records, the procedures' steps and the events they emitted (frozen, or data
        nothing changes); the tables and lists a move changes are the copy's own. (A copy
        of everything grew with the session: 140 ms after 137 turns of positions.)"""
        shared: list[object] = [self.config, *self.live, *self.abandoned]
        for log in self.play.procedures.values():
            shared.extend(log)
        for emitted in self.play.emitted.values():
            shared.extend(emitted)
        memo: dict[int, Any] = {id(value): value for value in shared}
        return copy.deepcopy(self, memo)

    def apply(self, entry: Entry) -> None:
        if entry.version != self.version + 1:
            raise InternalError(
                f"exercise {self.config.id}: version {entry.version} after {self.version}"
            )
        self.version = entry.version
        data = entry.data
        if entry.type == MOVE:
            self.apply_move(record_from_data(data, entry.version))
        elif entry.type == ISSUED:
            seat = str(data["seat"])
            self.hashes[seat] = str(data["hash"])
            self.issued[seat] = self.issued.get(seat, 0) + 1
            self.revoked.pop(seat, None)
        elif entry.type == REVOKED:
            seat = str(data["seat"])
            self.hashes.pop(seat, None)
            self.revoked[seat] = parse_at(data["at"])
        elif entry.type == REWOUND:
            self.rewind(int(data["to"]), int(data["branch"]), parse_at(data["at"]))
        else:
            raise InputError(
                f"unknown event type {entry.type!r} in exercise {self.config.id}",
                (Problem("unknown type", field=f"version {entry.version}"),),
            )

    def apply_move(self, rec: MoveRecord) -> None:
        if rec.turn != len(self.live) + 1 or rec.branch != self.branch:
            raise InputError(
                f"exercise {self.config.id}: turn {rec.turn} of branch {rec.branch} does not "
                f"follow turn {len(self.live)} of branch {self.branch}; the log has been altered"
            )
        self.live.append(rec)
        self.play.apply(rec)

    def rewind(self, to: int, branch: int, at: dt.datetime) -> None:
        """Go back to the state after turn ``to``; later turns become an abandoned branch."""
        if not 0 <= to < len(self.live) or branch != len(self.branches):
            raise InputError(f"exercise {self.config.id}: a rewind to turn {to} is malformed")
        gone = self.live[to:]
        self.abandoned.extend(gone)
        old = self.branches[self.branch]
        self.branches[self.branch] = Branch(
            old.id, old.parent, old.from_turn, old.at, tuple(r.turn for r in gone)
        )
        self.branches.append(Branch(branch, self.branch, to, at))
        self.branch = branch
        self.live = self.live[:to]
        play = Play.new(self.config)
        for rec in self.live:
            play.apply(rec)
        play.freeze(self.live[-1].at if self.live else self.created, at)
        self.play = play

    # --- asking ----------------------------------------------------------------------------

    @property
    def turn(self) -> int:
        return len(self.live)

    def seat_of(self, token: str) -> Seat | None:
        """The seat this credential opens, or None (unknown or revoked)."""
        found, digest = None, token_hash(token)  # hashed once, compared with every seat's
        for seat_id, stored in self.hashes.items():
            if hmac.compare_digest(stored, digest):
                found = seat_id
        return None if found is None else self.config.seat(found)

    def credential_status(self) -> Mapping[str, str]:
        """Each seat's credential: issued, revoked or none (never the hash)."""
        out = {}
        for seat in self.config.seats:
            if seat.seat in self.hashes:
                out[seat.seat] = "issued"
            elif seat.seat in self.revoked:
                out[seat.seat] = "revoked"
            else:
                out[seat.seat] = "none"
        return out
