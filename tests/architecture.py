"""The import rules of csto's layers, as a checker the tests can point at any source tree.

The core (record, state, law, procedures, sim models) may import only the standard
library's pure parts, its own lower layers, and light pure libraries. It may not import
storage, HTTP, terminal or file-format code, nor csto's edges. The edges (``cli``, ``web``)
share only the core and ``io``: neither imports the other, save ``csto serve`` handing over
to the web's one entry point (:data:`EDGE_DOORS`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

CORE = ("record", "state", "law", "procedures", "cases", "sim/models", "power", "exercise")
LAYERS = ("record", "state", "law", "procedures", "cases", "sim", "exercise")

#: top-level modules the core must never import
FORBIDDEN = {
    # csto's edges
    "csto.store",
    "csto.web",
    "csto.cli",
    "csto.io",
    # databases
    "sqlite3",
    "sqlalchemy",
    "psycopg",
    "psycopg_pool",
    "alembic",
    # HTTP and networking
    "http",
    "urllib",
    "socket",
    "httpx",
    "requests",
    "fastapi",
    "starlette",
    "uvicorn",
    # terminal and files
    "click",
    "rich",
    "ruamel",
    "yaml",
    "yaml_rs",
    "subprocess",
    "shutil",
    "tempfile",
}


#: the two edges, which may not import each other
EDGES = ("cli", "web")
#: the one import allowed between them: ``csto serve`` starts the web through its entry point
EDGE_DOORS = {("csto.cli.serve", "csto.web.serve")}


@dataclass(frozen=True)
class Violation:
    file: Path
    line: int
    imported: str
    rule: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: imports {self.imported} ({self.rule})"


def _imports(tree: ast.AST, module: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against the module's package
                base = module.split(".")[: -node.level]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            out.append((node.lineno, name))
    return out


def check_tree(package_root: Path) -> list[Violation]:
    """Every forbidden import in the core of the package rooted at ``package_root`` (csto/)."""
    found: list[Violation] = []
    for part in CORE:
        base = package_root / part
        files = sorted(base.rglob("*.py")) if base.is_dir() else []
        if (package_root / f"{part}.py").exists():
            files.append(package_root / f"{part}.py")
        for file in files:
            rel = file.relative_to(package_root.parent).with_suffix("")
            module = ".".join(rel.parts)
            layer = part.split("/")[0]
            higher = LAYERS[LAYERS.index(layer) + 1 :] if layer in LAYERS else ()
            for line, name in _imports(ast.parse(file.read_text(), str(file)), module):
                for bad in FORBIDDEN:
                    if name == bad or name.startswith(bad + "."):
                        found.append(Violation(file, line, name, f"the core may not import {bad}"))
                for up in higher:
                    target = f"csto.{up}"
                    if name == target or name.startswith(target + "."):
                        found.append(
                            Violation(
                                file, line, name, f"{layer} sits below {up} and may not import it"
                            )
                        )
    return found


def check_edges(package_root: Path) -> list[Violation]:
    """Every import from one edge into the other (bar :data:`EDGE_DOORS`)."""
    found: list[Violation] = []
    for edge in EDGES:
        other = next(e for e in EDGES if e != edge)
        base = package_root / edge
        for file in sorted(base.rglob("*.py")) if base.is_dir() else []:
            rel = file.relative_to(package_root.parent).with_suffix("")
            module = ".".join(rel.parts)
            for line, name in _imports(ast.parse(file.read_text(), str(file)), module):
                target = f"csto.{other}"
                hits = name == target or name.startswith(target + ".")
                if hits and (module, name) not in EDGE_DOORS:
                    found.append(
                        Violation(
                            file, line, name, f"{edge} and {other} share only the core and io"
                        )
                    )
    return found
