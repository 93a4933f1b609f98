"""CITATION.cff is valid Citation File Format 1.2.0 and agrees with the package; LICENSE
states the code's and the data's licences."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from jsonschema import Draft7Validator
from ruamel.yaml import YAML

import csto

ROOT = Path(__file__).resolve().parent.parent


def _cff() -> dict[str, object]:
    data = YAML(typ="safe").load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_citation_file_validates_against_the_cff_schema() -> None:
    schema = json.loads((ROOT / "tests" / "data" / "cff-1.2.0.schema.json").read_text())
    errors = sorted(Draft7Validator(schema).iter_errors(_cff()), key=str)
    assert not errors, [e.message for e in errors]


def test_the_validator_refuses_a_citation_without_authors() -> None:
    schema = json.loads((ROOT / "tests" / "data" / "cff-1.2.0.schema.json").read_text())
    broken = {k: v for k, v in _cff().items() if k != "authors"}
    assert list(Draft7Validator(schema).iter_errors(broken))


def test_citation_version_and_licence_match_the_package() -> None:
    cff = _cff()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert cff["version"] == csto.__version__ == project["version"]
    assert cff["license"] == project["license"] == "MIT"
    assert "CC BY 4.0" in str(cff["message"])


def test_license_file_states_the_code_and_the_data_licences() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text
    assert "Creative Commons Attribution 4.0" in text
    assert "Correlates of War" in text
