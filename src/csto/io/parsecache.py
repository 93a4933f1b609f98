"""A cache of parsed YAML, keyed by the text's digest: read a file's YAML once, not every time.

Parsing YAML in Python is the slow part of loading a record (a few thousand events per
second); decoding and checking what it gives is not. :func:`cached_load` returns what the
loader gives for a text, from ``$CSTO_CACHE_DIR`` (default ``$XDG_CACHE_HOME/csto/yaml``,
else ``~/.cache/csto/yaml``) when the same text was parsed before: the entry is the parsed
data as JSON, named by the SHA-256 of the text and of the loader's name, so a changed file
is a new entry and an old one is never wrong. Entries are read back by orjson where it is
installed (several times faster than the standard library's parser, and the same data: an
entry is written only if orjson can hold each of its numbers, so none comes back a float).
Only the parse is cached: every load still decodes and checks every event. Entries that are
not plain JSON data, or that cannot be read or written (a read-only home, a full disk), are
simply not used; a load never fails because of the cache. ``CSTO_CACHE_DIR=`` (empty) turns
it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

_orjson: ModuleType | None
try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a platform without its wheels: the stdlib reads
    _orjson = None

__all__ = ["cache_dir", "cached_load"]

#: entries kept; past this, the oldest half is removed when a new one is written
MAX_ENTRIES = 512
#: the entries' format, in their names: entries of another format are not read
_FORMAT = b"csto-parse-cache/2 (orjson-safe numbers)"
_loads: Callable[[bytes], Any] = json.loads if _orjson is None else _orjson.loads


def cache_dir() -> Path | None:
    """Where parsed YAML is kept, or None when the cache is turned off."""
    configured = os.environ.get("CSTO_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "csto" / "yaml"


def _key(text: str, loader: str) -> str:
    h = hashlib.sha256(_FORMAT + b"\0" + loader.encode())
    h.update(b"\0")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def cached_load(text: str, loader: str, load: Callable[[str], Any]) -> Any:
    """``load(text)``, or what it gave for the same text before (``loader`` names it)."""
    where = cache_dir()
    if where is None:
        return load(text)
    entry = where / f"{_key(text, loader)}.json"
    try:
        return _loads(entry.read_bytes())
    except (OSError, ValueError):
        pass
    data = load(text)
    _store(where, entry, data)
    return data


def _store(where: Path, entry: Path, data: Any) -> None:
    try:
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        if _orjson is not None:
            _orjson.dumps(data)  # TypeError for an integer orjson would read back as a float
        if _loads(encoded.encode()) != data:  # not plain JSON data (tuples, bytes...): not kept
            return
    except (TypeError, ValueError):
        return
    tmp: str | None = None
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(encoded)
        os.replace(tmp, entry)
        tmp = None
        _prune(where)
    except OSError:
        return
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _prune(where: Path) -> None:
    entries = list(where.glob("*.json"))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for old in entries[: len(entries) // 2]:
        old.unlink(missing_ok=True)
