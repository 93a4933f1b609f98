"""Actions: typed commands, named as verbs, that someone asks the law about.

Each action has a date and an actor (a state, an organ or an official) and its own
parameters. They are read from plain mappings (a YAML or JSON file, CLI options) with
:func:`action_from_data`, which names the field and the valid choices for anything wrong.
An action asserts facts that the record may not hold (``grounds: aggression``); the verdict
marks those as *assumed by the action*.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from csto.codes import STATES
from csto.errors import InputError, Problem
from csto.record.codec import Decoder
from csto.record.events import kind

__all__ = [
    "ACTIONS",
    "FIELD_HELP",
    "FIRST_DAY",
    "LAST_DAY",
    "POSITIONS",
    "Accede",
    "Action",
    "AdoptDecision",
    "AppointSecretaryGeneral",
    "ConveneSession",
    "DecideAssistance",
    "DeployForce",
    "EstablishForce",
    "ExcludeMember",
    "FreezeParticipation",
    "GrantObserverStatus",
    "GrantPartnerStatus",
    "NotifyWithdrawal",
    "PassChairmanship",
    "Position",
    "ProposeDecision",
    "ReleaseSecretaryGeneral",
    "RequestAssistance",
    "RestoreMember",
    "SuspendMember",
    "TakePosition",
    "action_from_data",
    "action_to_data",
]

Position = Literal["support", "object", "abstain", "absent", "not_participate"]
POSITIONS: tuple[str, ...] = ("support", "object", "abstain", "absent", "not_participate")
Question = Literal["substantive", "procedural"]
#: the collective forces by their record ids (see the record's ForceEstablished events)
ForceId = Literal["CRDF-CA", "CRRF", "CPF", "CAF"]

#: the days an action may carry (notice periods and terms are counted from them)
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)

#: fields that must name a state that has been party to the Treaty
_PARTY_FIELDS = (
    "by",
    "state",
    "nationality",
    "to",
    "host",
    "next_host",
    "initiated_by",
    "requester",
    "previous_nationality",
)


#: field metadata: the mapping's keys are state codes
_STATE_KEYS = {"kind": "state"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """What every action has: the day it is taken, and an optional note."""

    verb: ClassVar[str] = ""
    actor_field: ClassVar[str] = "by"
    date: dt.date
    note: str | None = None

    @property
    def actor(self) -> str:
        return str(getattr(self, self.actor_field))


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestAssistance(Action):
    """A member asks the others for help. ``grounds``: ``aggression`` (an armed attack, the
    Treaty's art. 4), ``threat`` (a threat to security, stability, territorial integrity or
    sovereignty, art. 2), ``unrest`` (internal unrest with alleged outside interference).
    ``attacker``: a state code, or ``non-state``; ``territory``: where the fighting is."""

    verb: ClassVar[str] = "request_assistance"
    by: str = kind("state")
    grounds: Literal["aggression", "threat", "unrest"]
    attacker: str | None = None
    territory: Literal["recognised", "undelimited", "disputed"] = "recognised"


@dataclass(frozen=True, slots=True, kw_only=True)
class DecideAssistance(Action):
    """The Council decides how to answer a member's request: ``measures`` is ``forces``,
    ``mission`` (to assess or monitor), ``material`` (equipment, supplies) or ``none``."""

    verb: ClassVar[str] = "decide_assistance"
    actor_field: ClassVar[str] = "requester"
    requester: str = kind("state")
    measures: Literal["forces", "mission", "material", "none"]
    requested: bool = True
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConveneSession(Action):
    """Someone (a member state, or ``SG``) calls a session of a deciding body."""

    verb: ClassVar[str] = "convene_session"
    by: str
    organ: str = kind("organ", "CSC")
    host: str | None = kind("state", None)
    extraordinary: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposeDecision(Action):
    """A member, an organ or the Secretary-General (``SG``) puts a draft before a body."""

    verb: ClassVar[str] = "propose_decision"
    by: str
    organ: str = kind("organ", "CSC")
    subject: str
    question: Question = "substantive"


@dataclass(frozen=True, slots=True, kw_only=True)
class TakePosition(Action):
    """A member's position on a draft before a body."""

    verb: ClassVar[str] = "take_position"
    by: str = kind("state")
    position: Position
    organ: str = kind("organ", "CSC")
    subject: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AdoptDecision(Action):
    """A body adopts a decision; ``positions`` maps each member to its position (a member
    not named is absent). With no positions the verdict says what adoption needs."""

    verb: ClassVar[str] = "adopt_decision"
    actor_field: ClassVar[str] = "organ"
    organ: str = kind("organ", "CSC")
    subject: str
    question: Question = "substantive"
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Accede(Action):
    """A state asks to join (the Treaty before the Charter; the Organization after)."""

    verb: ClassVar[str] = "accede"
    by: str = kind("state")
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class NotifyWithdrawal(Action):
    """A member gives written notice that it will leave; ``effective``: the day it names;
    ``received``: the day the depositary received it (the notice's date when not given)."""

    verb: ClassVar[str] = "notify_withdrawal"
    by: str = kind("state")
    effective: dt.date | None = None
    obligations_settled: bool | None = None
    received: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SuspendMember(Action):
    """The Council suspends a member's participation in the bodies' work."""

    verb: ClassVar[str] = "suspend_member"
    actor_field: ClassVar[str] = "state"
    state: str = kind("state")
    grounds: Literal["breach", "own_request"] = "breach"
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExcludeMember(Action):
    """The Council expels a member."""

    verb: ClassVar[str] = "exclude_member"
    actor_field: ClassVar[str] = "state"
    state: str = kind("state")
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class RestoreMember(Action):
    """A suspended (or frozen) member's full participation is restored."""

    verb: ClassVar[str] = "restore_member"
    actor_field: ClassVar[str] = "state"
    state: str = kind("state")
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class FreezeParticipation(Action):
    """A member declares that it freezes its own participation (Armenia, 2024)."""

    verb: ClassVar[str] = "freeze_participation"
    by: str = kind("state")


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointSecretaryGeneral(Action):
    """The Council appoints a Secretary-General (a national of ``nationality``)."""

    verb: ClassVar[str] = "appoint_secretary_general"
    actor_field: ClassVar[str] = "nationality"
    person: str
    nationality: str = kind("state")
    proposed_by_cfm: bool = True
    term_start: dt.date | None = None
    previous_nationality: str | None = kind("state", None)
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseSecretaryGeneral(Action):
    """The Council ends the Secretary-General's term early (Armenia's recall of 2018)."""

    verb: ClassVar[str] = "release_secretary_general"
    actor_field: ClassVar[str] = "person"
    person: str
    initiated_by: str | None = kind("state", None)
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class PassChairmanship(Action):
    """The chairmanship of the Council passes to ``to``; ``next_host``: the state where the
    next regular session (the one the new chair will preside over) is to be held."""

    verb: ClassVar[str] = "pass_chairmanship"
    actor_field: ClassVar[str] = "to"
    to: str = kind("state")
    next_host: str | None = kind("state", None)
    council_decided: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class EstablishForce(Action):
    """The Council sets up a collective force."""

    verb: ClassVar[str] = "establish_force"
    actor_field: ClassVar[str] = "force"
    force: ForceId
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeployForce(Action):
    """A collective force is sent to ``host``'s territory."""

    verb: ClassVar[str] = "deploy_force"
    actor_field: ClassVar[str] = "force"
    force: ForceId
    host: str = kind("state")
    requested_by_host: bool = False
    un_mandate: bool = False
    against_unrest: bool = False
    contributors: tuple[str, ...] = kind("state", ())
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class GrantObserverStatus(Action):
    """The Council grants observer status to a state (code) or an organization (name)."""

    verb: ClassVar[str] = "grant_observer_status"
    actor_field: ClassVar[str] = "party"
    party: str
    requested_in_writing: bool = True
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


