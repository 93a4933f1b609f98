"""The norms a verdict rests on when its rule names none: the plain reading of the outcome.

A rule that knows better names its norms itself (``Ctx.may``/``must``/``must_not``/
``decides``); for the others the engine reads the outcome by bearer: when a body decides, it
holds the power to decide (by its rule); when a state acts alone, the outcome is its
permission or prohibition. A question the law does not provide for rests on no norm.
"""

from __future__ import annotations

from csto.codes import ORGANS, STATES
from csto.codes import state_name as name
from csto.law.actions import Action
from csto.law.verdict import DecisionRule, Norm, Outcome

__all__ = ["implied_norms", "norm_label"]


#: how a state's own act reads after "may" / "must not"
_PHRASES = {
    "take_position": "take this position in the vote",
    "convene_session": "call for a session of the body",
    "propose_decision": "put the draft before the body",
    "accede": "join",
}


def _what(action: Action) -> str:
    words = action.verb.replace("_", " ")
    actor = action.actor
    if actor in STATES:
        return f"{words} ({name(actor)})"
    return words


def implied_norms(
    action: Action, outcome: Outcome, organ: str | None, rule: DecisionRule
) -> tuple[Norm, ...]:
    """The norms implied by an outcome when the rule named none."""
    if outcome == "not_provided_for":
        return ()
    if organ is not None and rule in ("consensus", "procedural"):
        return (
            Norm(
                "power",
                "organ",
                (organ,),
                f"whether to {_what(action)}",
                decision_rule=rule,
            ),
        )
    actor = action.actor
    if actor not in STATES:
        return ()
    words = _PHRASES.get(action.verb, action.verb.replace("_", " "))
    if outcome == "permitted":
        return (Norm("permission", "state", (actor,), words),)
    if outcome == "not_permitted":
        return (Norm("prohibition", "each_state", (actor,), words),)
    return (Norm("duty", "each_state", (actor,), words),)


def norm_label(norm: Norm) -> str:
    """Who bears a norm, in words: a state's name, 'each of A, B individually', a body."""
    if norm.holder == "organ":
        return ", ".join(ORGANS.get(b, b) for b in norm.bearers)
    names = [name(b) for b in norm.bearers]
    if norm.holder == "each_state" and len(names) > 1:
        return "each of " + ", ".join(names) + ", individually"
    return ", ".join(names)
