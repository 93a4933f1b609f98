"""One field surface: the command line (options and files) and ``POST /api/ask`` accept and
refuse the same actions, and judge the accepted ones alike. The corpus holds the mistakes
people make and the names they type, including the bugs of the three-surface days:
``party: 0`` answered for a state called "0", ``--attacker Russia`` judged differently from
``RUS``, ``--by Armenia`` refused as never a party, ``--obligations-settled false`` refused."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from csto.cli import cli
from csto.cli import law as law_cli

OK, NO = True, False
A = {"action": "request_assistance", "date": "2022-09-13", "by": "ARM", "grounds": "aggression"}
W = {"action": "notify_withdrawal", "date": "2026-08-31", "by": "KGZ"}
D = {
    "action": "deploy_force",
    "date": "2022-01-06",
    "force": "CPF",
    "host": "KAZ",
    "requested_by_host": True,
}
G = {"action": "grant_observer_status", "date": "2022-09-13"}

#: (what it shows, the action, accepted?)
CORPUS: list[tuple[str, dict[str, Any], bool]] = [
    ("a plain request", A, OK),
    ("the attacker by code", {**A, "attacker": "AZE"}, OK),
    ("the attacker by name", {**A, "attacker": "Azerbaijan"}, OK),
    ("the attacker by its Russian name", {**A, "attacker": "Азербайджан"}, OK),
    ("a member attacking, by name", {**A, "attacker": "Russia"}, OK),
    ("a non-state attacker", {**A, "attacker": "non-state"}, OK),
    ("an attacker that is no state", {**A, "attacker": "Atlantis"}, NO),
    ("the requester by name", {**A, "by": "Armenia"}, OK),
    ("the requester in lower case", {**A, "by": "arm"}, OK),
    ("a misspelt requester", {**A, "by": "Armenai"}, NO),
    ("a code that was never a party", {**A, "by": "FRA"}, NO),
    ("grounds not in the law", {**A, "grounds": "invasion"}, NO),
    ("a month instead of a day", {**A, "date": "2022-09"}, NO),
    ("no such day", {**A, "date": "2022-02-30"}, NO),
    ("a day out of range", {**A, "date": "3022-09-13"}, NO),
    ("a date as a number", {**A, "date": 20220913}, NO),
    ("an unknown field", {**A, "colour": "red"}, NO),
    ("a missing field", {k: v for k, v in A.items() if k != "grounds"}, NO),
    ("a withdrawal by name", {**W, "by": "Armenia"}, OK),
    ("obligations settled: false (a word)", {**W, "obligations_settled": "false"}, OK),
    ("obligations settled: no", {**W, "obligations_settled": "no"}, OK),
    ("obligations settled: false (a boolean)", {**W, "obligations_settled": False}, OK),
    ("obligations settled: maybe", {**W, "obligations_settled": "maybe"}, NO),
    ("an effective day", {**W, "effective": "2027-06-30"}, OK),
    ("contributors by code and name", {**D, "contributors": ["RUS", "Belarus"]}, OK),
    ("a contributor that is no state", {**D, "contributors": ["RUS", "Narnia"]}, NO),
    ("requested by host: yes", {**D, "requested_by_host": "yes"}, OK),
    ("positions by code and name", {**D, "positions": {"RUS": "support", "Armenia": "object"}}, OK),
    ("a position no one takes", {**D, "positions": {"RUS": "perhaps"}}, NO),
    ("a voter that is no state", {**D, "positions": {"XYZ": "support"}}, NO),
    ("an observer that is an organisation", {**G, "party": "NATO"}, OK),
    ("an observer by a state's name", {**G, "party": "Serbia"}, OK),
    ("an observer called 0 (a number)", {**G, "party": 0}, NO),
    ("an observer called 0 (text)", {**G, "party": "0"}, NO),
    ("any state may accede", {"action": "accede", "date": "2026-01-01", "by": "SRB"}, OK),
    ("and in lower case", {"action": "accede", "date": "2026-01-01", "by": "srb"}, OK),
    (
        "the Secretary-General calls a session",
        {"action": "convene_session", "date": "2022-01-06", "by": "SG", "extraordinary": True},
        OK,
    ),
    (
        "a draft with a number as its subject",
        {"action": "propose_decision", "date": "2022-01-06", "by": "RUS", "subject": 2022},
        OK,
    ),
    (
        "an organ that does not exist",
        {
            "action": "propose_decision",
            "date": "2022-01-06",
            "by": "RUS",
            "subject": "x",
            "organ": "UNSC",
        },
        NO,
    ),
]


@pytest.fixture(autouse=True, scope="module")
def _one_engine() -> Iterator[None]:
    """Every ``csto ask`` here judges with one engine loaded once (the CLI loads the record
    and the law on each call; what is compared is how it reads its input)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(law_cli, "_engine", functools.cache(law_cli._engine))
        yield


