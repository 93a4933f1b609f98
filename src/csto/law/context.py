"""The workbench a rule writes its verdict on: articles in force, facts, readings, effects.

A rule never builds a :class:`~csto.law.verdict.Verdict` itself: it calls :meth:`Ctx.cite`
for each article it applies (the version in force that day is looked up here, and an article
we could not read marks the verdict as resting on an unverified reading), :meth:`Ctx.read`
for each open question (recorded, so the engine can re-judge under the other options), and
:meth:`Ctx.decide` once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from csto.codes import STATES
from csto.law.actions import Action
from csto.law.readings import Catalogue, Profile
from csto.law.texts import CHECK_LEVELS, ArticleRef, Law
from csto.law.verdict import ArticleCitation, DecisionRule, Effect, Fact, Outcome, Reason, Tally
from csto.state.model import Member, State

if TYPE_CHECKING:
    from csto.law.counting import Counting

__all__ = ["Ctx", "name"]


def name(code: str) -> str:
    """A state's English name (the code itself for anything else)."""
    info = STATES.get(code)
    return code if info is None else info.name


class Ctx:
    """One judgement in progress."""

    def __init__(
        self, law: Law, catalogue: Catalogue, state: State, action: Action, profile: Profile
    ) -> None:
        self.law = law
        self.catalogue = catalogue
        self.state = state
        self.action = action
        self.profile = profile
        self.date: dt.date = action.date
        self.reasons: list[Reason] = []
        self.effects: list[Effect] = []
        self.readings: dict[str, str] = {}
        self.unverified: dict[str, None] = {}
        self.outcome: Outcome | None = None
        self.organ: str | None = None
        self.rule: DecisionRule = "none"
        self.tally: Tally | None = None
        #: a counterfactual decision rule swapped in by a rule variant (csto.law.counting)
        self.counting: Counting | None = None

    # --- the law -------------------------------------------------------------------------

    def in_force(self, instrument: str) -> bool:
        return self.law.in_force(instrument, self.date)

    def has(self, ref: ArticleRef) -> bool:
        """Whether some version of ``ref`` is in force on the day."""
        return self.law.version(ref, self.date) is not None

    def citation(self, ref: ArticleRef) -> ArticleCitation | None:
        version = self.law.version(ref, self.date)
        if version is None:
            return None
        article = self.law.article(ref)
        if article.check != "text_read":
            self.unverified[f"{ref}: {CHECK_LEVELS[article.check]}"] = None
        return ArticleCitation(
            instrument=ref.instrument,
            number=ref.number,
            heading=article.heading,
            check=article.check,
            version_from=version.from_ or self.law.instrument(ref.instrument).in_force_from(),
            version_to=version.to,
            amended_by=version.amended_by,
        )

    def cite(
        self,
        ref: ArticleRef | None,
        applied: str,
        facts: Iterable[Fact] = (),
        reading: str | None = None,
    ) -> None:
        """Add a step. ``ref`` not in force that day is cited as a step without article."""
        citation = None if ref is None else self.citation(ref)
        chosen = None if reading is None else (reading, self.readings[reading])
        self.reasons.append(Reason(applied, citation, tuple(facts), chosen))

    def read(self, reading_id: str) -> str:
        """The profile's answer to an open question (recorded for the contested section)."""
        option = self.profile.choice(reading_id)
        self.readings.setdefault(reading_id, option)
        return option

    def decide(
        self, outcome: Outcome, organ: str | None = None, rule: DecisionRule = "none"
    ) -> None:
        if self.outcome is None:
            self.outcome, self.organ, self.rule = outcome, organ, rule

    def effect(self, says: str, on: dt.date | None = None, ref: ArticleRef | None = None) -> None:
        self.effects.append(Effect(says, on, ref))

    # --- facts from the state ------------------------------------------------------------

    def member(self, code: str) -> Member | None:
        return self.state.members.get(code)

    def status_fact(self, code: str) -> Fact:
        """What the record says of ``code``'s standing on the day."""
        day = self.date.isoformat()
        member = self.state.members.get(code)
        if member is not None:
            text = {
                "member": "is a member",
                "participation_frozen": "is a member whose participation is frozen",
                "participation_suspended": "is a member whose participation is suspended",
                "withdrawal_pending": "has given notice of withdrawal effective "
                + str(member.effective),
                "signatory": "has signed the Treaty, which is not yet in force",
            }[member.status]
            return Fact(f"{name(code)} {text} on {day}", "established", member.events)
        former = self.state.former_members.get(code)
        if former is not None:
            how = "withdrew" if former.how == "withdrew" else "let its membership lapse"
            return Fact(
                f"{name(code)} {how} on {former.left}; not a member on {day}",
                "established",
                former.events,
            )
        return Fact(f"{name(code)} is not a party on {day} (no record of it)", "established")

    def assumed(self, says: str) -> Fact:
        return Fact(says, "assumed")
