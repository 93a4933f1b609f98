"""``csto power``: the table, the JSON document against its shipped schema, the HTML report
with its charts, game files, and located errors for bad input (exit 2, no traceback)."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from csto.cli import cli

SCHEMA = json.loads(
    (importlib.resources.files("csto.power") / "schema" / "power.schema.json").read_text("utf-8")
)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_council_on_2024_06_01_shows_every_index_and_the_frozen_reading() -> None:
    code, out, _ = _run("power", "--date", "2024-06-01")
    assert code == 0
    out = " ".join(out.split())  # the table wraps long lines
    for words in (
        "Shapley–Shubik",
        "Banzhaf (raw, Penrose)",
        "Coleman: power to",
        "Deegan–Packel",
        "Public Good",
        "reading frozen-participation = still-member",
        "reading frozen-participation = set-aside",
        "Armenia: participation frozen",
        "variant sg-term-four-years",
        "1/64",
        "counting majority",
        "counting silence",
        "counting k-of-n:3",
        "counting k-of-n:4: the same game as counting:majority",
        "counting minus-parties:ARM: the same game as",
        "counting minus-parties:KAZ: the game of counting:minus-parties:ARM with ARM in "
        "KAZ's place",
        "11/32",  # a simple majority of six: 22 of 64 coalitions
    ):
        assert words in out, words


def test_every_shipped_counting_is_a_world_with_every_index() -> None:
    code, out, _ = _run("power", "--date", "2024-06-01", "--json")
    assert code == 0
    doc = json.loads(out)
    by_id = {w["id"]: w for w in doc["worlds"]}
    voters = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")  # Armenia frozen, voting (default)
    expected = {"counting:majority", "counting:silence"}
    expected |= {f"counting:k-of-n:{k}" for k in range(1, 7)}
    expected |= {f"counting:minus-parties:{v}" for v in voters}
    assert expected <= set(by_id)
    for wid in expected:
        w = by_id[wid]
        assert w["counting"] is not None, wid
        assert w["degenerate"] is None, wid
        assert set(w["values"]) == set(doc["indices"]), wid
        assert all(v is not None for vals in w["values"].values() for v in vals.values()), wid
    assert by_id["counting:majority"]["power_to_act"]["exact"] == "11/32"
    assert "UZB" not in by_id["counting:majority"]["players"]
    assert by_id["counting:minus-parties:KAZ"]["players"] == ["ARM", "BLR", "KGZ", "RUS", "TJK"]
    assert any(
        n["state"] == "KAZ" and "party to the dispute" in n["why"]
        for n in by_id["counting:minus-parties:KAZ"]["not_voting"]
    )
    # under 'practice' Armenia's frozen participation sets it aside in every counting too
    code, out, _ = _run("power", "--date", "2024-06-01", "--profile", "practice", "--json")
    practice = {w["id"]: w for w in json.loads(out)["worlds"]}
    assert "ARM" not in practice["counting:majority"]["players"]
    assert practice["counting:majority"]["power_to_act"]["exact"] == "1/2"
    assert "counting:minus-parties:ARM" not in practice


def test_silence_with_abstaining_others_is_no_voting_game() -> None:
    code, out, _ = _run("power", "--date", "2024-06-01", "--others", "abstain", "--json")
    assert code == 0
    doc = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    silence = next(w for w in doc["worlds"] if w["id"] == "counting:silence")
    assert "no voter supports" in silence["degenerate"]
    assert silence["power_to_act"]["exact"] == "1"
    assert all(v is None for vals in silence["values"].values() for v in vals.values())


def test_a_variant_file_as_the_simulation_reads_it(tmp_path: Path) -> None:
    f = tmp_path / "veto.yaml"
    f.write_text(
        "variant:\n  id: russia-veto\n  says: three supporters, and Russia may object\n"
        "  blocks: [object]\n  veto: [RUS]\n  quota: 3\n"
    )
    code, out, err = _run(
        "power",
        "--date",
        "2024-06-01",
        "--variant",
        f"file:{f}",
        "--variant",
        "k-of-n:3",
        "--json",
    )
    assert code == 0, err
    doc = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert [w["id"] for w in doc["worlds"] if w["counting"]] == [
        f"counting:file:{f}",
        "counting:k-of-n:3",
    ]
    mine = doc["worlds"][-2]
    assert mine["counting"]["veto"] == ["RUS"]
    # Russia is in every winning coalition: its power to prevent is 1, the others' less
    prevent = mine["values"]["coleman_prevent"]
    assert prevent["RUS"]["exact"] == "1"
    assert all(prevent[p]["value"] < 1 for p in mine["players"] if p != "RUS")
    bad = tmp_path / "bad.yaml"
    bad.write_text("variant:\n  id: x\n  says: y\n  blocks: [shout]\n")
    code, _, err = _run("power", "--date", "2024-06-01", "--variant", f"file:{bad}")
    assert code == 2
    assert "bad.yaml" in err
    code, _, err = _run("power", "--date", "2024-06-01", "--variant", "k-of-n:zero")
    assert code == 2
    assert "K must be a whole number" in err


def test_json_follows_its_schema_with_history() -> None:
    code, out, _ = _run("power", "--date", "2024-06-01", "--json", "--history")
    assert code == 0
    doc = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    law = doc["worlds"][0]
    assert law["power_to_act"] == {"exact": "1/64", "value": 1 / 64}
    assert law["values"]["coleman_prevent"]["ARM"]["exact"] == "1"
    starts = {r["start"] for r in doc["history"]}
    assert "1994-04-20" in starts
    nine = [r for r in doc["history"] if r["start"] == "1994-04-20" and r["world"] == "law"]
    assert {r["voters"] for r in nine} == {9}


def test_a_weighted_game_from_a_file(tmp_path: Path) -> None:
    f = tmp_path / "eec.yaml"
    f.write_text("quota: 12\nweights: {FRA: 4, DEU: 4, ITA: 4, BEL: 2, NLD: 2, LUX: 1}\n")
    code, out, _ = _run("power", "--weights", str(f), "--json")
    assert code == 0
    doc = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert doc["worlds"][0]["values"]["shapley_shubik"]["FRA"]["exact"] == "7/30"
    assert doc["worlds"][0]["values"]["banzhaf"]["LUX"]["exact"] == "0"


def test_a_game_from_minimal_winning_coalitions(tmp_path: Path) -> None:
    f = tmp_path / "g.json"
    f.write_text('{"players": ["A", "B", "C"], "minimal_winning": [["A", "B"], ["A", "C"]]}')
    code, out, _ = _run("power", "--game", str(f), "--index", "shapley_shubik")
    assert code == 0
    assert "2/3" in out
    assert "1/6" in out


def test_bad_game_files_name_file_line_and_field(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("quota: 12\nweights:\n  FRA: 4\n  DEU: -1\n  ITA: four\nsize: 3\n")
    code, _, err = _run("power", "--weights", str(f))
    assert code == 2
    assert "bad.yaml:4" in err
    assert "weights.DEU" in err
    assert "bad.yaml:5" in err
    assert "weights.ITA" in err
    assert "bad.yaml:6" in err
    assert "unknown field 'size'" in err
    assert "Traceback" not in err
    g = tmp_path / "g.yaml"
    g.write_text("players: [A, B]\nminimal_winning: [[A, Z]]\n")
    code, _, err = _run("power", "--game", str(g))
    assert code == 2
    assert "'Z' is not among the players" in err
    assert "g.yaml:2" in err
    h = tmp_path / "h.yaml"
    h.write_text("quota: 99\nweights: {A: 1, B: 2}\n")
    code, _, err = _run("power", "--weights", str(h))
    assert code == 2
    assert "no coalition reaches the quota" in err
    assert "h.yaml:1" in err


def test_bad_options_are_input_errors() -> None:
    code, _, err = _run("power", "--date", "2024-06-01", "--variant", "nope")
    assert code == 2
    assert "no variant 'nope'" in err
    code, _, err = _run("power", "--date", "1990-01-01")
    assert code == 2
    assert "takes no decisions on 1990-01-01" in err
    code, _, err = _run("power", "--date", "2024-06-01", "--profile", "nope")
    assert code == 2
    assert "no interpretation profile 'nope'" in err


def test_html_report_with_charts(tmp_path: Path) -> None:
    code, _, err = _run("power", "--date", "2024-06-01", "--html", str(tmp_path))
    assert code == 0, err
    page = (tmp_path / "index.html").read_text()
    assert "worlds.svg" in page
    assert "history.svg" in page
    assert "set-aside" in page
    for chart in ("worlds.svg", "history.svg"):
        svg = (tmp_path / chart).read_text()
        assert svg.startswith("<svg")
        assert "power" in svg


def test_votes_add_success_and_decisiveness_beside_the_a_priori_figures(tmp_path: Path) -> None:
    f = tmp_path / "votes.yaml"
    f.write_text(
        "source: a test's probabilities\n"
        "support: {RUS: 0.95, BLR: 0.9, KAZ: 0.7, KGZ: 0.8, TJK: 0.8, ARM: 0.1}\n"
    )
    args = ("power", "--date", "2024-06-01", "--votes", str(f), "--draws", "20000", "--json")
    code, out, err = _run(*args, "--seed", "4")
    assert code == 0, err
    doc = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    law = doc["worlds"][0]["preferences"]
    assert law["model"] == "independent votes (a test's probabilities)"
    # unanimity: the body acts only when all six support
    expected = 0.95 * 0.9 * 0.7 * 0.8 * 0.8 * 0.1
    assert law["act"]["low"] - 0.01 <= expected <= law["act"]["high"] + 0.01
    assert law["a_priori_act"] == 1 / 64
    # the likeliest objector decides most often
    dec = law["decisiveness"]
    assert max(dec, key=lambda s: dec[s]["value"]) == "ARM"
    assert _run(*args, "--seed", "4")[1] == out
    bad = tmp_path / "bad.yaml"
    bad.write_text("support: {RUS: 2}\n")
    code, _, err = _run("power", "--date", "2024-06-01", "--votes", str(bad))
    assert code == 2
    assert "bad.yaml:1" in err
    assert "support.RUS" in err
    missing = tmp_path / "missing.yaml"
    missing.write_text("support: {RUS: 0.5}\n")
    code, _, err = _run("power", "--date", "2024-06-01", "--votes", str(missing))
    assert code == 2
    assert "no vote for ARM" in err


def test_scenario_adds_the_simulations_delegations_under_every_world() -> None:
    import numpy as np

    from csto.io.powerfiles import read_scenario_votes

    code, out, err = _run(
        "power", "--scenario", "kaz-2022-01", "--draws", "3000", "--seed", "4", "--json"
    )
    assert code == 0, err
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    assert doc["date"] == "2022-01-05"  # the scenario's date, as --date was not given
    law = doc["worlds"][0]
    pref = law["preferences"]
    assert "kaz-2022-01" in pref["model"]
    assert "calibration" in pref["model"]
    assert pref["act"]["draws"] == 3000
    assert pref["seed"] == 4
    # end to end: the same model and seed give the same count as the CLI printed; under the
    # law (every other voter objecting) the Council acts exactly when every voter supports
    model, _ = read_scenario_votes("kaz-2022-01")
    votes = model.draw(np.random.default_rng(np.random.SeedSequence(4)), 3000)
    cols = [model.states.index(p) for p in law["players"]]
    assert round(pref["act"]["value"] * 3000) == int(votes[:, cols].all(axis=1).sum())
    # every world with a voting game is measured, and explained from its own numbers
    measured = [w for w in doc["worlds"] if "preferences" in w]
    assert {w["id"] for w in measured} >= {"law", "counting:majority"}
    for w in measured:
        p = w["preferences"]
        assert set(p["decisiveness"]) == set(w["players"])
        act = p["act"]["value"]
        pct = f"{100 * act:.1f}%" if act >= 0.1 else f"{100 * act:.2f}%"
        assert pct in p["explains"][0], (pct, p["explains"][0])
    majority = next(w for w in measured if w["id"] == "counting:majority")
    assert any(line.startswith("Against the law") for line in majority["preferences"]["explains"])
    # the games themselves: the same as without --scenario
    (game,) = [w for w in doc["worlds"] if w["id"] == "law"]
    _, plain, _ = _run("power", "--date", "2022-01-05", "--json")
    assert game["values"] == json.loads(plain)["worlds"][0]["values"]


def test_scenario_in_the_html_report(tmp_path: Path) -> None:
    args = ("power", "--scenario", "kaz-2022-01", "--draws", "2000", "--variant", "majority")
    code, _, err = _run(*args, "--html", str(tmp_path))
    assert code == 0, err
    page = (tmp_path / "index.html").read_text()
    _, out, _ = _run(*args, "--json")
    law = json.loads(out)["worlds"][0]["preferences"]
    assert "scenario kaz-2022-01" in page
    assert f"{law['act']['value']:.4f}" in page
    assert page.count("<li>") >= 2 * 4  # the law's sentences and the majority's


def test_scenario_table_and_its_errors() -> None:
    code, out, _ = _run(
        "power", "--scenario", "arm-2022-09", "--form", "statement", "--draws", "2000",
        "--variant", "majority", "--index", "banzhaf_raw",
    )  # fmt: skip
    assert code == 0
    flat = " ".join(out.split())
    assert "on a statement draft" in flat
    assert "P(act)" in flat
    assert "Every voter holds a veto" in flat  # the law's game: unanimity of the voters
    code, _, err = _run("power", "--scenario", "no-such-crisis")
    assert code == 2
    assert "no-such-crisis" in err
    assert "arm-2022-09" in err
    assert "kaz-2022-01" in err
    code, _, err = _run("power", "--scenario", "kaz-2022-01", "--votes", "v.yaml")
    assert code == 2
    assert "not both" in err
    code, _, err = _run("power", "--form", "statement")
    assert code == 2
    assert "--form applies to --scenario" in err


def test_a_world_with_a_voter_the_votes_lack_is_said_not_measured(tmp_path: Path) -> None:
    """Under the 'practice' profile Armenia's frozen vote is set aside, so a vote model
    without Armenia measures the law; the other reading, with Armenia voting, says why not."""
    votes = tmp_path / "votes.yaml"
    votes.write_text("support: {BLR: 0.9, KAZ: 0.7, KGZ: 0.8, RUS: 0.95, TJK: 0.8}\n")
    args = ("power", "--date", "2024-06-01", "--profile", "practice", "--draws", "500")
    code, out, err = _run(*args, "--votes", str(votes), "--json")
    assert code == 0, err
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    assert "preferences" in doc["worlds"][0]
    lacking = [w for w in doc["worlds"] if "ARM" in w["players"] and not w.get("degenerate")]
    assert lacking
    for w in lacking:
        assert "preferences" not in w
        assert w["preferences_not_measured"] == "the vote model gives no vote for ARM"
    code, out, _ = _run(*args, "--votes", str(votes))
    assert code == 0
    assert "not measured (the vote model gives no vote for ARM)" in " ".join(out.split())
