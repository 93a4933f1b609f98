"""Rule variants: alternative rules swapped in through the engine's one factory argument
(``Engine(..., rules=...)``), so the whole suite can be run under each and compared.

Each variant names what it changes and why it is worth running: a disagreement among
sources that a reading of the law cannot express.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from csto.law.context import Ctx
from csto.law.rules import Rule
from csto.law.rules.officials import appoint_with_term

__all__ = ["VARIANTS", "Variant"]


@dataclass(frozen=True, slots=True)
class Variant:
    id: str
    says: str
    swap: Callable[[Mapping[str, Rule]], dict[str, Rule]]


def _sg_four_years(rules: Mapping[str, Rule]) -> dict[str, Rule]:
    def apply(ctx: Ctx, action: Any) -> None:
        appoint_with_term(ctx, action, 48)

    out = dict(rules)
    base = out["appoint_secretary_general"]
    out["appoint_secretary_general"] = dataclasses.replace(
        base, id=base.id + "[four-year-term]", apply=apply
    )
    return out


VARIANTS: dict[str, Variant] = {
    v.id: v
    for v in (
        Variant(
            "sg-term-four-years",
            "The Secretary-General's term is four years, as one reference work says, instead "
            "of the Charter's three (the record keeps both; see the SG appointment events).",
            _sg_four_years,
        ),
    )
}
