"""``csto record coverage``: the report a researcher reads, as text and as JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from csto.cli import cli


def test_coverage_as_json_lists_every_kind_with_counts_and_what_was_searched() -> None:
    result = CliRunner().invoke(cli, ["record", "coverage", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema"] == "csto.coverage/1"
    kinds = {k["kind"]: k for k in doc["kinds"]}
    assert {"sessions", "chair", "ratifications", "positions", "crises"} <= set(kinds)
    chair = kinds["chair"]
    assert chair["counts"]["missing"] >= 1
    gap = next(i for i in chair["items"] if i["status"] == "missing")
    assert gap["searched"]
    assert not gap["events"]
    assert all(k["counts"]["undeclared"] == 0 for k in doc["kinds"])


def test_coverage_text_for_one_kind_names_the_gaps() -> None:
    result = CliRunner().invoke(cli, ["record", "coverage", "--kind", "chair"])
    assert result.exit_code == 0, result.output
    assert "The chair of the Council" in result.output
    assert "2004" in result.output
    assert "missing" in result.output


def test_an_unknown_kind_is_an_input_error() -> None:
    result = CliRunner().invoke(cli, ["record", "coverage", "--kind", "chairs"])
    assert result.exit_code == 2
    assert "chairs" in result.output


def test_the_state_under_another_version_says_uzbekistan_left() -> None:
    default = CliRunner().invoke(cli, ["state", "2013-01-01", "--json"])
    left = CliRunner().invoke(cli, ["state", "2013-01-01", "--json", "--version", "left"])
    assert default.exit_code == 0, default.output
    assert left.exit_code == 0, left.output
    members = {m["state"]: m["status"] for m in json.loads(default.output)["members"]}
    assert members["UZB"] == "participation_suspended"
    former = {f["state"]: f["how"] for f in json.loads(left.output)["former_members"]}
    assert former["UZB"] == "withdrew"


def test_an_unknown_version_label_is_an_input_error_naming_the_labels() -> None:
    result = CliRunner().invoke(cli, ["state", "2013-01-01", "--version", "nosuch"])
    assert result.exit_code == 2
    assert "nosuch" in result.output
    assert "left" in result.output
