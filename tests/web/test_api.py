"""The JSON API answers the same documents as the CLI's --json, and 4xx problems naming
the field for every bad request."""

from __future__ import annotations

import importlib.resources
import json
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from csto.cli import cli
from csto.web.app import CSP


def _cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    ("url", "argv"),
    [
        ("/api/state?date=2012-08-01", ["state", "2012-08-01", "--json"]),
        ("/api/state?date=1993-06-01", ["state", "1993-06-01", "--json"]),
        ("/api/state?date=2024-06-01", ["state", "2024-06-01", "--json"]),
        ("/api/diff?from=2012-08-01&to=2013-01-01", ["diff", "2012-08-01", "2013-01-01", "--json"]),
        (
            "/api/timeline?state=ARM&kind=ParticipationFrozen&from=2020-01-01",
            ["timeline", "--state", "ARM", "--kind", "ParticipationFrozen", "--from", "2020-01-01"],
        ),
        ("/api/timeline?to=1994-12-31", ["timeline", "--to", "1994-12-31", "--json"]),
        (
            "/api/events?type=Acceded&state=GEO",
            ["record", "list", "--type", "Acceded", "--state", "GEO", "--json"],
        ),
        (
            "/api/events?state=Georgia&from=1993-01-01&to=1999-12-31",
            ["record", "list", "--state", "Georgia", "--from", "1993-01-01", "--to", "1999-12-31"],
        ),
        (
            "/api/events/uzb-suspension-csc-decision-2012",
            ["record", "show", "uzb-suspension-csc-decision-2012", "--json"],
        ),
        ("/api/events/geo-accedes-cst-1993", ["record", "show", "geo-accedes-cst-1993", "--json"]),
        ("/api/sources", ["record", "sources", "--json"]),
    ],
)
def test_the_api_answers_what_the_cli_prints(client: TestClient, url: str, argv: list[str]) -> None:
    if argv[0] in ("timeline", "record") and "--json" not in argv:
        argv = [*argv, "--json"]
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == _cli_json(*argv)


def test_the_event_list_comes_in_pages_that_put_together_are_the_whole_list(
    client: TestClient,
) -> None:
    whole = client.get("/api/events?state=KAZ").json()
    assert "page" not in whole
    assert "link" not in client.get("/api/events?state=KAZ").headers
    assert whole["count"] == len(whole["events"]) > 25
    url, seen = "/api/events?state=KAZ&limit=10", []
    while True:
        response = client.get(url)
        assert response.status_code == 200
        doc = response.json()
        assert doc["page"]["total"] == whole["count"]
        assert doc["page"]["limit"] == 10
        assert doc["count"] == len(doc["events"]) <= 10
        assert doc["record_digest"] == whole["record_digest"]
        seen.extend(doc["events"])
        link = response.headers.get("link")
        if link is None:
            break
        url = link.removeprefix("<").split(">;")[0]
        assert link.endswith('rel="next"')
        assert "state=KAZ" in url
        assert "limit=10" in url
    assert seen == whole["events"]
    past = client.get(f"/api/events?state=KAZ&offset={whole['count']}").json()
    assert past["events"] == []
    assert past["page"]["total"] == whole["count"]


def test_state_on_random_days_matches_the_state_layer(client: TestClient) -> None:
    import datetime as dt
    import random

    import csto
    from csto.state.document import state_document

    history = csto.load()
    rng = random.Random(10)
    for _ in range(40):
        day = dt.date(1991, 1, 1) + dt.timedelta(days=rng.randrange(13_000))
        got = client.get(f"/api/state?date={day}").json()
        assert got == json.loads(json.dumps(state_document(history.on(day), history.record)))


def test_state_defaults_to_today(client: TestClient) -> None:
    import datetime as dt

    assert client.get("/api/state").json()["date"] == dt.date.today().isoformat()


def _problem(client: TestClient, url: str, status: int) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    doc: dict[str, Any] = response.json()
    assert doc["status"] == status
    assert doc["type"] == f"/problems/{doc['code']}"
    assert doc["detail"]
    return doc


