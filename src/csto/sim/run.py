"""Run a plan's batches on an executor and add up their counts.

Executors: ``inline`` (this process), ``process`` (a local process pool, the default) and
``dask`` (Dask distributed: a ``LocalCluster``, or the scheduler at ``tcp://HOST:PORT``).
Whatever the executor and the number of workers, batch ``i`` is simulated from the run's
seed and ``i`` alone and returns integer counts, which are summed in batch order: the same
plan gives bit-identical totals and batch digests everywhere (the same numpy build
assumed; the receipt records it and Dask's version check enforces it).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from csto.errors import InputError, Problem
from csto.sim.models.plan import Plan
from csto.sim.models.session import BatchResult, batch_digest, simulate_batch

__all__ = ["EXECUTORS", "ExecutorKind", "RunResult", "add_counts", "run_plan", "run_plans"]

ExecutorKind = Literal["inline", "process", "dask"]
EXECUTORS: dict[str, str] = {
    "inline": "in this process, one batch after another",
    "process": "a local pool of worker processes (default)",
    "dask": "Dask distributed: a LocalCluster, or the scheduler given by --scheduler",
}

Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)
class RunResult:
    """The summed counts, each batch's digest (by index), how it ran and how long it took."""

    plan: Plan
    totals: dict[str, NDArray[np.int64]]
    digests: tuple[tuple[int, str], ...]
    executor: str
    workers: int
    seconds: float


def add_counts(results: Iterable[BatchResult]) -> dict[str, NDArray[np.int64]]:
    """Sum batch results key by key (integers: exact in any order)."""
    totals: dict[str, NDArray[np.int64]] = {}
    for result in results:
        for key, value in result.items():
            if key in totals:
                totals[key] = totals[key] + value
            else:
                totals[key] = np.array(value, dtype=np.int64, copy=True)
    return totals


_WORKER_PLANS: list[Plan] = []


def _init_worker(plans: tuple[Plan, ...]) -> None:
    _WORKER_PLANS[:] = list(plans)


def _worker_batch(plan: int, index: int) -> BatchResult:
    return simulate_batch(_WORKER_PLANS[plan], index)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


Task = tuple[int, int]  # (plan, batch)


def run_plan(
    plan: Plan,
    *,
    executor: ExecutorKind = "process",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    indices: Sequence[int] | None = None,
) -> RunResult:
    """Simulate ``plan``'s batches (``indices``: only those) and sum their counts."""
    todo = list(range(plan.n_batches) if indices is None else indices)
    return _run([plan], [(0, i) for i in todo], executor, workers, scheduler, progress)[0]


def run_plans(
    plans: Sequence[Plan],
    *,
    executor: ExecutorKind = "process",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> list[RunResult]:
    """Simulate every batch of every plan on one executor (one pool, one cluster), and sum
    each plan's counts: the same totals and digests as running each plan alone."""
    tasks = [(p, i) for p, plan in enumerate(plans) for i in range(plan.n_batches)]
    return _run(list(plans), tasks, executor, workers, scheduler, progress)


def _run(
    plans: list[Plan],
    tasks: list[Task],
    executor: ExecutorKind,
    workers: int | None,
    scheduler: str | None,
    progress: Progress | None,
) -> list[RunResult]:
    workers = max(1, workers or min(len(tasks), os.cpu_count() or 1))
    started = time.perf_counter()
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(tasks))

    results: dict[Task, BatchResult] = {}
    if executor == "inline" or (executor == "process" and (workers == 1 or len(tasks) <= 1)):
        for p, i in tasks:
            results[(p, i)] = simulate_batch(plans[p], i)
            tick()
        used = "inline"
        workers = 1
    elif executor == "process":
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(tuple(plans),),
        ) as pool:
            pending: dict[Future[BatchResult], Task] = {
                pool.submit(_worker_batch, p, i): (p, i) for p, i in tasks
            }
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    results[pending.pop(fut)] = fut.result()
                    tick()
        used = "process"
    elif executor == "dask":
        results = _run_dask(plans, tasks, workers, scheduler, tick)
        used = f"dask {scheduler}" if scheduler else "dask LocalCluster"
    else:
        raise InputError(
            f"unknown executor {executor!r}",
            (Problem("unknown executor", field="executor", expected=", ".join(EXECUTORS)),),
        )
    seconds = time.perf_counter() - started
    by_plan: dict[int, list[tuple[int, BatchResult]]] = {p: [] for p in range(len(plans))}
    for p, i in tasks:
        by_plan[p].append((i, results[(p, i)]))
    out = []
    for p, plan in enumerate(plans):
        mine = by_plan[p]
        ordered = [r for _, r in mine]
        out.append(
            RunResult(
                plan=plan,
                totals=add_counts(ordered),
                digests=tuple((i, batch_digest(r)) for i, r in mine),
                executor=used,
                workers=workers,
                seconds=seconds,
            )
        )
    return out


def _run_dask(
    plans: list[Plan],
    tasks: list[Task],
    workers: int,
    scheduler: str | None,
    tick: Callable[[], None],
) -> dict[Task, BatchResult]:
    try:
        # imported only here (and untyped: Dask ships no stubs for these)
        distributed: Any = importlib.import_module("dask.distributed")
    except ImportError:  # pragma: no cover - the sim extra installs it
        raise InputError(
            "the dask executor needs Dask distributed: pip install 'csto[sim]'",
            (Problem("dask is not installed", field="executor"),),
        ) from None
    cluster = None
    try:
        if scheduler:
            client = distributed.Client(scheduler, timeout="10s")
        else:
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                # an HTTP server starts whatever the dashboard; on a free port, so that a
                # second cluster on this machine (8787 taken) neither warns nor fails
                dashboard_address="127.0.0.1:0",
                silence_logs=40,
            )
            client = distributed.Client(cluster)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            f"cannot reach the Dask scheduler {scheduler}: {exc}",
            (
                Problem(
                    str(exc), field="scheduler", expected="tcp://HOST:PORT of a running scheduler"
                ),
            ),
        ) from None
    try:
        client.get_versions(check=True)
        shared = [client.scatter(plan, broadcast=True) for plan in plans]
        tag = uuid.uuid4().hex
        futures = [
            client.submit(simulate_batch, shared[p], i, pure=False, key=f"csto-sim-{tag}-{p}-{i}")
            for p, i in tasks
        ]
        for _ in distributed.as_completed(futures):
            tick()
        gathered = client.gather(futures)
        return dict(zip(tasks, gathered, strict=True))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
