"""Find a version of the record by what a person can name: the shipped record, a git
revision of a csto checkout, a directory of record files, a JSON Lines export, or a digest
manifest (``csto record digest --json``); and write a manifest.

Resolution order for a name: ``shipped``; an existing path (a directory holding
``events.jsonl`` is an export, any other directory or a ``.yaml`` file holds record files,
a ``.json`` file is a manifest); otherwise a git revision (a tag, a branch, a commit) of
the repository given, whose ``src/csto/record/data/*.yaml`` are read as they were then.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csto.errors import InputError, RecordError
from csto.io.exports import read_jsonl
from csto.io.limits import load_json, read_text
from csto.io.recordfiles import load_record, parse_texts
from csto.record.compare import Manifest, compare, manifest
from csto.record.record import Record

__all__ = [
    "DIFF_SCHEMA",
    "DIGEST_SCHEMA",
    "RECORD_DIR",
    "Version",
    "diff_document",
    "load_version",
    "manifest_document",
    "write_release_manifest",
]

DIGEST_SCHEMA = "https://csto.example/schema/record-digest/1"
RECORD_DIR = "src/csto/record/data"


@dataclass(frozen=True, slots=True)
class Version:
    """A version of the record and what it was named by (``kind``: shipped, git, files,
    jsonl, manifest)."""

    name: str
    kind: str
    content: Record | Manifest
    commit: str | None = None


def manifest_document(record: Record, csto_version: str) -> dict[str, Any]:
    """The record's digest manifest as one JSON document."""
    m = manifest(record, csto_version)
    return {
        "schema": DIGEST_SCHEMA,
        "csto_version": csto_version,
        "record_digest": m.digest,
        "counts": {
            "events": len(m.events),
            "sources": len(m.sources),
            "instruments": len(m.instruments),
            "disputed_events": sum(1 for e in record.events if e.disputed),
        },
        "events": dict(m.events),
        "sources": dict(m.sources),
        "instruments": dict(m.instruments),
    }


