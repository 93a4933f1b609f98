"""The organization on one date: frozen value objects, each listing the events it rests on.

A :class:`State` is made of sections keyed by id (members by state code, organs by organ
id, ...) so that two states can be compared section by section (:mod:`csto.state.diff`).

The organization is the same on every day between two change days, so the state on a day
inside such an interval is the interval's state seen on that day (:meth:`State.dated`): a
:class:`State` that holds only its day and the interval's state and reads every section
from it. It is a ``State`` in every way a caller can see (``isinstance``, its fields, ``==``
with any state of the same content, ``repr``, ``dataclasses.replace``, ``asdict``, copying
and pickling, which give a plain ``State``); only ``type(s) is State`` tells them apart. It
costs two slots instead of thirteen, which is most of the cost of answering a new day.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field, fields
from typing import Any, Literal

__all__ = [
    "SECTIONS",
    "Chair",
    "Contribution",
    "Force",
    "FormerMember",
    "InstrumentStatus",
    "Member",
    "MemberStatus",
    "Operation",
    "Organ",
    "Party",
    "SecretaryGeneral",
    "State",
    "Uncertainty",
]

MemberStatus = Literal[
    "signatory",
    "member",
    "participation_frozen",
    "participation_suspended",
    "withdrawal_pending",
]


@dataclass(frozen=True, slots=True)
class Member:
    """A party to the Treaty: its status, since when (as recorded), and the events behind it.

    ``signatory``: signed, the Treaty not yet in force. ``effective`` is set only for
    ``withdrawal_pending``: the day the withdrawal takes effect.
    """

    state: str
    status: MemberStatus
    since: str
    member_since: str
    effective: str | None = None
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FormerMember:
    """A state that was a party and is no longer: when and how it left."""

    state: str
    left: str
    how: Literal["withdrew", "lapsed", "expelled"]
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Party:
    """An observer or partner of the Organization (a state code or an organisation's name)."""

    party: str
    since: str
    organ: str | None = None
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Chair:
    """The state chairing the Collective Security Council, and its head where sourced."""

    state: str
    since: str
    head: str | None = None
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SecretaryGeneral:
    """The person in the post of Secretary-General (or acting in it)."""

    name: str
    state: str
    acting: bool
    since: str
    term_end: str | None = None
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Organ:
    """An organ that exists."""

    id: str
    since: str
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Contribution:
    """A state's known contribution to a force."""

    state: str
    unit: str | None
    size: int | None
    since: str
    event: str


@dataclass(frozen=True, slots=True)
class Force:
    """A collective force that exists, with its known contributions."""

    id: str
    name: str
    since: str
    contributions: tuple[Contribution, ...] = ()
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Operation:
    """A collective operation under way."""

    id: str
    host: str
    since: str
    force: str | None = None
    contributors: tuple[tuple[str, int | None], ...] = ()
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InstrumentStatus:
    """Where an instrument stands: who signed and ratified it; in force, and for whom."""

    id: str
    signed_by: tuple[str, ...] = ()
    ratified_by: tuple[str, ...] = ()
    in_force: bool = False
    in_force_since: str | None = None
    in_force_for: tuple[str, ...] = ()
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Uncertainty:
    """Something the record cannot settle on this date: an event dated only to a month,
    a year or a range that may or may not have happened yet. ``section``/``key`` name what
    it would change; ``would_be`` is the value it would then have (None: it would go)."""

    section: str
    key: str
    events: tuple[str, ...]
    earliest: dt.date
    latest: dt.date
    would_be: object = None


#: the keyed sections of a State, in document order
SECTIONS = (
    "members",
    "former_members",
    "observers",
    "partners",
    "chair",
    "secretary_general",
    "organs",
    "instruments",
    "forces",
    "operations",
)


@dataclass(frozen=True, slots=True)
class State:
    """The organization on ``date``. Sections are dicts keyed by id; never mutate them."""

    date: dt.date
    members: dict[str, Member] = field(default_factory=dict)
    former_members: dict[str, FormerMember] = field(default_factory=dict)
    observers: dict[str, Party] = field(default_factory=dict)
    partners: dict[str, Party] = field(default_factory=dict)
    chair: dict[str, Chair] = field(default_factory=dict)
    secretary_general: dict[str, SecretaryGeneral] = field(default_factory=dict)
    organs: dict[str, Organ] = field(default_factory=dict)
    instruments: dict[str, InstrumentStatus] = field(default_factory=dict)
    forces: dict[str, Force] = field(default_factory=dict)
    operations: dict[str, Operation] = field(default_factory=dict)
    disputed: tuple[str, ...] = ()
    uncertain: tuple[Uncertainty, ...] = ()

    def dated(self, day: dt.date) -> State:
        """This state on another day: the same sections, shared (no copy of their contents;
        a view of this state that holds only the day, see the module docstring)."""
        if day == self.date:
            return self
        view = _new(_Dated)
        _set_date(view, day)
        _set_of(view, self)
        return view

    def section(self, name: str) -> dict[str, object]:
        """One keyed section by name (see :data:`SECTIONS`)."""
        return getattr(self, name)  # type: ignore[no-any-return]

    @property
    def chair_state(self) -> Chair | None:
        """The Council's chair, or None when the record knows of none."""
        return next(iter(self.chair.values()), None)

    @property
    def secretary(self) -> SecretaryGeneral | None:
        """The Secretary-General in office (or acting), or None when the post is vacant."""
        return next(iter(self.secretary_general.values()), None)

    def status_of(self, state: str) -> str:
        """``member``, another member status, ``former``, or ``none``."""
        if state in self.members:
            return self.members[state].status
        return "former" if state in self.former_members else "none"


class _Dated(State):
    """A state seen on another day (:meth:`State.dated`): its own ``date``; every section read
    from ``_of``, the state it was dated from (never itself a view)."""

    __slots__ = ("_of",)
    _of: State

    def __new__(cls, *args: Any, **kwargs: Any) -> State:  # type: ignore[misc]
        # what dataclasses.replace and a call on type(s) make: a plain State
        return State(*args, **kwargs)

    def dated(self, day: dt.date) -> State:
        return self._of.dated(day)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, State):
            return NotImplemented
        if isinstance(other, _Dated) and other._of is self._of:
            return self.date == other.date
        return _FIELD_VALUES(self) == _FIELD_VALUES(other)

    __hash__ = State.__hash__

    def __repr__(self) -> str:
        return "State" + State.__repr__(self).removeprefix(type(self).__qualname__)

    def __reduce__(self) -> tuple[Any, ...]:
        return (State, _FIELD_VALUES(self))


_NAMES = tuple(f.name for f in fields(State))
_FIELD_VALUES = operator.attrgetter(*_NAMES)
for _name in _NAMES[1:]:  # every section, read from the state dated
    setattr(_Dated, _name, property(operator.attrgetter(f"_of.{_name}")))
_new = object.__new__
_set_date = State.__dict__["date"].__set__
_set_of = _Dated.__dict__["_of"].__set__
