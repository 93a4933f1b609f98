"""The JSON documents are a contract: every output validates against its shipped schema."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from csto.cli import cli
from csto.io.recordfiles import load_record
from csto.state.document import diff_document, state_document, timeline_document
from csto.state.history import History


def _schema(name: str) -> dict[str, Any]:
    text = (importlib.resources.files("csto.state") / "schema" / name).read_text()
    schema: dict[str, Any] = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


STATE = _schema("state.schema.json")
DIFF = _schema("diff.schema.json")
TIMELINE = _schema("timeline.schema.json")
STATUSES = _schema("statuses.schema.json")
DAYS = [dt.date(y, m, 1) for y in range(1992, 2028) for m in (1, 4, 7, 10)]


@pytest.fixture(scope="module")
def curated() -> History:
    return History(load_record())


def test_state_documents_validate_for_every_quarter(curated: History) -> None:
    validator = jsonschema.Draft202012Validator(STATE)
    for day in DAYS:
        doc = state_document(curated.on(day), curated.record)
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(doc)]
        assert not errors, f"{day}: {errors[:5]}"
        assert doc["schema"] == "csto.state/1"


def test_fixture_state_documents_validate(history: History) -> None:
    for day in DAYS:
        jsonschema.validate(state_document(history.on(day), history.record), STATE)


def test_diff_and_timeline_documents_validate(history: History, curated: History) -> None:
    for h in (history, curated):
        for d1, d2 in zip(DAYS, DAYS[4:], strict=False):
            doc = diff_document(h.on(d1), h.on(d2), h.between(d1, d2))
            jsonschema.validate(doc, DIFF)
        jsonschema.validate(timeline_document(h.timeline(), {}), TIMELINE)


def test_cli_json_outputs_validate() -> None:
    runner = CliRunner()
    for args, schema in (
        (["state", "2012-12-20", "--json"], STATE),
        (["state", "--json"], STATE),
        (["diff", "1999-01-01", "2013-01-01", "--json"], DIFF),
        (["timeline", "--state", "UZB", "--json"], TIMELINE),
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        jsonschema.validate(json.loads(result.output), schema)


def test_cli_refuses_a_malformed_date_naming_it() -> None:
    result = CliRunner().invoke(cli, ["state", "2012-13-01"])
    assert result.exit_code == 2
    assert "'2012-13-01' is not a day; expected YYYY-MM-DD" in result.output


def test_many_days_from_a_file_as_csv_and_json(tmp_path: Path) -> None:
    days = tmp_path / "days.txt"
    days.write_text("# days asked\n2012-12-20\n\n1999-06-01\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["state", "--dates", str(days)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "day,state,status,uncertain"
    assert "2012-12-20,UZB,participation_suspended,false" in lines
    assert "1999-06-01,GEO,former,false" in lines
    result = runner.invoke(cli, ["state", "--dates", str(days), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    jsonschema.validate(doc, STATUSES)
    assert doc["dates"] == ["2012-12-20", "1999-06-01"]
    assert doc["status"]["UZB"] == ["participation_suspended", "former"]


def test_a_dates_file_with_a_bad_line_names_it(tmp_path: Path) -> None:
    days = tmp_path / "days.txt"
    days.write_text("2012-12-20\n2012-02-30\n")
    result = CliRunner().invoke(cli, ["state", "--dates", str(days)])
    assert result.exit_code == 2
    assert "days.txt:2: '2012-02-30' is not a day" in result.output
    result = CliRunner().invoke(cli, ["state", "2012-12-20", "--dates", str(days)])
    assert result.exit_code == 2
    assert "not both" in result.output
