"""The fold: events in, the organization on a date out. One apply function per event type.

A :class:`Builder` is the private, mutable working state of a fold. :meth:`Builder.apply`
applies one event through the apply function registered for its type (each records
which (section, key) pairs the event touched, so that changes can be traced to their
causes); :meth:`Builder.freeze` turns the builder into a :class:`~csto.state.model.State`
without changing it, so that a builder can go on taking events after a freeze. A freeze
shares the sections that did not change since the builder's previous freeze, which is what
lets :mod:`csto.state.forward` build one snapshot from the previous one cheaply.

:func:`fold` is the definition: every event, in date order, applied to an empty builder.
The membership rules the apply functions follow are documented in :mod:`csto.state.statuses`.
A new event type needs one apply function here, registered with ``@_applies``; an event
type without one changes no section of the state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from csto.record import events as ev
from csto.state.model import (
    SECTIONS,
    Chair,
    Contribution,
    Force,
    FormerMember,
    InstrumentStatus,
    Member,
    MemberStatus,
    Operation,
    Organ,
    Party,
    SecretaryGeneral,
    State,
)
from csto.state.statuses import MEMBERSHIP_INSTRUMENTS, TREATY, withdrawal_effective

__all__ = ["SG_POSTS", "Builder", "fold", "order", "touches"]

SG_POSTS = frozenset({"secretary_general", "acting_secretary_general"})
CHAIR_KEY = "CSC"
SG_KEY = "secretary_general"

Key = tuple[str, str]

#: what a freeze derives from members, former members and the pending withdrawals
_MEMBERSHIP = frozenset({"members", "former_members", "instruments"})


def _add(ids: tuple[str, ...], event_id: str) -> tuple[str, ...]:
    # An event is applied once, so it can only be the last id already listed (an apply
    # function may touch the same entry twice).
    return ids if ids and ids[-1] == event_id else (*ids, event_id)


def order(e: ev.Event) -> tuple[Any, ...]:
    """The order in which events are applied: earliest possible day, latest, id."""
    return (e.date.earliest, e.date.latest, e.id)


class Builder:
    """Mutable working state of a fold; the state package's own, never handed out."""

    __slots__ = (
        "_due",
        "_frozen",
        "chair",
        "dirty",
        "disputed",
        "forces",
        "former",
        "instruments",
        "members",
        "observers",
        "operations",
        "organs",
        "partners",
        "pending",
        "sg",
        "touched",
    )

    def __init__(self, instrument_ids: Iterable[str] = ()) -> None:
        self.members: dict[str, Member] = {}
        self.former: dict[str, FormerMember] = {}
        self.observers: dict[str, Party] = {}
        self.partners: dict[str, Party] = {}
        self.chair: dict[str, Chair] = {}
        self.sg: dict[str, SecretaryGeneral] = {}
        self.organs: dict[str, Organ] = {}
        self.instruments: dict[str, InstrumentStatus] = {
            iid: InstrumentStatus(id=iid) for iid in instrument_ids
        }
        self.forces: dict[str, Force] = {}
        self.operations: dict[str, Operation] = {}
        self.pending: dict[str, dt.date | None] = {}
        self.touched: set[Key] = set()
        self.disputed: list[str] = []
        #: sections changed since the last freeze ("disputed" included)
        self.dirty: set[str] = {*SECTIONS, "disputed"}
        #: what the last freeze produced, section by section (never mutated)
        self._frozen: dict[str, Any] = {}
        #: the withdrawals the last freeze put into effect
        self._due: tuple[tuple[str, dt.date], ...] = ()

    def copy(self) -> Builder:
        """An independent builder in the same state (the last freeze's sections shared)."""
        new = Builder.__new__(Builder)
        new.members = dict(self.members)
        new.former = dict(self.former)
        new.observers = dict(self.observers)
        new.partners = dict(self.partners)
        new.chair = dict(self.chair)
        new.sg = dict(self.sg)
        new.organs = dict(self.organs)
        new.instruments = dict(self.instruments)
        new.forces = dict(self.forces)
        new.operations = dict(self.operations)
        new.pending = dict(self.pending)
        new.touched = set()
        new.disputed = list(self.disputed)
        new.dirty = set(self.dirty)
        new._frozen = self._frozen
        new._due = self._due
        return new

    def apply(self, e: ev.Event) -> set[Key]:
        """Apply one event; the (section, key) pairs it touched."""
        touched: set[Key] = set()
        self.touched = touched
        _APPLY[type(e)](self, e)
        if e.alternatives:
            self.disputed.append(e.id)
            self.dirty.add("disputed")
        for section, _ in touched:
            self.dirty.add(section)
        return touched

    # --- helpers -----------------------------------------------------------------------

    def treaty_in_force(self, state: str | None = None) -> bool:
        status = self.instruments.get(TREATY)
        if status is None:
            return False
        return status.in_force or (state is not None and state in status.in_force_for)

    def instrument(self, iid: str) -> InstrumentStatus:
        return self.instruments.setdefault(iid, InstrumentStatus(id=iid))

    def set_member(self, state: str, status: MemberStatus, e: ev.Event, **kw: Any) -> None:
        old = self.members.get(state)
        since = e.date.iso()
        member_since = old.member_since if old and old.status != "signatory" else since
        if status == "signatory":
            member_since = ""
        events = _add(old.events if old else (), e.id)
        self.members[state] = Member(
            state=state,
            status=status,
            since=since,
            member_since=member_since,
            events=events,
            **kw,
        )
        self.former.pop(state, None)
        self.pending.pop(state, None)
        self.touched.update({("members", state), ("former_members", state)})

    def join(self, state: str, e: ev.Event) -> None:
        """A state signs, accedes or is readmitted: signatory or member by the Treaty's force."""
        current = self.members.get(state)
        if current is not None and current.status != "signatory":
            self.members[state] = replace(current, events=_add(current.events, e.id))
            self.touched.add(("members", state))
            return
        status: MemberStatus = "member" if self.treaty_in_force(state) else "signatory"
        self.set_member(state, status, e)

    def leave(self, state: str, how: str, e: ev.Event, left: str | None = None) -> None:
        old = self.members.pop(state, None)
        events = _add(old.events if old else (), e.id)
        self.former[state] = FormerMember(
            state=state,
            left=left or e.date.iso(),
            how=how,  # type: ignore[arg-type]
            events=events,
        )
        self.pending.pop(state, None)
        self.touched.update({("members", state), ("former_members", state)})

    def touch_instrument(self, iid: str, **changes: Any) -> None:
        self.instruments[iid] = replace(self.instrument(iid), **changes)
        self.touched.add(("instruments", iid))

    # --- freezing ----------------------------------------------------------------------

    def freeze(self, day: dt.date) -> State:
        """The state on ``day``: the builder as it stands, withdrawals due by then in effect.

        The builder itself is left as it was; sections unchanged since the previous freeze
        are shared with the state that freeze returned.
        """
        dirty = self.dirty
        # Withdrawals whose notice period has run out take effect (statuses module).
        due = tuple(
            sorted(
                (state, effective)
                for state, effective in self.pending.items()
                if effective is not None and effective <= day and state in self.members
            )
        )
        if due != self._due:
            dirty |= _MEMBERSHIP
            self._due = due
        # a new mapping when anything changed: the last one may be shared with a copy
        frozen = dict(self._frozen) if dirty else self._frozen
        if not dirty.isdisjoint(_MEMBERSHIP):
            members, former = self.members, self.former
            if due:
                members, former = dict(members), dict(former)
                for state, effective in due:
                    member = members.pop(state)
                    former[state] = FormerMember(
                        state=state,
                        left=effective.isoformat(),
                        how="withdrew",
                        events=member.events,
                    )
            frozen["members"] = dict(sorted(members.items()))
            frozen["former_members"] = dict(sorted(former.items()))
            frozen["instruments"] = self._instruments_in_force(members, former)
        for name in dirty - _MEMBERSHIP:
            if name == "chair":
                frozen[name] = dict(self.chair)
            elif name == "secretary_general":
                frozen[name] = dict(self.sg)
            elif name == "disputed":
                frozen[name] = tuple(sorted(set(self.disputed)))
            else:
                frozen[name] = dict(sorted(self._section(name).items()))
        self._frozen = frozen
        self.dirty = set()
        return State(
            date=day,
            members=frozen["members"],
            former_members=frozen["former_members"],
            observers=frozen["observers"],
            partners=frozen["partners"],
            chair=frozen["chair"],
            secretary_general=frozen["secretary_general"],
            organs=frozen["organs"],
            instruments=frozen["instruments"],
            forces=frozen["forces"],
            operations=frozen["operations"],
            disputed=frozen["disputed"],
        )

    def _section(self, name: str) -> dict[str, Any]:
        sections: dict[str, dict[str, Any]] = {
            "observers": self.observers,
            "partners": self.partners,
            "organs": self.organs,
            "forces": self.forces,
            "operations": self.operations,
        }
        return sections[name]

    def _instruments_in_force(
        self, members: dict[str, Member], former: dict[str, FormerMember]
    ) -> dict[str, InstrumentStatus]:
        current = {s for s, m in members.items() if m.status != "signatory"}
        instruments = {}
        for iid, status in sorted(self.instruments.items()):
            in_force_for = set(status.in_force_for)
            if status.in_force:
                in_force_for |= set(status.ratified_by)
            if iid == TREATY:
                in_force_for = current if status.in_force else in_force_for & current
            elif iid in MEMBERSHIP_INSTRUMENTS or iid.startswith(("CST-", "CHARTER-")):
                in_force_for -= set(former)
            instruments[iid] = replace(status, in_force_for=tuple(sorted(in_force_for)))
        return instruments


