"""``csto exercise`` from the terminal: each seat acts with its own credential, read from a
file or the environment (never an option's value); refusals exit 2 and change nothing."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from click.testing import CliRunner

from csto.cli import cli


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env or {}, catch_exceptions=False)
    return result.exit_code, result.output


def test_a_class_plays_from_terminals(tmp_path: Path) -> None:
    db, keys = str(tmp_path / "class.db"), tmp_path / "keys"
    code, out = _run("exercise", "new", "kaz-2022-01", "--db", db, "--credentials", str(keys))
    assert code == 0, out
    assert "kaz-2022-01" in out
    assert "Nikol Pashinyan" not in out
    files = sorted(p.name for p in keys.iterdir())
    assert files == sorted(
        f"{s}.key" for s in ("facilitator", "chair", "ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")
    )
    for f in keys.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    fac = ["--db", db, "--credential-file", str(keys / "facilitator.key")]
    assert _run("exercise", "start", "kaz-2022-01", *fac)[0] == 0
    code, out = _run(
        "exercise",
        "act",
        "open-item",
        "kaz-2022-01",
        "--item",
        "request",
        "--db",
        db,
        "--credential-file",
        str(keys / "chair.key"),
    )
    assert code == 0, out
    assert "the law: permitted" in out
    # the credential from the environment
    env = {"CSTO_EXERCISE_CREDENTIAL": (keys / "KAZ.key").read_text().strip()}
    code, out = _run(
        "exercise", "act", "position", "kaz-2022-01", "--position", "support", "--db", db, env=env
    )
    assert code == 2, out
    assert "refused (rules)" in out or "refused (turn)" in out or "no draft" in out
    code, out = _run(
        "exercise",
        "act",
        "request-assistance",
        "kaz-2022-01",
        "--grounds",
        "unrest",
        "--attacker",
        "non-state",
        "--db",
        db,
        "--json",
        env=env,
    )
    assert code == 0, out
    assert json.loads(out)["turns"][0]["steps"][0]["step"]["verdict"]["outcome"] == "required"
    env_file = {"CSTO_EXERCISE_CREDENTIAL_FILE": str(keys / "ARM.key")}
    move = tmp_path / "move.yaml"
    move.write_text("move: message\nto: [KAZ]\ntext: Quietly\n")
    assert (
        _run("exercise", "act", "from-file", "kaz-2022-01", str(move), "--db", db, env=env_file)[0]
        == 0
    )
    code, out = _run("exercise", "show", "kaz-2022-01", "--db", db, "--json", env=env_file)
    view = json.loads(out)
    assert view["channels"][0]["messages"][0]["text"] == "Quietly"
    code, out = _run(
        "exercise", "show", "kaz-2022-01", "--db", db, "--credential-file", str(keys / "BLR.key")
    )
    assert code == 0
    assert "Quietly" not in out
    assert "You may:" in out
    code, out = _run(
        "exercise",
        "feed",
        "kaz-2022-01",
        "--db",
        db,
        "--after",
        "9",
        "--credential-file",
        str(keys / "BLR.key"),
    )
    versions = [json.loads(line)["version"] for line in out.splitlines()]
    assert versions
    assert min(versions) > 9
    assert _run("exercise", "pause", "kaz-2022-01", "--reason", "lunch", *fac)[0] == 0
    assert _run("exercise", "resume", "kaz-2022-01", *fac)[0] == 0
    assert _run("exercise", "inject", "kaz-2022-01", "--id", "next-day", *fac)[0] == 0
    assert _run("exercise", "rewind", "kaz-2022-01", "--to", "4", *fac)[0] == 0
    code, out = _run("exercise", "seats", "kaz-2022-01", "--revoke", "TJK", *fac)
    assert code == 0
    assert "revoked" in out
    code, out = _run(
        "exercise", "show", "kaz-2022-01", "--db", db, "--credential-file", str(keys / "TJK.key")
    )
    assert code == 2
    assert "opens no seat" in out
    new_key = tmp_path / "tjk2.key"
    assert (
        _run("exercise", "seats", "kaz-2022-01", "--issue", "TJK", "--out", str(new_key), *fac)[0]
        == 0
    )
    assert (
        _run("exercise", "show", "kaz-2022-01", "--db", db, "--credential-file", str(new_key))[0]
        == 0
    )
    assert _run("exercise", "end", "kaz-2022-01", *fac)[0] == 0
    assert _run("exercise", "archive", "kaz-2022-01", *fac)[0] == 0
    html, pdf = tmp_path / "aar.html", tmp_path / "aar.pdf"
    code, out = _run(
        "exercise",
        "report",
        "kaz-2022-01",
        "--html",
        str(html),
        "--pdf",
        str(pdf),
        "--replications",
        "500",
        *fac,
    )
    assert code == 0, out
    assert "Quietly" in html.read_text()
    assert pdf.read_bytes().startswith(b"%PDF-")
    code, out = _run("exercise", "list", "--db", db)
    assert "kaz-2022-01" in out


def test_no_credential_no_move_and_no_token_on_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, out = _run(
        "exercise",
        "new",
        "--date",
        "2022-01-05",
        "--id",
        "jan",
        "--db",
        db,
        "--credentials",
        str(tmp_path / "k"),
    )
    assert code == 0, out
    code, out = _run("exercise", "start", "jan", "--db", db)
    assert code == 2
    assert "no credential" in out
    code, out = _run("exercise", "start", "jan", "--db", db, "--credential", "cstox_x")
    assert code == 2
    assert "No such option" in out
    code, out = _run(
        "exercise",
        "new",
        "--date",
        "2022-01-05",
        "--id",
        "jan",
        "--db",
        db,
        "--credentials",
        str(tmp_path / "k2"),
    )
    assert code == 2
    assert "exists already" in out
    code, out = _run("exercise", "new", "--db", db, "--credentials", str(tmp_path / "k3"))
    assert code == 2
    assert "library" in out


def test_the_library_lists_the_ready_exercises() -> None:
    code, out = _run("exercise", "library")
    assert code == 0
    for name in ("kaz-2022-01", "arm-2022-09", "kgz-tjk-2022-09", "uzb-2006-06"):
        assert name in out


def test_a_refused_source_leaves_no_store_behind(tmp_path: Path) -> None:
    """``exercise new`` opens its store before it reads SOURCE: a refused file (here, not
    an exercise) leaves neither the new store nor the folders made for it."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [1, 2\n", encoding="utf-8")
    db = tmp_path / "new" / "deeper" / "class.db"
    code, out = _run(
        "exercise", "new", str(bad), "--db", str(db), "--credentials", str(tmp_path / "k")
    )
    assert code == 2, out
    assert not (tmp_path / "new").exists()
    assert not (tmp_path / "k").exists()
    # a store that was there before a refused command is kept, with what it held
    kept = tmp_path / "kept.db"
    assert (
        _run(
            "exercise",
            "new",
            "kaz-2022-01",
            "--db",
            str(kept),
            "--credentials",
            str(tmp_path / "k2"),
        )[0]
        == 0
    )
    code, out = _run(
        "exercise", "new", str(bad), "--db", str(kept), "--credentials", str(tmp_path / "k3")
    )
    assert code == 2, out
    assert kept.exists()
    assert "kaz-2022-01" in _run("exercise", "list", "--db", str(kept))[1]
