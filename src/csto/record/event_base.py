"""What every record event is made of: the base :class:`Event`, its citations and versions.

An :class:`Event` has an identity, a date and the day it was recorded, the states it
concerns, a summary in our words, a confidence and its sources; an :class:`Alternative`
keeps another version of it told by other sources. :func:`kind` marks a string field with
what it holds (a state code, an organ, an instrument, another event) so that validation can
check it. The event types themselves are in :mod:`csto.record.events`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from csto.errors import Problem
from csto.record.dates import EventDate

__all__ = [
    "TYPES",
    "Alternative",
    "Citation",
    "Confidence",
    "Contribution",
    "Event",
    "Origin",
    "Statement",
    "kind",
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
    sorted by name. ``type`` is set when the other sources tell the fact as another kind of
    event (the Council "suspended" a member; others say it "left"): the version is then an
    event of that type, with the common fields of this one and the ``changes``.
    """

    label: str
    changes: tuple[tuple[str, Any], ...]
    sources: tuple[Citation, ...]
    note: str | None = None
    type: str | None = None


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
        """This event as told by the alternative ``label`` (a KeyError if there is none).

        The version keeps this event's id, alternatives and origin, so that it still reads
        as disputed; where the alternative is of another type, the version is of that type.
        """
        for alt in self.alternatives:
            if alt.label != label:
                continue
            changes = dict(alt.changes)
            if alt.type is None or alt.type == self.type:
                return dataclasses.replace(self, **changes)
            cls = TYPES[alt.type]
            names = {f.name for f in dataclasses.fields(cls) if f.init}
            common = {
                f.name: getattr(self, f.name)
                for f in dataclasses.fields(self)
                if f.init and f.name in names
            }
            return cls(**{**common, **changes})
        raise KeyError(label)


#: Every event type by name; filled by :mod:`csto.record.events` (its ``EVENT_TYPES``).
TYPES: dict[str, type[Event]] = {}
