"""Scenario files: every shipped one loads and is grounded in the record; a broken file is
refused with a located message (file, line, field, expected, fix) and runs nothing.

Each file in ``tests/sim/bad/`` starts with ``# must contain: a | b | c``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from csto.cli import cli
from csto.errors import InputError
from csto.io.scenariofiles import builtin_scenario_files, load_scenario, shipped_scenarios
from csto.sim.models.prepare import World

BAD = sorted((Path(__file__).parent / "bad").glob("*.yaml"))


def _expected(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# must contain:"), f"{path.name} lacks its '# must contain:' line"
    return [w.strip() for w in first.removeprefix("# must contain:").split("|")]


def test_there_is_a_broken_file_for_each_kind_of_error() -> None:
    assert len(BAD) >= 15


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_broken_file_gets_a_precise_message(world: World, path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_scenario(path, world.history, world.engine, world.table)
    message = str(info.value)
    missing = [w for w in [path.name, *_expected(path)] if w not in message]
    assert not missing, f"message lacks {missing}:\n{message}"


def test_a_broken_file_runs_nothing(tmp_path: Path) -> None:
    receipt = tmp_path / "receipt.json"
    html = tmp_path / "html"
    result = CliRunner().invoke(
        cli,
        [
            "sim",
            "run",
            str(BAD[0]),
            "--executor",
            "inline",
            "--receipt",
            str(receipt),
            "--html",
            str(html),
        ],
    )
    assert result.exit_code == 2, result.output
    assert "bad input [E100]" in result.output
    assert not receipt.exists()
    assert not html.exists()


def test_at_least_eight_shipped_scenarios_each_with_its_paragraph(world: World) -> None:
    scenarios = shipped_scenarios(world.history, world.engine, world.table)
    assert len(scenarios) >= 8
    assert len(builtin_scenario_files()) == len(scenarios)
    for sc in scenarios:
        assert len(sc.about.split()) >= 40, f"{sc.id}: the paragraph on what it shows is too short"
        assert sc.sources, sc.id
        assert Path(f"{sc.id}.yaml").name in {f.name for f in builtin_scenario_files()}
