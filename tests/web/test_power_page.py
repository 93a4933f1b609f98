"""The /power page, its charts and /api/power: the same document as ``csto power --json``."""

from __future__ import annotations

import json

from click.testing import CliRunner
from fastapi.testclient import TestClient

from csto.cli import cli


def test_the_page_shows_every_world_side_by_side(client: TestClient) -> None:
    page = client.get("/power", params={"date": "2024-06-01"})
    assert page.status_code == 200
    text = page.text
    for words in (
        "Voting power in the Council on 2024-06-01",
        "the law as shipped",
        "variant sg-term-four-years",
        "reading frozen-participation = set-aside",
        "1/64",
        "1/32",
        "Armenia: participation frozen",
        "/power/worlds.svg?date=2024-06-01",
        "/power/history.svg",
        "Coleman: power to prevent",
    ):
        assert words in text, words
    assert 'href="/power" aria-current="page"' in text


def test_the_charts_are_svg_drawn_on_the_server(client: TestClient) -> None:
    for url in ("/power/worlds.svg?date=2024-06-01", "/power/history.svg"):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert answer.headers["content-type"].startswith("image/svg+xml")
        assert answer.text.lstrip().startswith("<svg")


def test_the_api_answers_what_the_cli_prints(client: TestClient) -> None:
    api = client.get("/api/power", params={"date": "2024-06-01"}).json()
    out = CliRunner().invoke(cli, ["power", "--date", "2024-06-01", "--json"]).stdout
    assert api == json.loads(out)


def test_bad_parameters_are_problems_naming_the_field(client: TestClient) -> None:
    for params, field, status in (
        ({"date": "2024-13-01"}, "date", 400),
        ({"profile": "nope"}, "nope", 404),
        ({"others": "shout"}, "others", 400),
    ):
        answer = client.get("/api/power", params=params)
        assert answer.status_code == status, params
        doc = answer.json()
        if field:
            assert field in json.dumps(doc)
    assert client.get("/power/worlds.svg", params={"index": "nope"}).status_code == 400
    assert client.get("/power", params={"date": "1990-01-01"}).status_code == 404


def test_a_scenario_adds_the_delegations_figures_as_the_cli_does(client: TestClient) -> None:
    params = {"scenario": "kaz-2022-01", "form": "statement"}
    api = client.get("/api/power", params=params).json()
    out = (
        CliRunner()
        .invoke(
            cli,
            [
                "power",
                "--scenario",
                "kaz-2022-01",
                "--form",
                "statement",
                "--draws",
                "20000",
                "--json",
            ],
        )
        .stdout
    )
    assert api == json.loads(out)
    assert api["date"] == "2022-01-05"  # the scenario's date
    law = api["worlds"][0]["preferences"]
    page = client.get("/power", params=params)
    assert page.status_code == 200
    text = page.text
    assert "Under the simulation's delegations: kaz-2022-01" in text
    assert f"{law['act']['value']:.4f}" in text
    assert law["explains"][0].split(";")[0] in text
    assert "--scenario kaz-2022-01 --form statement" in text


def test_an_unknown_scenario_or_form_names_what_is_shipped(client: TestClient) -> None:
    answer = client.get("/api/power", params={"scenario": "atlantis-2030"})
    assert answer.status_code == 404
    problem = json.dumps(answer.json())
    assert "atlantis-2030" in problem
    assert "arm-2022-09" in problem
    answer = client.get("/api/power", params={"scenario": "kaz-2022-01", "form": "blockade"})
    assert answer.status_code == 400
    assert "statement" in json.dumps(answer.json())
    # the page's "none" scenario with a form chosen: the a-priori page
    plain = client.get("/power", params={"form": "statement", "scenario": ""})
    assert plain.status_code == 200
    assert "Under the simulation's delegations" not in plain.text
