"""Collective assistance: a member's request (grounds under art. 4 or art. 2) → urgent
consultations → the Council's decision → the contributions of each state to the force
(CRRF, peacekeeping forces...) → deployment → withdrawal and the operation's end. A request
may also be declined (short of the rule when the law says help must be given), stall, or be
answered with a mission instead.

Emits ``AssistanceRequested``, ``ConsultationsHeld``, ``AssistanceDecided``,
``OperationStarted``, ``OperationEnded``, ``AssistanceDeclined`` and ``MissionSent``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from csto.law import fields
from csto.law.actions import (
    DecideAssistance,
    DeployForce,
    ForceId,
    Position,
    RequestAssistance,
)
from csto.law.fields import choice, number, state, text
from csto.law.verdict import Verdict
from csto.procedures.base import SAME, Machine, Made, Move, NoNotes, Transition, Turn
from csto.procedures.common import name, taking_part
from csto.record.events import (
    AssistanceDecided,
    AssistanceDeclined,
    AssistanceRequested,
    ConsultationsHeld,
    Contribution,
    MissionSent,
    OperationEnded,
    OperationStarted,
)
from csto.state.model import State

__all__ = [
    "ASSISTANCE",
    "AssistanceData",
    "AssistanceMachine",
    "Consult",
    "Contribute",
    "Decide",
    "Decline",
    "Deploy",
    "EndOperation",
    "OpenAssistance",
    "Request",
    "SendMission",
    "Stall",
    "Withdraw",
]

_ANSWERED = frozenset({"permitted", "required", "not_provided_for"})
_ALL = frozenset({"permitted", "required", "not_provided_for", "not_permitted"})
#: the law's grounds -> the record's
_GROUNDS = {
    "aggression": "aggression",
    "threat": "threat",
    "unrest": "unrest_with_outside_interference",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenAssistance(Move):
    """Open the procedure (the request is its first move)."""

    verb: ClassVar[str] = "open"


@dataclass(frozen=True, slots=True, kw_only=True)
class Request(Move):
    """A member asks for help: ``grounds`` aggression (art. 4), threat (art. 2) or unrest
    (with alleged outside interference); ``attacker``: a state code or non-state;
    ``territory``: recognised, undelimited or disputed; ``article``: as the request cites it."""

    verb: ClassVar[str] = "request"
    by: str = state("The member asking for help.")
    grounds: Literal["aggression", "threat", "unrest"] = choice(
        "aggression (art. 4), threat (art. 2) or unrest with alleged outside interference."
    )
    attacker: str | None = state(
        "Who attacks: a state (code or name), or non-state.", None, also=("non-state",)
    )
    territory: Literal["recognised", "undelimited", "disputed"] = choice(
        "Where the fighting is: recognised, undelimited or disputed territory.", "recognised"
    )
    article: str | None = text(
        "The article the request cites, as it cites it (e.g. 'CST-1992 art. 4').", None
    )
    addressed_to: str | None = text("To whom the request is addressed (e.g. CSC).", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Consult(Move):
    """The members consult at once (``organ``: at which level; ``topic``)."""

    verb: ClassVar[str] = "consult"
    organ: str | None = fields.organ("At which level: CSC, CFM, CMD, CSSC or PC.", "CSC")
    topic: str | None = text("What the consultations are about.", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Decide(Move):
    """The Council decides on ``measures``; ``force`` when it sends a collective force."""

    verb: ClassVar[str] = "decide"
    measures: str = text("What the Council decides to do, in words.")
    force: ForceId | None = choice("The force: CRRF, CPF (peacekeeping), CRDF-CA or CAF.", None)
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class Contribute(Move):
    """A member commits a contingent to the force (``size`` and ``unit`` where known)."""

    verb: ClassVar[str] = "contribute"
    state: str = fields.state("The state sending the contingent.")
    size: int | None = number("The contingent's size, where a source gives it.", None)
    unit: str | None = text("The unit sent.", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Deploy(Move):
    """The force deploys on the requester's territory; ``operation``: a slug naming it."""

    verb: ClassVar[str] = "deploy"
    operation: str = text("A slug naming the operation (e.g. csto-kazakhstan-2022).")


