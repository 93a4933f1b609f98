"""The rule variants a scenario may run under, by name: ``consensus`` (the law as it stands,
as the profile reads it) and the counterfactual counts of :mod:`csto.law.counting`, each
optionally with a membership change after ``@`` (``consensus@-ARM``: without Armenia;
``majority@+UZB,-ARM``)."""

from __future__ import annotations

from dataclasses import dataclass

from csto.law.counting import COUNTINGS

__all__ = ["VARIANTS", "VariantSpec", "parse_variant"]

VARIANTS: dict[str, str] = {
    "consensus": "the law as it stands: the Charter's consensus, as the profile reads it",
    "minus-parties": "consensus minus the parties to the dispute (requester and a member "
    "attacker do not vote)",
    "majority": COUNTINGS["majority"].says,
    "silence": COUNTINGS["silence"].says,
    "k-of-n:K": "at least K members support; none can block alone (e.g. k-of-n:4)",
    "file:PATH": "a decision rule of your own, from a YAML file (docs/sim.md)",
}


@dataclass(frozen=True, slots=True)
class VariantSpec:
    name: str
    rule: str
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()


def parse_variant(name: str) -> VariantSpec:
    """``RULE[@+ADD,-REMOVE...]`` (``ValueError`` says what is wrong)."""
    rule, _, delta = name.partition("@")
    add: list[str] = []
    remove: list[str] = []
    for part in filter(None, delta.split(",")):
        code = part[1:]
        if part[:1] not in "+-" or not (len(code) == 3 and code.isalpha() and code.isupper()):
            raise ValueError(f"in {name!r}: write +CODE or -CODE after '@', e.g. consensus@-ARM")
        (add if part[0] == "+" else remove).append(code)
    if rule not in VARIANTS and not rule.startswith(("k-of-n:", "file:")):
        raise ValueError(f"unknown rule variant {rule!r}")
    if rule.startswith("k-of-n:") and not (rule[7:].isdigit() and int(rule[7:]) > 0):
        raise ValueError(f"{rule!r}: K must be a whole number >= 1, e.g. k-of-n:4")
    return VariantSpec(name, rule, tuple(add), tuple(remove))
