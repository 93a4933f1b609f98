"""Read the episode files (the conformance suite's cases) into episodes, checking that every
event and source they name is in the record; build the engines for every rule variant."""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable
from pathlib import Path

from csto.cases.episode import Episode, decode_episode
from csto.cases.variants import VARIANTS
from csto.errors import InputError, LimitError, Problem
from csto.io.lawfiles import load_catalogue, load_law, parse_yaml
from csto.io.limits import read_text
from csto.law.engine import Engine
from csto.law.rules import load_rules
from csto.record.codec import Decoder
from csto.record.record import Record

__all__ = ["builtin_episode_files", "load_episodes", "variant_engines"]


def builtin_episode_files() -> list[Path]:
    root = importlib.resources.files("csto.cases") / "data"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".yaml"))


def load_episodes(record: Record, paths: Iterable[str | Path] | None = None) -> list[Episode]:
    """The shipped episodes (or those in ``paths``), every reference checked."""
    files: list[Path] = []
    for raw in builtin_episode_files() if paths is None else paths:
        path = Path(raw)
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    episodes: list[Episode] = []
    problems: list[Problem] = []
    for path in files:
        name = str(path)
        try:
            doc = parse_yaml(name, read_text(path))
        except LimitError:
            raise
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        decoder = Decoder(name)
        episode = decode_episode(decoder, doc)
        problems.extend(decoder.problems)
        for ref in decoder.references:
            known = record.has_event(ref.value) if ref.kind == "event" else _has_source(record, ref)
            if ref.kind in ("event", "source") and not known:
                problems.append(
                    Problem(
                        f"unknown {ref.kind} {ref.value!r}",
                        file=ref.file,
                        line=ref.line,
                        field=ref.field,
                        fix=f"name a {ref.kind} of the curated record",
                    )
                )
        if episode is not None:
            episodes.append(episode)
    ids = [e.id for e in episodes]
    for dup in {i for i in ids if ids.count(i) > 1}:
        problems.append(Problem(f"two episodes share the id {dup!r}", field="episode.id"))
    if problems:
        raise InputError("the episode files have problems", tuple(problems))
    return sorted(episodes, key=lambda e: (e.start, e.id))


def _has_source(record: Record, ref: object) -> bool:
    try:
        record.source(getattr(ref, "value", ""))
    except KeyError:
        return False
    return True


def variant_engines(base: Engine) -> dict[str, Engine]:
    """One engine per rule variant, built through the engine's ``rules`` argument."""
    return {
        vid: Engine(
            load_law(),
            load_catalogue(),
            record_digest=base.record_digest,
            csto_version=base.csto_version,
            rules=variant.swap(load_rules()),
        )
        for vid, variant in VARIANTS.items()
    }
