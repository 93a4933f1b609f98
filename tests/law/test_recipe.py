"""The recipe "Adding a verb" in docs/law.md: each of its steps is checked here (or by the
test the recipe names), so that a verb added by following it, and only it, is complete."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from csto.law import actions
from csto.law import rules as rules_package
from csto.law.actions import ACTIONS, Action
from csto.law.fields import specs
from csto.law.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]
#: modules under csto.law.rules that hold no rules
_HELPERS = {"refs", "voting"}


def _declared() -> list[type[Action]]:
    return [
        cls
        for _, cls in inspect.getmembers(actions, inspect.isclass)
        if issubclass(cls, Action) and cls is not Action and cls.__module__ == actions.__name__
    ]


def test_step_1_every_action_is_declared_and_listed() -> None:
    declared = _declared()
    assert {c.verb for c in declared} == set(ACTIONS), "list every action class in ACTIONS"
    for cls in declared:
        assert ACTIONS[cls.verb] is cls
        assert cls.__name__ in actions.__all__, f"add {cls.__name__} to __all__"
        assert (cls.__doc__ or "").strip(), f"{cls.__name__} needs a docstring"
        assert dataclasses.is_dataclass(cls)
        assert cls.__dataclass_params__.frozen
        declared = specs(cls)  # every field declared with csto.law.fields, with its help
        assert [s.name for s in declared] == [f.name for f in dataclasses.fields(cls)]
        assert all(s.help.strip() for s in declared), f"{cls.__name__}: a field has no help"


def test_step_2_every_verb_has_exactly_one_rule() -> None:
    registry = load_rules()
    assert set(registry) == set(ACTIONS), "write a rule for every verb (and no other)"
    modules = {
        m.name
        for m in pkgutil.iter_modules(rules_package.__path__)
        if m.name not in _HELPERS and not m.name.startswith("_")
    }
    loaded = {rule.id.split(".")[0] for rule in registry.values()}
    assert modules == loaded, f"add the rule module(s) {sorted(modules - loaded)} to load_rules"
    for name in modules:  # every rule module's rules are registered
        module = importlib.import_module(f"csto.law.rules.{name}")
        fns = {rule.apply for rule in registry.values()}
        for _, fn in inspect.getmembers(module, inspect.isfunction):
            hints = getattr(fn, "__annotations__", {})
            if fn.__module__ == module.__name__ and "ctx" in hints and fn.__name__ in ACTIONS:
                assert fn in fns, f"{name}.{fn.__name__} is not registered with @rule"


def test_step_5_docs_list_every_verb() -> None:
    text = (ROOT / "docs" / "law.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([a-z_]+)` \| `csto ask ([a-z-]+)` \|", text, re.MULTILINE))
    expected = {(verb, verb.replace("_", "-")) for verb in ACTIONS}
    assert expected - rows == set(), "add the verb to the table in docs/law.md"
