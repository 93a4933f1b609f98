"""The command line loads a command's module only when that command runs."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from csto.cli import COMMANDS, PROCEDURES, cli
from csto.procedures.registry import MACHINES


def _imported_by(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_every_command_is_found_by_its_name() -> None:
    assert set(PROCEDURES) == set(MACHINES)
    assert set(cli.commands) == set(COMMANDS) | set(PROCEDURES)
    for name in cli.commands:
        command = cli.commands[name]
        assert isinstance(command, click.Command)
        assert command.name == name


def test_the_version_imports_no_command() -> None:
    loaded = _imported_by("from csto.cli import cli")
    heavy = {"rich", "ruamel.yaml", "csto.law", "csto.procedures", "csto.web", "csto.state"}
    assert not heavy & loaded, heavy & loaded
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("csto, version ")


def test_the_state_command_imports_neither_law_nor_web() -> None:
    loaded = _imported_by("import csto.cli.state")
    assert not {"csto.law", "csto.web", "csto.procedures", "fastapi", "numpy"} & loaded
