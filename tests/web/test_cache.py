"""The answer cache: a marked GET answer is answered again without the application."""

from __future__ import annotations

import datetime as dt
import random

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


def test_a_date_page_of_an_interval_rendered_before_is_filled_in_without_the_route(
    client: TestClient,
) -> None:
    from fastapi import Request

    from csto.web import pages

    site = client.app.state.site  # type: ignore[attr-defined]
    rng = random.Random(15)
    asked = 0
    for path, (template, page_path) in pages.DATE_ROUTES.items():
        for _ in range(12):
            i = rng.randrange(len(site.change_days) - 1)
            start, stop = site.change_days[i], site.change_days[i + 1]
            if (stop - start).days < 3:
                continue
            other = stop - dt.timedelta(days=1)
            scope = {
                "type": "http",
                "method": "GET",
                "path": path,
                "query_string": f"date={other}".encode(),
                "headers": [(b"host", b"testserver")],
                "app": client.app,
            }
            client.get(f"{path}?date={start + dt.timedelta(days=1)}")  # the interval rendered
            early = pages.kept_date_page(scope)
            assert early is not None, f"{path} on {other}"
            headers, body = early
            assert dict(headers)[b"content-length"] == str(len(body)).encode()
            served = client.get(f"{path}?date={other}")
            assert served.status_code == 200
            assert served.content == body
            assert served.headers["content-type"] == "text/html; charset=utf-8"
            assert "content-security-policy" in served.headers  # the guard's headers too
            assert client.head(f"{path}?date={other}").content == b""
            context = pages._state_context(site, other, page_path)
            direct = pages._render(Request(scope), template, **context)
            assert body == bytes(direct.body), f"{path} on {other}"
            asked += 1
    assert asked > 20
    for query in (b"date=2012-1-011", b"date=20121220", b"date=2012-12-20&x=1", b""):
        scope = {"type": "http", "path": "/", "query_string": query, "headers": []}
        assert pages.kept_date_page({**scope, "app": client.app}) is None


def test_a_page_cut_at_its_placeholders_is_filled_in_as_if_each_were_replaced() -> None:
    from csto.web import pages

    day, offset = pages._DAY, pages._OFFSET
    rng = random.Random(15)
    pieces = [day, offset, "x", "<a href='/?date=", "'>", "0001-01-0", "@@csto", "2012-12-20"]
    bodies = ["", day, offset, day + day, offset + day + offset, "no placeholder"]
    bodies += ["".join(rng.choices(pieces, k=rng.randrange(1, 12))) for _ in range(200)]
    for body in bodies:
        kept = pages._Holes(body.encode())
        filled = kept.fill(b"1996-01-01", b"1327")
        assert filled == body.replace(day, "1996-01-01").replace(offset, "1327").encode(), body
        assert kept.fill(b"1996-01-01", b"1327") == filled  # the kept parts are not changed
