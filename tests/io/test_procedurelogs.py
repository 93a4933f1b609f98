"""Procedure logs kept as safely as the store: moves made at once on one log are taken one
after the other (never two from the same state), a writer killed at any point leaves the
log whole, the hash chain names a line changed by hand, and a log saved without its final
newline does not get the next step glued on."""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from csto.cli import cli
from csto.errors import ConcurrencyError, InputError
from csto.io.procedurelogs import load_log, moving, read_log

pytestmark = pytest.mark.hostile

DAY = "2015-06-01"
#: the command line as a separate process (what a class of users runs at once)
CSTO = [sys.executable, "-c", "from csto.cli import cli; cli.main(prog_name='csto')"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _session(tmp_path: Path, *moves: tuple[str, ...]) -> Path:
    log = tmp_path / "s.jsonl"
    assert _run("session", "new", "--log", str(log), "--id", "csc", "--date", DAY)[0] == 0
    for move in moves:
        code, out = _run("session", "act", "--log", str(log), *move, "--date", DAY)
        assert code == 0, out
    return log


_CONVENE = ("convene", "--by", "RUS", "--host", "RUS")
_PROPOSE = ("propose", "--by", "RUS", "--subject", "X")


def _act(log: Path, *move: str, quiet: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CSTO, "session", "act", "--log", str(log), *move, "--date", DAY],
        stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    return [(p.wait(timeout=120), p.communicate()[0]) for p in procs]


def test_moves_made_at_once_are_taken_one_after_the_other(tmp_path: Path) -> None:
    log = _session(tmp_path, _CONVENE, _PROPOSE)
    states = ("RUS", "KAZ", "ARM")
    results = _finish([_act(log, "position", "--by", s, "--position", "support") for s in states])
    assert [code for code, _ in results] == [0, 0, 0], results
    proc = load_log(log)  # whole, chained, every step re-judged
    assert [s.number for s in proc.steps] == [1, 2, 3, 4, 5]
    assert sorted(str(getattr(s.move, "by", "")) for s in proc.steps[2:]) == sorted(states)


def test_the_same_move_made_at_once_succeeds_once(tmp_path: Path) -> None:
    log = _session(tmp_path)
    results = _finish([_act(log, *_CONVENE) for _ in range(3)])
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2, 2], results
    refused = [out for code, out in results if code == 2]
    assert all("cannot be made while the session procedure is 'convened'" in o for o in refused)
    assert len(load_log(log).steps) == 1


def test_a_log_held_too_long_is_a_concurrency_error(tmp_path: Path) -> None:
    log = _session(tmp_path, _CONVENE)
    before = log.read_bytes()
    with log.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        start = time.monotonic()
        refused = pytest.raises(ConcurrencyError, match="being written by another move")
        with refused, moving(log, wait=0.3):
            pytest.fail("the lock was not held")  # pragma: no cover
        assert time.monotonic() - start < 5
    assert log.read_bytes() == before


_KILLER = """
import os, signal, sys
from csto.cli import cli
how = sys.argv[1]
if how == "mid-write":
    real = os.write
    def write(fd, data):
        if len(data) > 1000:  # the log's new content, not a progress line
            real(fd, bytes(data[: len(data) // 2]))
            os.kill(os.getpid(), signal.SIGKILL)
        return real(fd, data)
    os.write = write
else:
    def replace(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace
cli.main(sys.argv[2:], prog_name="csto")
"""


