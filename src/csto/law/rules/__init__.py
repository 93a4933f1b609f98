"""The rules: one per action verb, each naming the articles it applies and a version.

A rule is a plain function ``(ctx, action) -> None`` registered with :func:`rule`; the verb
it answers is the ``verb`` of its ``action`` parameter's type, so it is written once, on the
action. It cites articles, reads the profile's answers to open questions, ends early with
``ctx.refuse``/``ctx.require``/``ctx.stop`` or decides at the end with ``ctx.decide`` (see
:mod:`csto.law.context`); counting a body's vote is :mod:`csto.law.rules.voting`'s.
:data:`RULES` maps each verb to its :class:`Rule`. Changing what a rule decides means bumping
its ``version``: the rules digest in every receipt changes with it, and
``tests/law/rules.lock`` must be updated on purpose.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from csto.errors import InternalError
from csto.law.actions import ACTIONS, Action
from csto.law.context import Ctx
from csto.law.texts import ArticleRef

__all__ = ["RULES", "TALLY_READINGS", "Rule", "load_rules", "rule", "verb_of"]

#: the readings any rule that counts positions may consult (see ``voting.tally``)
TALLY_READINGS = (
    "consensus-absence",
    "frozen-participation",
    "procedural-questions",
    "procedural-qualification",
)

A = TypeVar("A", bound=Action)


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


def verb_of(fn: Callable[..., None]) -> str:
    """The verb a rule answers: that of the action class its ``action`` parameter names."""
    hints = typing.get_type_hints(fn)
    cls = hints.get("action")
    if not (isinstance(cls, type) and issubclass(cls, Action) and cls.verb in ACTIONS):
        raise InternalError(
            f"rule {fn.__qualname__} must take 'action: <an action class>' (got {cls!r}); "
            "the action's verb names the rule"
        )
    return cls.verb


def rule(
    *,
    version: int,
    articles: tuple[ArticleRef, ...],
    readings: tuple[str, ...] = (),
) -> Callable[[Callable[[Ctx, A], None]], Callable[[Ctx, A], None]]:
    """Register the decorated function as the rule for its action's verb."""

    def register(fn: Callable[[Ctx, A], None]) -> Callable[[Ctx, A], None]:
        verb = verb_of(fn)
        if verb in RULES:
            raise InternalError(f"two rules for {verb!r}")
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
        bases,
        decisions,
        forces,
        membership,
        officials,
        status,
    )

    return RULES
