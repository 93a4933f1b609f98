"""The answer cache: a marked GET answer is answered again without the application."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from csto.web.cache import MARK, ResponseCache


def _client() -> tuple[TestClient, list[str]]:
    calls: list[str] = []

    def answer(request: Request) -> PlainTextResponse:
        calls.append(request.url.path + "?" + request.url.query)
        status = int(request.query_params.get("status", "200"))
        marked = request.url.path == "/kept"
        headers = {MARK: "1"} if marked else {}
        return PlainTextResponse(f"answer {len(calls)}", status_code=status, headers=headers)

    app = Starlette(routes=[Route("/kept", answer, methods=["GET", "POST"]), Route("/not", answer)])
    app.add_middleware(ResponseCache)
    return TestClient(app), calls


def test_a_marked_answer_is_kept_by_path_and_query() -> None:
    client, calls = _client()
    first = client.get("/kept?a=1")
    again = client.get("/kept?a=1")
    other = client.get("/kept?a=2")
    assert first.text == again.text == "answer 1"
    assert other.text == "answer 2"
    assert calls == ["/kept?a=1", "/kept?a=2"]
    assert MARK not in first.headers
    assert MARK not in again.headers
    assert again.headers["content-type"] == first.headers["content-type"]


def test_what_is_not_marked_posted_or_failed_is_not_kept() -> None:
    client, calls = _client()
    for _ in range(2):
        client.get("/not")
        client.post("/kept")
        client.get("/kept?status=404")
    assert len(calls) == 6
