"""Procedure logs: where a procedure's header and steps are kept, and the world it is judged in.

This module is the one seam between the procedures (pure: :mod:`csto.procedures`, whose
codec turns a procedure into plain mappings and back) and where their logs live. A log is a
JSON Lines file: the header, then one line per step taken (a refused move is not written).
It is kept with the event store's guarantees, as far as a file a person may edit can be:

- **one writer at a time**: a move holds an exclusive lock on the log (``flock``) from
  reading it to writing it (:func:`moving`), so moves on one procedure made at once are
  taken one after the other, each judged on the steps before it; a writer that cannot get
  the lock within ``wait`` seconds fails with a :class:`~csto.errors.ConcurrencyError`
  (E210), having written nothing;
- **nothing half-written**: the log is never appended to in place; the new content is
  written to a temporary file beside it, flushed to disk, and renamed over the log in one
  step, so a writer killed at any moment (SIGKILL included) leaves the old log or the new
  one, whole. A temporary file a killed writer left is removed by the next move. A log
  saved by hand without a final newline gets one before the next step;
- **a hash chain**: the header says ``"chain": "sha256"`` and each step line carries
  ``prev``, the SHA-256 of the line before it (of its JSON written canonically: keys
  sorted, no spaces, so re-spacing a file is not a change), so a line changed, removed or
  moved by hand is named on the next read. A log written before the chain (its header
  does not say so) is read, and chained from its next step on. The chain has no key: it
  finds a careless edit, and the re-judging below finds what matters to the law;
- **re-judged on every read**: :func:`load_log` rebuilds the procedure and takes every step
  again under the law (:func:`csto.procedures.audit.audit`), naming the first step that
  does not hold (a vote by a state that had left, a changed outcome).

Lines are split on ``\\n`` only (a step's note may hold any other line separator).
:func:`world_and_judge` builds what a move is judged against: the curated record (less the
events named at ``new`` with ``--without``) and the engine under the profile chosen then.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csto.errors import ConcurrencyError, InputError, Problem, preview
from csto.io.lawfiles import load_engine
from csto.io.limits import load_json, read_text
from csto.io.recordfiles import load_record
from csto.law.engine import Engine
from csto.procedures import Judge, Procedure, Step, World
from csto.procedures.audit import audit
from csto.procedures.codec import header_to_data, procedure_from_data, step_to_data
from csto.state.history import History

__all__ = [
    "Moving",
    "load_log",
    "moving",
    "read_log",
    "start_log",
    "world_and_judge",
]

#: the header's word that every step carries the digest of the line before it
CHAIN = "sha256"
#: how long a move waits for another move on the same log to finish, in seconds
WAIT = 60.0


def read_log(path: str | Path) -> list[dict[str, Any]]:
    """The log's lines as mappings (header first); InputError naming the line otherwise.
    The hash chain is checked (:func:`check_chain`); the law is not asked."""
    name = str(path)
    text = _read(Path(path), name)
    lines = _parse(text, name)
    check_chain(lines, name)
    return lines


def load_log(path: str | Path) -> Procedure[Any]:
    """The procedure rebuilt from its log, every step re-judged (InputError naming the first
    one that does not hold)."""
    return _load(_read(Path(path), str(path)), str(path))[0]


def start_log(path: str | Path, proc: Procedure[Any]) -> None:
    """Write a new log holding the procedure's header; refuses to overwrite one. The header
    is written whole or not at all (a temporary file linked into place)."""
    file = Path(path)
    if file.exists() or file.is_symlink():
        raise InputError(
            f"{path} exists already",
            (Problem("will not overwrite a log", file=str(path), fix="choose another --log path"),),
        )
    tmp = _temporary(file)
    try:
        header = {**header_to_data(proc), "chain": CHAIN}
        _write_whole(tmp, _line(header).encode("utf-8"), mode=0o644)
        os.link(tmp, file)  # fails if another writer made the log meanwhile
    except FileExistsError:
        raise InputError(
            f"{path} exists already",
            (Problem("will not overwrite a log", file=str(path), fix="choose another --log path"),),
        ) from None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _sync_directory(file)


@dataclass
class Moving:
    """A log held for one move: the procedure as its log says (re-judged), the world and the
    judge it is judged by, and :meth:`append` to write the step taken."""

    path: Path
    text: str
    procedure: Procedure[Any]
    world: World
    judge: Judge
    appended: list[Step] = field(default_factory=list)

    def append(self, step: Step) -> None:
        """Write ``step`` after the log's last line, chained to it: the whole new log is
        written beside the old one and renamed over it."""
        last = [raw for raw in _split(self.text) if raw.strip()][-1]
        data = step_to_data(step)
        prev = _digest(load_json(str(self.path), last))
        line = _line({"step": data.pop("step"), "prev": prev, **data})
        text = self.text if self.text.endswith("\n") or not self.text else self.text + "\n"
        text += line
        _replace(self.path, text.encode("utf-8"))
        self.text = text
        self.appended.append(step)


@contextlib.contextmanager
def moving(path: str | Path, *, wait: float = WAIT) -> Iterator[Moving]:
    """Hold the log at ``path`` for one move: lock it (waiting up to ``wait`` seconds for a
    move in progress), read it, rebuild and re-judge the procedure, and give it, with the
    world and the judge, to the caller, who judges the move and appends the step."""
    file = Path(path)
    name = str(path)
    with _locked(file, name, wait):
        _remove_temporaries(file)
        text = _read(file, name)
        proc, world, judge = _load(text, name)
        yield Moving(file, text, proc, world, judge)


def world_and_judge(context: dict[str, Any]) -> tuple[World, Judge, Engine]:
    """The world a procedure with this ``context`` (its profile, the events it sets aside)
    is judged in, the judge under its profile, and the engine."""
    history = History(load_record())
    engine = load_engine(history.record)
    profile = engine.profile(str(context.get("profile", "default")))
    world = World.of(history, without=context.get("without", ()))
    return world, functools.partial(engine.judge, profile=profile), engine


def check_chain(lines: list[dict[str, Any]], name: str) -> None:
    """Every step (of a log whose header says ``chain``; else every step from the first
    that carries ``prev`` on) carries the digest of the line before it; an InputError
    naming the first line that breaks the chain otherwise."""
    chain = lines[0].get("chain") if lines else None
    if chain not in (None, CHAIN):
        raise InputError(
            f"{name}: line 1 names a hash chain csto does not know",
            (Problem("unknown chain", name, 1, "chain", expected=repr(CHAIN), got=preview(chain)),),
        )
    chained = chain == CHAIN
    for number, obj in enumerate(lines[1:], start=2):
        prev = obj.get("prev")
        if prev is None and not chained:
            continue
        chained = True
        want = _digest(lines[number - 2])
        if prev != want:
            raise InputError(
                f"{name}: line {number} breaks the log's hash chain",
                (
                    Problem(
                        f"line {number - 1} is not the line this step followed: it was "
                        "changed, or a line was removed or moved, after this step was written"
                        if isinstance(prev, str)
                        else "a step of a chained log must carry the digest of the line before",
                        name,
                        number,
                        "prev",
                        expected=f"the SHA-256 of line {number - 1}, {want[:12]}...",
                        got=f"{prev[:12]}..." if isinstance(prev, str) else preview(prev),
                        fix="restore the log as csto wrote it, or take the moves again in a "
                        "new log",
                    ),
                ),
            )


# --- reading ---------------------------------------------------------------------------------


def _read(file: Path, name: str) -> str:
    if not file.exists():
        raise InputError(
            f"no procedure log {name!r}",
            (Problem("file not found", file=name, fix="start one with 'csto <procedure> new'"),),
        )
    return read_text(file)  # bounded: size, UTF-8 located


def _split(text: str) -> list[str]:
    """The log's lines: split on newlines only, a carriage return before one dropped."""
    return [raw.removesuffix("\r") for raw in text.split("\n")]