@dataclass(frozen=True, slots=True, kw_only=True)
class GrantPartnerStatus(Action):
    """The Council grants partner status (created by the 2018 third protocol)."""

    verb: ClassVar[str] = "grant_partner_status"
    actor_field: ClassVar[str] = "party"
    party: str
    positions: dict[str, Position] = field(default_factory=dict, metadata=_STATE_KEYS)


ACTIONS: dict[str, type[Action]] = {
    cls.verb: cls
    for cls in (
        RequestAssistance,
        DecideAssistance,
        ConveneSession,
        ProposeDecision,
        TakePosition,
        AdoptDecision,
        Accede,
        NotifyWithdrawal,
        SuspendMember,
        ExcludeMember,
        RestoreMember,
        FreezeParticipation,
        AppointSecretaryGeneral,
        ReleaseSecretaryGeneral,
        PassChairmanship,
        EstablishForce,
        DeployForce,
        GrantObserverStatus,
        GrantPartnerStatus,
    )
}


#: one line of help per action field, for the command line and the web form
FIELD_HELP: dict[str, str] = {
    "date": "The day the action is taken (YYYY-MM-DD).",
    "note": "A note of your own, kept with the action.",
    "by": "Who acts: a state's ISO alpha-3 code (for sessions and drafts also SG or an organ).",
    "grounds": "aggression (art. 4), threat (art. 2) or unrest with alleged outside interference.",
    "attacker": "Who attacks: a state's code, or non-state.",
    "territory": "Where the fighting is: recognised, undelimited or disputed territory.",
    "organ": "The body: CSC, CFM, CMD, CSSC, PC (deciding) or SEC, JS, PA.",
    "host": "The state where the session is held, or the force is sent.",
    "extraordinary": "An extraordinary session.",
    "subject": "What the draft or decision is about.",
    "question": "substantive (consensus) or procedural (the rule for procedural questions).",
    "position": "support, object, abstain, absent or not_participate.",
    "positions": "Members' positions; members not named are absent.",
    "effective": "The withdrawal date the notice names (default: the earliest lawful day).",
    "received": "The day the depositary received the notice (default: the day it was given).",
    "against_unrest": "The force is sent to help the host deal with internal unrest.",
    "obligations_settled": "Whether the member has settled its obligations (contributions).",
    "state": "The member concerned (ISO alpha-3).",
    "requester": "The member that asked for assistance (ISO alpha-3).",
    "measures": "What the Council decides: forces, mission, material, or none.",
    "requested": "Whether the member asked for assistance.",
    "person": "The person's name (the candidate, or the Secretary-General in office).",
    "initiated_by": "The state that asks for the early release (usually the official's own).",
    "nationality": "The candidate's nationality (ISO alpha-3).",
    "proposed_by_cfm": "Whether the Council of Foreign Ministers proposed the candidate.",
    "term_start": "The day the term begins (default: the action's date).",
    "previous_nationality": "The predecessor's nationality (default: the Secretary-General in "
    "office), for the rotation in Russian alphabetical order decided in 2015.",
    "to": "The state taking the chair (ISO alpha-3).",
    "council_decided": "Whether the Council decided who chairs (otherwise the rule applies).",
    "next_host": "The state where the next regular session, presided by the new chair, is held.",
    "force": "The force: CRRF, CPF (peacekeeping), CRDF-CA or CAF.",
    "requested_by_host": "Whether the host state officially asked for the force.",
    "un_mandate": "Whether the UN Security Council decided on the operation.",
    "contributors": "A state sending a contingent.",
    "party": "A state's code or an organization's name.",
    "requested_in_writing": "Whether the party asked the Secretary-General in writing.",
}


