"""Sweeps: axes are parsed with located errors; a grid is its product, a random sweep is a
function of its seed; a point's counts are exactly those of ``csto sim run`` with the point's
overrides, on any executor; the results are written as partitioned Parquet with a manifest
whose digests check the files; a non-empty directory is never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from csto.cli import cli
from csto.errors import InputError
from csto.io.simsweep import read_sweep, write_sweep
from csto.sim.api import scenario_file, simulate
from csto.sim.models.prepare import World
from csto.sim.models.sweep import apply_point, parse_axis, sweep_points
from csto.sim.receipts import totals_digest
from csto.sim.sweep import sweep


@pytest.mark.parametrize(
    ("text", "kind", "says"),
    [
        ("costs=1,2", "grid", "no model parameter 'costs'"),
        ("cost", "grid", "not NAME=VALUES"),
        ("cost=1,x", "grid", "not numbers"),
        ("cost=1,1", "grid", "repeated"),
        ("cost=1,2", "random", "needs a range"),
        ("cost=2:1", "random", "below HIGH"),
        ("KAZ.loyalty=1,2", "grid", "no delegation parameter 'loyalty'"),
        ("kz.attendance=1", "grid", "not a state code"),
    ],
)
def test_bad_axes_are_located_input_errors(text: str, kind: str, says: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_axis(text, kind, "--axis")  # type: ignore[arg-type]
    assert says in str(caught.value)
    assert caught.value.problems[0].field == "--axis"


def test_a_grid_is_the_product_and_a_random_sweep_a_function_of_its_seed() -> None:
    grid = sweep_points(
        [parse_axis("cost=1,2", "grid"), parse_axis("KAZ.attendance=0.5,0.9,1", "grid")], "grid"
    )
    assert len(grid) == 6
    assert grid[0] == {"cost": 1.0, "KAZ.attendance": 0.5}
    assert grid[-1] == {"cost": 2.0, "KAZ.attendance": 1.0}
    axes = [parse_axis("cost=0.5:2", "random"), parse_axis("band=0:1", "random")]
    a = sweep_points(axes, "random", points=5, seed=3)
    assert a == sweep_points(axes, "random", points=5, seed=3)
    assert a != sweep_points(axes, "random", points=5, seed=4)
    assert all(0.5 <= p["cost"] < 2 and 0 <= p["band"] < 1 for p in a)


def _small(world: World, **kw: object) -> object:
    return sweep(
        "arm-2022-09",
        [parse_axis("cost=0.5,2", "grid"), parse_axis("KAZ.attendance=0.3,1", "grid")],
        replications=3000,
        seed=5,
        variants=("consensus", "majority"),
        batch=1000,
        world=world,
        calibrated=False,
        **kw,  # type: ignore[arg-type]
    )


def test_a_point_counts_exactly_what_a_run_with_its_overrides_counts(world: World) -> None:
    result = _small(world, executor="inline")
    assert len(result.rows) == 4 * 2  # type: ignore[attr-defined]
    manifest = result.manifest  # type: ignore[attr-defined]
    sc, _, _ = scenario_file("arm-2022-09", world)
    for point in (0, 3):
        values = manifest["points"][point]["values"]
        alone = simulate(
            apply_point(sc, values, "by hand"),
            replications=3000,
            seed=5,
            variants=("consensus", "majority"),
            batch=1000,
            world=world,
        )
        assert totals_digest(alone.run.totals) == manifest["points"][point]["totals_digest"]
    # the parameters matter: the points differ
    assert len({p["totals_digest"] for p in manifest["points"]}) == 4


@pytest.mark.slow
def test_a_sweep_on_dask_gives_the_same_rows_as_in_this_process(world: World) -> None:
    inline = _small(world, executor="inline")
    dask = _small(world, executor="dask", workers=2)
    assert dask.manifest["executor"] == "dask LocalCluster"  # type: ignore[attr-defined]
    assert dask.rows == inline.rows  # type: ignore[attr-defined]
    assert dask.manifest["points"] == inline.manifest["points"]  # type: ignore[attr-defined]


def test_parquet_and_manifest_round_trip_and_refuse_to_overwrite(
    world: World, tmp_path: Path
) -> None:
    result = _small(world, executor="inline")
    out = tmp_path / "sweep"
    manifest_path = write_sweep(result, out)  # type: ignore[arg-type]
    assert (out / "data" / "variant=consensus" / "part-0.parquet").is_file()
    assert (out / "data" / "variant=majority" / "part-0.parquet").is_file()
    assert "<svg" in (out / "sweep.html").read_text("utf-8")
    manifest, rows = read_sweep(out)
    assert manifest_path == out / "manifest.json"
    for key in ("csto_version", "record_digest", "rules_digest", "scenario", "seed", "environment"):
        assert manifest[key] == result.manifest[key], key  # type: ignore[attr-defined]
    assert [(r["point"], r["variant"], r["acted"]) for r in rows] == [
        (r["point"], r["variant"], r["acted"])
        for r in result.rows  # type: ignore[attr-defined]
    ]
    # a tampered file is caught; a non-empty directory is refused, and nothing half-written
    part = out / "data" / "variant=majority" / "part-0.parquet"
    part.write_bytes(part.read_bytes() + b"x")
    with pytest.raises(InputError, match="does not match the manifest"):
        read_sweep(out)
    with pytest.raises(InputError, match="not an empty directory"):
        write_sweep(result, out)  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep"]


def test_the_command_prints_the_rows_and_writes_the_directory(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "s"
    args = ["sim", "sweep", "kgz-tjk-2022-09", "--axis", "cost=1,3", "-n", "2000"]
    args += ["--executor", "inline", "--uncalibrated", "--variant", "consensus"]
    result = runner.invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    for word in ("P(act)", "cost", "consensus", "seed 20220916", "numpy"):
        assert word in result.output
    assert (out / "manifest.json").is_file()
    bad = runner.invoke(cli, ["sim", "sweep", "kgz-tjk-2022-09", "--axis", "cost=1,y"])
    assert bad.exit_code != 0
    assert "--axis" in bad.output
    assert "cost=1,y" in bad.output
