"""``csto store init|verify|export|import|info``, on SQLite (and one run on PostgreSQL)."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from csto.cli import cli
from csto.cli.store import default_db_path, default_key_path, read_key
from csto.store import NewEvent, open_store
from csto.store.migrations import LATEST
from tests.store import tamper
from tests.store.conftest import RUN


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["store", *args], env=env)
    return result.exit_code, result.stdout + result.stderr


def filled(path: Path, n: int = 6) -> None:
    store = open_store(path)
    for i in range(n):
        store.append(f"s{i % 2}", [NewEvent("Tick", {"i": i})], expected_version=i // 2)
    store.close()


def test_init_creates_the_store_in_the_data_directory(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path), "CSTO_DATABASE_URL": ""}
    code, out = run("init", env=env)
    assert code == 0, out
    assert (tmp_path / "csto" / "csto.db").exists()
    assert f"made the data directory {tmp_path / 'csto'}" in out  # said, not silent
    assert f"schema version {LATEST}" in out
    assert "head record signed" in out
    key = tmp_path / "csto" / "store.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(bytes.fromhex(key.read_text().strip())) == 32
    code, out = run("info", "--json", env=env)
    assert json.loads(out)["events"] == 0
    again = key.read_text()
    assert run("init", env=env)[0] == 0
    assert key.read_text() == again  # the key is made once


def test_init_refuses_a_directory_that_does_not_exist(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "s.db"
    code, out = run("init", "--db", str(target))
    assert code == 2
    assert "no directory" in out
    assert "mkdir -p" in out
    assert not (tmp_path / "no").exists()
    code, out = run("import", "--db", str(target), str(tmp_path / "none.jsonl"))
    assert code == 2


def test_read_only_commands_never_write(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    for command in ("verify", "info", "export"):
        code, out = run(command, "--db", str(empty))
        assert code == 2, out
        assert "holds no csto store" in out
        assert empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data-home") == ["empty.db"]
    db = tmp_path / "s.db"
    filled(db)
    before = db.read_bytes()
    for command in ("verify", "info", "export"):
        assert run(command, "--db", str(db))[0] == 0
    assert db.read_bytes() == before


def test_an_older_store_is_verified_read_only_and_upgraded_by_init(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    filled(db)
    tamper.downgrade_to_schema_1(db)
    before = db.read_bytes()
    code, out = run("verify", "--db", str(db))
    assert code == 0, out
    assert "no head record" in out
    assert db.read_bytes() == before  # verify did not migrate it
    assert run("init", "--db", str(db))[0] == 0
    code, out = run("verify", "--db", str(db))
    assert code == 0, out
    assert "signed and holds" in out


def test_a_cut_tail_is_found_without_a_noted_head(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run("init", "--db", str(db))[0] == 0
    store = open_store(db, key=read_key(default_key_path()))
    for i in range(4):
        store.append("a", [NewEvent("Tick", {"i": i})], expected_version=i)
    tamper.remove(store, 4)
    store.close()
    code, out = run("verify", "--db", str(db))
    assert code == 1
    assert "rows removed from the end" in out


def test_a_keyless_writer_is_reported_by_a_keyed_verify(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run("init", "--db", str(db))[0] == 0
    filled(db)  # no key
    code, out = run("verify", "--db", str(db))
    assert code == 1
    assert "not signed" in out
    assert run("init", "--db", str(db))[0] == 0  # verified, then signed
    assert run("verify", "--db", str(db))[0] == 0
    other = tmp_path / "other.key"
    other.write_text("ab" * 32 + "\n")
    code, out = run("verify", "--db", str(db), "--key-file", str(other))
    assert code == 1
    assert "signature does not hold" in out
    other.write_text("not a key")
    code, out = run("verify", "--db", str(db), "--key-file", str(other))
    assert code == 2
    assert "is not a csto store key" in out


def test_the_default_path_without_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_db_path() == tmp_path / ".local" / "share" / "csto" / "csto.db"


def test_db_and_url_together_are_refused(tmp_path: Path) -> None:
    code, out = run("info", "--db", str(tmp_path / "x.db"), "--url", "postgresql://x@y/z")
    assert code == 2
    assert "not both" in out


def test_commands_other_than_init_refuse_a_missing_store(tmp_path: Path) -> None:
    code, out = run("verify", "--db", str(tmp_path / "none.db"))
    assert code == 2  # the user named the wrong place: E320
    assert "csto store init" in out
    assert not (tmp_path / "none.db").exists()


def test_verify_passes_then_names_an_altered_row(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    filled(db)
    code, out = run("verify", "--db", str(db))
    assert code == 0, out
    assert "ok: 6 events in 2 streams" in out
    store = open_store(db)
    tamper.alter(store, 4, {"i": 40})
    store.close()
    code, out = run("verify", "--db", str(db))
    assert code == 1
    assert "[E310]" in out
    assert "position 4 (stream 's1', version 2)" in out
    assert "altered" in out


def test_verify_with_a_noted_head_finds_a_cut_tail(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    filled(db)
    found = re.search(r"verify; head (\d+:[0-9a-f]{64})", run("verify", "--db", str(db))[1])
    assert found
    head = found.group(1)
    store = open_store(db)
    tamper.remove(store, 6)
    store.close()
    code, out = run("verify", "--db", str(db), "--head", head)
    assert code == 1
    assert "position 6 was noted earlier" in out
    code, out = run("verify", "--db", str(db), "--head", "nonsense")
    assert code == 2


def test_export_then_import_keeps_every_hash(tmp_path: Path) -> None:
    db, copy, dump = tmp_path / "s.db", tmp_path / "copy.db", tmp_path / "dump.jsonl"
    filled(db)
    code, out = run("export", "--db", str(db), "-o", str(dump))
    assert code == 0, out
    assert len(dump.read_text().splitlines()) == 6
    code, out = run("import", "--db", str(copy), str(dump))
    assert code == 0, out
    assert "imported 6 events" in out
    assert run("export", "--db", str(copy))[1] == dump.read_text()
    code, out = run("import", "--db", str(copy), str(dump))
    assert code == 2
    assert "already holds 6 events" in out


def _broken(dump: Path, line: int, change: dict[str, object]) -> Path:
    lines = dump.read_text().splitlines()
    row = json.loads(lines[line - 1])
    row.update(change)
    lines[line - 1] = json.dumps(row)
    bad = dump.with_name(f"bad{line}.jsonl")
    bad.write_text("\n".join(lines) + "\n")
    return bad


@pytest.mark.parametrize(
    ("line", "change", "words"),
    [
        (2, {"version": "two"}, ["bad2.jsonl:2", "field 'version'", "whole number"]),
        (3, {"data": {"i": 99}}, ["bad3.jsonl:3", "position 3", "altered"]),
        (4, {"recorded_at": "yesterday"}, ["bad4.jsonl:4", "field 'recorded_at'"]),
        (5, {"extra": 1}, ["bad5.jsonl:5", "unknown field 'extra'"]),
    ],
)
def test_a_bad_import_names_line_and_field_and_writes_nothing(
    tmp_path: Path, line: int, change: dict[str, object], words: list[str]
) -> None:
    db, dump, target = tmp_path / "s.db", tmp_path / "dump.jsonl", tmp_path / "new.db"
    filled(db)
    run("export", "--db", str(db), "-o", str(dump))
    code, out = run("import", "--db", str(target), str(_broken(dump, line, change)))
    assert code == 2, out
    assert "nothing was imported" in out
    for word in words:
        assert word in out
    assert not target.exists()


def test_a_bad_record_event_is_named_by_its_field(tmp_path: Path) -> None:
    dump = tmp_path / "r.jsonl"
    store = open_store(tmp_path / "s.db")
    data = {"id": "x", "type": "AssistanceRequested", "date": "2022-13-01"}
    store.append(
        "r", [NewEvent("AssistanceRequested", data, {"codec": "csto.record"})], expected_version=0
    )
    store.close()
    run("export", "--db", str(tmp_path / "s.db"), "-o", str(dump))
    code, out = run("import", "--db", str(tmp_path / "new.db"), str(dump))
    assert code == 2
    assert "r.jsonl:1" in out
    assert "field 'data.date'" in out
    assert "field 'data.requester'" in out


def test_a_line_that_is_not_json_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"position": 1\n')
    code, out = run("import", "--db", str(tmp_path / "new.db"), str(bad))
    assert code == 2
    assert "bad.jsonl:1: not JSON" in out


@pytest.mark.postgres
def test_the_url_comes_from_csto_database_url(pg_url: str, tmp_path: Path) -> None:
    schema = f"csto_t{RUN}_cli"
    env = {"CSTO_DATABASE_URL": pg_url}
    assert run("init", "--schema", schema, env=env)[0] == 0
    store = open_store(pg_url, schema=schema, key=read_key(default_key_path()))
    store.append("a", [NewEvent("Tick", {"i": 1})], expected_version=0)
    store.close()
    code, out = run("info", "--schema", schema, "--json", env=env)
    assert code == 0, out
    doc = json.loads(out)
    assert (doc["kind"], doc["events"]) == ("postgresql", 1)
    dump = tmp_path / "pg.jsonl"
    assert run("export", "--schema", schema, "-o", str(dump), env=env)[0] == 0
    assert run("import", "--db", str(tmp_path / "copy.db"), str(dump))[0] == 0
    assert run("verify", "--schema", schema, env=env)[0] == 0