@dataclass(frozen=True, slots=True, kw_only=True)
class Withdraw(Move):
    """The withdrawal begins (facilities handed back, contingents leaving)."""

    verb: ClassVar[str] = "withdraw"


@dataclass(frozen=True, slots=True, kw_only=True)
class EndOperation(Move):
    """The last contingent has left: the operation is over."""

    verb: ClassVar[str] = "end"


@dataclass(frozen=True, slots=True, kw_only=True)
class Decline(Move):
    """The request is declined, or answered without the help asked for (``reason``)."""

    verb: ClassVar[str] = "decline"
    reason: str | None = text("Why, in our words.", None)
    organ: str | None = fields.organ("The body that declines: CSC, CFM, CMD, CSSC or PC.", "CSC")


@dataclass(frozen=True, slots=True, kw_only=True)
class Stall(Move):
    """Nothing is decided: the request stalls (no event; the obligation, if any, stands)."""

    verb: ClassVar[str] = "stall"


@dataclass(frozen=True, slots=True, kw_only=True)
class SendMission(Move):
    """The Council answers with a mission (to assess, to monitor) rather than a force."""

    verb: ClassVar[str] = "send_mission"
    purpose: str = text("What the mission is for.")
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistanceData:
    """The request, the law's answer to it, the decision and the force."""

    requester: str | None = None
    grounds: Literal["aggression", "threat", "unrest"] | None = None
    attacker: str | None = None
    territory: Literal["recognised", "undelimited", "disputed"] = "recognised"
    obligation: str | None = None
    measures: str | None = None
    force: ForceId | None = None
    positions: dict[str, Position] = field(default_factory=dict)
    contributions: tuple[Contribution, ...] = ()
    operation: str | None = None


_OPEN_REQUEST = ("requested", "consulting", "stalled", "mission_sent")


@dataclass(frozen=True, slots=True)
class ObligationNotes:
    """What the law said of the request (its outcome: required, not provided for...)."""

    obligation: str


Data = AssistanceData
Here = Turn[AssistanceData, NoNotes]


def _requester(turn: Turn[Data, Any]) -> str:
    requester = turn.data.requester
    if requester is None:  # pragma: no cover - the states exclude it
        turn.refuse("no request has been made")
    return requester


def _request_action(turn: Turn[Data, Any]) -> RequestAssistance:
    data = turn.data
    if data.grounds is None:  # pragma: no cover - the states exclude it
        turn.refuse("no request has been made")
    return RequestAssistance(
        date=turn.move.date,
        by=_requester(turn),
        grounds=data.grounds,
        attacker=data.attacker,
        territory=data.territory,
    )


def _deployment(turn: Here, contributors: tuple[str, ...]) -> DeployForce:
    data = turn.data
    if data.force is None:  # pragma: no cover - the callers refuse first
        turn.refuse("the decision sends no force")
    return DeployForce(
        date=turn.move.date,
        force=data.force,
        host=_requester(turn),
        requested_by_host=True,
        contributors=contributors,
        positions=data.positions,
    )


# --- the request and the consultations -----------------------------------------------------


def _request(turn: Turn[Data, ObligationNotes], move: Request) -> None:
    verdict = turn.ask(
        RequestAssistance(
            date=move.date,
            by=move.by,
            grounds=move.grounds,
            attacker=move.attacker,
            territory=move.territory,
        )
    )
    turn.emit(
        AssistanceRequested,
        summary=f"{name(move.by)} asks the members for help ({move.grounds}).",
        states=(move.by,),
        requester=move.by,
        grounds=_GROUNDS[move.grounds],
        article=move.article,
        addressed_to=move.addressed_to,
    )
    turn.note(ObligationNotes(verdict.outcome))


def _requested(data: Data, made: Made[Request, ObligationNotes]) -> tuple[Data, str]:
    move = made.move
    new = dataclasses.replace(
        data,
        requester=move.by,
        grounds=move.grounds,
        attacker=move.attacker,
        territory=move.territory,
        obligation=made.notes.obligation,
    )
    return new, "requested"


