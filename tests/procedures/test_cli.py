"""The procedure commands against a log file: new, act (done, departed, refused), show,
diagram and the chair forecast; a refused move exits 2 and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from csto.cli import cli


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_a_session_from_the_command_line(tmp_path: Path) -> None:
    log = str(tmp_path / "crrf.jsonl")
    day = "2009-06-14"
    code, out = _run(
        "session", "new", "--log", log, "--id", "csc-2009-06", "--date", day,
        "--without", "csc-session-2009-06-14-moscow",
        "--without", "csc-decision-crrf-2009-06-14",
        "--without", "crrf-agreement-signed-2009",
    )  # fmt: skip
    assert code == 0, out
    assert "next: convene" in out
    act = ("session", "act", "--log", log)
    assert _run(*act, "convene", "--date", day, "--by", "RUS", "--host", "RUS")[0] == 0
    assert _run(*act, "propose", "--date", day, "--by", "RUS", "--subject", "CRRF")[0] == 0
    for state, position in (("RUS", "support"), ("KAZ", "support"), ("UZB", "object")):
        code, out = _run(*act, "position", "--date", day, "--by", state, "--position", position)
        assert code == 0, out
    lines = Path(log).read_text().splitlines()
    code, out = _run(*act, "adopt", "--date", day)
    assert code == 2
    assert "refused [E230]" in out
    assert "Uzbekistan (object)" in out
    assert Path(log).read_text().splitlines() == lines, "a refused move writes nothing"
    code, out = _run(*act, "adopt", "--date", day, "--depart", "--json")
    assert code == 0, out
    step = json.loads(out)
    assert step["status"] == "departed"
    assert step["events"][0]["consensus"] is False
    code, out = _run("session", "show", "--log", log, "--json")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["state"] == "convened"
    assert doc["departures"] == [6]
    assert len(doc["log"]) == 7
    code, out = _run("session", "show", "--log", log)
    assert code == 0
    assert "Departure at step 6" in out


def test_new_refuses_to_overwrite_and_act_needs_a_log(tmp_path: Path) -> None:
    log = tmp_path / "m.jsonl"
    args = ("membership", "new", "--log", str(log), "--id", "kgz", "--date", "2015-01-01")
    assert _run(*args, "--state", "KGZ")[0] == 0
    code, out = _run(*args, "--state", "KGZ")
    assert code == 2
    assert "choose another --log path" in out
    code, out = _run(
        "membership", "act", "--log", str(tmp_path / "none.jsonl"), "freeze", "--date", "2015-02-01"
    )
    assert code == 2
    assert "csto <procedure> new" in out
    log.write_text('{"format": "csto.procedure/1"\n')
    code, out = _run("membership", "show", "--log", str(log))
    assert code == 2
    assert "not JSON" in out


def test_bad_options_name_the_field(tmp_path: Path) -> None:
    log = str(tmp_path / "a.jsonl")
    assert _run("assistance", "new", "--log", log, "--id", "a", "--date", "2022-01-05")[0] == 0
    code, out = _run(
        "assistance", "act", "--log", log, "request", "--date", "2022-01-05", "--by", "Kazakstan",
        "--grounds", "aggression",
    )  # fmt: skip
    assert code == 2
    assert "move.by" in out
    assert "did you mean KAZ (Kazakhstan)" in out
    code, out = _run(
        "assistance", "act", "--log", log, "request", "--date", "2022-01-05", "--by", "kaz",
        "--grounds", "aggression", "--attacker", "non-state",
    )  # fmt: skip
    assert code == 0, out
    assert "'kaz' read as KAZ" in out


def test_diagram_and_forecast() -> None:
    code, out = _run("secretary-general", "diagram")
    assert code == 0
    assert out.startswith("stateDiagram-v2")
    code, out = _run("chairmanship", "forecast", "--from", "2026-06-01", "--years", "2", "--json")
    assert code == 0, out
    doc = json.loads(out)
    readings = {f["reading"] for f in doc["forecast"]}
    assert "host-of-session" in readings
    assert any(r.startswith("russian-alphabet") for r in readings)