# --- apply functions, one per event type -------------------------------------------------

Apply = Callable[[Builder, Any], None]
_APPLY: dict[type[ev.Event], Apply] = {}


def _applies(cls: type[ev.Event]) -> Callable[[Apply], Apply]:
    def register(fn: Apply) -> Apply:
        _APPLY[cls] = fn
        return fn

    return register


@_applies(ev.InstrumentSigned)
def _signed(b: Builder, e: ev.InstrumentSigned) -> None:
    signatories = e.signatories or e.states
    status = b.instrument(e.instrument)
    signed = tuple(sorted(set(status.signed_by) | set(signatories)))
    b.touch_instrument(e.instrument, signed_by=signed, events=_add(status.events, e.id))
    if e.instrument == TREATY:
        for state in signatories:
            b.join(state, e)


@_applies(ev.InstrumentRatified)
def _ratified(b: Builder, e: ev.InstrumentRatified) -> None:
    status = b.instrument(e.instrument)
    ratified = tuple(sorted(set(status.ratified_by) | {e.state}))
    b.touch_instrument(e.instrument, ratified_by=ratified, events=_add(status.events, e.id))


@_applies(ev.InstrumentEnteredIntoForce)
def _in_force(b: Builder, e: ev.InstrumentEnteredIntoForce) -> None:
    status = b.instrument(e.instrument)
    events = _add(status.events, e.id)
    if e.for_state is None:
        b.touch_instrument(e.instrument, in_force=True, in_force_since=e.date.iso(), events=events)
        if e.instrument == TREATY:
            for state, member in list(b.members.items()):
                if member.status == "signatory":
                    b.set_member(state, "member", e)
    else:
        for_states = tuple(sorted(set(status.in_force_for) | {e.for_state}))
        b.touch_instrument(e.instrument, in_force_for=for_states, events=events)
        if e.instrument == TREATY:
            current = b.members.get(e.for_state)
            if current is None or current.status == "signatory":
                b.set_member(e.for_state, "member", e)


