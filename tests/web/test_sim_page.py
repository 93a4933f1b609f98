"""The /sim page: pick a shipped scenario and a variant, see the simulation's report, run on
the server with a bounded number of replications; only shipped scenarios and built-in
variants, never a file named in the query."""

from __future__ import annotations

from fastapi.testclient import TestClient

from csto.sim.api import simulate


def test_the_form_lists_the_shipped_scenarios(client: TestClient) -> None:
    page = client.get("/sim")
    assert page.status_code == 200
    for words in (
        "Simulate a crisis",
        "arm-2022-09",
        "kaz-2022-01",
        "minus-parties",
        "Replications",
    ):
        assert words in page.text, words


def test_a_scenario_and_a_variant_give_the_report_the_cli_gives(client: TestClient) -> None:
    params = {"scenario": "kgz-tjk-2022-09", "variant": "majority", "replications": 1500, "seed": 3}
    page = client.get("/sim", params=params)
    assert page.status_code == 200, page.text[:500]
    text = page.text
    for words in ("<svg", "P(act)", "majority", "Delegations and their sources", "Receipt"):
        assert words in text, words
    same = simulate("kgz-tjk-2022-09", replications=1500, seed=3, variants=("majority",))
    assert same.receipt["digest"] in text
    assert f"{same.summaries[0].act.p:.3f}" in text


def test_hostile_queries_are_problems_not_runs(client: TestClient) -> None:
    for params, status, field in (
        ({"scenario": "/etc/passwd"}, 404, "scenario"),
        ({"scenario": "../../secret.yaml"}, 404, "scenario"),
        ({"scenario": "arm-2022-09", "variant": "file:/etc/passwd"}, 400, "variant"),
        ({"scenario": "arm-2022-09", "variant": "tyranny"}, 400, "variant"),
        ({"scenario": "arm-2022-09", "replications": 10_000_000}, 400, "replications"),
        ({"scenario": "arm-2022-09", "replications": 0}, 400, "replications"),
        ({"scenario": "arm-2022-09", "replications": "many"}, 400, "replications"),
    ):
        answer = client.get("/sim", params=params)
        assert answer.status_code == status, (params, answer.status_code)
        assert field in answer.text, params