def _parse(text: str, name: str) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for number, raw in enumerate(_split(text), start=1):
        if not raw.strip():
            continue
        obj = load_json(name, raw, line=number)  # bounded: nesting, numbers, surrogates
        if not isinstance(obj, dict):
            raise InputError(
                f"{name} is not a procedure log",
                (Problem("expected one JSON object per line", name, number),),
            )
        lines.append(obj)
    return lines


def _load(text: str, name: str) -> tuple[Procedure[Any], World, Judge]:
    lines = _parse(text, name)
    proc = procedure_from_data(lines, name)
    world, judge, _ = world_and_judge(proc.context)
    audit(proc, world=world, judge=judge, file=name)
    check_chain(lines, name)
    return proc, world, judge


# --- writing ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(file: Path, name: str, wait: float) -> Iterator[None]:
    """Hold an exclusive lock on the log; the log a lock was taken on may have been replaced
    by the writer before (a rename), so the lock is taken again until it is on the file the
    path names."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)  # a pipe must not block the open
        except FileNotFoundError:
            _read(file, name)  # the located error
            raise
        except OSError as exc:
            raise InputError(f"cannot open {name}: {exc.strerror or exc}") from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(
                    f"{name} is not a regular file",
                    (
                        Problem(
                            "a procedure log is a file csto replaces whole on every move",
                            name,
                            expected="a regular file",
                            got="a pipe, a device or a socket",
                            fix="name the log's file, not a stream",
                        ),
                    ),
                )
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise ConcurrencyError(
                            f"{name} is being written by another move (it stayed locked "
                            f"{wait:g} s); nothing was written",
                            (
                                Problem(
                                    "another csto holds the log",
                                    name,
                                    fix="make the move again once the other one is done",
                                ),
                            ),
                        ) from None
                    time.sleep(0.02)
            held, named = os.fstat(fd), _stat(file)
            if named is not None and (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
                yield
                return
        finally:
            os.close(fd)  # releases the lock


def _stat(file: Path) -> os.stat_result | None:
    try:
        return os.stat(file)
    except FileNotFoundError:
        return None


def _temporary(file: Path) -> Path:
    return file.with_name(f".{file.name}.{os.getpid()}.tmp")


def _remove_temporaries(file: Path) -> None:
    """Remove what writers killed before their rename left (called under the lock)."""
    target = Path(os.path.realpath(file))
    prefix = f".{target.name}."
    with contextlib.suppress(OSError):
        for stale in target.parent.iterdir():
            if stale.name.startswith(prefix) and stale.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()


def _write_whole(tmp: Path, data: bytes, *, mode: int) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace(file: Path, data: bytes) -> None:
    """Put ``data`` at ``file`` in one step: written beside it, then renamed over it."""
    target = Path(os.path.realpath(file))
    tmp = _temporary(target)
    try:
        mode = os.stat(target).st_mode & 0o7777
        _write_whole(tmp, data, mode=mode)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise InputError(
            f"cannot write {file}: {exc.strerror or exc}; nothing was written"
        ) from None
    _sync_directory(target)


def _sync_directory(file: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(file.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _digest(line: Any) -> str:
    """The SHA-256 of a line's JSON written canonically (keys sorted, no spaces)."""
    canonical = json.dumps(line, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
