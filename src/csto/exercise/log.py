"""The exercise's log as data: the event types of its stream and of its refusal log, and how
each is written and read back.

The exercise's own stream holds, in order:

- ``ExerciseCreated``: the configuration (:class:`~csto.exercise.config.ExerciseConfig`) and
  the time it was created;
- ``CredentialIssued`` / ``CredentialRevoked``: a seat's credential, as a hash only;
- ``MoveMade``: one accepted move (:class:`~csto.exercise.play.MoveRecord`): its turn and
  branch, the seat, role and state that made it (a bot's are marked), the move, its channel,
  the in-game date and the real time, the procedure steps it took with the law's verdicts
  and any departure;
- ``Rewound``: the facilitator went back to an earlier turn; the turns after it stay in the
  log as an abandoned branch.

A refused move never enters that stream. The refusal log (a second stream) keeps
``MoveRefused``: who tried what, on which turn, why it was refused (with the law's verdict
when the law refused it), so that the after-action report can list every refusal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from csto.errors import InputError, Problem
from csto.exercise.moves import move_to_data, read_move
from csto.exercise.play import MoveRecord, StepRecord

__all__ = [
    "CREATED",
    "ISSUED",
    "MOVE",
    "REFUSED",
    "REVOKED",
    "REWOUND",
    "Refused",
    "at_text",
    "parse_at",
    "record_from_data",
    "record_to_data",
    "refusals_stream",
    "refused_from_data",
    "refused_to_data",
    "stream_of",
]

CREATED = "ExerciseCreated"
ISSUED = "CredentialIssued"
REVOKED = "CredentialRevoked"
MOVE = "MoveMade"
REWOUND = "Rewound"
REFUSED = "MoveRefused"


def stream_of(exercise_id: str) -> str:
    """The exercise's stream in the event store."""
    return f"exercise-{exercise_id}"


def refusals_stream(exercise_id: str) -> str:
    """The exercise's refusal log."""
    return f"exercise-{exercise_id}-refusals"


def at_text(at: dt.datetime) -> str:
    """A real time as the log keeps it: ISO 8601 in UTC."""
    if at.tzinfo is None:
        raise InputError(
            "a time without a time zone", (Problem("give an aware time", field="now"),)
        )
    return at.astimezone(dt.UTC).isoformat()


def parse_at(text: object) -> dt.datetime:
    return dt.datetime.fromisoformat(str(text))


def record_to_data(rec: MoveRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "turn": rec.turn,
        "branch": rec.branch,
        "seat": rec.seat,
        "role": rec.role,
        "move": move_to_data(rec.move),
        "channel": rec.channel,
        "game_date": rec.game_date.isoformat(),
        "at": at_text(rec.at),
    }
    if rec.state is not None:
        out["state"] = rec.state
    if rec.steps:
        out["steps"] = [
            {
                "procedure": s.procedure,
                "machine": s.machine,
                **({"header": s.header} if s.header is not None else {}),
                "step": s.step,
            }
            for s in rec.steps
        ]
    if rec.asked:
        out["asked"] = list(rec.asked)
    if rec.bot:
        out["bot"] = True
    for key in ("policy", "why"):
        if getattr(rec, key) is not None:
            out[key] = getattr(rec, key)
    if rec.members:
        out["members"] = list(rec.members)
    return out


def record_from_data(data: Mapping[str, Any], version: int = 0) -> MoveRecord:
    """A move back from the log; InputError if the entry is malformed (an altered log)."""
    try:
        move, _ = read_move(data["move"], file=f"<exercise log, version {version}>")
        return MoveRecord(
            turn=int(data["turn"]),
            branch=int(data["branch"]),
            seat=str(data["seat"]),
            role=str(data["role"]),
            state=None if data.get("state") is None else str(data["state"]),
            move=move,
            channel=str(data["channel"]),
            game_date=dt.date.fromisoformat(str(data["game_date"])),
            at=parse_at(data["at"]),
            steps=tuple(
                StepRecord(
                    procedure=str(s["procedure"]),
                    machine=str(s["machine"]),
                    step=dict(s["step"]),
                    header=None if s.get("header") is None else dict(s["header"]),
                )
                for s in data.get("steps", ())
            ),
            asked=tuple(dict(a) for a in data.get("asked", ())),
            bot=bool(data.get("bot", False)),
            policy=data.get("policy"),
            why=data.get("why"),
            members=tuple(data.get("members", ())),
            version=version,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            f"the exercise's log is malformed at version {version}: {exc}",
            (Problem(f"missing or malformed: {exc}", field=f"version {version}"),),
        ) from None


@dataclass(frozen=True, slots=True)
class Refused:
    """A move refused: who tried it, when, what kind of refusal, the reasons and any verdict."""

    seat: str
    role: str
    state: str | None
    move: dict[str, Any]
    kind: str
    reasons: tuple[str, ...]
    verdicts: tuple[dict[str, Any], ...]
    turn: int
    branch: int
    game_date: dt.date
    at: dt.datetime
    bot: bool = False

    @property
    def verb(self) -> str:
        return str(self.move.get("move", "?"))


def refused_to_data(r: Refused) -> dict[str, Any]:
    out: dict[str, Any] = {
        "seat": r.seat,
        "role": r.role,
        "move": r.move,
        "kind": r.kind,
        "reasons": list(r.reasons),
        "turn": r.turn,
        "branch": r.branch,
        "game_date": r.game_date.isoformat(),
        "at": at_text(r.at),
    }
    if r.state is not None:
        out["state"] = r.state
    if r.verdicts:
        out["verdicts"] = list(r.verdicts)
    if r.bot:
        out["bot"] = True
    return out


def refused_from_data(data: Mapping[str, Any]) -> Refused:
    return Refused(
        seat=str(data["seat"]),
        role=str(data["role"]),
        state=data.get("state"),
        move=dict(data["move"]),
        kind=str(data["kind"]),
        reasons=tuple(str(x) for x in data["reasons"]),
        verdicts=tuple(dict(v) for v in data.get("verdicts", ())),
        turn=int(data["turn"]),
        branch=int(data["branch"]),
        game_date=dt.date.fromisoformat(str(data["game_date"])),
        at=parse_at(data["at"]),
        bot=bool(data.get("bot", False)),
    )
