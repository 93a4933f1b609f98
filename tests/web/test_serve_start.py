"""Starting the server as a newcomer does: a port in use is refused before anything loads,
with the option named and a fix (not "serving on" followed by a server traceback); with
``--open`` the browser is opened where there is one, and where there is none the server
says so and serves; ``scripts/start`` installs only once; ``scripts/test`` on a machine
without chromium says at the end that the browser tests did not run, and how to run them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import webbrowser
from pathlib import Path

import pytest

from csto.web.serve import check_port, graphical_browser, open_when_ready
from tests.web.conftest import free_port

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
    # what it does, as the README says it
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "opens that address in your browser where there is a graphical" in readme
    assert "where no browser starts, it says so and prints the address" in readme


# --- csto serve --open: a browser where there is one, a plain line where there is none ----


def _serve(tmp_path: Path, env: dict[str, str], *args: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``csto serve --db ... --port FREE ARGS`` with ``env``; its process and URL once
    it answers (its stderr goes to tmp_path/serve.log)."""
    exe = Path(sys.executable).parent / "csto"
    port = free_port()
    with (tmp_path / "serve.log").open("w") as log:
        proc = subprocess.Popen(
            [str(exe), "serve", "--db", str(tmp_path / "c.db"), "--port", str(port), *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url + "api/state?date=2012-12-20", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise AssertionError((tmp_path / "serve.log").read_text())


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("BROWSER", None)
    return {**env, **extra}


def _log_says(tmp_path: Path, words: str, wait: float = 20) -> str:
    deadline = time.monotonic() + wait
    while True:
        text = (tmp_path / "serve.log").read_text()
        if words in text or time.monotonic() > deadline:
            return text
        time.sleep(0.05)


def test_serve_open_without_a_graphical_browser_says_so_and_serves(tmp_path: Path) -> None:
    proc, url = _serve(tmp_path, _env(), "--open")
    try:
        text = _log_says(tmp_path, "no graphical browser")
        assert f"serving on {url}" in text
        assert f"no graphical browser here (no DISPLAY or WAYLAND_DISPLAY); open {url}" in text
        assert "opening it in your browser" not in text
        assert "Traceback" not in text
        assert proc.poll() is None  # still serving
    finally:
        _stop(proc)


def test_serve_open_opens_the_browser_where_there_is_one(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    proc, url = _serve(tmp_path, _env(DISPLAY=":99", BROWSER=str(browser)), "--open")
    try:
        text = _log_says(tmp_path, "opening it in your browser")
        assert "opening it in your browser" in text
        deadline = time.monotonic() + 20
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text(encoding="utf-8").strip() == url
    finally:
        _stop(proc)


def test_serve_open_where_no_browser_starts_says_so_and_serves(tmp_path: Path) -> None:
    # a desktop session, but the only browser there is fails and nothing else is on PATH
    env = _env(DISPLAY=":99", BROWSER="/bin/false", PATH=str(tmp_path))
    proc, url = _serve(tmp_path, env, "--open")
    try:
        text = _log_says(tmp_path, "no browser could be started")
        assert f"no browser could be started here; open {url} in yours" in text
        assert "Traceback" not in text
        assert proc.poll() is None
    finally:
        _stop(proc)


@pytest.mark.parametrize("outcome", [True, False, webbrowser.Error("broken")])
def test_open_when_ready_reports_what_the_browser_did(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], outcome: object
) -> None:
    def fake_open(url: str) -> bool:
        if isinstance(outcome, Exception):
            raise outcome
        return bool(outcome)

    monkeypatch.setattr(webbrowser, "open", fake_open)
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(1)
        port = listening.getsockname()[1]
        got = open_when_ready("127.0.0.1", port, "http://x/", wait=10)
    assert got is (outcome is True)
    said = capsys.readouterr().err
    assert ("no browser could be started here; open http://x/ in yours" in said) is (not got)


def test_open_when_ready_gives_up_on_a_server_that_never_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = free_port()  # nothing listens there
    assert open_when_ready("127.0.0.1", port, "http://x/", wait=0.3) is False
    assert "did not answer" in capsys.readouterr().err


# --- bash scripts/test on a machine without chromium ----------------------------------


def _note(chromium: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "browser-note")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={**os.environ, "CSTO_CHROMIUM": chromium},
    )


def test_scripts_test_says_plainly_when_the_browser_tests_did_not_run(tmp_path: Path) -> None:
    missing = tmp_path / "no-chromium"
    done = _note(str(missing))
    assert done.returncode == 0  # information: pytest's status is the gate's
    note = done.stderr
    assert "NOT RUN: the browser tests" in note
    assert str(missing) in note
    assert "sudo apt-get install chromium" in note
    assert "CSTO_CHROMIUM=" in note
    # every test file that drives chromium is named, with the command that runs them
    drivers = sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("test_*.py")
        if "launch(executable_path=str(CHROMIUM)" in p.read_text(encoding="utf-8")
        and p.name != Path(__file__).name
    )
    assert drivers
    run_line = next(
        line for line in note.splitlines() if line.strip().startswith("bash scripts/test")
    )
    for path in drivers:
        assert path in run_line, path
    # and scripts/test ends with it, after pytest, keeping pytest's status
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    assert script.index("bash scripts/browser-note") > script.index(".venv/bin/python -m pytest")
    assert script.rstrip().endswith('exit "$status"')


def test_no_note_when_chromium_is_there(tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    done = _note(str(fake))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_the_browser_tests_skip_naming_the_missing_chromium(tmp_path: Path) -> None:
    missing = tmp_path / "no-chromium"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "tests/web/test_browser.py",
            "tests/web/test_reader.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "CSTO_CHROMIUM": str(missing)},
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert " passed" not in done.stdout
    assert "skipped" in done.stdout
    assert f"no chromium at {missing} (CSTO_CHROMIUM)" in done.stdout