def _consult(turn: Here, move: Consult) -> None:
    requester = _requester(turn)
    verdict = turn.ask(_request_action(turn))
    turn.emit(
        ConsultationsHeld,
        summary=f"The members consult on {name(requester)}'s request.",
        states=taking_part(turn.state, verdict),
        organ=move.organ,
        topic=move.topic or f"{name(requester)}'s request for assistance",
    )


# --- the decision and the force ------------------------------------------------------------


def _decide(turn: Here, move: Decide) -> None:
    requester = _requester(turn)
    verdict: Verdict
    if move.force is not None:
        verdict = turn.ask(
            DeployForce(
                date=move.date,
                force=move.force,
                host=requester,
                requested_by_host=True,
                positions=move.positions,
            )
        )
    else:
        verdict = turn.ask(
            DecideAssistance(
                date=move.date,
                requester=requester,
                measures="material",
                positions=move.positions,
            )
        )
    voters = taking_part(turn.state, verdict)
    if not any(move.positions.get(c) == "support" for c in voters):
        turn.refuse(
            "field 'positions': no member entitled to vote supports the decision",
            "give the members' positions",
        )
    turn.emit(
        AssistanceDecided,
        summary=f"The Council decides to help {name(requester)}"
        + (" short of its decision rule" if turn.departure else "")
        + f": {move.measures}",
        states=voters,
        requester=requester,
        organ="CSC",
        measures=move.measures,
    )


def _decided(data: Data, made: Made[Decide, NoNotes]) -> tuple[Data, str]:
    move = made.move
    new = dataclasses.replace(
        data, measures=move.measures, force=move.force, positions=dict(move.positions)
    )
    return new, "decided"


def _contribute(turn: Here, move: Contribute) -> None:
    data = turn.data
    if data.force is None:
        turn.refuse("the decision sends no force; there is nothing to contribute to")
    if any(c.state == move.state for c in data.contributions):
        turn.refuse(f"field 'state': {name(move.state)} has contributed already")
    states = (*(c.state for c in data.contributions), move.state)
    turn.ask(_deployment(turn, states))


def _contributed(data: Data, made: Made[Contribute, NoNotes]) -> tuple[Data, str]:
    move = made.move
    contribution = Contribution(state=move.state, size=move.size, unit=move.unit)
    return dataclasses.replace(data, contributions=(*data.contributions, contribution)), SAME


def _deploy(turn: Here, move: Deploy) -> None:
    data = turn.data
    if data.force is None:
        turn.refuse(
            "the decision sends no force",
            "decide again with a 'force', or send a mission",
        )
    if not data.contributions:
        turn.refuse("no member has contributed a contingent", "make 'contribute' moves first")
    requester = _requester(turn)
    contributors = tuple(c.state for c in data.contributions)
    turn.ask(_deployment(turn, contributors))
    turn.emit(
        OperationStarted,
        summary=f"The {data.force} deploy to {name(requester)}.",
        states=(requester, *contributors),
        operation=move.operation,
        host=requester,
        force=data.force,
        contributors=data.contributions,
    )


def _deployed(data: Data, made: Made[Deploy, NoNotes]) -> tuple[Data, str]:
    return dataclasses.replace(data, operation=made.move.operation), "deployed"


def _withdraw(turn: Here, move: Withdraw) -> None:
    """No event: the record marks the end of the operation, not the start of withdrawal."""


def _end(turn: Here, move: EndOperation) -> None:
    data = turn.data
    requester = _requester(turn)
    if data.operation is None:  # pragma: no cover - the states exclude it
        turn.refuse("no operation has started")
    turn.emit(
        OperationEnded,
        summary=f"The operation in {name(requester)} ends.",
        states=(requester, *(c.state for c in data.contributions)),
        operation=data.operation,
    )


# --- other answers -------------------------------------------------------------------------


def _decline(turn: Here, move: Decline) -> None:
    requester = _requester(turn)
    turn.ask(
        _request_action(turn),
        breaks=lambda v: (
            "The law requires the members to answer this request: "
            + " ".join(e.says for e in v.effects)
        ),
    )
    turn.emit(
        AssistanceDeclined,
        summary=f"{name(requester)}'s request is declined"
        + (" although the law requires help." if turn.departure else "."),
        states=(requester,),
        requester=requester,
        organ=move.organ,
        reason=move.reason,
    )


