"""Docs cannot drift: every command has help, is documented by hand, and the generated
reference is current; the README's terminal session is executed and must match."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest

from csto.cli import cli

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import cli_docs  # noqa: E402


def _leaves() -> list[tuple[str, click.Command]]:
    return [
        (" ".join(path), cmd)
        for path, cmd, _ in cli_docs.walk(cli, ["csto"])
        if not isinstance(cmd, click.Group)
    ]


def test_every_command_has_help() -> None:
    for name, cmd in _leaves():
        assert (cmd.help or "").strip(), f"'{name}' has no help text"
        for param in cmd.params:
            if isinstance(param, click.Option):
                assert param.help, f"option {param.opts} of '{name}' has no help"


def test_every_command_is_described_in_the_hand_written_docs() -> None:
    docs = (ROOT / "README.md").read_text()
    docs += "".join(p.read_text() for p in (ROOT / "docs").glob("*.md") if p.name != "cli.md")
    missing = [name for name, _ in _leaves() if name not in docs]
    assert not missing, f"not described in README.md or docs/*.md: {missing}"


def test_the_generated_reference_is_current() -> None:
    current = (ROOT / "docs" / "cli.md").read_text()
    assert current == cli_docs.render(), "docs/cli.md is stale: run python scripts/cli_docs.py"


def _session() -> list[tuple[str, str]]:
    """(command, expected output) pairs from the README's ```console blocks."""
    text = (ROOT / "README.md").read_text()
    pairs: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        command: str | None = None
        lines: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    pairs.append((command, "\n".join(lines)))
                command, lines = line[2:], []
            else:
                lines.append(line)
        if command is not None:
            pairs.append((command, "\n".join(lines)))
    return pairs


SESSION = _session()


def test_the_readme_has_a_terminal_session() -> None:
    assert len(SESSION) >= 3


@pytest.mark.parametrize(("command", "expected"), SESSION, ids=[c for c, _ in SESSION])
def test_readme_session_output_is_real(command: str, expected: str) -> None:
    argv = shlex.split(command)
    assert argv[0] == "csto", "the README session runs csto commands"
    exe = Path(sys.executable).parent / "csto"
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    result = subprocess.run(
        [str(exe), *argv[1:]], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    got = (result.stdout + result.stderr).rstrip()
    assert got == expected.rstrip(), (
        f"README shows:\n{expected}\n--- but csto printed:\n{got}\n"
        "(if the change is intended: python scripts/readme_session.py)"
    )