def _options(data: dict[str, Any]) -> list[str]:
    """The same action as ``csto ask VERB --option value ...``."""
    argv = ["ask", str(data["action"]).replace("_", "-")]
    for key, value in data.items():
        if key == "action":
            continue
        if key == "positions":
            argv += [a for who, p in value.items() for a in ("--position", f"{who}={p}")]
        elif key == "contributors":
            argv += [a for v in value for a in ("--contributor", str(v))]
        elif isinstance(value, bool):
            argv += ["--" + key.replace("_", "-"), "yes" if value else "no"]
        else:
            argv += ["--" + key.replace("_", "-"), str(value)]
    return [*argv, "--json"]


def _cli(argv: list[str]) -> tuple[bool, Any]:
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code:
        return False, result.output
    return True, json.loads(result.stdout)


@pytest.mark.parametrize(("what", "data", "accepted"), CORPUS, ids=[c[0] for c in CORPUS])
def test_the_cli_and_the_api_accept_and_refuse_alike(
    client: TestClient, tmp_path: Path, what: str, data: dict[str, Any], accepted: bool
) -> None:
    response = client.post("/api/ask", json=data)
    assert response.status_code in (200, 400), response.text
    by_options = _cli(_options(data))
    file = tmp_path / "action.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    by_file = _cli(["ask", str(file), "--json"])
    assert (response.status_code == 200, by_options[0], by_file[0]) == (accepted,) * 3, (
        what,
        response.text[:400],
        str(by_options[1])[:400],
        str(by_file[1])[:400],
    )
    if accepted:
        api = response.json()
        for doc in (by_options[1], by_file[1]):
            assert doc["action"] == api["action"]
            assert (doc["outcome"], doc["reasons"], doc["effects"]) == (
                api["outcome"],
                api["reasons"],
                api["effects"],
            )
    else:
        problems = response.json()["problems"]
        assert problems
        assert all(p["field"].startswith("action") for p in problems)


def test_a_name_is_judged_as_its_code_and_said_so(client: TestClient) -> None:
    by_code = client.post("/api/ask", json={**A, "attacker": "RUS"}).json()
    by_name = client.post("/api/ask", json={**A, "attacker": "Russia"}).json()
    assert by_name["action"] == by_code["action"]
    assert by_name["outcome"] == by_code["outcome"] == "not_provided_for"
    assert by_name["reasons"] == by_code["reasons"]
    assert "read_as" not in by_code
    assert by_name["read_as"] == [{"field": "action.attacker", "given": "Russia", "read_as": "RUS"}]
    result = CliRunner().invoke(cli, _options({**W, "by": "Armenia"}))
    assert "note: field 'options.by': 'Armenia' read as ARM" in result.output


def test_a_misspelt_state_is_refused_with_the_closest(client: TestClient) -> None:
    response = client.post("/api/ask", json={**A, "by": "Kazakstan"})
    assert response.status_code == 400
    (problem,) = response.json()["problems"]
    assert problem["field"] == "action.by"
    assert "did you mean KAZ (Kazakhstan)" in problem["message"]
