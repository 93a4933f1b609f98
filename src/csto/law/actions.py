"""Actions: typed commands, named as verbs, that someone asks the law about.

Each action has a date and an actor (a state, an organ or an official) and its own
parameters, each declared once with its help (:mod:`csto.law.fields`): the command line's
options, the web form, the JSON Schema and the decoder are generated from the declarations.
Actions are read from plain mappings (a YAML or JSON file, CLI options, a request) with
:func:`read_action`, which names the field and the valid choices for anything wrong and says
how it read a state's name. An action asserts facts that the record may not hold
(``grounds: aggression``); the verdict marks those as *assumed by the action*.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from csto.codes import ORGANS
from csto.errors import InputError, Problem, preview
from csto.law import fields
from csto.law.fields import (
    FIRST_DAY,
    LAST_DAY,
    POSITIONS,
    Resolved,
    choice,
    day,
    flag,
    state,
    states,
    text,
)
from csto.record.codec import Decoder

__all__ = [
    "ACTIONS",
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
    "HostForeignForces",
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
    "action_schema",
    "action_to_data",
    "decode_action",
    "read_action",
]

Position = Literal["support", "object", "abstain", "absent", "not_participate"]
Question = Literal["substantive", "procedural"]
#: the collective forces by their record ids (see the record's ForceEstablished events)
ForceId = Literal["CRDF-CA", "CRRF", "CPF", "CAF"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """What every action has: the day it is taken, and an optional note."""

    verb: ClassVar[str] = ""
    actor_field: ClassVar[str] = "by"
    date: dt.date = day("The day the action is taken (YYYY-MM-DD).")
    note: str | None = text("A note of your own, kept with the action.", None)

    @property
    def actor(self) -> str:
        return str(getattr(self, self.actor_field))


_ORGAN = "The body: CSC, CFM, CMD, CSSC, PC (deciding) or SEC, JS, PA."
_POSITION = "support, object, abstain, absent or not_participate."
_QUESTION = "substantive (consensus) or procedural (the rule for procedural questions)."
_FORCE = "The force: CRRF, CPF (peacekeeping), CRDF-CA or CAF."
_PARTY = "A state (code or name) or an organization's name."
#: who may call a session or put a draft: a member state, the Secretary-General, an organ
_ACTORS = ("SG", *ORGANS)


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestAssistance(Action):
    """A member asks the others for help. ``grounds``: ``aggression`` (an armed attack, the
    Treaty's art. 4), ``threat`` (a threat to security, stability, territorial integrity or
    sovereignty, art. 2), ``unrest`` (internal unrest with alleged outside interference).
    ``attacker``: a state, or ``non-state``; ``territory``: where the fighting is."""

    verb: ClassVar[str] = "request_assistance"
    by: str = state("The member asking for help (a state's code or name).")
    grounds: Literal["aggression", "threat", "unrest"] = choice(
        "aggression (art. 4), threat (art. 2) or unrest with alleged outside interference."
    )
    attacker: str | None = state(
        "Who attacks: a state (code or name), or non-state.", None, also=("non-state",)
    )
    territory: Literal["recognised", "undelimited", "disputed"] = choice(
        "Where the fighting is: recognised, undelimited or disputed territory.", "recognised"
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DecideAssistance(Action):
    """The Council decides how to answer a member's request: ``measures`` is ``forces``,
    ``mission`` (to assess or monitor), ``material`` (equipment, supplies) or ``none``."""

    verb: ClassVar[str] = "decide_assistance"
    actor_field: ClassVar[str] = "requester"
    requester: str = state("The member that asked for assistance.")
    measures: Literal["forces", "mission", "material", "none"] = choice(
        "What the Council decides: forces, mission, material, or none."
    )
    requested: bool = flag("Whether the member asked for assistance.", True)
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class ConveneSession(Action):
    """Someone (a member state, or ``SG``) calls a session of a deciding body."""

    verb: ClassVar[str] = "convene_session"
    by: str = state("Who calls the session: a member state, SG, or an organ.", also=_ACTORS)
    organ: str = fields.organ(_ORGAN, "CSC")
    host: str | None = state("The state where the session is held.", None)
    extraordinary: bool = flag("An extraordinary session.", False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposeDecision(Action):
    """A member, an organ or the Secretary-General (``SG``) puts a draft before a body."""

    verb: ClassVar[str] = "propose_decision"
    by: str = state("Who puts the draft: a member state, SG, or an organ.", also=_ACTORS)
    organ: str = fields.organ(_ORGAN, "CSC")
    subject: str = text("What the draft is about.")
    question: Question = choice(_QUESTION, "substantive")


@dataclass(frozen=True, slots=True, kw_only=True)
class TakePosition(Action):
    """A member's position on a draft before a body; ``arrears``: whether it is two years in
    arrears with its contributions (reading ``arrears-sanction``)."""

    verb: ClassVar[str] = "take_position"
    by: str = state("The member taking the position.")
    position: Position = choice(_POSITION)
    organ: str = fields.organ(_ORGAN, "CSC")
    subject: str | None = text("What the draft is about.", None)
    arrears: Literal["none", "two_years", "sanctioned"] = choice(
        "The member's budget arrears: none, two_years (two years running unpaid), or sanctioned "
        "(and the Council suspended its vote for them).",
        "none",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AdoptDecision(Action):
    """A body adopts a decision; ``positions`` maps each member to its position (a member
    not named is absent). With no positions the verdict says what adoption needs."""

    verb: ClassVar[str] = "adopt_decision"
    actor_field: ClassVar[str] = "organ"
    organ: str = fields.organ(_ORGAN, "CSC")
    subject: str = text("What the decision is about.")
    question: Question = choice(_QUESTION, "substantive")
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class Accede(Action):
    """A state asks to join (the Treaty before the Charter; the Organization after)."""

    verb: ClassVar[str] = "accede"
    by: str = state("The state asking to join (any state's code or name).", any_state=True)
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class NotifyWithdrawal(Action):
    """A member gives written notice that it will leave; ``effective``: the day it names;
    ``received``: the day the depositary received it (the notice's date when not given)."""

    verb: ClassVar[str] = "notify_withdrawal"
    by: str = state("The member giving notice.")
    effective: dt.date | None = day(
        "The withdrawal date the notice names (default: the earliest lawful day).", None
    )
    obligations_settled: bool | None = flag(
        "Whether the member has settled its obligations (contributions).", None
    )
    received: dt.date | None = day(
        "The day the depositary received the notice (default: the day it was given).", None
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SuspendMember(Action):
    """The Council suspends a member's participation in the bodies' work."""

    verb: ClassVar[str] = "suspend_member"
    actor_field: ClassVar[str] = "state"
    state: str = fields.state("The member concerned.")
    grounds: Literal["breach", "own_request"] = choice(
        "breach (of its obligations) or own_request.", "breach"
    )
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class ExcludeMember(Action):
    """The Council expels a member."""

    verb: ClassVar[str] = "exclude_member"
    actor_field: ClassVar[str] = "state"
    state: str = fields.state("The member concerned.")
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class RestoreMember(Action):
    """A suspended (or frozen) member's full participation is restored."""

    verb: ClassVar[str] = "restore_member"
    actor_field: ClassVar[str] = "state"
    state: str = fields.state("The member concerned.")
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class FreezeParticipation(Action):
    """A member declares that it freezes its own participation (Armenia, 2024)."""

    verb: ClassVar[str] = "freeze_participation"
    by: str = state("The member freezing its participation.")


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointSecretaryGeneral(Action):
    """The Council appoints a Secretary-General (a national of ``nationality``)."""

    verb: ClassVar[str] = "appoint_secretary_general"
    actor_field: ClassVar[str] = "nationality"
    person: str = text("The candidate's name.")
    nationality: str = state("The candidate's nationality.")
    proposed_by_cfm: bool = flag(
        "Whether the Council of Foreign Ministers proposed the candidate.", True
    )
    term_start: dt.date | None = day("The day the term begins (default: the action's date).", None)
    previous_nationality: str | None = state(
        "The predecessor's nationality (default: the Secretary-General in office), for the "
        "rotation in Russian alphabetical order decided in 2015.",
        None,
    )
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseSecretaryGeneral(Action):
    """The Council ends the Secretary-General's term early (Armenia's recall of 2018)."""

    verb: ClassVar[str] = "release_secretary_general"
    actor_field: ClassVar[str] = "person"
    person: str = text("The Secretary-General in office.")
    initiated_by: str | None = state(
        "The state that asks for the early release (usually the official's own).", None
    )
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class PassChairmanship(Action):
    """The chairmanship of the Council passes to ``to``; ``next_host``: the state where the
    next regular session (the one the new chair will preside over) is to be held."""

    verb: ClassVar[str] = "pass_chairmanship"
    actor_field: ClassVar[str] = "to"
    to: str = state("The state taking the chair.")
    next_host: str | None = state(
        "The state where the next regular session, presided by the new chair, is held.", None
    )
    council_decided: bool = flag(
        "Whether the Council decided who chairs (otherwise the rule applies).", False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class EstablishForce(Action):
    """The Council sets up a collective force."""

    verb: ClassVar[str] = "establish_force"
    actor_field: ClassVar[str] = "force"
    force: ForceId = choice(_FORCE)
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class DeployForce(Action):
    """A collective force is sent to ``host``'s territory."""

    verb: ClassVar[str] = "deploy_force"
    actor_field: ClassVar[str] = "force"
    force: ForceId = choice(_FORCE)
    host: str = state("The state the force is sent to.")
    requested_by_host: bool = flag("Whether the host state officially asked for the force.", False)
    un_mandate: bool = flag("Whether the UN Security Council decided on the operation.", False)
    against_unrest: bool = flag(
        "Whether the force is sent to help the host deal with internal unrest.", False
    )
    contributors: tuple[str, ...] = states("A state sending a contingent.")
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class HostForeignForces(Action):
    """A member places a non-member's forces or military infrastructure on its territory;
    ``objections``: the members that officially objected; ``alliance``: the military alliance
    the guest's forces belong to, if any."""

    verb: ClassVar[str] = "host_foreign_forces"
    by: str = state("The member that would host the forces or facilities.")
    guest: str = state("The state whose forces or facilities they are.", any_state=True)
    consulted: bool = flag(
        "Whether the host first held urgent consultations with the others.", True
    )
    objections: tuple[str, ...] = states("A member that officially objected.")
    alliance: str | None = text("The military alliance the guest's forces belong to, if any.", None)
    against_member: bool = flag("Whether the forces are directed against another member.", False)


@dataclass(frozen=True, slots=True, kw_only=True)
class GrantObserverStatus(Action):
    """The Council grants observer status to a state (code or name) or an organization."""

    verb: ClassVar[str] = "grant_observer_status"
    actor_field: ClassVar[str] = "party"
    party: str = state(_PARTY, organisations=True)
    requested_in_writing: bool = flag(
        "Whether the party asked the Secretary-General in writing.", True
    )
    positions: dict[str, Position] = fields.positions()


@dataclass(frozen=True, slots=True, kw_only=True)
class GrantPartnerStatus(Action):
    """The Council grants partner status (created by the 2018 third protocol)."""

    verb: ClassVar[str] = "grant_partner_status"
    actor_field: ClassVar[str] = "party"
    party: str = state(_PARTY, organisations=True)
    positions: dict[str, Position] = fields.positions()


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
        HostForeignForces,
        GrantObserverStatus,
        GrantPartnerStatus,
    )
}


def read_action(
    data: object, *, file: str = "<action>", path: str = "action", today: dt.date | None = None
) -> tuple[Action, tuple[Resolved, ...]]:
    """Decode one action mapping (``{"action": "notify_withdrawal", "by": "ARM", ...}``) and
    say how any name was read (``Russia`` as ``RUS``); ``today``: the day the word ``today``
    stands for (given by the edges, which read the clock).

    Raises :class:`~csto.errors.InputError` listing every problem with its field.
    """
    if not isinstance(data, Mapping):
        raise InputError(
            "an action must be a mapping",
            (
                Problem(
                    "an action must be a mapping",
                    file=file,
                    field=path,
                    expected="a mapping with 'action', 'date' and the action's fields",
                    got=type(data).__name__,
                ),
            ),
        )
    verb = data.get("action")
    cls = ACTIONS.get(verb.replace("-", "_")) if isinstance(verb, str) else None
    if cls is None:
        raise InputError(
            "the action cannot be read",
            (
                Problem(
                    "unknown action" if verb is not None else "missing the action's name",
                    file=file,
                    line=_line(data, "action"),
                    field=f"{path}.action",
                    expected="one of " + ", ".join(ACTIONS),
                    got="nothing" if verb is None else preview(verb),
                ),
            ),
        )
    return fields.decode(cls, data, file=file, path=path, skip=("action",), today=today)


def action_from_data(data: object, *, file: str = "<action>", path: str = "action") -> Action:
    """:func:`read_action` without saying how names were read."""
    return read_action(data, file=file, path=path)[0]


def decode_action(
    decoder: Decoder, data: object, path: str, resolved: list[Resolved] | None = None
) -> Action | None:
    """Decode into ``decoder`` (collecting problems, for a file of many); None when anything
    is wrong. How names were read goes to ``resolved`` when given."""
    try:
        action, read = read_action(data, file=decoder.file, path=path)
    except InputError as exc:
        decoder.problems.extend(exc.problems)
        return None
    if resolved is not None:
        resolved.extend(read)
    return action


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


def action_schema() -> dict[str, Any]:
    """The JSON Schema of an action mapping (one alternative per verb), generated from the
    field declarations as the decoder is."""
    alternatives = []
    for cls in ACTIONS.values():
        schema = fields.json_schema(cls, "action")
        schema["properties"]["action"] = {"enum": [cls.verb, cls.verb.replace("_", "-")]}
        alternatives.append(schema)
    return {"oneOf": alternatives}