@pytest.mark.parametrize(
    ("url", "status", "code", "fields"),
    [
        ("/api/state?date=2023-02-30", 400, "E130", ["date"]),
        ("/api/state?date=yesterday", 400, "E100", ["date"]),
        ("/api/state?date=2012-1-1", 400, "E100", ["date"]),
        ("/api/diff?from=2012-01-01", 400, "E100", ["to"]),
        ("/api/diff", 400, "E100", ["from", "to"]),
        ("/api/diff?from=2012-13-01&to=2013-01-01", 400, "E130", ["from"]),
        ("/api/timeline?state=QQQ", 404, "E120", ["state"]),
        ("/api/timeline?state=A1", 400, "E100", ["state"]),
        ("/api/timeline?kind=Invaded", 400, "E100", ["kind"]),
        ("/api/timeline?from=1999-02-29", 400, "E130", ["from"]),
        ("/api/events?state=XYZ", 404, "E120", ["state"]),
        ("/api/events?type=Nope", 400, "E100", ["type"]),
        ("/api/events/no-such-event", 404, "E120", ["event_id"]),
        ("/api/events?limit=0", 400, "E100", ["limit"]),
        ("/api/events?limit=1001", 400, "E100", ["limit"]),
        ("/api/events?offset=-1", 400, "E100", ["offset"]),
        ("/api/events?offset=x", 400, "E100", ["offset"]),
        ("/api/sources/no-such-source", 404, "E120", ["source_id"]),
        ("/api/instruments/NATO-1949", 404, "E120", ["instrument_id"]),
        ("/api/instruments/CST-1992?on=1992-02-30", 400, "E130", ["on"]),
        ("/api/instruments/CST-1992/articles/99", 404, "E120", ["number"]),
        ("/api/search?q=" + "x" * 201, 400, "E100", ["q"]),
        ("/api/nothing-here", 404, "E120", ["path"]),
    ],
)
def test_bad_requests_get_a_problem_naming_the_field(
    client: TestClient, url: str, status: int, code: str, fields: list[str]
) -> None:
    doc = _problem(client, url, status)
    assert doc["code"] == code
    assert sorted(p.get("field") for p in doc["problems"]) == sorted(fields)
    assert doc["instance"].startswith("/api/")


def test_a_wrong_method_is_405_with_allow(client: TestClient) -> None:
    response = client.post("/api/state")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json()["status"] == 405


def test_every_answer_forbids_loading_from_elsewhere(client: TestClient) -> None:
    for url in ("/api/state", "/", "/api/nothing-here", "/static/csto.css"):
        assert client.get(url).headers["content-security-policy"] == CSP
    assert "default-src 'self'" in CSP
    assert "http" not in CSP


def test_instruments_and_articles_are_the_law_documents(client: TestClient) -> None:
    listing = client.get("/api/instruments").json()
    assert listing == _cli_json("law", "list", "--json")
    ids = {i["id"]: i for i in listing["instruments"]}
    assert len(ids["CHARTER-2002"]["articles"]) > 10
    charter = client.get("/api/instruments/CHARTER-2002").json()
    assert charter == _cli_json("law", "show", "CHARTER-2002", "--json")
    assert charter["instrument"]["signed"]["place"] == "Chisinau"
    art = client.get("/api/instruments/CST-1992/articles/4?on=2012-12-18").json()
    assert art == _cli_json("law", "show", "CST-1992", "4", "--on", "2012-12-18", "--json")
    (article,) = art["articles"]
    assert article["label"] == "CST-1992 art. 4"
    assert [v["in_force_on_date"] for v in article["versions"]] == [True, False]
    # from an article to the open questions that name it and the episodes that turn on them
    questions = {q["reading"]: q for q in article["open_questions"]}
    assert {"casus-foederis", "assistance-discretion", "unrest-grounds"} <= set(questions)
    assert "ARM-2022-09" in questions["casus-foederis"]["episodes"]
    unnumbered = client.get("/api/instruments/CHARTER-2002/articles/unnumbered:budget").json()
    assert unnumbered["articles"][0]["label"] == "CHARTER-2002 [budget]"


