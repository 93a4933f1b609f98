"""The answer cache: a marked GET answer is answered again without the application."""

from __future__ import annotations

import datetime as dt

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


def test_a_date_page_filled_in_is_the_page_rendered_for_that_day(client: TestClient) -> None:
    from fastapi import Request

    from csto.web import pages

    site = client.app.state.site  # type: ignore[attr-defined]
    change = site.change_days[40]
    days = [change, change + dt.timedelta(days=1), site.change_days[41] - dt.timedelta(days=1)]
    for day in days:
        for path, template, page_path in (
            ("/", "home.html", "/"),
            ("/fragment/state", "_state.html", "/"),
            ("/map", "map.html", "/map"),
            ("/fragment/map", "_mapview.html", "/map"),
        ):
            served = client.get(f"{path}?date={day.isoformat()}")
            assert served.status_code == 200
            scope = {
                "type": "http",
                "method": "GET",
                "path": path,
                "query_string": f"date={day}".encode(),
                "headers": [(b"host", b"testserver")],
                "app": client.app,
            }
            context = pages._state_context(site, day, page_path)
            direct = pages._render(Request(scope), template, **context)
            assert served.text == bytes(direct.body).decode(), f"{path} on {day}"
