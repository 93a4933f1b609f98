"""'csto record digest' and 'csto record diff' over every kind of version a person can name:
the shipped record, directories of record files, JSON Lines exports, manifests, git
revisions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from csto.cli import cli
from csto.io import exports
from csto.io.recordfiles import load_record

FIXTURE = Path(__file__).parent.parent / "state" / "fixture_history.yaml"
NEW_EVENT = (
    "  - {id: extra-exercise, type: ExerciseHeld, date: 2015-05-05, recorded: 2026-01-01, "
    "states: [RUS], summary: s, confidence: high, sources: [{source: test-src}], name: X}\n"
)


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def _versions(tmp_path: Path) -> tuple[Path, Path]:
    """The fixture history, and a copy with one date corrected and one event added."""
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    shutil.copy(FIXTURE, old / "history.yaml")
    text = FIXTURE.read_text(encoding="utf-8")
    text = text.replace("{id: uzb-back, type: Readmitted, date: 2006-08-16", "{id: uzb-back, "
                        "type: Readmitted, date: 2006-06-23")  # fmt: skip
    (new / "history.yaml").write_text(text + NEW_EVENT, encoding="utf-8")
    return old, new


def test_digest_prints_the_shipped_records_digest() -> None:
    result = _run("record", "digest")
    assert result.exit_code == 0, result.output
    assert load_record().digest() in result.output
    doc = json.loads(_run("record", "digest", "--json").output)
    assert doc["schema"].endswith("record-digest/1")
    assert doc["record_digest"] == load_record().digest()
    assert doc["counts"]["events"] == len(doc["events"]) == len(load_record().events)


def test_diff_between_two_directories_shows_the_correction_and_the_addition(
    tmp_path: Path,
) -> None:
    old, new = _versions(tmp_path)
    result = _run("record", "diff", str(old), str(new), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["counts"]["added"] == 1
    assert doc["counts"]["corrected"] == 1
    (changed,) = doc["events"]["changed"]
    assert changed["id"] == "uzb-back"
    assert changed["fields"]["date"] == {"old": "2006-08-16", "new": "2006-06-23"}
    assert [e["id"] for e in doc["events"]["added"]] == ["extra-exercise"]
    text = _run("record", "diff", str(old), str(new)).output
    assert "uzb-back [corrected]" in text
    assert "date: 2006-08-16 -> 2006-06-23" in text


def test_exports_and_manifests_are_versions_too(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    exports.write_jsonl(load_record([old], builtin=False), tmp_path / "export")
    manifest = tmp_path / "old.json"
    result = CliRunner().invoke(cli, ["record", "digest", "--json"])
    manifest.write_text(result.output, encoding="utf-8")
    same = json.loads(_run("record", "diff", str(manifest), "shipped", "--json").output)
    assert same["same"] is True
    doc = json.loads(_run("record", "diff", str(tmp_path / "export"), str(new), "--json").output)
    assert doc["old"]["kind"] == "jsonl"
    assert doc["counts"]["corrected"] == 1


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_revisions_are_read_as_they_were(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    repo = tmp_path / "repo"
    data = repo / "src" / "csto" / "record" / "data"
    data.mkdir(parents=True)

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    shutil.copy(old / "history.yaml", data / "history.yaml")
    git("add", ".")
    git("commit", "-qm", "first")
    git("tag", "v1")
    shutil.copy(new / "history.yaml", data / "history.yaml")
    git("commit", "-qam", "second")
    result = _run("record", "diff", "--repo", str(repo), "v1", "HEAD", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    git("rm", "-q", "-r", "src")
    git("commit", "-qm", "third")
    gone = _run("record", "diff", "--repo", str(repo), "HEAD", "v1")
    assert gone.exit_code == 2
    assert "has no src/csto/record/data/" in gone.output
    assert doc["old"]["kind"] == "git"
    assert len(doc["old"]["commit"]) == 40
    assert doc["counts"]["added"] == 1
    assert doc["counts"]["corrected"] == 1


def test_a_name_that_is_no_version_is_an_input_error(tmp_path: Path) -> None:
    result = _run("record", "diff", "--repo", str(tmp_path), "no-such-thing")
    assert result.exit_code == 2
    assert "neither 'shipped', an existing file or directory, nor a git revision" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "something else"}', encoding="utf-8")
    result = _run("record", "diff", str(bad))
    assert result.exit_code == 2
    assert "not a record digest manifest" in result.output


def test_a_release_manifest_is_kept_once_and_then_frozen(tmp_path: Path) -> None:
    from csto.errors import InputError
    from csto.io.snapshots import write_release_manifest

    old, new = _versions(tmp_path)
    releases = tmp_path / "releases"
    first = write_release_manifest(load_record([old], builtin=False), "9.9.9", releases)
    assert first.name == "record-9.9.9.json"
    again = write_release_manifest(load_record([old], builtin=False), "9.9.9", releases)
    assert again.read_text() == first.read_text()
    with pytest.raises(InputError, match="bump csto's version"):
        write_release_manifest(load_record([new], builtin=False), "9.9.9", releases)
    doc = json.loads(_run("record", "diff", str(first), str(new), "--json").output)
    assert doc["old"]["csto_version"] == "9.9.9"
    assert doc["counts"] == {
        "added": 1,
        "removed": 0,
        "corrected": 0,
        "disputed": 0,
        "cited": 0,
        "changed": 1,
    }
