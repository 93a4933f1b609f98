"""Read record files (the curated history shipped with csto, or a user's own) into a Record.

Reads YAML through :mod:`csto.io.limits` (bounded size, nesting and aliases; yaml-rs or
ruamel.yaml's C parser first, :mod:`csto.io.fastyaml`, and ruamel's line-tracking loader
when something is wrong, so that every problem can name its line), decodes with
:mod:`csto.record.codec`, and checks everything with :func:`csto.record.record.assemble`:
either the whole record comes back, or one error lists every problem. Nothing partial.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.resources
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import __version__ as ruamel_version

from csto.errors import CstoError, InputError, LimitError, Problem, RecordError
from csto.io import fastyaml, limits
from csto.io.limits import load_yaml, read_text
from csto.io.parsecache import cached_load
from csto.record.codec import Decoder, Reference
from csto.record.events import Event
from csto.record.record import Record, assemble
from csto.record.sources import Instrument, Source

__all__ = ["builtin_files", "load_record", "read_files"]

_TOP_KEYS = ("sources", "instruments", "events")


def builtin_files() -> list[tuple[str, str]]:
    """(name, text) of every record file shipped in the package, in name order."""
    root = importlib.resources.files("csto.record") / "data"
    files = sorted((p for p in root.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    return [(f"csto/record/data/{p.name}", p.read_text(encoding="utf-8")) for p in files]


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")))
        else:
            out.append(path)
    return out


def read_files(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    """(name, text) for the given files and directories; unreadable ones raise RecordError."""
    texts: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for path in _expand(paths):
        try:
            texts.append((str(path), read_text(path)))
        except LimitError:
            raise
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RecordError("some record files cannot be read", tuple(problems))
    return texts


def parse_texts(texts: Iterable[tuple[str, str]]) -> Record:
    """Decode and check (name, YAML text) pairs as one record.

    A first pass uses the fast loader; if anything is wrong, the files are read again with
    the line-tracking loader so that every problem names its line.
    """
    texts = list(texts)
    with _no_gc():
        try:
            return _parse(texts, fast=True)
        except (CstoError, ValueError, TypeError):
            return _parse(texts, fast=False)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """The cycle collector paused: a record is many small objects and no cycles, and
    collecting while they are made costs a third of a large record's load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_fast(name: str, text: str) -> Any:
    """The file's data from the fast loaders (yaml-rs where it reads the text as ruamel.yaml
    does, else ruamel's C parser: :mod:`csto.io.fastyaml`), or from the parse cache when the
    same text, under the same limits and loaders, was parsed before (:mod:`csto.io.parsecache`)."""
    loader = (
        f"ruamel.yaml {ruamel_version} safe, C parser, dates as text; "
        f"{fastyaml.loader_name() or 'no yaml-rs'}; {limits.current()}"
    )
    return cached_load(text, loader, lambda t: load_yaml(name, t, fast=True))


def _parse(texts: list[tuple[str, str]], fast: bool) -> Record:
    sources: list[Source] = []
    instruments: list[Instrument] = []
    events: list[Event] = []
    references: list[Reference] = []
    problems: list[Problem] = []
    for name, text in texts:
        try:
            doc: Any = _load_fast(name, text) if fast else load_yaml(name, text, fast=False)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if doc is None:
            problems.append(
                Problem(
                    "the file holds nothing",
                    file=name,
                    expected="a mapping with 'sources', 'instruments' and/or 'events'",
                    fix="add what the file is meant to hold, or leave the file out",
                )
            )
            continue
        if not isinstance(doc, Mapping):
            problems.append(
                Problem(
                    "a record file must be a mapping with 'sources', 'instruments' and/or 'events'",
                    file=name,
                    line=1,
                    got=type(doc).__name__,
                )
            )
            continue
        decoder = Decoder(name, fast=fast)
        for key in doc:
            if key not in _TOP_KEYS:
                line = doc.lc.key(key)[0] + 1 if hasattr(doc, "lc") else None
                decoder.problem(
                    f"unknown top-level key {key!r}",
                    line=line,
                    field=str(key),
                    expected="one of " + ", ".join(_TOP_KEYS),
                )
        for key, build, sink in (
            ("sources", decoder.source, sources),
            ("instruments", decoder.instrument, instruments),
            ("events", decoder.event, events),
        ):
            items = doc.get(key) or []
            if not isinstance(items, list):
                decoder.problem(f"'{key}' must be a list", line=None, field=key)
                continue
            for i, item in enumerate(items):
                built = build(item, f"{key}[{i}]")
                if built is not None:
                    sink.append(built)  # type: ignore[arg-type]
        problems.extend(decoder.problems)
        references.extend(decoder.references)
    return assemble(sources, instruments, events, references, problems)


def load_record(paths: Iterable[str | Path] | None = None, *, builtin: bool = True) -> Record:
    """The curated record, plus the user's files in ``paths``, checked as one record."""
    texts = builtin_files() if builtin else []
    if paths:
        shipped = Path(str(importlib.resources.files("csto.record") / "data")).resolve()
        if builtin:  # a shipped file named again is not a second copy of itself
            paths = [p for p in _expand(paths) if Path(p).resolve().parent != shipped]
        texts += read_files(paths)
    return parse_texts(texts)