@_applies(ev.Acceded)
def _acceded(b: Builder, e: ev.Acceded) -> None:
    status = b.instrument(e.instrument)
    ratified = tuple(sorted(set(status.ratified_by) | {e.state}))
    b.touch_instrument(e.instrument, ratified_by=ratified, events=_add(status.events, e.id))
    if e.instrument in MEMBERSHIP_INSTRUMENTS:
        b.join(e.state, e)


@_applies(ev.Readmitted)
def _readmitted(b: Builder, e: ev.Readmitted) -> None:
    b.set_member(e.state, "member", e)


@_applies(ev.WithdrawalNotified)
def _notified(b: Builder, e: ev.WithdrawalNotified) -> None:
    if e.state not in b.members:
        return
    effective = withdrawal_effective(e.date, e.effective)
    b.set_member(
        e.state,
        "withdrawal_pending",
        e,
        effective=None if effective is None else effective.isoformat(),
    )
    b.pending[e.state] = effective


@_applies(ev.Withdrew)
def _withdrew(b: Builder, e: ev.Withdrew) -> None:
    b.leave(e.state, "withdrew", e)


@_applies(ev.Expelled)
def _expelled(b: Builder, e: ev.Expelled) -> None:
    b.leave(e.state, "expelled", e)


@_applies(ev.MembershipLapsed)
def _lapsed(b: Builder, e: ev.MembershipLapsed) -> None:
    b.leave(e.state, "lapsed", e)


@_applies(ev.ParticipationSuspended)
def _suspended(b: Builder, e: ev.ParticipationSuspended) -> None:
    if e.state in b.members:
        b.set_member(e.state, "participation_suspended", e)


@_applies(ev.SuspensionRequested)
def _suspension_requested(b: Builder, e: ev.SuspensionRequested) -> None:
    member = b.members.get(e.state)
    if member is not None:
        b.members[e.state] = replace(member, events=_add(member.events, e.id))
        b.touched.add(("members", e.state))


@_applies(ev.ParticipationFrozen)
def _frozen(b: Builder, e: ev.ParticipationFrozen) -> None:
    if e.state in b.members:
        b.set_member(e.state, "participation_frozen", e)


@_applies(ev.ParticipationResumed)
def _resumed(b: Builder, e: ev.ParticipationResumed) -> None:
    if e.state in b.members:
        b.set_member(e.state, "member", e)


