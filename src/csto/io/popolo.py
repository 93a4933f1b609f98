"""The record as Popolo JSON (https://www.popoloproject.com/specs/, v1.0.1): organizations,
memberships, posts, people and events, in one ``popolo.json``.

- **Organizations**: the CSTO (``csto``); its organs as children (``csto-CSC``, ...); each
  state that has been a party, observer or chair (``state-ARM``), classified ``state``, with
  its ISO 3166-1 alpha-3 code and Correlates of War number as identifiers; each observer
  that is not a state (a parliament, an assembly), classified ``observer``.
- **Memberships** of a state in ``csto``, one per status interval: ``role`` is the record's
  status (``signatory``, ``member``, ``participation_suspended``, ``participation_frozen``,
  ``withdrawal_pending``); observers hold ``role: observer`` in the organ that granted it;
  the Council's chair is a membership of the chairing state in ``csto-CSC`` holding the post
  ``csto-CSC-chair``; officials are people holding posts (Secretary-General, ...).
- **Events**: every event of the record, with its type as ``classification``.

Each membership names the events that opened and closed it (``start_event_ids``,
``end_event_ids``: ids of entries in ``events``) and cites the web pages of its sources.
Popolo dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a date the record gives only as a
range is written as the part both ends share (``2012-06`` for 1-30 June 2012; nothing if
they share no year) and kept whole in ``start_date_as_recorded``/``end_date_as_recorded``.
Those four keys and ``csto_record_digest`` are csto's additions; the schemas allow them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from csto.codes import COW_NUMBERS, ORGANS, STATES, state_name, state_name_ru
from csto.io.intervals import Interval, chair_intervals, member_intervals, party_intervals
from csto.record.events import Event, OfficialAppointed, OfficialLeft, OrganEstablished
from csto.record.record import Record
from csto.state.history import History

__all__ = ["popolo_date", "popolo_document", "write_popolo"]

ORG = "csto"
_BRACKETED = re.compile(r"\(([A-Z]{3})\)\s*$")


def popolo_date(recorded: str | None) -> str | None:
    """A record date (``1992-05-15``, ``1992-05``, ``1992`` or ``D1/D2``) as Popolo writes
    dates: a range becomes the prefix both ends share, or None."""
    if recorded is None or "/" not in recorded:
        return recorded
    first, last = recorded.split("/", 1)
    for cut in (10, 7, 4):
        if first[:cut] == last[:cut]:
            return first[:cut]
    return None


def _dates(start: str | None, end: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"start_date": popolo_date(start), "end_date": popolo_date(end)}
    if start is not None and popolo_date(start) != start:
        out["start_date_as_recorded"] = start
    if end is not None and popolo_date(end) != end:
        out["end_date_as_recorded"] = end
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _state_id(code: str) -> str:
    return f"state-{code}"


def _links(record: Record, event_ids: tuple[str, ...]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for eid in event_ids:
        if not record.has_event(eid):
            continue
        for c in record.event(eid).sources:
            src = record.source(c.source)
            if src.url and src.url not in seen:
                seen[src.url] = {"url": src.url, "note": src.title}
    return list(seen.values())


def _state_org(code: str) -> dict[str, Any]:
    identifiers = [{"scheme": "ISO 3166-1 alpha-3", "identifier": code}]
    if code in COW_NUMBERS:
        identifiers.append({"scheme": "COW ccode", "identifier": str(COW_NUMBERS[code])})
    org: dict[str, Any] = {
        "id": _state_id(code),
        "name": state_name(code),
        "classification": "state",
        "identifiers": identifiers,
    }
    russian = state_name_ru(code)
    if russian is not None:
        org["other_names"] = [{"name": russian, "note": "Russian"}]
    return org


def _membership(record: Record, i: Interval, org: str, member: str, role: str) -> dict[str, Any]:
    out = {
        "id": f"{org}/{member}/{role}/{i.first_day.isoformat()}",
        "label": f"{member} {role} of {org}",
        "role": role,
        "member": {"@type": "Organization", "id": member},
        "organization_id": org,
        **_dates(i.start, i.end),
        "start_event_ids": list(i.start_events),
        "end_event_ids": list(i.end_events),
        "sources": _links(record, i.start_events + i.end_events),
    }
    if out["end_date"] is None:
        del out["end_date"]
    return out


def _event(record: Record, e: Event) -> dict[str, Any]:
    organ = getattr(e, "organ", None)
    end = getattr(e, "end_date", None)
    out: dict[str, Any] = {
        "id": e.id,
        "name": e.summary,
        "classification": e.type,
        **_dates(e.date.iso(), None if end is None else end.iso()),
        "organization_id": f"{ORG}-{organ}" if isinstance(organ, str) and organ in ORGANS else ORG,
        "sources": _links(record, (e.id,)),
    }
    place = getattr(e, "place", None)
    if isinstance(place, str):
        out["location"] = place
    if out["end_date"] is None:
        del out["end_date"]
    return out


def _officials(record: Record) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                          list[dict[str, Any]]]:  # fmt: skip
    """People, the posts they held, and their memberships, from appointments and departures."""
    people: dict[str, dict[str, Any]] = {}
    posts: dict[str, dict[str, Any]] = {}
    held: list[dict[str, Any]] = []
    for e in record.events:
        if isinstance(e, OfficialAppointed):
            pid = _slug(e.person)
            people.setdefault(
                pid, {"id": pid, "name": e.person, "national_identity": e.nationality}
            )
            post_id = f"{ORG}-{e.post.replace('_', '-')}"
            posts.setdefault(
                post_id,
                {
                    "id": post_id,
                    "label": e.post.replace("_", " ").capitalize(),
                    "role": e.post,
                    "organization_id": ORG,
                },
            )
            held.append(
                {
                    "id": f"{post_id}/{pid}/{e.date.iso()}",
                    "person_id": pid,
                    "organization_id": ORG,
                    "post_id": post_id,
                    "role": e.post + (" (acting)" if e.acting else ""),
                    **_dates(e.date.iso(), None),
                    "start_event_ids": [e.id],
                    "end_event_ids": [],
                    "sources": _links(record, (e.id,)),
                }
            )
        elif isinstance(e, OfficialLeft):
            post_id = f"{ORG}-{e.post.replace('_', '-')}"
            pid = _slug(e.person)
            open_ = [
                m
                for m in held
                if m["person_id"] == pid and m["post_id"] == post_id and not m["end_event_ids"]
            ]
            if open_:
                m = open_[-1]
                m.update(_dates(m.get("start_date_as_recorded", m["start_date"]), e.date.iso()))
                m["end_event_ids"] = [e.id]
                m["sources"] = _links(record, (*m["start_event_ids"], e.id))
    for m in held:
        if m["end_date"] is None:
            del m["end_date"]
    return list(people.values()), list(posts.values()), held


def popolo_document(record: Record, version: str) -> dict[str, Any]:
    """The whole Popolo document for ``record``."""
    history = History(record)
    organs: dict[str, str] = {}
    for e in record.events:
        if isinstance(e, OrganEstablished) and e.organ not in organs:
            organs[e.organ] = e.date.iso()
    organizations: list[dict[str, Any]] = [
        {
            "id": ORG,
            "name": "Collective Security Treaty Organization",
            "classification": "international organization",
            "identifiers": [{"scheme": "COW IGO ionum", "identifier": "1125"}],
            "abstract": "The Collective Security Treaty (1992) and the Organization built on "
            "it (Charter of 2002), as the csto record tells them.",
        }
    ]
    for organ, name in ORGANS.items():
        org: dict[str, Any] = {
            "id": f"{ORG}-{organ}",
            "name": name,
            "classification": "organ",
            "parent_id": ORG,
        }
        if organ in organs:
            org["founding_date"] = popolo_date(organs[organ])
        organizations.append(org)
    memberships: list[dict[str, Any]] = []
    states: set[str] = set()
    for i in member_intervals(history):
        states.add(i.who)
        memberships.append(_membership(record, i, ORG, _state_id(i.who), i.status))
    others: dict[str, dict[str, Any]] = {}
    for section in ("observers", "partners"):
        for i in party_intervals(history, section):
            granted_by = i.status.split(":", 1)[1] if ":" in i.status else None
            where = f"{ORG}-{granted_by}" if granted_by in ORGANS else ORG
            bracketed = _BRACKETED.search(i.who)
            if i.who in COW_NUMBERS or i.who in STATES:
                member = _state_id(i.who)
                states.add(i.who)
            else:
                member = f"party-{_slug(i.who)}"
                party: dict[str, Any] = {
                    "id": member,
                    "name": i.who,
                    "classification": section[:-1],
                }
                if bracketed is not None:
                    party["area_id"] = f"iso3:{bracketed.group(1)}"
                others[member] = party
            memberships.append(_membership(record, i, where, member, section[:-1]))
    chair_post = f"{ORG}-CSC-chair"
    for i in chair_intervals(history):
        states.add(i.who)
        m = _membership(record, i, f"{ORG}-CSC", _state_id(i.who), "chair")
        m["post_id"] = chair_post
        memberships.append(m)
    people, posts, held = _officials(record)
    posts.append(
        {
            "id": chair_post,
            "label": "Chair of the Collective Security Council",
            "role": "chair",
            "organization_id": f"{ORG}-CSC",
        }
    )
    organizations += [_state_org(c) for c in sorted(states)] + list(others.values())
    return {
        "csto_record_digest": record.digest(),
        "csto_version": version,
        "organizations": organizations,
        "memberships": memberships + held,
        "posts": posts,
        "persons": people,
        "events": [_event(record, e) for e in record.events],
    }


def write_popolo(record: Record, out: Path, version: str) -> list[Path]:
    """``popolo.json`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "popolo.json"
    doc = popolo_document(record, version)
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return [path]
