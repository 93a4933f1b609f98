"""Read the law data shipped with csto (instruments, readings, profiles) and users' action and
profile files, into the core's law objects; build a ready :class:`~csto.law.engine.Engine`.

YAML is read through :mod:`csto.io.limits` (bounded size, nesting and aliases; ruamel.yaml's
line-tracking loader) so that every problem names its line;
the core's decoders (``csto.law.codec``, ``csto.law.actions``) check and build. Sources cited
by the law data must be registered in the record.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import csto
from csto.errors import InputError, LimitError, Problem, RecordError, preview
from csto.io.limits import load_json, load_yaml, read_text
from csto.law.actions import Action, decode_action
from csto.law.codec import decode_instrument, decode_profile, decode_readings
from csto.law.engine import Engine
from csto.law.fields import Resolved
from csto.law.lawcases import Expectation, LawCase
from csto.law.readings import Catalogue, Profile, Reading
from csto.law.texts import InstrumentText, Law
from csto.record.codec import Decoder, Reference
from csto.record.record import Record

__all__ = [
    "builtin_case_files",
    "builtin_law_texts",
    "check_sources",
    "decode_cases",
    "load_actions",
    "load_cases",
    "load_catalogue",
    "load_engine",
    "load_law",
    "parse_yaml",
]


def parse_yaml(name: str, text: str) -> Any:
    """YAML (or JSON, a subset) text to data with line marks, within the input limits of
    :mod:`csto.io.limits`; a located error otherwise."""
    return load_yaml(name, text)


def builtin_law_texts() -> list[tuple[str, str]]:
    """(name, text) of every law data file shipped in the package."""
    root = importlib.resources.files("csto.law") / "data"
    out: list[tuple[str, str]] = []
    for sub in ("instruments", "profiles"):
        folder = root / sub
        for p in sorted(folder.iterdir(), key=lambda p: p.name):
            if p.name.endswith(".yaml"):
                out.append((f"csto/law/data/{sub}/{p.name}", p.read_text(encoding="utf-8")))
    out.append(("csto/law/data/readings.yaml", (root / "readings.yaml").read_text("utf-8")))
    return out


def _decode_all(
    texts: Iterable[tuple[str, str]],
) -> tuple[list[InstrumentText], list[Reading], list[Profile], list[Reference]]:
    instruments: list[InstrumentText] = []
    readings: list[Reading] = []
    profiles: list[Profile] = []
    problems: list[Problem] = []
    references: list[Reference] = []
    for name, text in texts:
        try:
            doc = parse_yaml(name, text)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        decoder = Decoder(name)
        if "/instruments/" in name:
            ins = decode_instrument(decoder, doc)
            if ins is not None:
                instruments.append(ins)
        elif "/profiles/" in name:
            prof = decode_profile(decoder, doc)
            if prof is not None:
                profiles.append(prof)
        else:
            readings.extend(decode_readings(decoder, doc))
        problems.extend(decoder.problems)
        references.extend(decoder.references)
    if problems:
        raise RecordError("the law data has problems", tuple(problems))
    return instruments, readings, profiles, references


@functools.cache
def _builtin() -> tuple[Law, Catalogue, tuple[Reference, ...]]:
    instruments, readings, profiles, references = _decode_all(builtin_law_texts())
    return Law(instruments), Catalogue(readings, profiles), tuple(references)


def check_sources(record: Record) -> None:
    """Every source the law data cites must be registered in ``record``."""
    problems = [
        Problem(
            f"unknown source {ref.value!r}",
            file=ref.file,
            line=ref.line,
            field=ref.field,
            fix="register it in a record file's 'sources' list",
        )
        for ref in _builtin()[2]
        if ref.kind == "source" and not _has_source(record, ref.value)
    ]
    if problems:
        raise RecordError("the law data cites sources the record does not know", tuple(problems))


def _has_source(record: Record, source_id: str) -> bool:
    try:
        record.source(source_id)
    except KeyError:
        return False
    return True


def load_law(record: Record | None = None) -> Law:
    """The instruments and their articles (sources checked against ``record`` if given)."""
    if record is not None:
        check_sources(record)
    return _builtin()[0]


def load_catalogue(
    record: Record | None = None, profile_files: Iterable[str | Path] = ()
) -> Catalogue:
    """The readings and profiles, plus users' own profile files."""
    if record is not None:
        check_sources(record)
    catalogue = _builtin()[1]
    extra: list[Profile] = []
    problems: list[Problem] = []
    for path in profile_files:
        name = str(path)
        text = read_text(path)
        decoder = Decoder(name)
        prof = decode_profile(decoder, parse_yaml(name, text))
        problems.extend(decoder.problems)
        if prof is not None:
            extra.append(prof)
    if problems:
        raise InputError("a profile file has problems", tuple(problems))
    if not extra:
        return catalogue
    merged = Catalogue(catalogue.readings.values(), [*catalogue.profiles.values(), *extra])
    bad = merged.problems()
    if bad:
        raise InputError(
            "a profile file does not answer every reading",
            tuple(Problem(b, file=str(next(iter(profile_files)))) for b in bad),
        )
    return merged


