"""The rules: one per action verb, each naming the articles it applies and a version.

A rule is a plain function ``(ctx, action) -> None`` that cites articles, reads the
profile's answers to open questions and decides; :data:`RULES` maps each verb to its
:class:`Rule`. Changing what a rule decides means bumping its ``version``: the rules digest
in every receipt changes with it, and ``tests/law/rules.lock`` must be updated on purpose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from csto.law.context import Ctx
from csto.law.texts import ArticleRef

__all__ = ["RULES", "TALLY_READINGS", "Rule", "rule"]

#: the readings any rule that counts positions may consult (see ``decisions.tally``)
TALLY_READINGS = ("consensus-absence", "frozen-participation", "procedural-questions")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    verb: str
    version: int
    summary: str
    articles: tuple[ArticleRef, ...]
    readings: tuple[str, ...]
    apply: Callable[[Ctx, Any], None]


RULES: dict[str, Rule] = {}


def rule(
    verb: str,
    *,
    version: int,
    articles: tuple[ArticleRef, ...],
    readings: tuple[str, ...] = (),
) -> Callable[[Callable[[Ctx, Any], None]], Callable[[Ctx, Any], None]]:
    """Register the decorated function as the rule for ``verb``."""

    def register(fn: Callable[[Ctx, Any], None]) -> Callable[[Ctx, Any], None]:
        if verb in RULES:  # pragma: no cover - a programming error
            raise RuntimeError(f"two rules for {verb!r}")
        doc = (fn.__doc__ or "").strip().splitlines()
        RULES[verb] = Rule(
            id=f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}",
            verb=verb,
            version=version,
            summary=doc[0] if doc else verb,
            articles=articles,
            readings=readings,
            apply=fn,
        )
        return fn

    return register


def load_rules() -> dict[str, Rule]:
    """Import every rule module (registration happens on import) and return the registry."""
    from csto.law.rules import (  # noqa: F401
        assistance,
        decisions,
        forces,
        membership,
        officials,
        status,
    )

    return RULES
