"""A sweep's results on disk: partitioned Parquet (one partition per rule variant, hive style:
``variant=consensus/part-0.parquet``), a manifest (``manifest.json``: the sweep's receipt,
with every file's SHA-256) and a page of heatmaps (``sweep.html``, drawn offline).

The directory is written whole or not at all: everything goes into a temporary directory
beside it, renamed into place at the end; an existing non-empty directory is refused.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.errors import InputError, Problem

if TYPE_CHECKING:
    from csto.sim.sweep import SweepResult

__all__ = ["read_sweep", "write_sweep"]


def _digest(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def write_sweep(result: SweepResult, out: Path, *, html: bool = True) -> Path:
    """Write the sweep into ``out`` (created; refused when it exists and is not empty);
    return the manifest's path."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(
            f"{out} exists and is not an empty directory",
            (
                Problem(
                    "the output directory is not empty",
                    file=str(out),
                    field="--out",
                    fix="name a new directory (a sweep never overwrites another)",
                ),
            ),
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        table = pa.Table.from_pylist(list(result.rows))
        ds.write_dataset(
            table,
            tmp / "data",
            format="parquet",
            partitioning=ds.partitioning(pa.schema([("variant", pa.string())]), flavor="hive"),
            basename_template="part-{i}.parquet",
        )
        files = sorted(p for p in (tmp / "data").rglob("*.parquet"))
        if html:
            from csto.io.simreport import page, sweep_body

            (tmp / "sweep.html").write_text(
                page(f"sweep: {result.scenario.title}", sweep_body(result)), encoding="utf-8"
            )
            files.append(tmp / "sweep.html")
        manifest = {
            **result.manifest,
            "rows": len(result.rows),
            "partitioning": "hive: variant",
            "files": [
                {"path": str(p.relative_to(tmp)), "bytes": p.stat().st_size, "digest": _digest(p)}
                for p in files
            ],
        }
        body = json.dumps(manifest, sort_keys=True)
        manifest["digest"] = "sha256:" + hashlib.sha256(body.encode()).hexdigest()
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
        if out.exists():
            out.rmdir()
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out / "manifest.json"


def read_sweep(out: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The manifest and the rows of a sweep directory (rows in point, variant order);
    every file is checked against the manifest's digest."""
    import pyarrow.dataset as ds

    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    for f in manifest["files"]:
        if _digest(out / f["path"]) != f["digest"]:
            raise InputError(
                f"{out / f['path']} does not match the manifest",
                (Problem("digest differs", file=str(out / f["path"]), expected=f["digest"]),),
            )
    rows = ds.dataset(out / "data", format="parquet", partitioning="hive").to_table().to_pylist()
    order = [v["id"] for v in manifest["variants"]]
    rows.sort(key=lambda r: (r["point"], order.index(r["variant"])))
    return manifest, rows