def load_engine(record: Record, profile_files: Iterable[str | Path] = ()) -> Engine:
    """An engine over the shipped law, signing verdicts with ``record``'s digest."""
    check_sources(record)
    return Engine(
        load_law(),
        load_catalogue(None, tuple(profile_files)),
        record_digest=record.digest(),
        csto_version=csto.__version__,
    )


def load_actions(
    path: str | Path, resolved: list[tuple[Resolved, ...]] | None = None
) -> list[Action]:
    """Actions from a YAML or JSON file: one action mapping, or a list of them, or a mapping
    with ``actions:``. Raises InputError naming the file, line and field of every problem.
    ``resolved`` receives, for each action, how the names in it were read."""
    name = str(path)
    text = read_text(path)
    if name.endswith(".json"):
        load_json(name, text)  # JSON's own errors, before YAML reads it with line marks
    doc = parse_yaml(name, text)
    items: list[Any]
    if isinstance(doc, dict) and "actions" in doc:
        items, path_fmt = doc["actions"] or [], "actions[{}]"
        if not isinstance(items, list):
            raise InputError(
                f"the action file {name} has problems",
                (
                    Problem(
                        "'actions' must be a list of actions",
                        file=name,
                        line=_line_of(items) or _line_of(doc),
                        field="actions",
                        got=preview(items),
                        fix="list the actions under 'actions:', one '- action: ...' each",
                    ),
                ),
            )
    elif isinstance(doc, list):
        items, path_fmt = doc, "[{}]"
    elif doc is None:
        items, path_fmt = [], "action"
    else:
        items, path_fmt = [doc], "action"
    if not items:
        raise InputError(
            f"the action file {name} holds no action",
            (
                Problem(
                    "nothing to judge",
                    file=name,
                    expected="one action mapping, a list of them, or 'actions:' with a list",
                    fix="write at least one action, e.g. 'action: notify_withdrawal'",
                ),
            ),
        )
    decoder = Decoder(name)
    actions: list[Action] = []
    for i, item in enumerate(items):
        read: list[Resolved] = []
        action = decode_action(decoder, item, path_fmt.format(i), read)
        if action is not None:
            actions.append(action)
            if resolved is not None:
                resolved.append(tuple(read))
    if decoder.problems:
        raise InputError(f"the action file {name} has problems", tuple(decoder.problems))
    return actions


def builtin_case_files() -> list[Path]:
    """The law test cases shipped with csto."""
    root = importlib.resources.files("csto.law") / "data" / "cases"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".yaml"))


def load_cases(paths: Iterable[str | Path] | None = None) -> list[LawCase]:
    """Law test cases from ``paths`` (files or folders; the shipped ones when None)."""
    files: list[Path] = []
    for raw in builtin_case_files() if paths is None else paths:
        path = Path(raw)
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    cases: list[LawCase] = []
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
        cases.extend(decode_cases(decoder, doc))
        problems.extend(decoder.problems)
    if problems:
        raise InputError("the law case files have problems", tuple(problems))
    return cases


def decode_cases(decoder: Decoder, doc: Any) -> list[LawCase]:
    """``cases:`` -> LawCase objects; problems go to ``decoder``."""
    if not isinstance(doc, dict) or not isinstance(doc.get("cases"), list):
        decoder.problem(
            "a law case file must be a mapping with a 'cases' list",
            line=1,
            field="cases",
            fix="start the file with 'cases:' and list the cases under it",
        )
        return []
    out: list[LawCase] = []
    for i, item in enumerate(doc["cases"]):
        path = f"cases[{i}]"
        line = _line_of(item)
        if not isinstance(item, dict):
            decoder.problem("a case must be a mapping", line=line, field=path)
            continue
        unknown = set(item) - {"name", "why", "profile", "readings", "events", "action", "expect"}
        for key in sorted(unknown):
            decoder.problem(
                f"unknown field {key!r}",
                line=line,
                field=f"{path}.{key}",
                expected="name, why, profile, readings, events, action, expect",
            )
        action = decode_action(decoder, item.get("action"), f"{path}.action")
        expect = decoder.build(Expectation, item.get("expect"), item, f"{path}.expect")
        events = []
        for j, raw in enumerate(item.get("events") or []):
            event = decoder.event(raw, f"{path}.events[{j}]")
            if event is not None and not event.id.startswith("hypo-"):
                decoder.problem(
                    "a case's own events are hypothetical: their ids must start with 'hypo-'",
                    line=_line_of(raw),
                    field=f"{path}.events[{j}].id",
                )
            elif event is not None:
                events.append(event)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            decoder.problem("a case needs a name", line=line, field=f"{path}.name")
            continue
        if action is None or expect is None or unknown:
            continue
        out.append(
            LawCase(
                name=name,
                action=action,
                expect=expect,
                profile=str(item.get("profile") or "default"),
                readings=tuple((str(k), str(v)) for k, v in (item.get("readings") or {}).items()),
                why=item.get("why"),
                events=tuple(events),
                file=decoder.file,
                line=line,
            )
        )
    return out


def _line_of(node: object) -> int | None:
    lc = getattr(node, "lc", None)
    return None if lc is None else int(lc.line) + 1
