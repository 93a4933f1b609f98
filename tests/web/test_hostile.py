"""The hostile-input suite on the web application (``pytest -m hostile``).

``POST /api/ask`` is fed the hostile documents and payloads of :mod:`tests.hostile` (at
every field of a well-formed action), and the pages and API take hostile query values.
Every answer must be a 4xx problem document naming a field (or a 200), never a 5xx, and
carry the security headers; a body over the limit is refused before it is read; HEAD is
answered; redirects never name the Host the request gave; a bug is a problem document with
the headers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from csto.io import limits
from csto.web.app import CSP, create_app
from csto.web.site import Site
from tests.hostile import DOCUMENTS, PAYLOADS, fields, payloads, put

pytestmark = pytest.mark.hostile

ACTION: dict[str, object] = {
    "action": "adopt_decision",
    "organ": "CSC",
    "subject": "CRRF",
    "date": "2010-12-10",
    "question": "substantive",
    "positions": {"RUS": "support", "ARM": "object"},
}
JSON = {"content-type": "application/json"}


def _holds(response: Any, what: object) -> None:
    where = f"{what}: {response.status_code} {response.text[:300]}"
    assert response.status_code < 500, where
    assert response.headers.get("content-security-policy") == CSP, where
    assert response.headers.get("x-content-type-options") == "nosniff", where
    if response.status_code >= 400 and response.request.url.path.startswith("/api/"):
        doc = response.json()
        assert doc["status"] == response.status_code, where
        assert doc["problems"], where
        assert all(p.get("field") or p.get("message") for p in doc["problems"]), where


def _ask(client: TestClient, body: bytes) -> Any:
    return client.post("/api/ask", content=body, headers=JSON)


def test_the_well_formed_action_is_answered(client: TestClient) -> None:
    response = _ask(client, json.dumps(ACTION).encode())
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_every_payload_at_every_field_of_an_action(client: TestClient, kind: str) -> None:
    for field in fields(ACTION):
        for payload in PAYLOADS[kind]:
            response = _ask(client, put(ACTION, field, payload).encode())
            _holds(response, (field, payload[:40]))
            if response.status_code >= 400:
                named = [p.get("field") or "" for p in response.json()["problems"]]
                assert any(n.startswith(("action", "body")) for n in named), named


def test_every_hostile_document_as_a_body(client: TestClient) -> None:
    for docs in DOCUMENTS.values():
        for doc in docs:
            response = _ask(client, doc)
            _holds(response, doc[:40])
            assert response.status_code in (400, 413, 415), response.text


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        (b"[" * 5000 + b"]" * 5000, 413, "body"),
        (b'{"action": "\\ud800"}', 400, "body.action"),
        (b'{"action": "adopt_decision", "size": 1e999}', 400, "body"),
        (b"\xff\xfe", 400, "body"),
        (b"5", 400, "action"),
    ],
)
def test_the_cases_once_answered_500(
    client: TestClient, body: bytes, status: int, field: str
) -> None:
    response = _ask(client, body)
    _holds(response, body[:40])
    assert response.status_code == status
    assert response.json()["problems"][0]["field"] == field


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(data=st.data())
def test_payloads_nested_anywhere_in_an_action(client: TestClient, data: st.DataObject) -> None:
    field = data.draw(st.sampled_from(list(fields(ACTION))), label="field")
    _kind, payload = data.draw(payloads(), label="payload")
    inner = data.draw(st.sampled_from(['{"x": %s}', "[%s]", "%s", '[1, {"y": [%s]}]']))
    _holds(_ask(client, put(ACTION, field, inner % payload).encode()), (field, payload[:40]))


@pytest.mark.parametrize(
    "path",
    [
        "/api/state?date=",
        "/api/diff?from=2000-01-01&to=",
        "/api/timeline?from=",
        "/api/events?to=",
        "/?date=",
        "/state?date=",
        "/timeline?from=",
        "/api/state?as_recorded=",
        "/ask?date=",
    ],
)
@pytest.mark.parametrize(
    "value",
    ["9999-12-31", "3000-01-01", "10000-01-01", "0001-01-01", "%ED%A0%80", "%FF", "1e999", "-1"],
)
def test_hostile_query_values(client: TestClient, path: str, value: str) -> None:
    _holds(client.get(path + value), (path, value))


def test_a_body_over_the_limit_is_refused_before_it_is_read(client: TestClient) -> None:
    limit = limits.current().max_body_bytes
    response = _ask(client, b" " * (limit + 1))
    _holds(response, "big body")
    assert response.status_code == 413
    problem = response.json()["problems"][0]
    assert "--max-body-kb" in problem["fix"]
    assert "256 KiB" in problem["message"]


def test_a_streamed_body_over_the_limit_is_cut(client: TestClient) -> None:
    limit = limits.current().max_body_bytes

    def chunks() -> Iterator[bytes]:  # no Content-Length: the guard counts as it reads
        for _ in range(limit // 4096 + 2):
            yield b" " * 4096

    response = client.post("/api/ask", content=chunks(), headers=JSON)
    _holds(response, "streamed body")
    assert response.status_code == 413


def test_the_body_must_be_declared_as_json(client: TestClient) -> None:
    body = json.dumps(ACTION).encode()
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {"content-type": content_type} if content_type else {}
        response = client.post("/api/ask", content=body, headers=headers)
        _holds(response, content_type)
        assert response.status_code == 415
        assert response.json()["problems"][0]["field"] == "content-type"
    ok = client.post("/api/ask", content=body, headers={"content-type": "application/json; x=1"})
    assert ok.status_code == 200


@pytest.mark.parametrize("path", ["/", "/api/state?date=2012-12-20", "/static/csto.css"])
def test_head_is_answered_like_get_without_a_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers.get("content-length") == got.headers.get("content-length")
    assert head.headers.get("content-security-policy") == CSP


@pytest.mark.parametrize("path", ["/api/", "/states/"])
def test_redirects_never_name_the_host_the_request_gave(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"host": "evil.example"}, follow_redirects=False)
    assert response.status_code in (301, 302, 307, 308), response.text
    location = response.headers["location"]
    assert location.startswith("/"), location
    assert "evil" not in location
    assert response.headers.get("content-security-policy") == CSP


def test_a_bug_is_a_problem_document_with_the_headers(site: Site) -> None:
    app = create_app(site)
    router = APIRouter()

    @router.get("/api/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/boom")
        page = client.get("/api/boom", headers={"accept": "text/html"})
    assert response.status_code == 500
    assert response.json()["code"] == "E900"
    assert "secret" not in response.text  # no internals leak
    assert response.headers.get("content-security-policy") == CSP
    assert page.headers.get("content-security-policy") == CSP
