"""Small defects a probe of the command line found, each held by a test: bad input gets a
located input error (exit 2), never a silent success, a wrong answer or a bug report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from csto.cli import cli

pytestmark = pytest.mark.hostile


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_serve_refuses_a_port_that_does_not_exist() -> None:
    code, out = _run("serve", "--port", "99999")
    assert code == 2
    assert "99999 is not in the range 1<=x<=65535" in out


def test_timeline_with_an_unknown_state_is_an_error_as_in_the_api() -> None:
    code, out = _run("timeline", "--state", "XXX")
    assert code == 2
    assert "E120" in out  # UnknownIdError: the API's 404 (tests/web/test_api.py)
    assert "--state" in out
    code, out = _run("record", "list", "--state", "XXX")
    assert (code, "E120" in out) == (2, True)
    code, out = _run("timeline", "--state", "A1")
    assert code == 2
    assert "not a state code" in out
    assert _run("timeline", "--state", "arm", "--json")[0] == 0


def test_record_export_to_an_existing_file_or_an_unwritable_path(tmp_path: Path) -> None:
    existing = tmp_path / "a-file"
    existing.write_text("keep me")
    code, out = _run("record", "export", "--format", "csv", "--out", str(existing))
    assert code == 2
    assert "is a file" in out
    assert existing.read_text() == "keep me"
    code, out = _run("record", "export", "--format", "jsonl", "--out", str(existing / "sub"))
    assert code == 2
    assert "cannot write the export" in out
    assert "--out" in out


@pytest.mark.parametrize("day", ["9999-01-01", "3000-01-01", "1899-12-31"])
def test_the_chair_forecast_refuses_days_outside_the_range(day: str) -> None:
    code, out = _run("chairmanship", "forecast", "--from", day)
    assert code == 2
    assert "outside the days csto knows (1900-01-01 to 2999-12-31)" in out


def test_a_procedure_move_dated_past_2999_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    log = tmp_path / "s.jsonl"
    new = ("session", "new", "--log", str(log), "--id", "s", "--date", "2009-06-14")
    assert _run(*new)[0] == 0
    before = log.read_bytes()
    code, out = _run(
        "session", "act", "--log", str(log), "convene", "--date", "9999-12-31", "--by", "RUS"
    )
    assert code == 2
    assert "date" in out
    assert "2999-12-31" in out  # the last day csto judges
    assert log.read_bytes() == before


def test_an_empty_record_file_is_an_error(tmp_path: Path) -> None:
    for text in ("", "# nothing but a comment\n"):
        path = tmp_path / "empty.yaml"
        path.write_text(text)
        code, out = _run("record", "validate", str(path))
        assert code == 2
        assert "the file holds nothing" in out


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[]\n", "holds no action"),
        ("actions: []\n", "holds no action"),
        ("", "holds no action"),
        ("actions: 5\n", "'actions' must be a list"),
        ("actions: {a: 1}\n", "'actions' must be a list"),
        ('"text"\n', "an action must be a mapping"),
    ],
)
def test_an_action_file_with_nothing_to_judge_is_an_error(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text(text)
    code, out = _run("ask", str(path))
    assert code == 2, out
    assert says in out
    assert "internal error" not in out


def test_session_show_never_passes_terminal_escapes_through(tmp_path: Path) -> None:
    log = tmp_path / "s.jsonl"
    day = "2009-06-14"
    assert _run("session", "new", "--log", str(log), "--id", "s", "--date", day)[0] == 0
    act = ("session", "act", "--log", str(log))
    assert _run(*act, "convene", "--date", day, "--by", "RUS", "--host", "RUS")[0] == 0
    hostile = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202ereversed"
    code, out = _run(*act, "propose", "--date", day, "--by", "RUS", "--subject", hostile)
    assert code == 0, out
    assert "\x1b" not in out
    code, out = _run("session", "show", "--log", str(log))
    assert code == 0, out
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw not in out
    assert "\\x1b]0;pwned\\x07" in out
    code, out = _run("session", "show", "--log", str(log), "--json")
    assert json.loads(out)["log"][2]["move"]["subject"] == hostile  # the data is kept as is


def test_error_messages_escape_what_the_input_said(tmp_path: Path) -> None:
    code, out = _run("timeline", "--state", "\x1b[1")
    assert code == 2
    assert "\x1b" not in out
