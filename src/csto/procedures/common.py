"""Helpers the machines share: who takes part in a decision under the verdict's readings, and
the DecisionAdopted event that records a body's decision (lawful, or short of the rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from csto.codes import label as name
from csto.law.verdict import Verdict
from csto.procedures.base import Turn
from csto.record.events import DecisionAdopted
from csto.state.model import State
from csto.state.statuses import VOTES

__all__ = ["chosen", "decision", "name", "taking_part"]


def chosen(verdict: Verdict | None, reading: str) -> str | None:
    """The option of ``reading`` the verdict rested on (None if it did not consult it)."""
    if verdict is None:
        return None
    for contested in verdict.contested:
        if contested.reading == reading:
            return contested.chosen
    for reason in verdict.reasons:
        if reason.reading is not None and reason.reading[0] == reading:
            return reason.reading[1]
    return None


def taking_part(state: State, verdict: Verdict | None = None) -> list[str]:
    """The members entitled to vote on the state's day. When the verdict counted positions,
    its tally says who they are (the law's own count, under the profile's readings);
    otherwise: the members that take part, frozen ones included (they are members in law)."""
    if verdict is not None and verdict.tally is not None:
        return list(verdict.tally.voters)
    set_aside = chosen(verdict, "frozen-participation") == "set-aside"
    out = []
    for code, member in sorted(state.members.items()):
        if member.status in VOTES or (member.status == "participation_frozen" and not set_aside):
            out.append(code)
    return out


def decision(
    turn: Turn[Any, Any],
    organ: str,
    title: str,
    positions: Mapping[str, str],
    verdict: Verdict,
    *,
    session: str | None = None,
) -> DecisionAdopted:
    """Emit the body's decision: signed by those who supported it, not by the other members
    entitled to vote; ``consensus`` is false when the decision departs from the rule."""
    voters = taking_part(turn.state, verdict)
    signed = [c for c in voters if positions.get(c) == "support"]
    if not signed:
        turn.refuse(
            f"no member entitled to vote supports '{title}'; even short of the rule a decision "
            "needs someone to take it",
            "take positions first (support from at least one member)",
        )
    return turn.emit(
        DecisionAdopted,
        summary=f"The {name(organ)} adopts '{title}'"
        + (" short of its decision rule." if turn.departure else "."),
        states=voters,
        organ=organ,
        title=title,
        signed_by=tuple(signed),
        not_signed_by=tuple(c for c in voters if c not in signed),
        consensus=turn.departure is None,
        session=session,
    )
