"""The events of the record: frozen, past-tense facts about the CST/CSTO.

Every event shares the fields of :class:`Event` (id, date, recorded, states, summary,
confidence, sources, alternatives; in :mod:`csto.record.event_base`); each type here adds
its own. The docstring of each type is its documentation. Field metadata says what a string
field holds (``kind``): a state code, an organ, an instrument id, a reference to another
event, so that validation can check it. Event types are registered by name in
:data:`EVENT_TYPES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from csto.record.dates import EventDate
from csto.record.event_base import (
    TYPES,
    Alternative,
    Citation,
    Confidence,
    Contribution,
    Event,
    Origin,
    Statement,
    kind,
    problem_at,
)

__all__ = [
    "EVENT_TYPES",
    "Acceded",
    "AgreementSigned",
    "Alternative",
    "AssistanceDecided",
    "AssistanceDeclined",
    "AssistanceRequested",
    "BodyEstablished",
    "ChairmanshipPassed",
    "Citation",
    "Confidence",
    "ConsultationsHeld",
    "Contribution",
    "ContributionsWithheld",
    "CrisisEnded",
    "CrisisStarted",
    "DecisionAdopted",
    "Event",
    "ExerciseCancelled",
    "ExerciseHeld",
    "Expelled",
    "ForceContributed",
    "ForceEstablished",
    "InstrumentEnteredIntoForce",
    "InstrumentRatified",
    "InstrumentSigned",
    "IntentionToLeaveDeclared",
    "MembershipLapsed",
    "MissionSent",
    "ObserverStatusEnded",
    "ObserverStatusGranted",
    "OfficialAppointed",
    "OfficialLeft",
    "OperationEnded",
    "OperationStarted",
    "OperationWithdrawalStarted",
    "OrganEstablished",
    "Origin",
    "ParticipationFrozen",
    "ParticipationResumed",
    "ParticipationSuspended",
    "PartnerStatusGranted",
    "Readmitted",
    "RegionalOperationHeld",
    "RequestWithdrawn",
    "ResolutionAdopted",
    "SessionHeld",
    "SessionPostponed",
    "Statement",
    "StatusGranted",
    "SuspensionRequested",
    "WithdrawalNotified",
    "Withdrew",
    "kind",
    "problem_at",
]


# --- instruments -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class InstrumentSigned(Event):
    """An instrument was signed; ``signatories`` are the states that signed on that day."""

    instrument: str = kind("instrument")
    place: str | None = None
    signatories: tuple[str, ...] = kind("state", ())


@dataclass(frozen=True, slots=True, kw_only=True)
class InstrumentRatified(Event):
    """A state ratified (or approved, or acceded to) an instrument under its own law."""

    instrument: str = kind("instrument")
    state: str = kind("state")


@dataclass(frozen=True, slots=True, kw_only=True)
class InstrumentEnteredIntoForce(Event):
    """An instrument entered into force: overall, or for one state (``for_state``)."""

    instrument: str = kind("instrument")
    for_state: str | None = kind("state", None)


# --- membership ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Acceded(Event):
    """A state joined an instrument it had not signed at the outset (usually the Treaty)."""

    state: str = kind("state")
    instrument: str = kind("instrument")


@dataclass(frozen=True, slots=True, kw_only=True)
class WithdrawalNotified(Event):
    """A state gave notice that it would withdraw; ``effective`` is when notice takes effect."""

    state: str = kind("state")
    instrument: str | None = kind("instrument", None)
    effective: EventDate | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Withdrew(Event):
    """A state's withdrawal took effect: from this day it is no longer a member."""

    state: str = kind("state")
    instrument: str | None = kind("instrument", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Expelled(Event):
    """The Council expelled a member: from this day it is no longer a member."""

    state: str = kind("state")
    by: str = kind("organ", "CSC")
    grounds: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MembershipLapsed(Event):
    """A state ceased to be a party without withdrawing, e.g. by not renewing the Treaty."""

    state: str = kind("state")
    instrument: str = kind("instrument")


@dataclass(frozen=True, slots=True, kw_only=True)
class ParticipationSuspended(Event):
    """A member's participation in the organs was suspended (``by`` an organ, or "self")."""

    state: str = kind("state")
    by: str
    grounds: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SuspensionRequested(Event):
    """A member asked that its own participation be suspended (Uzbekistan's note of 2012).

    Not a notice of withdrawal: the state stays a member until the Council decides.
    """

    state: str = kind("state")
    instrument: str | None = kind("instrument", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ParticipationFrozen(Event):
    """A member stopped taking part without a legal act: a de facto, political status.

    The law does not name this status; ``statements`` record who said what about it.
    """

    state: str = kind("state")
    statements: tuple[Statement, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ParticipationResumed(Event):
    """A suspended or frozen member took part again."""

    state: str = kind("state")


@dataclass(frozen=True, slots=True, kw_only=True)
class Readmitted(Event):
    """A former member became a member again (Uzbekistan in 2006)."""

    state: str = kind("state")
    instrument: str | None = kind("instrument", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ObserverStatusGranted(Event):
    """A state or organisation was granted observer status (in the CSTO or one of its organs)."""

    party: str
    organ: str | None = kind("organ", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class PartnerStatusGranted(Event):
    """A state or organisation was granted partner status."""

    party: str
    organ: str | None = kind("organ", None)


# --- organs, sessions, decisions, officials --------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class OrganEstablished(Event):
    """An organ of the Treaty or the Organization was established."""

    organ: str = kind("organ")
    instrument: str | None = kind("instrument", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionHeld(Event):
    """A session of an organ was held: where, until when, who chaired, who was absent.

    ``session_type`` says what kind of sitting it was, where a source says so: a
    ``regular`` session, an ``extraordinary`` one (called on a crisis), or an ``informal``
    summit (the heads meeting without a formal agenda; decisions can still be taken).
    """

    organ: str = kind("organ")
    session_type: Literal["regular", "extraordinary", "informal"] | None = None
    place: str | None = None
    end_date: EventDate | None = None
    chair: str | None = kind("state", None)
    present: tuple[str, ...] = kind("state", ())
    absent: tuple[str, ...] = kind("state", ())
    headlines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionAdopted(Event):
    """An organ adopted a decision; who signed, who did not, and whether by consensus."""

    organ: str = kind("organ")
    title: str
    signed_by: tuple[str, ...] = kind("state", ())
    not_signed_by: tuple[str, ...] = kind("state", ())
    consensus: bool | None = None
    session: str | None = kind("event", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficialAppointed(Event):
    """A person took up a post (``acting`` for an acting holder); ``term_end`` if set."""

    post: str
    person: str
    nationality: str = kind("state")
    term_end: EventDate | None = None
    acting: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficialLeft(Event):
    """A person left a post: at the end of the term, recalled, resigned."""

    post: str
    person: str
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChairmanshipPassed(Event):
    """The chairmanship of the Collective Security Council passed to ``state``."""

    state: str = kind("state")
    from_state: str | None = kind("state", None)
    head: str | None = None


# --- forces and operations -------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ForceEstablished(Event):
    """A collective force was established (CRDF-CA, CRRF, CPF, CAF, a regional grouping)."""

    force: str
    name: str
    instrument: str | None = kind("instrument", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ForceContributed(Event):
    """A state assigned a unit to a collective force; the size only where sourced."""

    force: str
    state: str = kind("state")
    unit: str | None = None
    size: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistanceRequested(Event):
    """A member asked for collective help; on which grounds, under which article, of whom."""

    requester: str = kind("state")
    grounds: Literal["aggression", "threat", "unrest_with_outside_interference", "other"]
    article: str | None = None
    addressed_to: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationsHeld(Event):
    """Consultations were held among the members (by an organ, or at some level)."""

    topic: str
    organ: str | None = kind("organ", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistanceDecided(Event):
    """An organ decided to give the requester collective help, and which."""

    requester: str = kind("state")
    measures: str
    organ: str | None = kind("organ", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistanceDeclined(Event):
    """A request for help was declined, or answered without the help asked for."""

    requester: str = kind("state")
    organ: str | None = kind("organ", None)
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MissionSent(Event):
    """A mission (not a force) was sent to a member, e.g. to assess a situation."""

    to: str = kind("state")
    purpose: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationStarted(Event):
    """A collective operation began on a host's territory, with its contributors."""

    operation: str
    host: str = kind("state")
    force: str | None = None
    contributors: tuple[Contribution, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationEnded(Event):
    """A collective operation ended."""

    operation: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExerciseHeld(Event):
    """A joint exercise was held."""

    name: str
    host: str | None = kind("state", None)
    end_date: EventDate | None = None
    participants: tuple[str, ...] = kind("state", ())
    size: int | None = None


# --- external relations ----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementSigned(Event):
    """The Organization signed an agreement with another organisation or a state."""

    partner: str
    title: str
    instrument: str | None = kind("instrument", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolutionAdopted(Event):
    """Another body (e.g. the UN General Assembly) adopted a resolution about the Organization.

    ``symbol`` is the document's symbol where known (e.g. "A/RES/59/50"); ``session`` the
    body's session (e.g. "71" for the General Assembly's 71st); ``vote`` how it was adopted.
    """

    body: str
    title: str
    symbol: str | None = None
    session: str | None = None
    vote: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusGranted(Event):
    """Another body granted the Organization a status (e.g. observer at the UN General Assembly)."""

    body: str
    status: str


# --- participation: members at odds with the Organization ------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class IntentionToLeaveDeclared(Event):
    """A member's leaders said it would (or might) leave: a political statement, not a notice.

    It changes no legal status; the member stays a member until it gives notice
    (``WithdrawalNotified``). ``condition`` holds the condition, if the statement set one.
    """

    state: str = kind("state")
    by: str | None = None
    condition: str | None = None
    instrument: str | None = kind("instrument", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ContributionsWithheld(Event):
    """A member refused to pay its share of the Organization's budget.

    ``budget`` names the budget concerned (e.g. "2024"); ``amount`` is the share as the
    source gives it (with its currency); ``notified_to`` the organ told, if any.
    """

    state: str = kind("state")
    budget: str | None = None
    amount: str | None = None
    notified_to: str | None = kind("organ", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExerciseCancelled(Event):
    """A planned exercise did not take place, or was not held where planned.

    ``refused_by`` are the states that refused to host it or to take part, where that is
    why; ``host`` the state where it was to be held.
    """

    name: str
    host: str | None = kind("state", None)
    refused_by: tuple[str, ...] = kind("state", ())
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestWithdrawn(Event):
    """A member withdrew a request it had made (for assistance, or an item on the agenda).

    ``request`` refers to the request's event where the record has it.
    """

    requester: str = kind("state")
    request: str | None = kind("event", None)
    organ: str | None = kind("organ", None)
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionPostponed(Event):
    """A session that had been called or announced was put off (or moved).

    ``planned`` is when it had been due; ``new_date`` when it was then held or set for.
    """

    organ: str = kind("organ")
    place: str | None = None
    planned: EventDate | None = None
    new_date: EventDate | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ObserverStatusEnded(Event):
    """An observer's status ended: withdrawn, given up, or the observer ceased to exist."""

    party: str
    organ: str | None = kind("organ", None)
    reason: str | None = None


# --- crises, standing operations and bodies --------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CrisisStarted(Event):
    """A crisis the Organization was asked about began (unrest, clashes, an attack).

    ``crisis`` is a slug shared by the crisis's events; ``host`` the state where it began.
    """

    crisis: str
    host: str | None = kind("state", None)


@dataclass(frozen=True, slots=True, kw_only=True)
class CrisisEnded(Event):
    """A crisis ended (a ceasefire, order restored), as the sources date it."""

    crisis: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationWithdrawalStarted(Event):
    """The withdrawal of a collective operation's forces began (``OperationEnded`` ends it)."""

    operation: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionalOperationHeld(Event):
    """A stage of a standing regional operation was held (anti-drug "Channel", "Illegal"...).

    ``operation`` is the standing operation's slug; ``phase`` the stage's name as given.
    """

    operation: str
    name: str
    phase: str | None = None
    end_date: EventDate | None = None
    participants: tuple[str, ...] = kind("state", ())
    results: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyEstablished(Event):
    """A subsidiary or coordinating body was set up (by the Council or another organ).

    ``body`` is its slug; ``parent`` the organ it reports to, where known.
    """

    body: str
    name: str
    parent: str | None = kind("organ", None)
    instrument: str | None = kind("instrument", None)


EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__: cls
    for cls in (
        InstrumentSigned,
        InstrumentRatified,
        InstrumentEnteredIntoForce,
        Acceded,
        WithdrawalNotified,
        Withdrew,
        Expelled,
        MembershipLapsed,
        ParticipationSuspended,
        SuspensionRequested,
        ParticipationFrozen,
        ParticipationResumed,
        Readmitted,
        ObserverStatusGranted,
        PartnerStatusGranted,
        OrganEstablished,
        SessionHeld,
        DecisionAdopted,
        OfficialAppointed,
        OfficialLeft,
        ChairmanshipPassed,
        ForceEstablished,
        ForceContributed,
        AssistanceRequested,
        ConsultationsHeld,
        AssistanceDecided,
        AssistanceDeclined,
        MissionSent,
        OperationStarted,
        OperationEnded,
        ExerciseHeld,
        AgreementSigned,
        StatusGranted,
        IntentionToLeaveDeclared,
        ContributionsWithheld,
        ExerciseCancelled,
        RequestWithdrawn,
        SessionPostponed,
        ObserverStatusEnded,
        CrisisStarted,
        CrisisEnded,
        OperationWithdrawalStarted,
        RegionalOperationHeld,
        BodyEstablished,
        ResolutionAdopted,
    )
}
TYPES.update(EVENT_TYPES)