def _party(section: dict[str, Party], key: str, b: Builder, e: Any, organ: str | None) -> None:
    old = section.get(e.party)
    section[e.party] = Party(
        party=e.party,
        since=old.since if old else e.date.iso(),
        organ=organ,
        events=_add(old.events if old else (), e.id),
    )
    b.touched.add((key, e.party))


@_applies(ev.ObserverStatusGranted)
def _observer(b: Builder, e: ev.ObserverStatusGranted) -> None:
    _party(b.observers, "observers", b, e, e.organ)


@_applies(ev.PartnerStatusGranted)
def _partner(b: Builder, e: ev.PartnerStatusGranted) -> None:
    _party(b.partners, "partners", b, e, e.organ)


@_applies(ev.OrganEstablished)
def _organ(b: Builder, e: ev.OrganEstablished) -> None:
    old = b.organs.get(e.organ)
    b.organs[e.organ] = Organ(
        id=e.organ,
        since=old.since if old else e.date.iso(),
        events=_add(old.events if old else (), e.id),
    )
    b.touched.add(("organs", e.organ))


@_applies(ev.ChairmanshipPassed)
def _chair(b: Builder, e: ev.ChairmanshipPassed) -> None:
    b.chair[CHAIR_KEY] = Chair(state=e.state, since=e.date.iso(), head=e.head, events=(e.id,))
    b.touched.add(("chair", CHAIR_KEY))


@_applies(ev.OfficialAppointed)
def _appointed(b: Builder, e: ev.OfficialAppointed) -> None:
    if e.post not in SG_POSTS:
        return
    b.sg[SG_KEY] = SecretaryGeneral(
        name=e.person,
        state=e.nationality,
        acting=e.acting or e.post.startswith("acting_"),
        since=e.date.iso(),
        term_end=None if e.term_end is None else e.term_end.iso(),
        events=(e.id,),
    )
    b.touched.add(("secretary_general", SG_KEY))


@_applies(ev.OfficialLeft)
def _left(b: Builder, e: ev.OfficialLeft) -> None:
    current = b.sg.get(SG_KEY)
    if e.post in SG_POSTS and current is not None and current.name == e.person:
        del b.sg[SG_KEY]
        b.touched.add(("secretary_general", SG_KEY))


@_applies(ev.ForceEstablished)
def _force(b: Builder, e: ev.ForceEstablished) -> None:
    old = b.forces.get(e.force)
    b.forces[e.force] = Force(
        id=e.force,
        name=e.name,
        since=old.since if old else e.date.iso(),
        contributions=old.contributions if old else (),
        events=_add(old.events if old else (), e.id),
    )
    b.touched.add(("forces", e.force))


@_applies(ev.ForceContributed)
def _contributed(b: Builder, e: ev.ForceContributed) -> None:
    old = b.forces.get(e.force)
    if old is None:
        return
    new = Contribution(state=e.state, unit=e.unit, size=e.size, since=e.date.iso(), event=e.id)
    kept = tuple(c for c in old.contributions if (c.state, c.unit) != (e.state, e.unit))
    b.forces[e.force] = replace(old, contributions=(*kept, new), events=_add(old.events, e.id))
    b.touched.add(("forces", e.force))


@_applies(ev.OperationStarted)
def _op_started(b: Builder, e: ev.OperationStarted) -> None:
    b.operations[e.operation] = Operation(
        id=e.operation,
        host=e.host,
        since=e.date.iso(),
        force=e.force,
        contributors=tuple((c.state, c.size) for c in e.contributors),
        events=(e.id,),
    )
    b.touched.add(("operations", e.operation))


@_applies(ev.OperationEnded)
def _op_ended(b: Builder, e: ev.OperationEnded) -> None:
    if b.operations.pop(e.operation, None) is not None:
        b.touched.add(("operations", e.operation))


def _no_state_change(b: Builder, e: Any) -> None:
    """Events that are history but change no section of the state (sessions, exercises...)."""


for _cls in ev.EVENT_TYPES.values():
    _APPLY.setdefault(_cls, _no_state_change)


def fold(events: Iterable[ev.Event], day: dt.date, instrument_ids: Iterable[str] = ()) -> State:
    """The state on ``day`` after applying ``events`` (all of them, in date order)."""
    b = Builder(instrument_ids)
    for e in sorted(events, key=order):
        b.apply(e)
    return b.freeze(day)


def touches(events: Iterable[ev.Event], instrument_ids: Iterable[str] = ()) -> dict[str, set[Key]]:
    """For each event, the (section, key) pairs of the state it changes when applied."""
    b = Builder(instrument_ids)
    return {e.id: b.apply(e) for e in sorted(events, key=order)}
