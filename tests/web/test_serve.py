"""``csto serve``: the first start loads the curated history into the SQLite store, a
second start reads it back; both answer on loopback."""

from __future__ import annotations

import json
import re
import urllib.request

from click.testing import CliRunner

from csto.cli import cli
from tests.web.conftest import Served, start_server, stop_server


def test_serve_loads_the_store_and_answers(served: Served) -> None:
    log = served.log.read_text()
    assert re.search(r"loaded \d+ curated events into the store", log), log
    assert "serving on http://127.0.0.1:" in log
    with urllib.request.urlopen(f"{served.url}/api/state?date=2012-12-20") as response:
        doc = json.load(response)
    assert doc["schema"] == "csto.state/1"
    assert served.db.exists()


def test_a_second_start_reads_the_record_back(served: Served) -> None:
    again = start_server(served.db, served.db.with_suffix(".second.log"))
    try:
        log = again.log.read_text()
        assert re.search(r"read \d+ events from the store", log), log
        with urllib.request.urlopen(f"{again.url}/") as response:
            assert response.status == 200
    finally:
        stop_server(again)


def test_db_and_database_url_are_exclusive() -> None:
    result = CliRunner().invoke(
        cli, ["serve", "--db", "x.db", "--database-url", "postgresql://u@h/db"]
    )
    assert result.exit_code == 2
    assert "not both" in result.output


def test_several_workers_need_postgresql() -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", "x.db", "--workers", "2"])
    assert result.exit_code == 2
    assert "--workers above 1 needs --database-url" in result.output