def write_release_manifest(record: Record, csto_version: str, directory: Path) -> Path:
    """Keep the record's manifest for a release as ``record-VERSION.json`` in ``directory``.

    A release's record is frozen: writing again with the same digest is a no-op, with
    another digest an error (bump the version instead)."""
    path = directory / f"record-{csto_version}.json"
    doc = manifest_document(record, csto_version)
    if path.exists():
        kept = _read_manifest(path)
        if kept.digest != doc["record_digest"]:
            raise InputError(
                f"{path}: release {csto_version} was kept with record digest {kept.digest}, "
                f"but the record now has {doc['record_digest']}; a release's record does not "
                "change: bump csto's version (pyproject.toml) and keep a new release"
            )
        return path
    directory.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _read_manifest(path: Path) -> Manifest:
    doc = load_json(str(path), read_text(path))  # bounded: size, nesting, numbers
    if not isinstance(doc, dict) or doc.get("schema") != DIGEST_SCHEMA:
        raise InputError(
            f"{path}: not a record digest manifest: expected a JSON object with "
            f'"schema": "{DIGEST_SCHEMA}", as "csto record digest --json" writes'
        )
    try:
        return Manifest(
            digest=str(doc["record_digest"]),
            events=dict(doc["events"]),
            sources=dict(doc["sources"]),
            instruments=dict(doc["instruments"]),
            csto_version=doc.get("csto_version"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path}: the manifest lacks or garbles {exc}") from None


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise InputError(f"git could not be run ({exc}); name a directory or a file") from None
    if done.returncode != 0:
        raise InputError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


def _from_git(name: str, repo: Path) -> Version:
    check = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode != 0:
        raise InputError(
            f"{name!r} is neither 'shipped', an existing file or directory, nor a git "
            f"revision of the repository at {repo} (use --repo to name another checkout)"
        )
    commit = check.stdout.strip()
    try:
        listing = _git(repo, "ls-tree", "--name-only", f"{commit}:{RECORD_DIR}")
    except InputError:
        raise InputError(
            f"{name} ({commit[:12]}) has no {RECORD_DIR}/: is {repo} a csto checkout?"
        ) from None
    names = sorted(n for n in listing.split() if n.endswith((".yaml", ".yml")))
    if not names:
        raise InputError(f"{name} ({commit[:12]}) has no record files under {RECORD_DIR}/")
    texts = [(f"{name}:{RECORD_DIR}/{n}", _git(repo, "show", f"{commit}:{RECORD_DIR}/{n}"))
             for n in names]  # fmt: skip
    return Version(name, "git", _parse(name, texts), commit)


def _parse(name: str, texts: list[tuple[str, str]]) -> Record:
    try:
        return parse_texts(texts)
    except RecordError as exc:
        raise RecordError(
            f"the record at {name} does not load with this csto: {exc.message}", exc.problems
        ) from None


def load_version(name: str, repo: Path | None = None) -> Version:
    """The version of the record that ``name`` stands for (see the module docstring)."""
    if name == "shipped":
        return Version(name, "shipped", load_record())
    path = Path(name)
    if path.is_dir():
        if (path / "events.jsonl").exists():
            return Version(name, "jsonl", read_jsonl(path))
        try:
            return Version(name, "files", load_record([path], builtin=False))
        except RecordError as exc:
            raise RecordError(f"{name}: {exc.message}", exc.problems) from None
    if path.is_file():
        if path.suffix == ".json":
            return Version(name, "manifest", _read_manifest(path))
        return Version(name, "files", load_record([path], builtin=False))
    return _from_git(name, repo or Path.cwd())


DIFF_SCHEMA = "https://csto.example/schema/record-diff/1"


def _short(value: Any, width: int = 160) -> Any:
    """A value for the diff document: as is, unless long text (cut, marked)."""
    text = json.dumps(value, ensure_ascii=False)
    return value if len(text) <= width else text[: width - 1] + "…"


def _field(old: Any, new: Any) -> dict[str, Any]:
    """A changed field: old and new (long text cut); for lists, the items added and removed."""
    out: dict[str, Any] = {"old": _short(old), "new": _short(new)}
    if isinstance(old, list | None) and isinstance(new, list | None):
        before, after = old or [], new or []
        out["added"] = [x for x in after if x not in before]
        out["removed"] = [x for x in before if x not in after]
    return out


def diff_document(old: Version, new: Version) -> dict[str, Any]:
    """What moved from ``old`` to ``new`` as one JSON document (csto.record-diff/1)."""
    diff = compare(old.content, new.content)
    records = [v.content for v in (new, old) if isinstance(v.content, Record)]

    def about(event_id: str) -> dict[str, Any]:
        for rec in records:
            if rec.has_event(event_id):
                e = rec.event(event_id)
                return {"id": e.id, "type": e.type, "date": e.date.iso(), "summary": e.summary}
        return {"id": event_id}

    def side(v: Version) -> dict[str, Any]:
        content = v.content
        digest = content.digest() if isinstance(content, Record) else content.digest
        out: dict[str, Any] = {"name": v.name, "kind": v.kind, "record_digest": digest}
        if v.commit:
            out["commit"] = v.commit
        if isinstance(content, Manifest) and content.csto_version:
            out["csto_version"] = content.csto_version
        return out

    return {
        "schema": DIFF_SCHEMA,
        "old": side(old),
        "new": side(new),
        "same": diff.same,
        "detailed": diff.detailed,
        "counts": {
            "added": len(diff.added),
            "removed": len(diff.removed),
            **{k: len(diff.of_kind(k)) for k in ("corrected", "disputed", "cited", "changed")},
        },
        "events": {
            "added": [about(i) for i in diff.added],
            "removed": [about(i) for i in diff.removed],
            "changed": [
                {
                    **about(c.id),
                    "kinds": list(c.kinds),
                    "fields": {name: _field(a, b) for name, (a, b) in c.fields.items()},
                }
                for c in diff.changed
            ],
        },
        "sources": {k: list(v) for k, v in diff.sources.items()},
        "instruments": {k: list(v) for k, v in diff.instruments.items()},
    }
