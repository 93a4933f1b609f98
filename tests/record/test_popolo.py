"""The Popolo export validates against the Popolo schemas and tells the record's statuses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from csto.io.popolo import popolo_date, popolo_document, write_popolo
from csto.io.recordfiles import load_record
from csto.record.record import Record

SCHEMAS = Path(__file__).parent / "popolo_schemas"
BASE = "http://www.popoloproject.com/schemas/"
FIXTURE = Path(__file__).parent.parent / "state" / "fixture_history.yaml"
KINDS = {
    "organizations": "organization",
    "memberships": "membership",
    "posts": "post",
    "persons": "person",
    "events": "event",
}


def _validator(kind: str) -> Draft3Validator:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT3)
        resources += [(f"{BASE}{path.name}", resource), (f"{BASE}{path.name}#", resource)]
    registry: Registry[Any] = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / f"{kind}.json").read_text(encoding="utf-8"))
    return Draft3Validator(schema, registry=registry)


@pytest.fixture(scope="module")
def shipped() -> Record:
    return load_record()


@pytest.fixture(scope="module")
def doc(shipped: Record) -> dict[str, Any]:
    return popolo_document(shipped, "0.0.0")


@pytest.mark.parametrize("section", sorted(KINDS))
def test_every_item_validates_against_its_popolo_schema(doc: dict[str, Any], section: str) -> None:
    validator = _validator(KINDS[section])
    assert doc[section], f"no {section}"
    for item in doc[section]:
        errors = sorted(validator.iter_errors(item), key=str)
        assert not errors, (item.get("id"), [e.message for e in errors])


def test_the_validator_catches_a_bad_date() -> None:
    bad = {"id": "x", "organization_id": "csto", "start_date": "15 May 1992"}
    assert list(_validator("membership").iter_errors(bad))
    no_url = {"id": "x", "organization_id": "csto", "sources": [{"note": "a link without url"}]}
    assert list(_validator("membership").iter_errors(no_url))  # through link.json


def test_memberships_name_both_ends_and_the_events(doc: dict[str, Any]) -> None:
    events = {e["id"] for e in doc["events"]}
    orgs = {o["id"] for o in doc["organizations"]}
    for m in doc["memberships"]:
        assert m.get("person_id") or m["member"]["id"] in orgs
        assert m["organization_id"] in orgs
        assert m["start_event_ids"], m["id"]
        assert set(m["start_event_ids"]) | set(m["end_event_ids"]) <= events
    uzb = [m for m in doc["memberships"] if m.get("member", {}).get("id") == "state-UZB"]
    assert [m["role"] for m in uzb] == [
        "signatory",
        "member",
        "withdrawal_pending",
        "member",
        "participation_suspended",
    ]
    assert uzb[-1]["start_date"] == "2012-12-19"
    assert "end_date" not in uzb[-1]
    assert uzb[1]["end_date_as_recorded"] == "1999-01-27/1999-02-09"


def test_observers_chairs_and_officials(doc: dict[str, Any]) -> None:
    roles = {(m.get("organization_id"), m["role"]) for m in doc["memberships"]}
    assert ("csto-PA", "observer") in roles
    assert ("csto-CSC", "chair") in roles
    sg = [m for m in doc["memberships"] if m.get("post_id") == "csto-secretary-general"]
    people = {p["id"]: p for p in doc["persons"]}
    assert sg
    assert all(m["person_id"] in people for m in sg)
    states = {o["id"]: o for o in doc["organizations"] if o["classification"] == "state"}
    assert {"scheme": "COW ccode", "identifier": "365"} in states["state-RUS"]["identifiers"]


def test_a_range_date_is_cut_to_what_both_ends_share() -> None:
    assert popolo_date("2012-06-01/2012-06-30") == "2012-06"
    assert popolo_date("2012-06-01/2012-07-02") == "2012"
    assert popolo_date("2011-12-01/2012-01-31") is None
    assert popolo_date("1992-05-15") == "1992-05-15"


def test_the_file_carries_the_record_digest(tmp_path: Path) -> None:
    record = load_record([FIXTURE], builtin=False)
    (path,) = write_popolo(record, tmp_path, "0.0.0")
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["csto_record_digest"] == record.digest()
