"""Monte Carlo, exact: one SeedSequence root per run, a fixed decomposition into batches, and
integer counts, so the same seed gives bit-identical results whatever the executor (in this
process, a process pool, a Dask LocalCluster), the number of workers or the order batches
finish in; and common random numbers across variants."""

from __future__ import annotations

import numpy as np
import pytest

from csto.sim.models.plan import Plan
from csto.sim.models.prepare import World
from csto.sim.models.session import batch_digest, generator, simulate_batch
from csto.sim.run import run_plan
from tests.sim.conftest import small_plan


@pytest.fixture(scope="module")
def plan(world: World) -> Plan:
    return small_plan(world, "arm-2022-09", replications=6000, batch=1000)


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def test_the_batch_generator_is_the_seed_sequence_child() -> None:
    spawned = np.random.SeedSequence(42).spawn(5)[3]
    ours = generator(42, 3).bit_generator.seed_seq
    assert ours.entropy == spawned.entropy
    assert ours.spawn_key == spawned.spawn_key


def test_same_seed_same_counts_different_seed_different_counts(plan: Plan) -> None:
    a = run_plan(plan, executor="inline")
    b = run_plan(plan, executor="inline")
    assert _same(a.totals, b.totals)
    assert a.digests == b.digests
    other = Plan(**{**plan.__dict__, "seed": plan.seed + 1})
    c = run_plan(other, executor="inline")
    assert not _same(a.totals, c.totals)


def test_a_batch_does_not_depend_on_the_others(plan: Plan) -> None:
    whole = run_plan(plan, executor="inline")
    alone = run_plan(plan, executor="inline", indices=[4])
    assert dict(whole.digests)[4] == dict(alone.digests)[4]
    assert batch_digest(simulate_batch(plan, 4)) == dict(whole.digests)[4]


@pytest.mark.slow
def test_inline_process_pool_and_dask_agree_bit_for_bit(plan: Plan) -> None:
    inline = run_plan(plan, executor="inline")
    pool = run_plan(plan, executor="process", workers=2)
    dask = run_plan(plan, executor="dask", workers=2)
    assert pool.executor == "process"
    assert dask.executor == "dask LocalCluster"
    assert inline.digests == pool.digests == dask.digests
    assert _same(inline.totals, pool.totals)
    assert _same(inline.totals, dask.totals)


def test_common_random_numbers_across_variants(world: World) -> None:
    """A variant's counts are the same whether it runs alone or beside others."""
    alone = run_plan(small_plan(world, "arm-2022-09", variants=("consensus",)), executor="inline")
    together = run_plan(
        small_plan(world, "arm-2022-09", variants=("majority", "consensus", "silence")),
        executor="inline",
    )
    for key, value in alone.totals.items():
        assert np.array_equal(value, together.totals[key]), key


def test_counts_add_up(plan: Plan) -> None:
    totals = run_plan(plan, executor="inline").totals
    for v in plan.variants:
        n = int(totals[f"{v.id}/n"])
        adopted = int(totals[f"{v.id}/adopted"])
        assert n == plan.replications
        assert int(totals[f"{v.id}/by_rung"].sum()) == adopted
        assert int(totals[f"{v.id}/by_round"].sum()) == adopted
        lost = int(totals[f"{v.id}/failed_veto"] + totals[f"{v.id}/failed_quota"])
        assert adopted + lost + int(totals[f"{v.id}/barred"]) == n
