"""What a seat may see: the projection of an exercise for one viewer, and its change feed.

Everyone sees the room: the phase (and why it is paused), the in-game date, the facts of the
fork day, the agenda and its timers, the floor, the drafts and the positions on them, the
public statements, the injects once made, the seats and who plays them, and every public move
with the law's outcome. A private channel is seen by its members only: by the facilitator
only if the exercise says so, and by everyone once the facilitator opens the archive. A seat
sees its own briefing; the facilitator sees them all, the prepared injects and each seat's
credential status (never a hash). Observers see the room.

:func:`feed` turns the stream's entries into the items a viewer may see, each with the
stream version it came from, so a client resumes from the last version it saw; entries it may
not see are left out (their versions are skipped), never sent in part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from csto.codes import label
from csto.exercise.config import ExerciseConfig, Seat, plain
from csto.exercise.game import Entry, Exercise
from csto.exercise.log import CREATED, ISSUED, MOVE, REVOKED, REWOUND, at_text, record_from_data
from csto.exercise.moves import move_to_data
from csto.exercise.permissions import RULES
from csto.exercise.play import MoveRecord

__all__ = [
    "VIEW_FORMAT",
    "Audience",
    "Projected",
    "can_see",
    "feed",
    "move_summary",
    "next_moves",
    "project",
    "view",
]

VIEW_FORMAT = "csto.exercise.view/1"


@dataclass(frozen=True, slots=True)
class Audience:
    """Who may see one entry of the stream: the whole room (``room``), or only the seats in
    ``seats`` and the roles in ``roles``. :func:`can_see`, :func:`feed` and the web's live
    stream all decide with it, so that they cannot disagree."""

    room: bool
    seats: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()

    def admits(self, viewer: Seat) -> bool:
        """Whether ``viewer`` may see the entry."""
        return self.room or viewer.seat in self.seats or viewer.role in self.roles


_ROOM = Audience(True)
_FACILITATOR = Audience(False, roles=frozenset({"facilitator"}))


def _move_audience(ex: Exercise, rec: MoveRecord) -> Audience:
    if rec.channel != "private" or ex.play.archive_open:
        return _ROOM
    roles = frozenset({"facilitator"}) if ex.config.facilitator_sees_private else frozenset()
    return Audience(False, frozenset(rec.members) | {rec.seat}, roles)


def can_see(ex: Exercise, viewer: Seat, rec: MoveRecord) -> bool:
    """Whether ``viewer`` may see ``rec`` (a private message only within its channel)."""
    return _move_audience(ex, rec).admits(viewer)


def move_summary(rec: MoveRecord) -> str:
    """One line on a move, in words."""
    data = move_to_data(rec.move)
    verb = data.pop("move")
    data.pop("by", None)
    fields = ", ".join(f"{k}: {v}" for k, v in data.items() if k != "text")
    who = rec.seat + (" (bot)" if rec.bot else "")
    said = f" - {data['text']!r}" if "text" in data and rec.channel != "private" else ""
    return f"{who}: {verb}" + (f" ({fields})" if fields else "") + said


def _outcome(rec: MoveRecord) -> dict[str, Any]:
    verdicts = rec.verdicts
    out: dict[str, Any] = {
        "law": [v.get("outcome") for v in verdicts],
        "articles": sorted({a for v in verdicts for a in _articles(v)}),
    }
    if rec.departures:
        out["departures"] = [
            {"outcome": d.get("outcome"), "articles": d.get("articles", []), "why": d.get("why")}
            for d in rec.departures
        ]
    return out


def _articles(verdict: dict[str, Any]) -> list[str]:
    """The articles a verdict's reasons cite, by their labels."""
    out = []
    for reason in verdict.get("reasons", ()):
        article = reason.get("article")
        if isinstance(article, dict):
            article = article.get("label")
        if article:
            out.append(str(article))
    return out


def _entry(ex: Exercise, rec: MoveRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "turn": rec.turn,
        "branch": rec.branch,
        "seat": rec.seat,
        "role": rec.role,
        "state": rec.state,
        "move": move_to_data(rec.move),
        "channel": rec.channel,
        "game_date": rec.game_date.isoformat(),
        "at": at_text(rec.at),
        "says": move_summary(rec),
        **_outcome(rec),
    }
    if rec.bot:
        out["bot"] = {"policy": rec.policy, "why": rec.why}
    if rec.members:
        out["members"] = list(rec.members)
    return out


def next_moves(ex: Exercise, viewer: Seat) -> list[str]:
    """The moves the matrix and the phase let ``viewer`` make now (the referee may still
    refuse one: the floor, the agenda, the law)."""
    play = ex.play
    if viewer.role in ("member", "guest") and play.mode(viewer.seat) == "bot":
        return []
    return [
        verb
        for verb, rule in RULES.items()
        if viewer.role in rule.roles and play.phase in rule.phases
    ]


def _seats(ex: Exercise, viewer: Seat) -> list[dict[str, Any]]:
    status = ex.credential_status()
    out = []
    for seat in ex.config.seats:
        row: dict[str, Any] = {
            "seat": seat.seat,
            "role": seat.role,
            "state": seat.state,
            "name": label(seat.state) if seat.state else seat.seat,
            "play": ex.play.mode(seat.seat),
            "in_room": seat.seat not in ex.play.left,
        }
        if viewer.role == "facilitator":
            row["credential"] = status[seat.seat]
        out.append(row)
    return out


