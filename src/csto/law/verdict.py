"""What the engine answers: a verdict with its outcome, deciding organ and rule, effects,
a chain of reasons citing articles, the norms it rests on separated by bearer (who may, who
must, who decides), the readings that would change it, the documented episodes that match
it, and a receipt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from csto.law.texts import ArticleRef, Check

__all__ = [
    "DECISION_RULES",
    "NORM_HOLDERS",
    "NORM_KINDS",
    "OUTCOMES",
    "ArticleCitation",
    "Contested",
    "DecisionRule",
    "Effect",
    "EpisodeLink",
    "Fact",
    "Norm",
    "NormHolder",
    "NormKind",
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


NormKind = Literal["permission", "duty", "prohibition", "power"]
NORM_KINDS: dict[str, str] = {
    "permission": "may",
    "duty": "must",
    "prohibition": "must not",
    "power": "decides",
}

NormHolder = Literal["state", "each_state", "organ"]
NORM_HOLDERS: dict[str, str] = {
    "state": "one state",
    "each_state": "each of these states, individually",
    "organ": "a body, collectively, by its decision rule",
}


@dataclass(frozen=True, slots=True)
class Norm:
    """One norm the verdict rests on, with its bearer: a state's permission (``may``), each of
    several states' individual duty (``must``) or prohibition (``must not``), or a body's
    collective power to decide (``decides``, with its decision rule). ``condition``: what the
    norm waits on (e.g. the Council's finding); ``reading``: the open question that shaped it,
    with the option chosen."""

    kind: NormKind
    holder: NormHolder
    bearers: tuple[str, ...]
    says: str
    article: ArticleRef | None = None
    decision_rule: DecisionRule | None = None
    condition: str | None = None
    reading: tuple[str, str] | None = None
    on: dt.date | None = None

    def __str__(self) -> str:
        who = {
            "state": "",
            "each_state": "each of ",
            "organ": "",
        }[self.holder] + ", ".join(self.bearers)
        return f"{who} {NORM_KINDS[self.kind]}: {self.says}"


@dataclass(frozen=True, slots=True)
class EpisodeLink:
    """A documented episode (``csto cases``) with a step that matches the verdict's action:
    the same verb and actor, on a day within the episode. ``exact``: the step is the same day;
    ``done``/``says``: what history did at that step."""

    episode: str
    title: str
    step: str
    date: dt.date
    done: bool
    says: str
    exact: bool


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
    norms: tuple[str, ...] = ()


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
    norms: tuple[Norm, ...] = ()

    @property
    def articles(self) -> tuple[ArticleRef, ...]:
        """Every article cited, in order, without repeats."""
        seen: dict[ArticleRef, None] = {}
        for reason in self.reasons:
            if reason.article is not None:
                seen.setdefault(reason.article.ref)
        return tuple(seen)
