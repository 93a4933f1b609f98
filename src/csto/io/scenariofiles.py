"""Read scenario files and rule-variant files, with every problem located (file, line, field,
what was expected, how to fix it); a file with any problem yields nothing to run.

Scenarios ship in ``csto/sim/scenarios/*.yaml``; a scenario is named by its file path or by
the id of a shipped one. A variant file (``file:PATH`` in a scenario's variants) describes a
counting rule (:class:`~csto.law.counting.Counting`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.resources
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from csto.errors import InputError, Problem
from csto.io.lawfiles import parse_yaml
from csto.io.limits import read_text
from csto.law.counting import Counting
from csto.law.engine import Engine
from csto.law.lawcases import state_before
from csto.sim.models.scenario import (
    Scenario,
    ScenarioContext,
    ScenarioDecoder,
    check_scenario,
    decode_scenario,
    line_of,
)
from csto.sim.models.unga import AgreementTable
from csto.sim.models.variants import VARIANTS
from csto.state.history import History

__all__ = [
    "MAX_FILE_BYTES",
    "builtin_scenario_files",
    "load_scenario",
    "load_variant_file",
    "resolve_scenario",
    "scenario_digest",
    "shipped_scenarios",
]

MAX_FILE_BYTES = 1_000_000


def builtin_scenario_files() -> list[Path]:
    root = importlib.resources.files("csto.sim") / "scenarios"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".yaml"))


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"{path} is {size:,} bytes; scenario and variant files are at most "
                f"{MAX_FILE_BYTES:,}",
                (Problem("file too large", file=str(path)),),
            )
        return read_text(path)  # bounded: a stream (no size) too; UTF-8 located
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read {path}: {exc}",
            (Problem(f"cannot read: {exc}", file=str(path), fix="check the path"),),
        ) from None


def resolve_scenario(name: str | Path) -> Path:
    """A scenario file's path: ``name`` itself, or the shipped scenario with that id."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml", ".json") or path.exists():
        return path
    for file in builtin_scenario_files():
        if file.stem == str(name):
            return file
    known = ", ".join(f.stem for f in builtin_scenario_files())
    raise InputError(
        f"no scenario file or shipped scenario {str(name)!r}",
        (Problem("unknown scenario", field="scenario", expected=f"a path or one of {known}"),),
    )


def _context(history: History, engine: Engine, table: AgreementTable, day: Any) -> ScenarioContext:
    record = history.record

    def known_ref(ref: str) -> bool:
        if record.has_event(ref):
            return True
        try:
            record.source(ref)
        except KeyError:
            return False
        return True

    members = {}
    if day is not None:
        state = state_before(history, day)
        members = {code: m.status for code, m in state.members.items()}
    return ScenarioContext(
        members=members,
        profiles=frozenset(engine.catalogue.profiles),
        variants=frozenset(v for v in VARIANTS if ":" not in v),
        known_ref=known_ref,
        has_data=table.has,
    )


def load_scenario(
    name: str | Path,
    history: History,
    engine: Engine,
    table: AgreementTable,
) -> Scenario:
    """The scenario in ``name`` (a path or a shipped id), decoded and checked; an
    :class:`~csto.errors.InputError` listing every problem otherwise."""
    path = resolve_scenario(name)
    label = str(path)
    doc = parse_yaml(label, _read(path))
    decoder = ScenarioDecoder(label)
    scenario = decode_scenario(decoder, doc)
    if scenario is not None and not decoder.problems:
        check_scenario(decoder, doc, scenario, _context(history, engine, table, scenario.date))
    if decoder.problems or scenario is None:
        raise InputError(f"the scenario {label} has problems", tuple(decoder.problems))
    return scenario


def load_variant_file(path: str | Path) -> Counting:
    """A counting rule from a YAML file: ``variant: {id, says, blocks, quota, majority,
    excluded, veto, sources}``."""
    file = Path(path)
    label = str(file)
    doc = parse_yaml(label, _read(file))
    decoder = ScenarioDecoder(label)
    if not isinstance(doc, Mapping) or set(doc) != {"variant"}:
        decoder.problem(
            "a variant file holds one mapping, 'variant'",
            line=line_of(doc),
            field="variant",
            expected="variant: {id: ..., says: ..., blocks: [object], quota: 1}",
        )
        raise InputError(f"the variant file {label} has problems", tuple(decoder.problems))
    try:
        counting = decoder.build(Counting, doc["variant"], doc["variant"], "variant")
    except ValueError as exc:
        decoder.problem(
            str(exc),
            line=line_of(doc["variant"]),
            field="variant",
            fix="blocks: a list of object, abstain, absent, not_participate; quota >= 0",
        )
        counting = None
    if counting is None or decoder.problems:
        raise InputError(f"the variant file {label} has problems", tuple(decoder.problems))
    return counting


def scenario_digest(scenario: Scenario) -> str:
    """SHA-256 of the scenario's canonical JSON: what a receipt pins."""
    text = json.dumps(dataclasses.asdict(scenario), sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def shipped_scenarios(history: History, engine: Engine, table: AgreementTable) -> list[Scenario]:
    """Every shipped scenario, checked."""
    return [load_scenario(f, history, engine, table) for f in builtin_scenario_files()]