def _fork(config: ExerciseConfig) -> dict[str, Any]:
    out: dict[str, Any] = plain(config.fork)
    return out


def view(ex: Exercise, viewer: Seat, now: dt.datetime) -> dict[str, Any]:
    """The exercise as ``viewer`` may see it at ``now`` (see the module docstring)."""
    config, play = ex.config, ex.play
    agenda = []
    for spec in config.agenda:
        state = play.items[spec.id]
        left = state.timer.left(now)
        agenda.append(
            {
                "id": spec.id,
                "title": spec.title,
                "about": spec.about,
                "status": state.status,
                "minutes": spec.minutes,
                "expiry": spec.expiry,
                "seconds_used": round(state.timer.seconds(now), 1),
                "seconds_left": None if left is None else round(left, 1),
                "over_time": left is not None and left < 0,
            }
        )
    channels = []
    sealed = 0
    for channel in play.channels.values():
        visible = (
            play.archive_open
            or viewer.seat in channel.members
            or (viewer.role == "facilitator" and config.facilitator_sees_private)
        )
        if not visible:
            sealed += 1
            continue
        channels.append(
            {
                "id": channel.id,
                "members": list(channel.members),
                "messages": [{"turn": t, "seat": s, "text": x} for t, s, x in channel.messages],
            }
        )
    doc: dict[str, Any] = {
        "format": VIEW_FORMAT,
        "id": config.id,
        "title": config.title,
        "about": config.about,
        "version": ex.version,
        "turn": ex.turn,
        "branch": ex.branch,
        "viewer": {"seat": viewer.seat, "role": viewer.role, "state": viewer.state},
        "phase": play.phase,
        "paused": play.pause_reason,
        "archive_open": play.archive_open,
        "game_date": play.game_date.isoformat(),
        "rules": {"profile": config.profile, "variant": config.variant, "floor": config.floor},
        "fork": _fork(config),
        "agenda": agenda,
        "item": play.item,
        "floor": play.floor,
        "queue": list(play.queue),
        "seats": _seats(ex, viewer),
        "drafts": [
            {
                "subject": d.subject,
                "item": d.item,
                "by": d.seat,
                "text": d.text,
                "kind": d.kind,
                "form": d.form,
                "force": d.force,
                "called": d.called is not None,
                "positions": dict(d.positions),
                "status": d.status,
                "amendments": [{"turn": t, "seat": s, "text": x} for t, s, x in d.amendments],
            }
            for d in play.drafts.values()
        ],
        "statements": [{"turn": t, "seat": s, "text": x} for t, s, x in play.statements],
        "injects": [
            {"turn": i.turn, "kind": i.kind, "title": i.title, "text": i.text, "date": i.date}
            for i in play.injects
        ],
        "channels": channels,
        "timeline": [_entry(ex, r) for r in ex.live if can_see(ex, viewer, r)],
        "next": next_moves(ex, viewer),
    }
    for item in doc["injects"]:
        item["date"] = item["date"].isoformat() if item["date"] else None
    if viewer.role == "facilitator":
        doc["sealed_channels"] = sealed
        doc["prepared_injects"] = [
            {"id": i.id, "kind": i.kind, "title": i.title, "date": plain(i.date)}
            for i in config.injects
        ]
        doc["briefings"] = {b.seat: plain(b.lines) for b in config.briefings}
        doc["branches"] = [
            {
                "id": b.id,
                "parent": b.parent,
                "from_turn": b.from_turn,
                "abandoned": list(b.abandoned),
            }
            for b in ex.branches
        ]
    else:
        own = config.briefing(viewer.seat)
        doc["briefing"] = plain(own.lines) if own else []
    return doc


@dataclass(frozen=True, slots=True)
class Projected:
    """One stream entry as a viewer sees it: the item (the same for everyone who may see
    it, with the entry's ``version``) and who may see it."""

    version: int
    item: dict[str, Any]
    audience: Audience


def project(ex: Exercise, entry: Entry) -> Projected | None:
    """The item ``entry`` shows and its audience; None for an entry no viewer is shown.
    ``ex`` is the exercise as it stands (a private channel opens with the archive)."""
    item: dict[str, Any] | None = None
    audience = _ROOM
    if entry.type == MOVE:
        rec = record_from_data(entry.data, entry.version)
        audience = _move_audience(ex, rec)
        item = {"type": "move", **_entry(ex, rec)}
    elif entry.type == REWOUND:
        item = {
            "type": "rewound",
            "to": entry.data["to"],
            "branch": entry.data["branch"],
            "at": entry.data["at"],
        }
    elif entry.type in (ISSUED, REVOKED):
        audience = _FACILITATOR
        item = {
            "type": "credential",
            "seat": entry.data["seat"],
            "status": "issued" if entry.type == ISSUED else "revoked",
            "at": entry.data["at"],
        }
    elif entry.type == CREATED:
        item = {"type": "created", "id": ex.config.id, "title": ex.config.title}
    if item is None:
        return None
    return Projected(entry.version, {"version": entry.version, **item}, audience)


def feed(ex: Exercise, viewer: Seat, entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """The items of ``entries`` (stream entries, in order) that ``viewer`` may see."""
    out: list[dict[str, Any]] = []
    for entry in entries:
        shown = project(ex, entry)
        if shown is not None and shown.audience.admits(viewer):
            out.append(shown.item)
    return out
