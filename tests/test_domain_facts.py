"""A domain fact is defined once: what each membership status permits, the notice period, the
Secretary-General's term and rotation, a state's names. This test finds copies in the source
(a status set typed out again, a Russian-name sort, a state-name lookup written inline)."""

from __future__ import annotations

import ast
from pathlib import Path

from csto.state.statuses import MEMBER_STATUSES

SRC = Path(__file__).resolve().parent.parent / "src" / "csto"
#: the modules that define the facts (and the fold, which applies them)
HOMES = {
    "codes.py",
    "state/statuses.py",
    "state/offices.py",
    "state/model.py",
    "state/fold.py",
}
STATUSES = MEMBER_STATUSES | {"signatory"}


def _modules() -> list[tuple[str, ast.Module]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel not in HOMES:
            out.append((rel, ast.parse(path.read_text(encoding="utf-8"))))
    return out


def _status_sets(tree: ast.Module) -> list[int]:
    """Lines of tuple/list/set literals of two or more membership statuses (and nothing else)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(words) >= 2 and set(words) <= STATUSES:
                lines.append(node.lineno)
    return lines


def test_status_sets_are_not_typed_out_again() -> None:
    copies = {rel: lines for rel, tree in _modules() if (lines := _status_sets(tree))}
    assert not copies, (
        f"status sets typed out in {copies}; import them from csto.state.statuses "
        "(TAKES_PART, VOTES, SUSPENDABLE, MEMBER_STATUSES, is_member)"
    )


def test_state_names_and_the_russian_order_come_from_codes() -> None:
    offenders = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("name_ru",):
                offenders.append(f"{rel}:{node.lineno} reads name_ru (use in_russian_order)")
    assert not offenders, offenders


def test_the_notice_and_the_term_are_not_written_as_numbers() -> None:
    offenders = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "add_months"
                and any(isinstance(a, ast.Constant) for a in node.args[1:])
            ):
                offenders.append(f"{rel}:{node.lineno}")
    assert not offenders, f"add_months with a literal period in {offenders}"
