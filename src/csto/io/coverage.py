"""Read the declared gaps of the record's coverage (``csto/state/gaps.yaml``) into Gaps.

The file is a mapping with one key, ``gaps``: a list of entries, each with ``kind`` (one of
the kinds in :mod:`csto.state.coverage_kinds`), ``items`` (the keys of the items it covers),
``status`` (``missing`` or ``not_held``), ``searched`` (what was searched, in words a
researcher can repeat) and an optional ``note``. Every problem is reported at once, with
its line; nothing partial comes back.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from csto.errors import InputError, LimitError, Problem, RecordError, preview
from csto.io.limits import load_yaml, read_text
from csto.state.coverage import KindReport
from csto.state.coverage_kinds import KINDS, Gap

__all__ = ["GAPS_FILE", "coverage_markdown", "load_gaps", "parse_gaps"]

GAPS_FILE = "csto/state/gaps.yaml"
_KEYS = {"kind", "items", "status", "searched", "note"}
_STATUSES = ("missing", "not_held")


def _line(node: Any, key: object = None) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        return int((lc.key(key) if key is not None else (lc.line,))[0]) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def parse_gaps(text: str, file: str = GAPS_FILE) -> tuple[Gap, ...]:
    """The gaps declared in ``text``; a RecordError listing every problem if any."""
    try:
        data = load_yaml(file, text)  # bounded: nesting, aliases, numbers; errors located
    except LimitError:
        raise
    except InputError as exc:
        raise RecordError(exc.message, exc.problems) from None
    problems: list[Problem] = []
    kinds = {k.kind for k in KINDS}
    if not isinstance(data, dict) or set(data) != {"gaps"} or not isinstance(data["gaps"], list):
        problems.append(
            Problem(
                "the gaps file must be a mapping with one key, 'gaps', holding a list",
                file=file,
                line=_line(data),
                fix="start the file with 'gaps:' and list one entry per gap under it",
            )
        )
        raise RecordError("the gaps file has 1 problem(s)", tuple(problems))
    out: list[Gap] = []
    for n, entry in enumerate(data["gaps"]):
        where = f"gaps[{n}]"
        line = _line(entry)
        if not isinstance(entry, dict):
            problems.append(Problem("a gap must be a mapping", file=file, line=line, field=where))
            continue
        unknown = sorted(str(k) for k in entry if not (isinstance(k, str) and k in _KEYS))
        if unknown:
            problems.append(
                Problem(
                    f"unknown keys {unknown}",
                    file=file,
                    line=line,
                    field=where,
                    expected="kind, items, status, searched, note",
                )
            )
        kind, items, status = entry.get("kind"), entry.get("items"), entry.get("status")
        searched, note = entry.get("searched"), entry.get("note")
        if not isinstance(kind, str) or kind not in kinds:
            problems.append(
                Problem(
                    f"unknown kind {_say(kind)}",
                    file=file,
                    line=_line(entry, "kind") or line,
                    field=f"{where}.kind",
                    expected="one of " + ", ".join(sorted(kinds)),
                )
            )
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            problems.append(
                Problem(
                    "'items' must be a non-empty list of item keys",
                    file=file,
                    line=_line(entry, "items") or line,
                    field=f"{where}.items",
                    fix="list the keys the coverage report shows for the missing items",
                )
            )
        if not isinstance(status, str) or status not in _STATUSES:
            problems.append(
                Problem(
                    f"unknown status {_say(status)}",
                    file=file,
                    line=_line(entry, "status") or line,
                    field=f"{where}.status",
                    expected="missing (not found yet) or not_held (searched: nothing to record)",
                )
            )
        if not isinstance(searched, str) or len(searched.strip()) < 20:
            problems.append(
                Problem(
                    "'searched' must say what was searched, in a sentence",
                    file=file,
                    line=_line(entry, "searched") or line,
                    field=f"{where}.searched",
                    fix="name the sources and queries tried, so that a researcher can repeat them",
                )
            )
        if note is not None and not isinstance(note, str):
            problems.append(
                Problem("'note' must be text", file=file, line=line, field=f"{where}.note")
            )
        if problems or not isinstance(items, list):
            continue
        out.append(
            Gap(
                kind=str(kind),
                items=tuple(str(i) for i in items),
                status="missing" if status == "missing" else "not_held",
                searched=str(searched).strip(),
                note=None if note is None else str(note),
                line=line,
            )
        )
    if problems:
        raise RecordError(f"the gaps file has {len(problems)} problem(s)", tuple(problems))
    return tuple(out)


def _say(value: object) -> str:
    """A value in a message: short text as written, anything else described (bounded)."""
    return repr(value) if isinstance(value, str) and len(value) <= 60 else preview(value)


def load_gaps(path: str | Path | None = None) -> tuple[Gap, ...]:
    """The gaps shipped with csto, or those in ``path``."""
    if path is None:
        text = (importlib.resources.files("csto.state") / "gaps.yaml").read_text(encoding="utf-8")
        return parse_gaps(text)
    file = Path(path)
    try:
        text = read_text(file)  # bounded: size, UTF-8 located
    except OSError as exc:
        raise RecordError(
            f"cannot read the gaps file {file}", (Problem(str(exc), file=str(file)),)
        ) from None
    return parse_gaps(text, str(file))


def coverage_markdown(reports: Sequence[KindReport]) -> str:
    """The coverage report as the Markdown page docs/record-coverage.md."""
    lines = [
        "# How complete the record is",
        "",
        "Generated by `python scripts/coverage_report.py` from the shipped record and",
        "`src/csto/state/gaps.yaml`; `csto record coverage` prints the same, `--json` as data.",
        "For each kind of fact: what a complete record holds, how much of it is recorded, and",
        "for what is missing, what was searched. *missing*: expected and not found yet;",
        "*not held*: searched, and the sources show there was nothing to record.",
        "",
        "| kind | items | recorded | missing | not held |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in reports:
        lines.append(
            f"| {r.title} | {len(r.items)} | {r.count('recorded')} | {r.count('missing')} "
            f"| {r.count('not_held')} |"
        )
    for r in reports:
        lines += ["", f"## {r.title}", "", r.what, ""]
        lines.append(
            f"{r.count('recorded')} of {len(r.items)} recorded; {r.count('missing')} missing; "
            f"{r.count('not_held')} searched and found not to have happened."
        )
        if r.figures:
            lines.append("")
            lines += [f"- {name.strip()}: {value}" for name, value in r.figures]
        gaps: dict[int, list[str]] = {}
        by_id: dict[int, Gap] = {}
        for item in r.items:
            if item.gap is not None and not item.events:
                gaps.setdefault(id(item.gap), []).append(item.key)
                by_id[id(item.gap)] = item.gap
        if gaps:
            lines += ["", "| items | status | what was searched |", "|---|---|---|"]
            for key, items in gaps.items():
                gap = by_id[key]
                searched = " ".join(gap.searched.split()).replace("|", "/")
                status = "not held" if gap.status == "not_held" else "missing"
                lines.append(f"| {', '.join(items)} | {status} | {searched} |")
    return "\n".join(lines) + "\n"
