"""schemathesis on the exercise's JSON API (the live stream is not part of it): generated
requests, valid and not, signed in as the facilitator or as a member of a real exercise,
never get a 5xx, and every answer conforms to the OpenAPI document."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from csto.io.exercises import Exercises, LawWorld, configure
from csto.store import MemoryEventStore
from csto.web.app import create_app
from csto.web.site import Site

#: where a request the document calls valid may still be refused (400), and why: a day must
#: be one the record spans; a move's words must not be blank and name a draft or item the
#: room has; a seat must be one of this exercise's (the document cannot list them)
SEMANTIC = {
    "POST /api/exercises",
    "POST /api/exercises/{exercise}/moves",
    "POST /api/exercises/{exercise}/invitations",
    "POST /api/exercises/{exercise}/seats/{seat}/revoke",
}
OPERATIONS = [
    "GET /api/exercises/library",
    "POST /api/exercises",
    "POST /api/exercises/join",
    "GET /api/exercises/{exercise}",
    "GET /api/exercises/{exercise}/feed",
    "POST /api/exercises/{exercise}/moves",
    "GET /api/exercises/{exercise}/seats",
    "POST /api/exercises/{exercise}/invitations",
    "POST /api/exercises/{exercise}/seats/{seat}/revoke",
    "GET /api/exercises/{exercise}/refusals",
    "GET /api/exercises/{exercise}/report",
]


@pytest.fixture(scope="module")
def played(site: Site, law: LawWorld) -> tuple[FastAPI, str, dict[str, str]]:
    api = Exercises(MemoryEventStore(), law=law)
    app = create_app(site, exercises=api)
    app.state.exercise_replications = 0
    created = api.create(configure(law, None, exercise_id="fuzz", date=dt.date(2022, 1, 5)))
    api.act("fuzz", created.credentials["facilitator"], {"move": "start"})
    return app, "fuzz", dict(created.credentials)


@pytest.fixture(scope="module")
def schema(played: tuple[FastAPI, str, dict[str, str]]) -> Any:
    import schemathesis

    return schemathesis.openapi.from_asgi("/api/openapi.json", played[0])


def test_the_operations_tested_are_the_exercise_apis(schema: Any) -> None:
    labels = [r.ok().label for r in schema.get_all_operations()]
    assert sorted(x for x in labels if " /api/exercises" in x) == sorted(OPERATIONS)


@pytest.mark.parametrize("seat", ["facilitator", "ARM"])
@pytest.mark.parametrize("label", OPERATIONS)
def test_exercise_api(
    schema: Any, played: tuple[FastAPI, str, dict[str, str]], label: str, seat: str
) -> None:
    from schemathesis import Case, GenerationMode
    from schemathesis.config import GenerationConfig

    _, exercise, tokens = played
    operation = schema.find_operation_by_label(label)
    assert operation is not None, label

    def signed(case: Case, real: bool) -> Case:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {tokens[seat]}"}
        if real and case.path_parameters and "exercise" in case.path_parameters:
            case.path_parameters["exercise"] = exercise
        return case

    from schemathesis.specs.openapi.checks import positive_data_acceptance

    skip = [positive_data_acceptance] if label in SEMANTIC else []
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    for i, case in enumerate(
        schema.iter_coverage_cases(
            operation, generation_modes=modes, generation_config=GenerationConfig()
        )
    ):
        signed(case, i % 2 == 0).call_and_validate(excluded_checks=skip)
    for mode in modes:
        real = mode is GenerationMode.POSITIVE
        try:
            _fuzz(operation, mode, lambda case, r=real: signed(case, r), skip)
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE, label


def _fuzz(operation: Any, mode: Any, signed: Any, skip: list[Any]) -> None:
    from schemathesis import Case

    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Case) -> None:
        signed(case).call_and_validate(excluded_checks=skip)

    run()
