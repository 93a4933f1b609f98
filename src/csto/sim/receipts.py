"""Receipts: what a run rests on, enough to reproduce it and to check a copy.

A receipt pins the csto version, the record digest, the rules digest of every variant, the
scenario (file and digest), the seed, replications and batch size, the calibration it used,
the numpy build and bit generator, the executor, and each batch's digest. :func:`verify`
re-runs sampled batches (in this process) and compares their digests.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from csto.sim.models.plan import Plan
from csto.sim.run import RunResult

__all__ = ["RECEIPT_SCHEMA", "environment", "receipt", "totals_digest"]

RECEIPT_SCHEMA = "csto.sim.receipt/1"


def environment() -> dict[str, str]:
    """The numpy build and platform a stream depends on (numpy's compatibility policy)."""
    return {
        "numpy": np.__version__,
        "bit_generator": "PCG64",
        "seeding": "SeedSequence(seed, spawn_key=(batch,))",
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "system": platform.system(),
    }


def totals_digest(totals: Mapping[str, NDArray[np.int64]]) -> str:
    h = hashlib.sha256()
    for key in sorted(totals):
        h.update(key.encode())
        h.update(np.ascontiguousarray(totals[key], dtype=np.int64).tobytes())
    return "sha256:" + h.hexdigest()


def receipt(
    plan: Plan,
    run: RunResult,
    *,
    csto_version: str,
    record_digest: str,
    rules_digest: str,
    scenario_file: str,
    scenario_digest: str,
    profile: str,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": RECEIPT_SCHEMA,
        "csto_version": csto_version,
        "record_digest": record_digest,
        "rules_digest": rules_digest,
        "scenario": {"id": plan.scenario, "file": scenario_file, "digest": scenario_digest},
        "profile": profile,
        "variants": [{"id": v.id, "rules_digest": v.rules_digest} for v in plan.variants],
        "seed": plan.seed,
        "replications": plan.replications,
        "batch": plan.batch,
        "batches": plan.n_batches,
        "calibration": plan.draws.receipt if plan.draws is not None else None,
        "environment": environment(),
        "executor": run.executor,
        "workers": run.workers,
        "seconds": round(run.seconds, 3),
        "batch_digests": [[i, d] for i, d in run.digests],
        "totals_digest": totals_digest(run.totals),
    }
    body = json.dumps(
        {k: v for k, v in doc.items() if k not in ("seconds", "executor", "workers")},
        sort_keys=True,
    )
    doc["digest"] = "sha256:" + hashlib.sha256(body.encode()).hexdigest()
    return doc