@pytest.mark.parametrize("how", ["mid-write", "before-rename"])
def test_a_writer_killed_while_writing_leaves_the_log_whole(tmp_path: Path, how: str) -> None:
    log = _session(tmp_path, _CONVENE)
    before = log.read_bytes()
    args = ["session", "act", "--log", str(log), *_PROPOSE, "--date", DAY]
    killed = subprocess.run(
        [sys.executable, "-c", _KILLER, how, *args], capture_output=True, timeout=120
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert log.read_bytes() == before, "the log was not touched"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")], "it was writing"
    assert len(load_log(log).steps) == 1
    code, out = _run(*args)
    assert code == 0, out
    assert len(load_log(log).steps) == 2
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")], "left over removed"


def test_writers_killed_at_random_moments_never_leave_a_broken_log(tmp_path: Path) -> None:
    log = _session(tmp_path, _CONVENE, _PROPOSE)
    draw = random.Random(16)
    for state in ("RUS", "KAZ", "ARM", "BLR"):
        steps = len(read_log(log)) - 1
        proc = _act(log, "position", "--by", state, "--position", "support", quiet=True)
        time.sleep(draw.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = len(load_log(log).steps)  # loads: whole and chained, every step re-judged
        assert now in (steps, steps + 1)
    code, out = _run("session", "act", "--log", str(log), "adopt", "--date", DAY)
    assert code in (0, 2), out  # the log still takes moves


def test_a_log_saved_without_a_final_newline_gets_one(tmp_path: Path) -> None:
    log = _session(tmp_path, _CONVENE)
    log.write_bytes(log.read_bytes().rstrip(b"\n"))
    code, out = _run("session", "act", "--log", str(log), *_PROPOSE, "--date", DAY)
    assert code == 0, out
    assert len(load_log(log).steps) == 2
    assert len(log.read_text().splitlines()) == 3


def test_the_chain_names_a_line_changed_by_hand(tmp_path: Path) -> None:
    log = _session(tmp_path, _CONVENE, _PROPOSE)
    lines = [json.loads(raw) for raw in log.read_text().splitlines()]
    assert all(len(line["prev"]) == 64 for line in lines[1:])
    # re-spaced and keys reordered: the same lines, the chain holds
    log.write_text(
        "".join(json.dumps(dict(reversed(x.items())), indent=None) + "\n" for x in lines)
    )
    assert len(read_log(log)) == 3
    # a note changed in step 1 (the law does not look at it): the next line names it
    changed = [dict(x) for x in lines]
    changed[1]["move"] = {**changed[1]["move"], "note": "added later"}
    log.write_text("".join(json.dumps(x) + "\n" for x in changed))
    with pytest.raises(InputError, match="line 3 breaks the log's hash chain") as caught:
        read_log(log)
    assert "line 2 is not the line this step followed" in str(caught.value.problems[0])
    code, out = _run("session", "show", "--log", str(log))
    assert code == 2
    assert "hash chain" in out


def test_a_log_written_before_the_chain_is_read_and_chained_on(tmp_path: Path) -> None:
    log = _session(tmp_path, _CONVENE)
    lines = [json.loads(raw) for raw in log.read_text().splitlines()]
    assert lines[0]["chain"] == "sha256"
    del lines[0]["chain"], lines[1]["prev"]  # as csto wrote logs before the chain
    log.write_text("".join(json.dumps(x) + "\n" for x in lines))
    assert len(load_log(log).steps) == 1
    for move in (_PROPOSE, ("drop",)):
        code, out = _run("session", "act", "--log", str(log), *move, "--date", DAY)
        assert code == 0, out
    lines = [json.loads(raw) for raw in log.read_text().splitlines()]
    assert ["prev" in x for x in lines[1:]] == [False, True, True]
    # once chained, a step without its link is refused
    del lines[3]["prev"]
    log.write_text("".join(json.dumps(x) + "\n" for x in lines))
    with pytest.raises(InputError, match="line 4 breaks"):
        read_log(log)
    # and in a log whose header says it is chained, every step is
    (tmp_path / "new").mkdir()
    log = _session(tmp_path / "new", _CONVENE)
    lines = [json.loads(raw) for raw in log.read_text().splitlines()]
    del lines[1]["prev"]
    log.write_text("".join(json.dumps(x) + "\n" for x in lines))
    with pytest.raises(InputError, match="line 2 breaks"):
        read_log(log)


def test_a_note_with_a_line_separator_is_kept_in_its_line(tmp_path: Path) -> None:
    log = _session(tmp_path)
    note = "first\u2028second\u0085third\x1cfourth"
    code, out = _run("session", "act", "--log", str(log), *_CONVENE, "--date", DAY, "--note", note)
    assert code == 0, out
    assert load_log(log).steps[0].move.note == note


def test_a_refused_move_and_a_bad_log_write_nothing(tmp_path: Path) -> None:
    log = _session(tmp_path, _CONVENE)
    before = log.read_bytes()
    code, out = _run("session", "act", "--log", str(log), *_CONVENE, "--date", DAY)
    assert code == 2, out
    assert log.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.jsonl"]
    if os.geteuid() != 0:  # root writes anywhere
        tmp_path.chmod(0o500)
        try:
            code, out = _run("session", "act", "--log", str(log), *_PROPOSE, "--date", DAY)
            assert code == 2
            assert "nothing was written" in out
        finally:
            tmp_path.chmod(0o700)
        assert log.read_bytes() == before
