"""schemathesis against the OpenAPI document: generated requests, valid and not, never get
a 5xx, and every answer conforms to the document (status, content type, schema).

The requests are generated when the tests run, one test per operation (schemathesis's own
pytest integration builds its cases while the tests are collected, which made collecting
the whole suite slow): for each, the coverage cases (boundaries, both valid and invalid)
and then random ones, valid and invalid.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from csto.web.app import create_app
from csto.web.site import Site

#: every operation of the API, as schemathesis labels it (a test checks the document agrees)
OPERATIONS = [
    "GET /api/state",
    "GET /api/diff",
    "GET /api/timeline",
    "GET /api/events",
    "GET /api/events/{event_id}",
    "GET /api/sources",
    "GET /api/sources/{source_id}",
    "GET /api/instruments",
    "GET /api/instruments/{instrument_id}",
    "GET /api/instruments/{instrument_id}/articles/{number}",
    "GET /api/search",
    "GET /api/readings",
    "POST /api/ask",
    "GET /api/cases",
    "GET /api/cases/{case_id}",
    "GET /api/power",
    "GET /api/statuses",
]


@pytest.fixture(scope="module")
def app(site: Site) -> FastAPI:
    return create_app(site)


@pytest.fixture(scope="module")
def api_schema(app: FastAPI) -> Any:
    import schemathesis  # imported when the test runs: it is slow to import

    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def _record_api(path: str) -> bool:
    """The record's API (the exercise's, /api/exercises, is tested with its sessions in
    tests/web/exercise/test_schemathesis.py)."""
    return not path.startswith("/api/exercises")


def test_the_openapi_document_describes_every_api_route(app: FastAPI) -> None:
    doc: dict[str, Any] = app.openapi()
    assert doc["openapi"].startswith("3.1")
    assert {p for p in doc["paths"] if _record_api(p)} == {
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
        "/api/statuses",
    }
    schemas = doc["components"]["schemas"]
    assert {"State", "Diff", "Timeline", "Verdict", "Readings", "Action", "Problem"} <= set(schemas)
    assert {"Cases", "CaseEpisode", "CaseStep", "CaseVerdict"} <= set(schemas)
    assert "HTTPValidationError" not in schemas
    for path in doc["paths"].values():
        for operation in path.values():
            assert "400" in operation["responses"], operation["operationId"]


def test_the_operations_tested_are_those_of_the_document(api_schema: Any) -> None:
    labels = [result.ok().label for result in api_schema.get_all_operations()]
    assert sorted(x for x in labels if _record_api(x.split(" ")[1])) == sorted(OPERATIONS)


@pytest.mark.parametrize("label", OPERATIONS)
def test_api(api_schema: Any, label: str) -> None:
    from schemathesis import Case, GenerationMode
    from schemathesis.config import GenerationConfig

    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label
    for case in api_schema.iter_coverage_cases(
        operation, generation_modes=modes, generation_config=GenerationConfig()
    ):
        case.call_and_validate()
    for mode in modes:

        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: Case) -> None:
            case.call_and_validate()

        try:
            run()
        except Unsatisfiable:
            # no invalid request exists where the document accepts any value (a path
            # parameter that is any text); schemathesis's own runner skips the mode too
            assert mode is GenerationMode.NEGATIVE, label