def action_from_data(data: object, *, file: str = "<action>", path: str = "action") -> Action:
    """Decode one action mapping (``{"action": "notify_withdrawal", "by": "ARM", ...}``).

    Raises :class:`~csto.errors.InputError` listing every problem with its field.
    """
    decoder = Decoder(file)
    action = decode_action(decoder, data, path)
    if action is None or decoder.problems:
        raise InputError("the action cannot be read", tuple(decoder.problems))
    return action


def decode_action(decoder: Decoder, data: object, path: str) -> Action | None:
    """Decode into ``decoder`` (collecting problems); None when anything is wrong."""
    if not isinstance(data, Mapping):
        decoder.problem(
            "an action must be a mapping",
            line=None,
            field=path,
            expected="a mapping with 'action', 'date' and the action's fields",
            got=type(data).__name__,
        )
        return None
    verb = data.get("action")
    cls = ACTIONS.get(str(verb).replace("-", "_")) if verb is not None else None
    if cls is None:
        decoder.problem(
            "unknown action" if verb is not None else "missing the action's name",
            line=_line(data, "action"),
            field=f"{path}.action",
            expected="one of " + ", ".join(ACTIONS),
            got="nothing" if verb is None else repr(verb),
        )
        return None
    body = {k: v for k, v in data.items() if k != "action"}
    before = len(decoder.problems)
    _check_parties(decoder, cls, data, path)
    action = decoder.build(cls, body, data, path)
    if action is None or len(decoder.problems) > before:
        return None
    for f in dataclasses.fields(action):
        value = getattr(action, f.name)
        if isinstance(value, dt.date) and not FIRST_DAY <= value <= LAST_DAY:
            decoder.problem(
                f"{value} is outside the days csto judges",
                line=_line(data, f.name),
                field=f"{path}.{f.name}",
                expected=f"a day from {FIRST_DAY} to {LAST_DAY}",
            )
            return None
    return action


