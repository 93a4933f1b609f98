"""schemathesis against the OpenAPI document: generated requests, valid and not, never get
a 5xx, and every answer conforms to the document (status, content type, schema)."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

import csto
from csto.web.app import create_app
from csto.web.site import Site

APP = create_app(Site(csto.load()))
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


def test_the_openapi_document_describes_every_api_route() -> None:
    doc: dict[str, Any] = APP.openapi()
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {
        "/api/state",
        "/api/diff",
        "/api/timeline",
        "/api/events",
        "/api/events/{event_id}",
        "/api/sources",
        "/api/sources/{source_id}",
        "/api/instruments",
        "/api/instruments/{instrument_id}",
        "/api/instruments/{instrument_id}/articles/{number}",
        "/api/search",
        "/api/readings",
        "/api/ask",
        "/api/cases",
        "/api/cases/{case_id}",
        "/api/power",
    }
    schemas = doc["components"]["schemas"]
    assert {"State", "Diff", "Timeline", "Verdict", "Readings", "Action", "Problem"} <= set(schemas)
    assert {"Cases", "CaseEpisode", "CaseStep", "CaseVerdict"} <= set(schemas)
    assert "HTTPValidationError" not in schemas
    for path in doc["paths"].values():
        for operation in path.values():
            assert "400" in operation["responses"], operation["operationId"]


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api(case: schemathesis.Case) -> None:
    case.call_and_validate()
