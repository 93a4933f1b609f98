"""Starting the server as a newcomer does: a port in use is refused before anything loads,
with the option named and a fix (not "serving on" followed by a server traceback); the
browser is opened only where a graphical one can be; ``scripts/start`` installs only once."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from csto.web.serve import check_port, graphical_browser

ROOT = Path(__file__).resolve().parents[2]


def test_a_port_in_use_is_an_input_error_naming_the_option(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        exe = Path(sys.executable).parent / "csto"
        done = subprocess.run(
            [str(exe), "serve", "--db", str(tmp_path / "c.db"), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert "serving on" not in done.stderr
    assert "Traceback" not in done.stderr
    assert "ERROR:" not in done.stderr  # uvicorn's raw message
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr
    assert "--port" in done.stderr
    assert "in use" in done.stderr
    assert not (tmp_path / "c.db").exists()  # refused before the store was touched


def test_a_free_port_passes_the_check() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    check_port("127.0.0.1", port)  # no error


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", False),  # a server or a terminal: only the address is printed
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "darwin", True),
    ],
)
def test_the_browser_is_opened_only_where_there_is_a_window(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], platform: str, expected: bool
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(sys, "platform", platform)
    assert graphical_browser() is expected


def test_scripts_start_installs_once_and_opens_the_browser() -> None:
    script = (ROOT / "scripts" / "start").read_text(encoding="utf-8")
    # the install runs only when .venv lacks csto or pyproject.toml changed since
    assert 'if [ ! -x .venv/bin/csto ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]' in script
    assert "exec .venv/bin/csto serve --open" in script


def test_scripts_test_says_when_the_browser_tests_did_not_run() -> None:
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    assert "NOT RUN: the browser tests" in script
    assert script.index("NOT RUN") > script.index(".venv/bin/python -m pytest")  # at the end
    assert 'exit "$status"' in script  # pytest's status is kept
