"""Each member's delegation as an agent with named parameters (:data:`DELEGATION_PARAMETERS`),
each a distribution with its source, derived for a scenario's date:

- alignments from UN General Assembly agreement (:mod:`csto.sim.models.unga`);
- ``region`` from the regions of collective security (``sim/data/regions.yaml``);
- ``attendance`` from the Council sessions of the record before the date (who was present,
  who absent), as ``Beta(present + 1, absent + 1)``;
- ``constraint`` 0: no data (a scenario may say otherwise); a member accused of the attack
  is assumed to object to any measure against itself (:data:`ACCUSED`).

A scenario's overrides replace any of them, with the scenario's source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from csto.record.events import SessionHeld
from csto.record.record import Record
from csto.sim.models.parameters import DELEGATION_PARAMETERS
from csto.sim.models.params import Dist, Param, Source
from csto.sim.models.scenario import Crisis, ParamSpec, spec_param
from csto.sim.models.unga import AgreementTable

__all__ = ["ACCUSED", "Delegation", "Region", "attendance_counts", "delegations_for"]

#: the constraint of a member accused of the attack, on the latent scale: far beyond any
#: stance, so it objects to every draft (an assumption, stated with the parameter)
ACCUSED = 100.0


@dataclass(frozen=True, slots=True)
class Region:
    """A region of collective security and the states in it, with sources."""

    id: str
    name: str
    states: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Delegation:
    """One delegation's parameters, in :data:`DELEGATION_PARAMETERS` order."""

    state: str
    params: tuple[Param, ...]

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)


@dataclass(frozen=True, slots=True)
class Attendance:
    present: int
    absent: int
    events: tuple[str, ...]


def attendance_counts(record: Record, before: dt.date) -> dict[str, Attendance]:
    """Council sessions before ``before`` that name each state present or absent."""
    present: dict[str, int] = {}
    absent: dict[str, int] = {}
    events: dict[str, list[str]] = {}
    for event in record.events:
        if not isinstance(event, SessionHeld) or event.organ != "CSC":
            continue
        if event.date.latest >= before:
            continue
        for code in event.present:
            present[code] = present.get(code, 0) + 1
            events.setdefault(code, []).append(event.id)
        for code in event.absent:
            absent[code] = absent.get(code, 0) + 1
            events.setdefault(code, []).append(event.id)
    return {
        code: Attendance(present.get(code, 0), absent.get(code, 0), tuple(events[code]))
        for code in events
    }


def _fixed(name: str, value: float, says: str, refs: tuple[str, ...] = ()) -> Param:
    return Param(name, Dist("fixed", value), Source("record" if refs else "assumption", says, refs))


def _alignment(
    name: str,
    code: str,
    partner: str | None,
    day: dt.date,
    table: AgreementTable,
    what: str,
) -> Param:
    if partner is None:
        return _fixed(name, 0.0, f"the {what} is not a state: no alignment")
    if partner == code:
        return _fixed(name, 1.0, f"the state is the {what} itself")
    agreement = table.window(code, partner, day)
    return Param(name, agreement.dist(), agreement.source(table.citation))


def delegations_for(
    crisis: Crisis,
    day: dt.date,
    states: Iterable[str],
    *,
    table: AgreementTable,
    regions: Iterable[Region],
    attendance: Mapping[str, Attendance],
    overrides: Mapping[str, Mapping[str, ParamSpec]] | None = None,
) -> tuple[Delegation, ...]:
    """The delegations of ``states`` for a crisis on ``day``, overrides applied."""
    regions = tuple(regions)
    out: list[Delegation] = []
    for code in sorted(states):
        given = (overrides or {}).get(code, {})
        params: dict[str, Param] = {}

        def derive(name: str, code: str = code) -> Param:
            if name == "alignment_requester":
                return _alignment(name, code, crisis.requester, day, table, "requester")
            if name == "alignment_attacker":
                return _alignment(name, code, crisis.state_attacker, day, table, "attacker")
            if name == "alignment_russia":
                return _alignment(name, code, "RUS", day, table, "Russia")
            if name == "region":
                return _region(code, crisis.requester, regions)
            if name == "attendance":
                seen = attendance.get(code)
                if seen is None:
                    return Param(
                        name,
                        Dist("beta", 1.0, 1.0),
                        Source("assumption", f"no Council session before {day} names {code}"),
                    )
                return Param(
                    name,
                    Dist("beta", seen.present + 1.0, seen.absent + 1.0),
                    Source(
                        "record",
                        f"Council sessions before {day}: {code} present at {seen.present}, "
                        f"absent from {seen.absent}",
                        seen.events,
                    ),
                )
            if code == crisis.state_attacker:
                return _fixed(
                    name,
                    ACCUSED,
                    "the member accused of the attack: assumed to object to any measure "
                    "against itself (override to test otherwise)",
                )
            return _fixed(name, 0.0, "no data on domestic constraints: none assumed")

        for name in DELEGATION_PARAMETERS:
            spec = given.get(name)
            params[name] = spec_param(name, spec) if spec is not None else derive(name)
        out.append(Delegation(code, tuple(params[n] for n in DELEGATION_PARAMETERS)))
    return tuple(out)


def _region(code: str, requester: str, regions: tuple[Region, ...]) -> Param:
    if code == requester:
        return _fixed("region", 1.0, "the requester itself")
    shared = [r for r in regions if code in r.states and requester in r.states]
    if shared:
        return Param(
            "region",
            Dist("fixed", 1.0),
            Source(
                "document",
                f"{code} and {requester} share the " + ", ".join(r.name for r in shared),
                tuple(s for r in shared for s in r.sources),
            ),
        )
    known = [r.name for r in regions if code in r.states]
    says = (
        f"{code} is in the " + ", ".join(known) + f", not {requester}'s"
        if known
        else f"no source places {code} in a region of collective security"
    )
    refs = tuple(s for r in regions if code in r.states for s in r.sources)
    return Param(
        "region", Dist("fixed", 0.0), Source("document" if refs else "assumption", says, refs)
    )
