"""What the engine answers: a verdict with its outcome, deciding organ and rule, effects,
a chain of reasons citing articles, the readings that would change it, and a receipt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from csto.law.texts import ArticleRef, Check

__all__ = [
    "DECISION_RULES",
    "OUTCOMES",
    "ArticleCitation",
    "Contested",
    "DecisionRule",
    "Effect",
    "Fact",
    "Outcome",
    "Reason",
    "Receipt",
    "Tally",
    "Variant",
    "Verdict",
]

Outcome = Literal["permitted", "not_permitted", "required", "not_provided_for"]
OUTCOMES: dict[str, str] = {
    "permitted": "the law allows it",
    "not_permitted": "the law does not allow it (as asked, on that day, by that actor)",
    "required": "the law obliges it (or obliges others to act on it)",
    "not_provided_for": "the law in force that day does not provide for it",
}

DecisionRule = Literal["consensus", "procedural", "unilateral", "none"]
DECISION_RULES: dict[str, str] = {
    "consensus": "consensus, one vote per member state",
    "procedural": "the rule for procedural questions",
    "unilateral": "the acting state alone; no body decides",
    "none": "no decision is called for",
}


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact a step relied on: from the record (``established``, with its event ids) or
    stated by the action itself (``assumed``)."""

    says: str
    basis: Literal["established", "assumed"]
    events: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleCitation:
    """An article in the version in force on the verdict's date."""

    instrument: str
    number: str
    heading: str
    check: Check
    version_from: dt.date | None
    version_to: dt.date | None
    amended_by: str | None = None

    @property
    def ref(self) -> ArticleRef:
        return ArticleRef(self.instrument, self.number)

    def __str__(self) -> str:
        when = "original wording"
        if self.amended_by:
            when = f"as amended by {self.amended_by}"
        return f"{self.ref} ({when})"


@dataclass(frozen=True, slots=True)
class Reason:
    """One step of the explanation: which article (if any), which facts, how it applied,
    and, where a reading of the law was chosen, which one."""

    applied: str
    article: ArticleCitation | None = None
    facts: tuple[Fact, ...] = ()
    reading: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Effect:
    """What follows: ``on`` is the day it takes effect when the law fixes one."""

    says: str
    on: dt.date | None = None
    article: ArticleRef | None = None


@dataclass(frozen=True, slots=True)
class Variant:
    """The verdict under another option of a reading."""

    option: str
    says: str
    outcome: Outcome
    deciding_organ: str | None
    decision_rule: DecisionRule
    effects: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Contested:
    """A reading the verdict depended on: the option chosen and what the others give."""

    reading: str
    question: str
    chosen: str
    variants: tuple[Variant, ...]

    @property
    def changes_outcome(self) -> bool:
        chosen = next(v for v in self.variants if v.option == self.chosen)
        return any(v.outcome != chosen.outcome for v in self.variants)


@dataclass(frozen=True, slots=True)
class Tally:
    """How a body's decision was counted: who was entitled to vote, the positions that
    counted (absent where none was given), who blocked, who stood outside the decision, and
    whether it was adopted (None: no positions were given)."""

    voters: tuple[str, ...]
    adopted: bool | None
    cast: tuple[tuple[str, str], ...] = ()
    blocking: tuple[str, ...] = ()
    not_bound: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Receipt:
    """Enough to reproduce and cite a verdict."""

    csto_version: str
    record_digest: str
    rules_digest: str
    profile: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Verdict:
    action: str
    date: dt.date
    outcome: Outcome
    deciding_organ: str | None
    decision_rule: DecisionRule
    reasons: tuple[Reason, ...]
    effects: tuple[Effect, ...]
    contested: tuple[Contested, ...]
    receipt: Receipt
    unverified: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    tally: Tally | None = None

    @property
    def articles(self) -> tuple[ArticleRef, ...]:
        """Every article cited, in order, without repeats."""
        seen: dict[ArticleRef, None] = {}
        for reason in self.reasons:
            if reason.article is not None:
                seen.setdefault(reason.article.ref)
        return tuple(seen)
