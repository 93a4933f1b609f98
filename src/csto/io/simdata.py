"""Read the simulation's shipped data: the UN General Assembly agreement table (with its
provenance), the regions of collective security, and the calibration (weighted draws of the
model's parameters, with its receipt); write a calibration.

Every reference in the regions file is checked against the record.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import json
from pathlib import Path
from typing import Any

import numpy as np

from csto.errors import InputError, Problem
from csto.io.lawfiles import parse_yaml
from csto.record.record import Record
from csto.sim.models.delegations import Region
from csto.sim.models.plan import Draws
from csto.sim.models.unga import AgreementTable

__all__ = [
    "CALIBRATION_FILE",
    "agreement_table",
    "calibration_path",
    "load_draws",
    "load_regions",
    "unga_provenance",
    "write_calibration",
]

CALIBRATION_FILE = "calibration.json"


def _data(name: str) -> Path:
    return Path(str(importlib.resources.files("csto.sim") / "data" / name))


@functools.cache
def unga_provenance() -> dict[str, Any]:
    """Where the agreement table comes from (repository, commit, files, terms, citation)."""
    return json.loads(_data("unga_agreement.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@functools.cache
def agreement_table() -> AgreementTable:
    meta = unga_provenance()
    with _data("unga_agreement.csv").open(encoding="utf-8", newline="") as fh:
        rows = [
            (r["a"], r["b"], int(r["year"]), int(r["common"]), int(r["identical"]))
            for r in csv.DictReader(fh)
        ]
    return AgreementTable(
        rows,
        complete_to=int(meta["complete_to"]),
        citation="Voeten, UNGA voting data (Harvard Dataverse hdl:1902.1/12379) via unvotes",
    )


def load_regions(record: Record) -> tuple[Region, ...]:
    """The regions of collective security, every source and event checked in the record."""
    name = str(_data("regions.yaml"))
    doc = parse_yaml(name, _data("regions.yaml").read_text(encoding="utf-8"))
    problems: list[Problem] = []
    out: list[Region] = []
    for i, item in enumerate(doc.get("regions", []) if isinstance(doc, dict) else []):
        refs = [c["source"] for c in item.get("sources", [])] + list(item.get("events", []))
        for ref in refs:
            known = record.has_event(ref)
            if not known:
                try:
                    record.source(ref)
                    known = True
                except KeyError:
                    known = False
            if not known:
                problems.append(
                    Problem(
                        f"unknown record source or event {ref!r}", file=name, field=f"regions[{i}]"
                    )
                )
        out.append(Region(str(item["id"]), str(item["name"]), tuple(item["states"]), tuple(refs)))
    if problems:
        raise InputError("the regions file names what the record does not know", tuple(problems))
    return tuple(out)


def calibration_path() -> Path:
    return _data(CALIBRATION_FILE)


def load_draws(path: Path | None = None) -> Draws | None:
    """The calibration's weighted draws (None when no calibration is shipped)."""
    file = path or calibration_path()
    if not file.exists():
        return None
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
        names = tuple(doc["parameters"])
        values = np.array(doc["draws"], dtype=np.float64)
        weights = np.array(doc["weights"], dtype=np.float64)
        receipt = str(doc["receipt"]["digest"])
        record = doc["receipt"].get("record_digest")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"the calibration file cannot be read: {exc}",
            (Problem(str(exc), file=str(file), fix="run 'csto sim calibrate' again"),),
        ) from None
    if values.shape != (len(weights), len(names)) or not np.isfinite(values).all():
        raise InputError(
            "the calibration file's draws do not match its parameters",
            (Problem("draws x parameters mismatch", file=str(file)),),
        )
    return Draws(names, values, weights, receipt, None if record is None else str(record))


def write_calibration(doc: dict[str, Any], path: Path | None = None) -> Path:
    """Write a calibration document (atomically: a partial file is never left)."""
    file = path or calibration_path()
    tmp = file.with_suffix(".tmp")
    # one top-level key per line: the receipt and summaries diff well, the draws stay compact
    lines = ",\n".join(
        f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in doc.items()
    )
    tmp.write_text("{\n" + lines + "\n}\n", encoding="utf-8")
    tmp.replace(file)
    return file