def test_readings_are_the_catalogue(client: TestClient) -> None:
    assert client.get("/api/readings").json() == _cli_json("law", "readings", "--json")


ASK = {"action": "notify_withdrawal", "by": "KGZ", "date": "2026-08-31"}


def test_ask_answers_the_verdict_csto_ask_prints(client: TestClient) -> None:
    response = client.post("/api/ask", json=ASK)
    assert response.status_code == 200
    doc = response.json()
    assert doc == _cli_json(
        "ask", "notify-withdrawal", "--by", "KGZ", "--date", "2026-08-31", "--json"
    )
    assert doc["outcome"] == "permitted"
    practice = client.post("/api/ask?profile=practice", json=ASK).json()
    assert practice["receipt"]["profile"] == "practice"


@pytest.mark.parametrize(
    ("body", "query", "status", "fields"),
    [
        (b"{not json", "", 400, ["body"]),
        (b"[1, 2]", "", 400, ["action"]),
        (
            json.dumps({"action": "invade", "date": "2026-01-01"}).encode(),
            "",
            400,
            ["action.action"],
        ),
        (
            json.dumps({"action": "notify_withdrawal", "by": "KGZ"}).encode(),
            "",
            400,
            ["action.date"],
        ),
        (
            json.dumps({"action": "notify_withdrawal", "by": "FRA", "date": "2026-01-01"}).encode(),
            "",
            400,
            ["action.by"],
        ),
        (
            json.dumps({**ASK, "colour": "blue"}).encode(),
            "",
            400,
            ["action.colour"],
        ),
        (json.dumps(ASK).encode(), "?profile=lenient", 404, ["profile"]),
    ],
)
def test_a_malformed_action_gets_a_problem_naming_the_field(
    client: TestClient, body: bytes, query: str, status: int, fields: list[str]
) -> None:
    response = client.post(
        f"/api/ask{query}", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == status, response.text
    doc = response.json()
    assert doc["status"] == status
    assert [p.get("field") for p in doc["problems"]] == fields


def test_a_source_lists_what_cites_it(client: TestClient) -> None:
    doc = client.get("/api/sources/tass-687141").json()
    assert doc["source"]["publisher"] == "ITAR-TASS"
    assert "uzb-suspension-csc-decision-2012" in [e["id"] for e in doc["events"]]
    law = client.get("/api/sources/kremlin-3506").json()
    assert any(a.startswith("CHARTER-2002") for a in law["articles"])


def test_search_finds_events_articles_and_cases(client: TestClient) -> None:
    doc = client.get("/api/search", params={"q": "Uzbekistan suspension"}).json()
    assert doc["count"] >= 1
    assert doc["hits"][0]["key"] == "UZB-2012"  # the episode: both words in its title
    assert doc["hits"][0]["kind"] == "case"
    assert "uzb-suspension-csc-decision-2012" in [h["key"] for h in doc["hits"]]
    withdrawal = client.get("/api/search", params={"q": "withdrawal notice"}).json()
    assert {"event", "article"} <= {h["kind"] for h in withdrawal["hits"]}
    assert client.get("/api/search", params={"q": ""}).json()["count"] == 0


def test_many_days_at_once_answer_as_the_command_line(client: TestClient) -> None:
    import jsonschema

    answer = client.get("/api/statuses?date=2012-12-20&date=1999-06-01")
    assert answer.status_code == 200
    doc = answer.json()
    assert doc["schema"] == "csto.statuses/1"
    assert doc["dates"] == ["2012-12-20", "1999-06-01"]
    assert doc["status"]["UZB"] == ["participation_suspended", "former"]
    schema = json.loads(
        (importlib.resources.files("csto.state") / "schema" / "statuses.schema.json").read_text()
    )
    jsonschema.validate(doc, schema)
    for bad, field in (("/api/statuses", "date"), ("/api/statuses?date=2012-02-30", "date")):
        refused = client.get(bad)
        assert refused.status_code == 400, bad
        assert field in refused.text
