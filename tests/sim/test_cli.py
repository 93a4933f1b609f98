"""``csto sim``: run prints a result with its receipt, the JSON document follows its schema,
delegations lists sources, verify re-runs sampled batches and catches a tampered receipt;
the shipped schemas are current and every shipped scenario validates."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from csto.cli import cli
from csto.io.lawfiles import parse_yaml
from csto.io.scenariofiles import builtin_scenario_files

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "src" / "csto" / "sim" / "schema"
sys.path.insert(0, str(ROOT / "scripts"))
import sim_schemas  # noqa: E402


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_run_prints_the_variants_and_the_receipt() -> None:
    code, out = _run(
        "sim", "run", "kgz-tjk-2022-09", "-n", "3000", "--executor", "inline", "--uncalibrated"
    )
    assert code == 0, out
    for word in ("consensus", "minus-parties", "P(act)", "receipt", "seed 20220916", "numpy"):
        assert word in out


def test_the_json_document_follows_its_schema(tmp_path: Path) -> None:
    receipt = tmp_path / "r.json"
    code, out = _run(
        "sim",
        "run",
        "arm-2022-09",
        "-n",
        "2000",
        "--seed",
        "7",
        "--executor",
        "inline",
        "--uncalibrated",
        "--json",
        "--receipt",
        str(receipt),
    )
    assert code == 0, out
    doc = json.loads(out)
    schema = json.loads((SCHEMAS / "simulation.schema.json").read_text())
    jsonschema.validate(doc, schema)
    assert doc["receipt"]["seed"] == 7
    assert doc["receipt"]["replications"] == 2000
    assert json.loads(receipt.read_text()) == doc["receipt"]
    assert {v["id"] for v in doc["variants"]} == {
        "consensus",
        "minus-parties",
        "majority",
        "k-of-n:4",
        "silence",
    }


def test_verify_reproduces_and_catches_tampering(tmp_path: Path) -> None:
    receipt = tmp_path / "r.json"
    code, out = _run(
        "sim",
        "run",
        "kaz-2022-01",
        "-n",
        "70000",
        "--executor",
        "process",
        "--workers",
        "2",
        "--uncalibrated",
        "--receipt",
        str(receipt),
    )
    assert code == 0, out
    code, out = _run("sim", "verify", str(receipt), "--sample", "2")
    assert code == 0, out
    assert "OK" in out
    assert "bit for bit" in out
    doc = json.loads(receipt.read_text())
    doc["batch_digests"][1][1] = "0" * 64
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(doc))
    code, out = _run("sim", "verify", str(bad), "--sample", "0")
    assert code == 1, out
    assert "MISMATCH: batches 1 of 3" in out


def test_verify_refuses_what_is_not_a_receipt(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text('{"schema": "something else"}')
    code, out = _run("sim", "verify", str(junk))
    assert code == 2
    assert "not a simulation receipt" in out


def test_delegations_lists_every_parameter_with_its_source() -> None:
    code, out = _run("sim", "delegations", "arm-2022-09", "--uncalibrated", "--json")
    assert code == 0, out
    doc = json.loads(out)
    params = [p for d in doc["delegations"] for p in d["params"]] + doc["model"]
    assert len(doc["delegations"]) == 6
    assert all(p["source"]["says"] for p in params)
    assert any("UNGA roll calls" in p["source"]["says"] for p in params)


def test_list_and_variants() -> None:
    code, out = _run("sim", "list")
    assert code == 0
    assert "arm-2022-09" in out
    assert "crrf-2009-06" in out
    code, out = _run("sim", "variants")
    assert code == 0
    assert "silence" in out
    assert "k-of-n:K" in out


def test_the_scenario_schema_is_current_and_every_shipped_scenario_validates() -> None:
    assert (SCHEMAS / "scenario.schema.json").read_text() == sim_schemas.render(), (
        "run python scripts/sim_schemas.py"
    )
    schema = json.loads(sim_schemas.render())
    for file in builtin_scenario_files():
        doc = json.loads(json.dumps(parse_yaml(str(file), file.read_text())))
        jsonschema.validate(doc, schema)
