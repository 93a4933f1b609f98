"""The import graph is the architecture: the core imports no edge, and the check bites."""

from __future__ import annotations

from pathlib import Path

import csto
from tests.architecture import check_edges, check_tree

PACKAGE = Path(csto.__file__).parent


def test_core_imports_nothing_from_the_edges() -> None:
    violations = check_tree(PACKAGE)
    assert not violations, "\n".join(map(str, violations))


def test_the_check_catches_a_core_module_importing_sqlite3(tmp_path: Path) -> None:
    pkg = tmp_path / "csto"
    (pkg / "record").mkdir(parents=True)
    (pkg / "record" / "__init__.py").write_text("")
    (pkg / "record" / "bad.py").write_text('"""Bad."""\n\nimport sqlite3\n')
    violations = check_tree(pkg)
    assert [(v.file.name, v.line, v.imported) for v in violations] == [("bad.py", 3, "sqlite3")]


def test_the_check_catches_a_lower_layer_importing_a_higher_one(tmp_path: Path) -> None:
    pkg = tmp_path / "csto"
    (pkg / "record").mkdir(parents=True)
    (pkg / "record" / "up.py").write_text("from csto.state import fold\nfrom ..cli import main\n")
    rules = sorted(v.rule for v in check_tree(pkg))
    assert rules == [
        "record sits below state and may not import it",
        "the core may not import csto.cli",
    ]


def test_the_edges_do_not_import_each_other() -> None:
    violations = check_edges(PACKAGE)
    assert not violations, "\n".join(map(str, violations))


def test_the_edge_check_bites(tmp_path: Path) -> None:
    pkg = tmp_path / "csto"
    (pkg / "cli").mkdir(parents=True)
    (pkg / "web").mkdir(parents=True)
    (pkg / "cli" / "law.py").write_text("from csto.web.lawview import LawView\n")
    (pkg / "cli" / "serve.py").write_text("from csto.web.serve import run\n")
    (pkg / "web" / "pages.py").write_text("from ..cli.output import print_json\n")
    found = sorted((v.file.name, v.imported) for v in check_edges(pkg))
    assert found == [("law.py", "csto.web.lawview"), ("pages.py", "csto.cli.output")]