def _stall(turn: Turn[Data, ObligationNotes], move: Stall) -> None:
    verdict = turn.ask(_request_action(turn))
    turn.note(ObligationNotes(verdict.outcome))


def _stalled(data: Data, made: Made[Stall, ObligationNotes]) -> tuple[Data, str]:
    return dataclasses.replace(data, obligation=made.notes.obligation), "stalled"


def _send_mission(turn: Here, move: SendMission) -> None:
    requester = _requester(turn)
    if not move.positions:
        turn.refuse(
            "field 'positions': the Council decides on a mission; give the members' positions"
        )
    turn.ask(
        DecideAssistance(
            date=move.date,
            requester=requester,
            measures="mission",
            positions=move.positions,
        )
    )
    turn.emit(
        MissionSent,
        summary=f"A CSTO mission goes to {name(requester)}.",
        states=(requester,),
        to=requester,
        purpose=move.purpose,
    )


class AssistanceMachine(Machine[AssistanceData]):
    kind = "assistance"
    title = "Collective assistance"
    states: ClassVar[dict[str, str]] = {
        "new": "no request yet",
        "requested": "a member has asked for help",
        "consulting": "the members are consulting",
        "stalled": "nothing is being decided",
        "mission_sent": "a mission has been sent instead of help",
        "decided": "the Council has decided on help",
        "deployed": "the force is on the requester's territory",
        "withdrawing": "the force is leaving",
        "ended": "the operation is over",
        "declined": "the request was declined",
    }
    initial = ("new",)
    finals = ("ended", "declined")
    opening = OpenAssistance
    data_type = AssistanceData
    transitions = (
        Transition(
            Request,
            ("new",),
            ("requested",),
            _request,
            _requested,
            asks=(RequestAssistance,),
            accepts=_ANSWERED,
            notes=ObligationNotes,
        ),
        Transition(
            Consult,
            ("requested", "stalled", "mission_sent"),
            ("consulting",),
            _consult,
            asks=(RequestAssistance,),
            accepts=_ANSWERED,
        ),
        Transition(
            Decide,
            _OPEN_REQUEST,
            ("decided",),
            _decide,
            _decided,
            asks=(DeployForce, DecideAssistance),
            departable=True,
        ),
        Transition(
            Contribute, ("decided",), (SAME,), _contribute, _contributed, asks=(DeployForce,)
        ),
        Transition(Deploy, ("decided",), ("deployed",), _deploy, _deployed, asks=(DeployForce,)),
        Transition(Withdraw, ("deployed",), ("withdrawing",), _withdraw),
        Transition(EndOperation, ("deployed", "withdrawing"), ("ended",), _end),
        Transition(
            Decline,
            _OPEN_REQUEST,
            ("declined",),
            _decline,
            asks=(RequestAssistance,),
            departable=True,
            accepts=frozenset({"permitted", "not_provided_for", "not_permitted"}),
        ),
        Transition(
            Stall,
            ("requested", "consulting"),
            ("stalled",),
            _stall,
            _stalled,
            asks=(RequestAssistance,),
            accepts=_ALL,
            notes=ObligationNotes,
        ),
        Transition(
            SendMission,
            ("requested", "consulting", "stalled"),
            ("mission_sent",),
            _send_mission,
            asks=(DecideAssistance,),
            departable=True,
        ),
    )

    def open(self, move: OpenAssistance, state: State) -> tuple[AssistanceData, str]:
        return AssistanceData(), "new"

    def describe(self, data: AssistanceData) -> list[str]:
        if data.requester is None:
            return ["No request yet."]
        lines = [
            f"Request by {name(data.requester)} on grounds of {data.grounds}"
            + (f" (attacker: {data.attacker})" if data.attacker else "")
            + f"; the law: {data.obligation}"
        ]
        if data.measures:
            lines.append(f"Decided: {data.measures}" + (f" ({data.force})" if data.force else ""))
        for c in data.contributions:
            lines.append(
                f"  {name(c.state)}"
                + (f": {c.size}" if c.size else "")
                + (f", {c.unit}" if c.unit else "")
            )
        if data.operation:
            lines.append(f"Operation: {data.operation}")
        return lines


ASSISTANCE = AssistanceMachine()
