"""Counterfactual decision rules: how the Council would count if it did not decide by the
Charter's consensus, as data, and the overlay that swaps one in.

A :class:`Counting` says which positions block (a veto), how many supporters adoption needs
(``quota``, or a majority of the voters), and who does not vote (the parties to a dispute).
:func:`with_counting` wraps every rule so that wherever a rule counts positions (through
``tally``) it counts by the counting instead, citing it; everything else the rule checks
(who may ask, what the Treaty covers, forces only on request) is the real law, untouched.
Build an engine with ``Engine(..., rules=with_counting(load_rules(), counting))``; its
rules digest changes with the counting.

These are designs to compare with the real rule, not readings of the law: ``csto.cases``
runs its episodes under the law's readings and source disagreements, the simulation
(``csto sim``) and the voting-power pages under these.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from csto.law.context import Ctx
from csto.law.rules import Rule

__all__ = ["COUNTINGS", "Counting", "k_of_n", "minus_parties", "with_counting"]

_BLOCKING = ("object", "abstain", "absent", "not_participate")


@dataclass(frozen=True, slots=True)
class Counting:
    """A decision rule: adopted when no voter takes a position in ``blocks`` (only the
    voters in ``veto`` can block, when given) and at least ``quota`` voters support (more
    than half of them when ``majority``). ``excluded`` states do not vote. ``sources``:
    where the rule comes from."""

    id: str
    says: str
    blocks: tuple[str, ...] = ("object",)
    quota: int = 1
    majority: bool = False
    excluded: tuple[str, ...] = ()
    veto: tuple[str, ...] | None = None
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [p for p in self.blocks if p not in _BLOCKING]
        if unknown:
            raise ValueError(f"positions that can block are {', '.join(_BLOCKING)}: {unknown}")
        if self.quota < 0:
            raise ValueError("the quota of supporters cannot be negative")

    def needed(self, voters: int) -> int:
        """Supporters needed among ``voters``."""
        return voters // 2 + 1 if self.majority else self.quota

    def decide(self, cast: Mapping[str, str]) -> tuple[bool, tuple[str, ...]]:
        """Whether ``cast`` (voter -> position) adopts, and who blocks."""
        blocking = tuple(
            c for c, p in cast.items() if p in self.blocks and (self.veto is None or c in self.veto)
        )
        supporters = sum(1 for p in cast.values() if p == "support")
        return not blocking and supporters >= self.needed(len(cast)), blocking

    @property
    def digest(self) -> str:
        """A short digest of every field: what a rule id carries, so receipts change with it."""
        text = json.dumps(dataclasses.asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def explain(self) -> str:
        parts = [self.says]
        if self.excluded:
            parts.append("not voting: " + ", ".join(self.excluded))
        return "; ".join(parts)


COUNTINGS: dict[str, Counting] = {
    c.id: c
    for c in (
        Counting(
            "majority",
            "simple majority: more than half of the members entitled to vote support it; no "
            "member can block it alone",
            blocks=(),
            majority=True,
        ),
        Counting(
            "silence",
            "NATO-style consensus with a silence procedure: the chair circulates the draft and "
            "it is adopted unless a member breaks silence by objecting in writing; no vote, "
            "so no supporter is needed",
            blocks=("object",),
            quota=0,
            sources=(
                "https://www.nato.int/cps/en/natohq/topics_49178.htm",
                "http://congressionalresearch.com/RS21510/document.php?study=NATOs+Decision-Making+Process",
            ),
        ),
    )
}


def k_of_n(k: int) -> Counting:
    """At least ``k`` supporters; no member can block alone."""
    if k < 1:
        raise ValueError("k of n needs k >= 1")
    return Counting(f"k-of-n:{k}", f"at least {k} members support it; none can block alone", (), k)


def minus_parties(parties: tuple[str, ...]) -> Counting:
    """Consensus (no objection, one supporter) among the members not party to the dispute."""
    return Counting(
        "minus-parties:" + "+".join(sorted(parties)),
        "consensus minus the parties to the dispute: no objection from any other member, "
        "and at least one supporter; the parties do not vote",
        excluded=tuple(sorted(parties)),
        sources=("urdupoint-1575420",),
    )


def with_counting(rules: Mapping[str, Rule], counting: Counting) -> dict[str, Rule]:
    """Every rule, counting by ``counting`` wherever it counts positions."""

    def wrap(base: Rule) -> Rule:
        def apply(ctx: Ctx, action: Any) -> None:
            ctx.counting = counting
            base.apply(ctx, action)

        label = f"{base.id}[{counting.id}#{counting.digest}]"
        return dataclasses.replace(base, id=label, apply=apply)

    return {verb: wrap(r) for verb, r in rules.items()}
