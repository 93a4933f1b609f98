"""Every reader of a user's file reads it through the bounded reader (csto.io.limits), even
the ones with a size limit of their own: a stream without a size (/dev/zero) is cut at the
limit, and a named pipe nobody writes to reads as empty instead of hanging the command (a
procedure log, which csto replaces whole, must be a regular file)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.hostile import deadline

from csto.cli import cli

pytestmark = pytest.mark.hostile

#: a command reading the file at its first argument (the second: a folder it may use)
READERS: dict[str, Callable[[str, Path], list[str]]] = {
    "record validate": lambda p, d: ["record", "validate", "--alone", p],
    "ask": lambda p, d: ["ask", p],
    "law test": lambda p, d: ["law", "test", p],
    "session show": lambda p, d: ["session", "show", "--log", p],
    "session act": lambda p, d: ["session", "act", "--log", p, "close", "--date", "2015-01-01"],
    "store import": lambda p, d: ["store", "import", "--db", str(d / "n.db"), p],
    "record coverage --gaps": lambda p, d: ["record", "coverage", "--gaps", p],
    "power --weights": lambda p, d: ["power", "--weights", p],
    "sim run": lambda p, d: ["sim", "run", "--executor", "inline", p],
    "store verify --key-file": lambda p, d: [
        "store",
        "verify",
        "--db",
        str(d / "n.db"),
        "--key-file",
        p,
    ],
    "exercise new": lambda p, d: [
        *("exercise", "new", p, "--db", str(d / "ex.db"), "--credentials", str(d / "keys"))
    ],
}


@pytest.mark.parametrize("name", READERS)
def test_a_stream_is_cut_at_the_limit_and_an_unwritten_pipe_reads_empty(
    name: str, tmp_path: Path
) -> None:
    args = READERS[name]
    with deadline(60):
        result = CliRunner().invoke(cli, ["--max-file-mb", "1", *args("/dev/zero", tmp_path)])
    assert result.exit_code == 2, (name, result.output)
    # cut at the limit; a key file is refused as not a key; a log is refused as no file
    said = ("E150", "not a key" if "key" in name else "E150", "not a regular file")
    assert any(word in result.output for word in said), result.output
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    with deadline(60):
        result = CliRunner().invoke(cli, args(str(pipe), tmp_path))
    assert result.exit_code == 2, (name, result.output)
    assert "Traceback" not in result.output
    assert not (tmp_path / "n.db").exists(), "nothing written"