def _check_parties(decoder: Decoder, cls: type[Action], data: Mapping[str, Any], path: str) -> None:
    """State fields must name a state that has been party to the Treaty (any state may ask
    to accede); ``by`` of a session or a draft may also be ``SG`` or an organ id."""
    known = ", ".join(sorted(STATES))

    def check(code: object, field_path: str, key: str) -> None:
        if isinstance(code, str) and code not in STATES:
            decoder.problem(
                f"{code!r} has never been a party to the Treaty",
                line=_line(data, key),
                field=field_path,
                expected="one of " + known,
            )

    for name in _PARTY_FIELDS:
        value = data.get(name)
        if value is None or cls is Accede:
            continue
        if name == "by" and cls in (ConveneSession, ProposeDecision):
            if value not in STATES and value != "SG" and value not in _organs():
                decoder.problem(
                    f"{value!r} cannot act here",
                    line=_line(data, "by"),
                    field=f"{path}.by",
                    expected="a state (" + known + "), SG, or an organ id",
                )
            continue
        check(value, f"{path}.{name}", name)
    positions = data.get("positions")
    if isinstance(positions, Mapping):
        for code in positions:
            check(code, f"{path}.positions.{code}", "positions")
    contributors = data.get("contributors")
    if isinstance(contributors, list):
        for i, code in enumerate(contributors):
            check(code, f"{path}.contributors[{i}]", "contributors")


def _organs() -> set[str]:
    from csto.codes import ORGANS

    return set(ORGANS)


def _line(node: object, key: str) -> int | None:
    lc = getattr(node, "lc", None)
    try:
        return None if lc is None else int(lc.key(key)[0]) + 1
    except (KeyError, TypeError, AttributeError):
        return None


def action_to_data(action: Action) -> dict[str, Any]:
    """Plain JSON-ready data for an action (the inverse of :func:`action_from_data`)."""
    out: dict[str, Any] = {"action": action.verb}
    for f in dataclasses.fields(action):
        value = getattr(action, f.name)
        if value is None or value == () or value == {}:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = dict(value)
        out[f.name] = value
    return out


def problem_for(action: Action, field_name: str, message: str) -> Problem:
    """A problem located at one field of an action (for rules that refuse bad parameters)."""
    return Problem(message, field=f"action.{field_name}", got=repr(getattr(action, field_name)))
