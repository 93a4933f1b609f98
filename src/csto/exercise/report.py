"""The after-action report as data, from the exercise's log alone (its stream and its refusal
log), plus what the edges add from outside it: what the real Council did next (the record and
the cases) and where the class's outcome falls among the simulation's runs.

:func:`report_document` gives: the exercise and the fork day's facts; the seats and who
played them; the timeline turn by turn with in-game dates (the branch played, and every
abandoned branch); each article the engine applied, with the turns; each refusal, with its
kind, reasons and articles; the departures from the rules; who blocked what; the drafts and
what became of them; the class's outcome and when; the private channels, only once the
facilitator has opened the archive (before that, only how many there are). Nothing here reads
a file or the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from csto.codes import label
from csto.exercise.config import plain
from csto.exercise.game import Exercise
from csto.exercise.log import Refused, at_text
from csto.exercise.play import MoveRecord
from csto.exercise.views import move_summary

__all__ = ["REPORT_FORMAT", "class_outcome", "report_document", "verdict_articles"]

REPORT_FORMAT = "csto.exercise.report/1"


def verdict_articles(verdict: Mapping[str, Any]) -> list[str]:
    """The articles a verdict document cites."""
    return [str(a) for a in verdict.get("articles", ())]


def _turn(rec: MoveRecord) -> dict[str, Any]:
    verdicts = rec.verdicts
    out: dict[str, Any] = {
        "turn": rec.turn,
        "branch": rec.branch,
        "game_date": rec.game_date.isoformat(),
        "at": at_text(rec.at),
        "seat": rec.seat,
        "role": rec.role,
        "state": rec.state,
        "verb": rec.verb,
        "channel": rec.channel,
        "says": move_summary(rec) if rec.channel != "private" else f"{rec.seat}: message",
        "law": [str(v.get("outcome")) for v in verdicts],
        "articles": sorted({a for v in verdicts for a in verdict_articles(v)}),
        "bot": rec.bot,
    }
    if rec.bot:
        out["policy"] = rec.policy
        out["why"] = rec.why
    if rec.departures:
        out["departures"] = rec.departures
    return out


def class_outcome(ex: Exercise) -> dict[str, Any]:
    """What the class decided: the first draft adopted (its form: forces, mission, material,
    statement; or 'adopted' for a plain decision), on which turn and in-game day, and whether
    it was a departure; 'none' when nothing was adopted."""
    for rec in ex.live:
        if rec.verb != "declare_adopted":
            continue
        draft = ex.play.drafts.get(_subject(rec, ex))
        if draft is None:
            continue
        outcome = draft.form if draft.kind == "assistance" and draft.form else "adopted"
        return {
            "outcome": outcome,
            "subject": draft.subject,
            "turn": rec.turn,
            "game_date": rec.game_date.isoformat(),
            "day": (rec.game_date - ex.config.date).days,
            "departure": bool(rec.departures),
            "says": f"the Council adopted {draft.subject!r} ({outcome}) on {rec.game_date}"
            + (", short of its rule" if rec.departures else ""),
        }
    return {"outcome": "none", "says": "the Council adopted nothing"}


def _subject(rec: MoveRecord, ex: Exercise) -> str:
    subject = getattr(rec.move, "subject", None)
    if subject:
        return str(subject)
    for s in rec.steps:
        notes = s.step.get("notes") or {}
        if "subject" in notes:
            return str(notes["subject"])
    return ""


def _blocked(ex: Exercise, refusals: Sequence[Refused]) -> list[dict[str, Any]]:
    """Who blocked which draft: the members the law's tallies name as blocking, when the chair
    declared a draft adopted (refused, or carried out short of the rule) or dropped it."""
    out: list[dict[str, Any]] = []

    def add(
        subject: str, verdicts: Iterable[Mapping[str, Any]], turn: int, what: str, branch: int
    ) -> None:
        verdicts = list(verdicts)
        blocking = sorted(
            {c for v in verdicts for c in ((v.get("tally") or {}).get("blocking") or ())}
        )
        if not blocking:
            return
        if not subject:
            subject = next(
                (str(v["action"]["subject"]) for v in verdicts if v["action"].get("subject")), ""
            )
        out.append(
            {
                "draft": subject,
                "by": blocking,
                "names": [label(c) for c in blocking],
                "turn": turn,
                "branch": branch,
                "abandoned": branch != ex.branch,
                "what": what,
                "articles": sorted({a for v in verdicts for a in verdict_articles(v)}),
            }
        )

    for r in refusals:
        if r.verb == "declare_adopted":
            add(
                str(r.move.get("subject") or ""),
                r.verdicts,
                r.turn,
                "the declaration was refused",
                r.branch,
            )
    for rec in (*ex.abandoned, *ex.live):
        if rec.verb == "declare_adopted" and rec.departures:
            what = "adopted all the same (a departure)"
            add(_subject(rec, ex), rec.verdicts, rec.turn, what, rec.branch)
        elif rec.verb == "declare_blocked":
            add(_subject(rec, ex), rec.verdicts, rec.turn, "the draft was dropped", rec.branch)
    return out


def _articles(turns: Iterable[dict[str, Any]], refusals: Sequence[Refused]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for t in turns:
        for a in t["articles"]:
            row = found.setdefault(a, {"article": a, "turns": [], "refused_turns": []})
            row["turns"].append(t["turn"])
    for r in refusals:
        for v in r.verdicts:
            for a in verdict_articles(v):
                row = found.setdefault(a, {"article": a, "turns": [], "refused_turns": []})
                row["refused_turns"].append(r.turn)
    return sorted(found.values(), key=lambda r: r["article"])


def report_document(
    ex: Exercise,
    refusals: Sequence[Refused],
    *,
    history: Mapping[str, Any] | None = None,
    simulation: Mapping[str, Any] | None = None,
    charts: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The after-action report (see the module docstring). ``history`` and ``simulation``
    are what the edges found outside the log; ``charts`` SVG text by name."""
    config, play = ex.config, ex.play
    turns = [_turn(r) for r in ex.live]
    live_refusals = [r for r in refusals if r.branch == ex.branch]
    refused = [
        {
            "turn": r.turn,
            "branch": r.branch,
            "game_date": r.game_date.isoformat(),
            "at": at_text(r.at),
            "seat": r.seat,
            "role": r.role,
            "verb": r.verb,
            "kind": r.kind,
            "reasons": list(r.reasons),
            "articles": sorted({a for v in r.verdicts for a in verdict_articles(v)}),
            "bot": r.bot,
            "abandoned": r.branch != ex.branch,
        }
        for r in refusals
    ]
    departures = [
        {
            "turn": t["turn"],
            "branch": t["branch"],
            "abandoned": t["branch"] != ex.branch,
            "seat": t["seat"],
            "verb": t["verb"],
            "game_date": t["game_date"],
            **{k: d.get(k) for k in ("outcome", "decision_rule", "articles", "why", "profile")},
        }
        for t in [*(_turn(r) for r in ex.abandoned), *turns]
        for d in t.get("departures", ())
    ]
    abandoned: dict[int, list[dict[str, Any]]] = {}
    for rec in ex.abandoned:
        abandoned.setdefault(rec.branch, []).append(_turn(rec))
    branches = []
    for b in ex.branches:
        if b.id not in abandoned:
            continue
        child = next((c for c in ex.branches if c.parent == b.id), None)
        branches.append(
            {
                "branch": b.id,
                "back_to": child.from_turn if child else None,
                "then": child.id if child else None,
                "at": at_text(child.at) if child else None,
                "turns": abandoned[b.id],
            }
        )
    if play.archive_open:
        private: dict[str, Any] = {
            "open": True,
            "channels": [
                {
                    "id": c.id,
                    "members": list(c.members),
                    "messages": [{"turn": t, "seat": s, "text": x} for t, s, x in c.messages],
                }
                for c in play.channels.values()
            ],
            "abandoned": [
                {
                    "branch": r.branch,
                    "turn": r.turn,
                    "seat": r.seat,
                    "members": list(r.members),
                    "text": str(getattr(r.move, "text", "")),
                }
                for r in ex.abandoned
                if r.verb == "message"
            ],
        }
    else:
        private = {
            "open": False,
            "sealed": len(play.channels),
            "says": "the private channels stay sealed until the facilitator opens the archive",
        }
    seats = []
    for seat in config.seats:
        mine = [t for t in turns if t["seat"] == seat.seat]
        seats.append(
            {
                "seat": seat.seat,
                "role": seat.role,
                "state": seat.state,
                "name": label(seat.state) if seat.state else seat.seat,
                "played_at_start": seat.play,
                "played_now": play.mode(seat.seat),
                "turns": len([t for t in mine if not t["bot"]]),
                "bot_turns": len([t for t in mine if t["bot"]]),
                "refused": len([r for r in refusals if r.seat == seat.seat]),
            }
        )
    return {
        "format": REPORT_FORMAT,
        "exercise": {
            "id": config.id,
            "title": config.title,
            "about": config.about,
            "date": config.date.isoformat(),
            "profile": config.profile,
            "variant": config.variant,
            "scenario": config.scenario,
            "episode": config.episode,
            "phase": play.phase,
            "created": at_text(ex.created),
        },
        "from_the_log": {
            "version": ex.version,
            "turns": ex.turn,
            "branch": ex.branch,
            "refusals": len(refusals),
            "refusals_in_branch": len(live_refusals),
        },
        "fork": plain(config.fork),
        "seats": seats,
        "agenda": [
            {
                "id": i.id,
                "title": i.title,
                "status": play.items[i.id].status,
                "minutes": i.minutes,
                "minutes_used": round(play.items[i.id].timer.elapsed / 60, 1),
            }
            for i in config.agenda
        ],
        "timeline": turns,
        "branches": branches,
        "articles": _articles(turns, refusals),
        "refusals": refused,
        "departures": departures,
        "blocked": _blocked(ex, refusals),
        "drafts": [
            {
                "subject": d.subject,
                "by": d.seat,
                "kind": d.kind,
                "form": d.form,
                "status": d.status,
                "positions": dict(d.positions),
                "amendments": len(d.amendments),
                "decided_turn": d.decided_turn,
            }
            for d in play.drafts.values()
        ],
        "injects": [
            {
                "turn": i.turn,
                "kind": i.kind,
                "title": i.title,
                "text": i.text,
                "date": i.date.isoformat() if i.date else None,
                "facts": list(i.events),
            }
            for i in play.injects
        ],
        "statements": [{"turn": t, "seat": s, "text": x} for t, s, x in play.statements],
        "outcome": class_outcome(ex),
        "private": private,
        "history": dict(history) if history is not None else None,
        "simulation": dict(simulation) if simulation is not None else None,
        "charts": dict(charts or {}),
    }
