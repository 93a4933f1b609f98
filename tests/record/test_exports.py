"""Exports: lossless JSON Lines round trip, a valid Frictionless package, COW coding."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csto.cli import cli
from csto.codes import STATES as STATE_INFO
from csto.io import exports
from csto.io.recordfiles import load_record
from csto.record.dates import EventDate
from csto.record.events import Alternative, Citation, ExerciseHeld
from csto.record.record import Record, assemble
from csto.record.sources import Source

FIXTURE = Path(__file__).parent.parent / "state" / "fixture_history.yaml"


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return [load_record(), load_record([FIXTURE], builtin=False)]


SRC = Source(id="s1", title="T", url=None, language="en", accessed=dt.date(2026, 1, 1), kind="news")
CITES = st.lists(
    st.builds(
        Citation, source=st.just("s1"), locator=st.none() | st.text(min_size=1).filter(str.strip)
    ),
    min_size=1,
    max_size=3,
).map(tuple)
DAY = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
EVENT_DATE = st.one_of(
    DAY.map(EventDate.day),
    DAY.map(lambda d: EventDate.month(d.year, d.month)),
    DAY.map(lambda d: EventDate.year(d.year)),
    st.tuples(DAY, DAY).map(lambda p: EventDate.between(min(p), max(p))),
)
STATES = st.lists(st.sampled_from(sorted(STATE_INFO)), unique=True, max_size=4).map(tuple)
TEXT = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() == t and t != "")


@st.composite
def exercises(draw: st.DrawFn, n: int) -> ExerciseHeld:
    alts = draw(st.lists(st.tuples(EVENT_DATE, CITES), max_size=2))
    return ExerciseHeld(
        id=f"ex-{n}",
        date=draw(EVENT_DATE),
        recorded=draw(DAY),
        states=draw(STATES),
        summary=draw(TEXT),
        confidence=draw(st.sampled_from(["high", "medium", "low"])),
        sources=draw(CITES),
        name=draw(TEXT),
        host=draw(st.none() | st.sampled_from(sorted(STATE_INFO))),
        end_date=draw(st.none() | EVENT_DATE),
        participants=draw(STATES),
        size=draw(st.none() | st.integers(0, 10**6)),
        alternatives=tuple(
            Alternative(label=f"alt{i}", changes=(("date", d),), sources=c)
            for i, (d, c) in enumerate(alts)
        ),
        default_reason="test" if alts else None,
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_jsonl_round_trip_is_lossless(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    count = data.draw(st.integers(0, 6))
    events = [data.draw(exercises(i)) for i in range(count)]
    record = assemble([SRC], [], events)
    out = tmp_path_factory.mktemp("jsonl")
    exports.write_jsonl(record, out)
    again = exports.read_jsonl(out)
    assert again.events == record.events
    assert again.sources == record.sources
    assert again.digest() == record.digest()


def test_the_curated_record_round_trips(records: list[Record], tmp_path: Path) -> None:
    for record in records:
        exports.write_jsonl(record, tmp_path)
        again = exports.read_jsonl(tmp_path)
        assert (again.events, again.sources, again.instruments) == (
            record.events,
            record.sources,
            record.instruments,
        )


def test_datapackage_validates_with_frictionless(records: list[Record], tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    exports.write_datapackage(records[1], tmp_path, "0.0.0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # frictionless's own deprecation noise
        report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    citations = next(r for r in descriptor["resources"] if r["name"] == "citations")
    assert {fk["reference"]["resource"] for fk in citations["schema"]["foreignKeys"]} == {
        "events",
        "sources",
    }


def test_parquet_tables_have_the_csv_columns(records: list[Record], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    exports.write_parquet(records[1], tmp_path)
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.column_names == [c for c, _, _ in exports.TABLES["events"]]
    assert table.num_rows == len(records[1].events)


@pytest.mark.parametrize("command", [["record", "export"], ["export"]])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "datapackage", "cow", "parquet", "popolo", "atop"])
def test_cli_export_writes_files(command: list[str], fmt: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [*command, "--format", fmt, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    assert any(tmp_path.iterdir())


def test_cli_list_json_has_the_required_fields() -> None:
    result = CliRunner().invoke(cli, ["record", "list", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema"].endswith("record-list/1")
    for event in doc["events"]:
        assert {"id", "type", "date", "date_precision", "states", "summary", "sources"} <= set(
            event
        )
