"""Who may make which move, in which channel and when: the permissions matrix, as data.

Roles (:data:`ROLES`): the facilitator (the white cell), the chair, a member state's seat, a
guest (a state that is not a member: an applicant), an observer (reads only). Channels
(:data:`CHANNELS`): the room (everyone sees), a private channel (its members only), the
control channel (the facilitator's controls, announced to all). Each :class:`Rule` says, for
one move, its channel, the roles that may make it, the roles that may ``insist`` (carry it out
although the law refuses: a departure from the rule, recorded and named), and the phases of
the exercise in which it can be made. A seat always acts for its own state only.

``docs/exercise.md`` carries the matrix generated from :data:`RULES`
(``scripts/exercise_docs.py``); ``tests/exercise/test_permissions.py`` makes every move as
every role and checks that exactly the matrix's cells are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from csto.exercise.moves import MOVES

__all__ = [
    "CHANNELS",
    "PHASES",
    "ROLES",
    "RULES",
    "Channel",
    "Phase",
    "Role",
    "Rule",
    "matrix_rows",
    "rule_for",
]

Role = Literal["facilitator", "chair", "member", "guest", "observer"]
Channel = Literal["room", "private", "control"]
Phase = Literal["setup", "running", "paused", "ended"]

ROLES: dict[str, str] = {
    "facilitator": "the white cell: starts, pauses, injects, rewinds, ends, opens the archive",
    "chair": "runs the agenda for the state chairing the Council",
    "member": "one member state's delegation; acts for that state only",
    "guest": "a state that is not a member (an applicant); speaks, writes, applies",
    "observer": "reads the room; makes no move",
}
CHANNELS: dict[str, str] = {
    "room": "the Council's room: every seat, observer and the facilitator see it",
    "private": "a private channel: only its members see it (the facilitator only if the "
    "exercise says so; everyone once the archive is opened)",
    "control": "the facilitator's controls: announced to everyone",
}
PHASES: dict[str, str] = {
    "setup": "created, not yet started",
    "running": "under way",
    "paused": "paused by the facilitator (the reason is shown to all)",
    "ended": "over; the archive may be opened",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One move's row of the matrix."""

    move: str
    channel: Channel
    roles: frozenset[str]
    phases: frozenset[str]
    insist: frozenset[str] = frozenset()


_SEATS = frozenset({"member", "guest"})
_RUN = frozenset({"running"})


def _r(
    move: str,
    channel: Channel,
    roles: set[str],
    phases: set[str] | frozenset[str] = _RUN,
    insist: set[str] | None = None,
) -> Rule:
    return Rule(move, channel, frozenset(roles), frozenset(phases), frozenset(insist or ()))


#: the matrix, one rule per move, in the order of :data:`csto.exercise.moves.MOVES`
RULES: dict[str, Rule] = {
    r.move: r
    for r in (
        _r("ask_floor", "room", {"member", "guest"}),
        _r("statement", "room", {"member", "guest", "chair"}),
        _r("message", "private", {"member", "guest", "chair", "facilitator"}),
        _r("table", "room", {"member", "chair"}),
        _r("amend", "room", {"member", "chair"}),
        _r("position", "room", {"member"}),
        _r("request_assistance", "room", {"member"}),
        _r("give_notice", "room", {"member"}, insist={"member"}),
        _r("apply", "room", {"guest"}),
        _r("leave", "room", {"member", "guest"}),
        _r("return", "room", {"member", "guest"}),
        _r("open_item", "room", {"chair"}),
        _r("close_item", "room", {"chair"}),
        _r("give_floor", "room", {"chair"}),
        _r("consult", "room", {"chair"}),
        _r("call_consensus", "room", {"chair"}),
        _r("declare_adopted", "room", {"chair"}, insist={"chair"}),
        _r("declare_blocked", "room", {"chair"}),
        _r("start", "control", {"facilitator"}, {"setup"}),
        _r("pause", "control", {"facilitator"}, {"running"}),
        _r("resume", "control", {"facilitator"}, {"paused"}),
        _r("inject", "control", {"facilitator"}, {"running", "paused"}),
        _r("rewind", "control", {"facilitator"}, {"running", "paused"}),
        _r("set_seat", "control", {"facilitator"}, {"setup", "running", "paused"}),
        _r("end", "control", {"facilitator"}, {"setup", "running", "paused"}),
        _r("open_archive", "control", {"facilitator"}, {"ended"}),
    )
}
assert list(RULES) == list(MOVES), "the matrix lists every move, in order"


def rule_for(verb: str) -> Rule:
    """The matrix's row for ``verb``."""
    return RULES[verb]


def matrix_rows() -> list[dict[str, str]]:
    """The matrix as rows for the docs: move, channel, phases, and one cell per role
    (``yes``, ``yes, may insist`` or ``-``)."""
    rows = []
    for verb, rule in RULES.items():
        row = {
            "move": verb,
            "channel": rule.channel,
            "phases": ", ".join(p for p in PHASES if p in rule.phases),
        }
        for role in ROLES:
            cell = "-"
            if role in rule.roles:
                cell = "yes, may insist" if role in rule.insist else "yes"
            row[role] = cell
        rows.append(row)
    return rows
