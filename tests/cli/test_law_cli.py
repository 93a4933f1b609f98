"""``csto ask`` and ``csto law``: verdicts as a tree or JSON, errors naming the field."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from csto.cli import cli


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_ask_with_options_renders_the_reasons() -> None:
    code, out, _ = _run(
        "ask", "request-assistance", "--by", "ARM", "--date", "2022-09-13",
        "--grounds", "aggression", "--attacker", "AZE",
    )  # fmt: skip
    assert code == 0
    assert "REQUIRED" in out
    assert "CST-1992 art. 4" in out
    assert "what follows" in out
    assert "fact (assumed by the action)" in out
    assert "receipt: csto" in out


def test_ask_json_is_one_verdict_document() -> None:
    code, out, _ = _run(
        "ask", "notify-withdrawal", "--by", "KGZ", "--date", "2026-08-31", "--json",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "csto.verdict/2"
    assert doc["outcome"] == "permitted"
    # counted back from the withdrawal date (the Charter's reported wording, the default)
    assert doc["effects"][1]["on"] == "2027-03-01"
    kinds = {(n["kind"], tuple(n["bearers"])) for n in doc["norms"]}
    assert ("permission", ("KGZ",)) in kinds
    assert ("duty", ("KGZ",)) in kinds
    assert doc["episodes"] == []


def test_ask_shows_norms_by_bearer_and_the_matching_episode() -> None:
    code, out, _ = _run(
        "ask", "request-assistance", "--by", "ARM", "--date", "2022-09-13",
        "--grounds", "aggression", "--attacker", "AZE",
    )  # fmt: skip
    assert code == 0
    assert "norms, by bearer" in out
    assert "Armenia may ask the other members" in out
    assert "individually must help" in out
    assert "Collective Security Council decides on using armed forces" in out
    assert "ARM-2022-09" in out
    code, out, _ = _run(
        "ask", "request-assistance", "--by", "ARM", "--date", "2022-09-13",
        "--grounds", "aggression", "--attacker", "AZE", "--json",
    )  # fmt: skip
    doc = json.loads(out)
    assert [e["episode"] for e in doc["episodes"]] == ["ARM-2022-09"]
    assert doc["episodes"][0]["exact"] is True
    holders = {n["holder"] for n in doc["norms"]}
    assert holders == {"state", "each_state", "organ"}


def test_ask_positions_and_profile() -> None:
    code, out, _ = _run(
        "ask", "adopt-decision", "--date", "2024-11-28", "--subject", "Summit documents",
        "--position", "BLR=support", "--position", "KAZ=support", "--position", "KGZ=support",
        "--position", "RUS=support", "--position", "TJK=support", "--profile", "strict", "--json",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert doc["outcome"] == "not_permitted"
    assert doc["receipt"]["profile"] == "strict"


def test_ask_file_with_date_override(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("action: notify_withdrawal\nby: KGZ\ndate: 2026-01-31\n")
    code, out, _ = _run("ask", str(path), "--date", "2026-08-31", "--json")
    assert code == 0
    assert json.loads(out)["date"] == "2026-08-31"


def test_ask_file_with_several_actions(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps(
            [
                {"action": "accede", "date": "2026-01-01", "by": "SRB"},
                {"action": "freeze_participation", "date": "2024-02-22", "by": "ARM"},
            ]
        )
    )
    code, out, _ = _run("ask", str(path), "--json")
    assert code == 0
    assert [v["outcome"] for v in json.loads(out)["verdicts"]] == [
        "permitted",
        "not_provided_for",
    ]


def test_ask_errors_name_the_field_and_exit_2() -> None:
    code, _, err = _run("ask", "notify-withdrawal", "--by", "FRA", "--date", "2026-01-01")
    assert code == 2
    assert "field 'options.by'" in err
    assert "ARM, AZE, BLR" in err
    code, _, err = _run("ask", "no-such-file.yaml")
    assert code == 2
    assert "notify-withdrawal" in err
    code, _, err = _run("ask", "adopt-decision", "--date", "2020-01-01", "--subject", "s",
                        "--position", "ARM")  # fmt: skip
    assert code == 2
    assert "STATE=POSITION" in err
    code, _, err = _run(
        "ask", "accede", "--by", "SRB", "--date", "2020-01-01", "--profile", "lenient"
    )
    assert code == 2
    assert "known: default, practice, strict" in err


def test_law_show_marks_the_version_in_force() -> None:
    code, out, _ = _run("law", "show", "CST-1992", "4", "--on", "2012-12-18", "--json")
    assert code == 0
    (art,) = json.loads(out)["articles"]
    assert [v["in_force_on_date"] for v in art["versions"]] == [True, False]
    code, _, err = _run("law", "show", "CST-1992", "99")
    assert code == 2
    assert "no article '99'" in err


def test_law_list_readings_and_test() -> None:
    code, out, _ = _run("law", "list")
    assert code == 0
    assert "CST-1992" in out
    code, out, _ = _run("law", "readings", "--json")
    assert code == 0
    assert {r["id"] for r in json.loads(out)["readings"]} >= {"chair-rule", "consensus-absence"}
    code, out, _ = _run("law", "test")
    assert code == 0
    assert "law cases pass" in out


def test_law_test_on_a_failing_user_case(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "cases:\n"
        "  - name: wrong on purpose\n"
        "    action: {action: freeze_participation, date: 2024-02-22, by: ARM}\n"
        "    expect: {outcome: permitted}\n"
    )
    code, out, _ = _run("law", "test", str(path))
    assert code == 1
    assert "outcome: expected permitted, got not_provided_for" in out
    assert "0 of 1 law cases pass" in out
