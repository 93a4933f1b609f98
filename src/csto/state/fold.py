"""The fold: events in, the organization on a date out. One apply function per event type.

:func:`fold` applies events in date order to a private, mutable :class:`_Builder` and
freezes it into a :class:`~csto.state.model.State`. Each apply function also records which
(section, key) pairs the event touched, so that changes can be traced to their causes.
The membership rules it applies are documented in :mod:`csto.state.statuses`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from csto.record import events as ev
from csto.state.model import (
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

__all__ = ["SG_POSTS", "fold", "touches"]

SG_POSTS = frozenset({"secretary_general", "acting_secretary_general"})
CHAIR_KEY = "CSC"
SG_KEY = "secretary_general"

Key = tuple[str, str]


def _add(ids: tuple[str, ...], event_id: str) -> tuple[str, ...]:
    return ids if event_id in ids else (*ids, event_id)


@dataclass
class _Builder:
    """Mutable working state of one fold; never leaves this module."""

    instrument_ids: Iterable[str]
    members: dict[str, Member] = field(default_factory=dict)
    former: dict[str, FormerMember] = field(default_factory=dict)
    observers: dict[str, Party] = field(default_factory=dict)
    partners: dict[str, Party] = field(default_factory=dict)
    chair: dict[str, Chair] = field(default_factory=dict)
    sg: dict[str, SecretaryGeneral] = field(default_factory=dict)
    organs: dict[str, Organ] = field(default_factory=dict)
    instruments: dict[str, InstrumentStatus] = field(default_factory=dict)
    forces: dict[str, Force] = field(default_factory=dict)
    operations: dict[str, Operation] = field(default_factory=dict)
    pending: dict[str, dt.date | None] = field(default_factory=dict)
    touched: set[Key] = field(default_factory=set)
    disputed: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for iid in self.instrument_ids:
            self.instruments[iid] = InstrumentStatus(id=iid)

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
        # Withdrawals whose notice period has run out take effect (statuses module).
        for state, effective in list(self.pending.items()):
            if effective is not None and effective <= day and state in self.members:
                member = self.members[state]
                self.former[state] = FormerMember(
                    state=state, left=effective.isoformat(), how="withdrew", events=member.events
                )
                del self.members[state]
        current = {s for s, m in self.members.items() if m.status != "signatory"}
        instruments = {}
        for iid, status in self.instruments.items():
            in_force_for = set(status.in_force_for)
            if status.in_force:
                in_force_for |= set(status.ratified_by)
            if iid == TREATY:
                in_force_for = current if status.in_force else in_force_for & current
            elif iid in MEMBERSHIP_INSTRUMENTS or iid.startswith(("CST-", "CHARTER-")):
                in_force_for -= set(self.former)
            instruments[iid] = replace(status, in_force_for=tuple(sorted(in_force_for)))
        return State(
            date=day,
            members=dict(sorted(self.members.items())),
            former_members=dict(sorted(self.former.items())),
            observers=dict(sorted(self.observers.items())),
            partners=dict(sorted(self.partners.items())),
            chair=dict(self.chair),
            secretary_general=dict(self.sg),
            organs=dict(sorted(self.organs.items())),
            instruments=dict(sorted(instruments.items())),
            forces=dict(sorted(self.forces.items())),
            operations=dict(sorted(self.operations.items())),
            disputed=tuple(sorted(set(self.disputed))),
        )


# --- apply functions, one per event type -------------------------------------------------

Apply = Callable[[_Builder, Any], None]
_APPLY: dict[type[ev.Event], Apply] = {}


def _applies(cls: type[ev.Event]) -> Callable[[Apply], Apply]:
    def register(fn: Apply) -> Apply:
        _APPLY[cls] = fn
        return fn

    return register


@_applies(ev.InstrumentSigned)
def _signed(b: _Builder, e: ev.InstrumentSigned) -> None:
    signatories = e.signatories or e.states
    status = b.instrument(e.instrument)
    signed = tuple(sorted(set(status.signed_by) | set(signatories)))
    b.touch_instrument(e.instrument, signed_by=signed, events=_add(status.events, e.id))
    if e.instrument == TREATY:
        for state in signatories:
            b.join(state, e)


@_applies(ev.InstrumentRatified)
def _ratified(b: _Builder, e: ev.InstrumentRatified) -> None:
    status = b.instrument(e.instrument)
    ratified = tuple(sorted(set(status.ratified_by) | {e.state}))
    b.touch_instrument(e.instrument, ratified_by=ratified, events=_add(status.events, e.id))


@_applies(ev.InstrumentEnteredIntoForce)
def _in_force(b: _Builder, e: ev.InstrumentEnteredIntoForce) -> None:
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
def _acceded(b: _Builder, e: ev.Acceded) -> None:
    status = b.instrument(e.instrument)
    ratified = tuple(sorted(set(status.ratified_by) | {e.state}))
    b.touch_instrument(e.instrument, ratified_by=ratified, events=_add(status.events, e.id))
    if e.instrument in MEMBERSHIP_INSTRUMENTS:
        b.join(e.state, e)


@_applies(ev.Readmitted)
def _readmitted(b: _Builder, e: ev.Readmitted) -> None:
    b.set_member(e.state, "member", e)


@_applies(ev.WithdrawalNotified)
def _notified(b: _Builder, e: ev.WithdrawalNotified) -> None:
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
def _withdrew(b: _Builder, e: ev.Withdrew) -> None:
    b.leave(e.state, "withdrew", e)


@_applies(ev.Expelled)
def _expelled(b: _Builder, e: ev.Expelled) -> None:
    b.leave(e.state, "expelled", e)


@_applies(ev.MembershipLapsed)
def _lapsed(b: _Builder, e: ev.MembershipLapsed) -> None:
    b.leave(e.state, "lapsed", e)


@_applies(ev.ParticipationSuspended)
def _suspended(b: _Builder, e: ev.ParticipationSuspended) -> None:
    if e.state in b.members:
        b.set_member(e.state, "participation_suspended", e)


@_applies(ev.SuspensionRequested)
def _suspension_requested(b: _Builder, e: ev.SuspensionRequested) -> None:
    member = b.members.get(e.state)
    if member is not None:
        b.members[e.state] = replace(member, events=_add(member.events, e.id))
        b.touched.add(("members", e.state))


@_applies(ev.ParticipationFrozen)
def _frozen(b: _Builder, e: ev.ParticipationFrozen) -> None:
    if e.state in b.members:
        b.set_member(e.state, "participation_frozen", e)


@_applies(ev.ParticipationResumed)
def _resumed(b: _Builder, e: ev.ParticipationResumed) -> None:
    if e.state in b.members:
        b.set_member(e.state, "member", e)


def _party(section: dict[str, Party], key: str, b: _Builder, e: Any, organ: str | None) -> None:
    old = section.get(e.party)
    section[e.party] = Party(
        party=e.party,
        since=old.since if old else e.date.iso(),
        organ=organ,
        events=_add(old.events if old else (), e.id),
    )
    b.touched.add((key, e.party))


@_applies(ev.ObserverStatusGranted)
def _observer(b: _Builder, e: ev.ObserverStatusGranted) -> None:
    _party(b.observers, "observers", b, e, e.organ)


@_applies(ev.PartnerStatusGranted)
def _partner(b: _Builder, e: ev.PartnerStatusGranted) -> None:
    _party(b.partners, "partners", b, e, e.organ)


@_applies(ev.OrganEstablished)
def _organ(b: _Builder, e: ev.OrganEstablished) -> None:
    old = b.organs.get(e.organ)
    b.organs[e.organ] = Organ(
        id=e.organ,
        since=old.since if old else e.date.iso(),
        events=_add(old.events if old else (), e.id),
    )
    b.touched.add(("organs", e.organ))


@_applies(ev.ChairmanshipPassed)
def _chair(b: _Builder, e: ev.ChairmanshipPassed) -> None:
    b.chair[CHAIR_KEY] = Chair(state=e.state, since=e.date.iso(), head=e.head, events=(e.id,))
    b.touched.add(("chair", CHAIR_KEY))


@_applies(ev.OfficialAppointed)
def _appointed(b: _Builder, e: ev.OfficialAppointed) -> None:
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
def _left(b: _Builder, e: ev.OfficialLeft) -> None:
    current = b.sg.get(SG_KEY)
    if e.post in SG_POSTS and current is not None and current.name == e.person:
        del b.sg[SG_KEY]
        b.touched.add(("secretary_general", SG_KEY))


@_applies(ev.ForceEstablished)
def _force(b: _Builder, e: ev.ForceEstablished) -> None:
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
def _contributed(b: _Builder, e: ev.ForceContributed) -> None:
    old = b.forces.get(e.force)
    if old is None:
        return
    new = Contribution(state=e.state, unit=e.unit, size=e.size, since=e.date.iso(), event=e.id)
    kept = tuple(c for c in old.contributions if (c.state, c.unit) != (e.state, e.unit))
    b.forces[e.force] = replace(old, contributions=(*kept, new), events=_add(old.events, e.id))
    b.touched.add(("forces", e.force))


@_applies(ev.OperationStarted)
def _op_started(b: _Builder, e: ev.OperationStarted) -> None:
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
def _op_ended(b: _Builder, e: ev.OperationEnded) -> None:
    if b.operations.pop(e.operation, None) is not None:
        b.touched.add(("operations", e.operation))


@_applies(ev.ObserverStatusEnded)
def _observer_ended(b: _Builder, e: ev.ObserverStatusEnded) -> None:
    if b.observers.pop(e.party, None) is not None:
        b.touched.add(("observers", e.party))


def _no_state_change(b: _Builder, e: Any) -> None:
    """Events that are history but change no section of the state (sessions, exercises...).

    Members' political positions (IntentionToLeaveDeclared, ContributionsWithheld,
    ExerciseCancelled, RequestWithdrawn) are among them on purpose: they change no status,
    and a member's ``events`` are those its status rests on. They are found through the
    history's timeline of the state concerned.
    """


for _cls in ev.EVENT_TYPES.values():
    _APPLY.setdefault(_cls, _no_state_change)


def _order(e: ev.Event) -> tuple[Any, ...]:
    return (e.date.earliest, e.date.latest, e.id)


def fold(events: Iterable[ev.Event], day: dt.date, instrument_ids: Iterable[str] = ()) -> State:
    """The state on ``day`` after applying ``events`` (all of them, in date order)."""
    b = _Builder(instrument_ids)
    for e in sorted(events, key=_order):
        _APPLY[type(e)](b, e)
        if e.alternatives:
            b.disputed.append(e.id)
    return b.freeze(day)


def touches(events: Iterable[ev.Event], instrument_ids: Iterable[str] = ()) -> dict[str, set[Key]]:
    """For each event, the (section, key) pairs of the state it changes when applied."""
    b = _Builder(instrument_ids)
    out: dict[str, set[Key]] = {}
    for e in sorted(events, key=_order):
        b.touched = set()
        _APPLY[type(e)](b, e)
        out[e.id] = set(b.touched)
    return out
