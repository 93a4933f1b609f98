"""The import graph is the architecture: the core imports no edge, and the check bites."""

from __future__ import annotations

from pathlib import Path

import csto
from tests.architecture import check_tree

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
