"""The events of the record: frozen, past-tense facts about the CST/CSTO.

Every event shares the fields of :class:`Event` (id, date, recorded, states, summary,
confidence, sources, alternatives); each type adds its own. The docstring of each type is
its documentation. Field metadata says what a string field holds (``kind``): a state code,
an organ, an instrument id, a reference to another event, so that validation can check it.
Event types are registered by name in :data:`EVENT_TYPES`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from csto.errors import Problem
from csto.record.dates import EventDate

__all__ = [
    "EVENT_TYPES",
    "Acceded",
    "AgreementSigned",
    "Alternative",
    "AssistanceDecided",
    "AssistanceDeclined",
    "AssistanceRequested",
    "ChairmanshipPassed",
    "Citation",
    "Confidence",
    "ConsultationsHeld",
    "Contribution",
    "DecisionAdopted",
    "Event",
    "ExerciseHeld",
    "Expelled",
    "ForceContributed",
    "ForceEstablished",
    "InstrumentEnteredIntoForce",
    "InstrumentRatified",
    "InstrumentSigned",
    "MembershipLapsed",
    "MissionSent",
    "ObserverStatusGranted",
    "OfficialAppointed",
    "OfficialLeft",
    "OperationEnded",
    "OperationStarted",
    "OrganEstablished",
    "Origin",
    "ParticipationFrozen",
    "ParticipationResumed",
    "ParticipationSuspended",
    "PartnerStatusGranted",
    "Readmitted",
    "SessionHeld",
    "Statement",
    "StatusGranted",
    "SuspensionRequested",
    "WithdrawalNotified",
    "Withdrew",
    "problem_at",
]

Confidence = Literal["high", "medium", "low"]


def kind(name: str, default: Any = dataclasses.MISSING) -> Any:
    """A dataclass field whose string value is a code of the given kind (state, organ...)."""
    if default is dataclasses.MISSING:
        return field(metadata={"kind": name})
    return field(default=default, metadata={"kind": name})


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an event was read from: file and line. Not part of the fact itself."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


def problem_at(origin: Origin | None, message: str, **details: str) -> Problem:
    """A :class:`~csto.errors.Problem` located where ``origin`` says (if known)."""
    return Problem(
        message,
        file=origin.file if origin else None,
        line=origin.line if origin else None,
        **details,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """A source cited by id, with where in it the fact is (page, article, line)."""

    source: str = kind("source")
    locator: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """Something a state, an organ or a person said, in our words."""

    by: str
    said: str
    date: EventDate | None = None
    sources: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Contribution:
    """A state's part in a force or an operation; the size only where a source gives it."""

    state: str = kind("state")
    size: int | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Alternative:
    """Another version of an event given by other sources, kept beside the default one.

    ``changes`` holds the fields that differ, as (name, value) pairs with parsed values,
    sorted by name.
    """

    label: str
    changes: tuple[tuple[str, Any], ...]
    sources: tuple[Citation, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """What every event has: identity, time, the states concerned, a summary, sources."""

    id: str
    date: EventDate
    recorded: dt.date
    states: tuple[str, ...] = kind("state", ())
    summary: str
    confidence: Confidence
    sources: tuple[Citation, ...]
    alternatives: tuple[Alternative, ...] = ()
    default_reason: str | None = None
    note: str | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    @property
    def type(self) -> str:
        """The event's type name, as written in the record files."""
        return type(self).__name__

    @property
    def disputed(self) -> bool:
        """Whether sources give other versions of this event."""
        return bool(self.alternatives)

    def version(self, label: str) -> Event:
        """This event as told by the alternative ``label`` (a KeyError if there is none)."""
        for alt in self.alternatives:
            if alt.label == label:
                return dataclasses.replace(self, **dict(alt.changes))
        raise KeyError(label)


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
class StatusGranted(Event):
    """Another body granted the Organization a status (e.g. observer at the UN General Assembly)."""

    body: str
    status: str


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
    )
}
