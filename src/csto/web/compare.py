"""The page comparing two dates: ``/compare?from=D1&to=D2``.

Both days' maps side by side (the standalone map files, as images) and, section by section,
what differs between the two days in words: each state's status, the observers, the chair and
the Secretary-General, the organs, the instruments' standing (as the dated pages say it:
signed, in force, adopted, expired) and the forces; then the events between the two days.
The same comparison as data is ``/api/diff`` (``csto diff D1 D2 --json``).

The route parses its parameters, asks the :class:`~csto.web.site.Site` for the two states
and renders one template, as the other pages do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from csto.codes import ORGANS, state_name
from csto.record.record import Record
from csto.state.model import State
from csto.state.statuses import STATUS_LABELS
from csto.web import dated
from csto.web.pages import _render, _site
from csto.web.params import parse_day

__all__ = ["Difference", "differences", "router"]

router = APIRouter(include_in_schema=False)

#: the sections of the comparison, in the order the page shows them
SECTIONS = {
    "members": "Member states",
    "observers": "Observers and partners",
    "officials": "Chair and Secretary-General",
    "organs": "Organs",
    "instruments": "Instruments",
    "forces": "Forces",
}
ABSENT = "—"


@dataclass(frozen=True, slots=True)
class Difference:
    """One thing that differs between the two days, in words."""

    section: str
    what: str
    href: str | None
    before: str
    after: str


def _status(state: State, code: str) -> str:
    member = state.members.get(code)
    if member is not None:
        return STATUS_LABELS.get(member.status, member.status)
    former = state.former_members.get(code)
    if former is not None:
        return f"former member (left {former.left})"
    return "not a party"


def _observers(state: State) -> dict[str, str]:
    return {
        o.name: f"{o.role}" + (f" in the {ORGANS.get(o.organ, o.organ)}" if o.organ else "")
        for o in dated.observers_on(state)
    }


def _officials(state: State) -> dict[str, str]:
    chair, sg = state.chair_state, state.secretary
    return {
        "Chair of the Collective Security Council": state_name(chair.state)
        + (f" ({chair.head})" if chair.head else "")
        if chair
        else ABSENT,
        "Secretary-General": f"{sg.name}" + (" (acting)" if sg.acting else "") if sg else ABSENT,
    }


def _instruments(record: Record, state: State) -> dict[str, tuple[str, str]]:
    return {
        i.id: (i.title, dated.STANDINGS.get(i.standing, i.standing))
        for i in dated.instruments_on(record, state)
    }


def differences(record: Record, before: State, after: State) -> list[Difference]:
    """What differs between the organization on two days, section by section."""
    out: list[Difference] = []
    codes = sorted(
        set(before.members)
        | set(after.members)
        | set(before.former_members)
        | set(after.former_members)
    )
    for code in codes:
        b, a = _status(before, code), _status(after, code)
        if b != a:
            out.append(Difference("members", state_name(code), f"/states/{code}", b, a))
    for section, (ob, oa) in {
        "observers": (_observers(before), _observers(after)),
        "officials": (_officials(before), _officials(after)),
    }.items():
        for key in sorted(set(ob) | set(oa)):
            b, a = ob.get(key, ABSENT), oa.get(key, ABSENT)
            if b != a:
                out.append(Difference(section, key, None, b, a))
    for key in sorted(set(before.organs) | set(after.organs)):
        b = "established" if key in before.organs else ABSENT
        a = "established" if key in after.organs else ABSENT
        if b != a:
            out.append(Difference("organs", ORGANS.get(key, key), f"/organs/{key}", b, a))
    ib, ia = _instruments(record, before), _instruments(record, after)
    for iid in [i.id for i in record.instruments if i.id in ib or i.id in ia]:
        title = (ia.get(iid) or ib[iid])[0]
        b = ib[iid][1] if iid in ib else "not yet signed or adopted"
        a = ia[iid][1] if iid in ia else "not yet signed or adopted"
        if b != a:
            out.append(Difference("instruments", title, f"/instruments/{iid}", b, a))
    for key in sorted(set(before.forces) | set(after.forces)):
        force = after.forces.get(key) or before.forces[key]
        b = "exists" if key in before.forces else ABSENT
        a = "exists" if key in after.forces else ABSENT
        if b != a:
            out.append(Difference("forces", force.name, None, b, a))
    return out


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    start: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    end: Annotated[str | None, Query(alias="to", max_length=10)] = None,
) -> Response:
    """Two dates side by side: both maps, what differs in words, the events between."""
    site = _site(request)
    today = dt.date.today()
    d1 = parse_day(start, "from", default=dt.date(1994, 4, 20))
    d2 = parse_day(end, "to", default=today)
    earlier, later = sorted((d1, d2))
    diffs = differences(site.record, site.on(d1), site.on(d2))
    events = site.history.timeline(start=earlier, end=later)  # as the timeline's CSV has them
    return _render(
        request,
        "compare.html",
        d1=d1,
        d2=d2,
        earlier=earlier,
        later=later,
        sections=SECTIONS,
        diffs=diffs,
        events=events,
        first_day=site.first_day,
    )
