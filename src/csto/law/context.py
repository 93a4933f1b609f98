"""The workbench a rule writes its verdict on: articles in force, facts, readings, effects.

A rule never builds a :class:`~csto.law.verdict.Verdict` itself. It calls :meth:`Ctx.cite`
for each article it applies (the version in force that day is looked up here, and an article
we could not read marks the verdict as resting on an unverified reading), :meth:`Ctx.read`
for each open question (recorded, so the engine can re-judge under the other options), and
ends in one of two ways:

- a guard that settles the matter *ends the rule*: :meth:`Ctx.refuse` cites the article,
  decides and stops; :meth:`Ctx.require` does so unless its condition holds;
  :meth:`Ctx.stop` decides and stops without a new reason. The signal that stops the rule is
  private to this module and the engine (:func:`run_rule`), so a refusal cannot fall
  through into the permitted path and carry its reasons and effects;
- the rule's last word is :meth:`Ctx.decide`, after which it may still add effects.

Besides the outcome, a rule names the norms its verdict rests on, each with its bearer
(:meth:`Ctx.may`, :meth:`Ctx.must`, :meth:`Ctx.must_not`, :meth:`Ctx.decides`): a request
under art. 4 is the requester's permission, each ally's individual duty and the Council's
collective power - three norms, three bearers. A rule that names none gets the engine's
plain reading of its outcome (the actor's permission, or the deciding body's power).

Deciding twice is a bug in the rule and raises :class:`~csto.errors.InternalError`.
Where an article may not yet be in force, a rule names several and the first in force that
day is cited (``ctx.cite((CH_19, CST_11), ...)``; :meth:`Ctx.first`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

from csto.codes import state_name as name
from csto.errors import InternalError
from csto.law.actions import Action
from csto.law.readings import Catalogue, Profile
from csto.law.texts import CHECK_LEVELS, ArticleRef, ArticleVersion, Law
from csto.law.verdict import (
    ArticleCitation,
    DecisionRule,
    Effect,
    Fact,
    Norm,
    NormHolder,
    NormKind,
    Outcome,
    Reason,
    Tally,
)
from csto.state.model import Member, State
from csto.state.statuses import describe_status

if TYPE_CHECKING:
    from csto.law.counting import Counting

__all__ = ["Cites", "Ctx", "name", "run_rule"]

#: what a rule cites: one article, several (the first in force that day), or none
Cites: TypeAlias = ArticleRef | tuple[ArticleRef, ...] | None


class _Decided(Exception):  # noqa: N818 - a signal that ends a rule, not an error
    """The rule has decided and ends here (caught by :func:`run_rule` only)."""


def run_rule(apply: Callable[[Ctx, Any], None], ctx: Ctx, action: Action) -> None:
    """Run one rule on ``ctx`` until it returns or a guard ends it; it must have decided."""
    with contextlib.suppress(_Decided):
        apply(ctx, action)
    if ctx.outcome is None:
        raise InternalError(f"the rule for {action.verb!r} decided nothing")


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
        self.norms: list[Norm] = []
        #: a counterfactual decision rule swapped in by a rule variant (csto.law.counting)
        self.counting: Counting | None = None
        #: instruments whose entry into force was not found, taken as binding by a reading
        self.binding: dict[str, str] = {}

    # --- the law -------------------------------------------------------------------------

    def in_force(self, instrument: str) -> bool:
        return self.law.in_force(instrument, self.date)

    def has(self, ref: ArticleRef) -> bool:
        """Whether some version of ``ref`` is in force on the day (or taken as binding)."""
        return self._version(ref) is not None

    def take_as_binding(self, instrument: str, reading: str) -> bool:
        """Treat ``instrument``, signed by the day but with no entry into force found, as
        binding because the profile's answer to ``reading`` (already read) says so; its
        articles are then cited like articles in force, and the verdict lists the instrument
        among what it rests on without verification. False (nothing changes) when it is in
        force anyway, or was not yet signed on the day."""
        if self.in_force(instrument):
            return False
        signed = self.law.instrument(instrument).header.signed.date
        if signed is None or signed > self.date:
            return False
        option = self.readings[reading]
        self.binding[instrument] = option
        self.unverified[
            f"{instrument}: its entry into force was not found; it is applied because reading "
            f"{reading} = {option} takes it as binding"
        ] = None
        return True

    def _version(self, ref: ArticleRef) -> ArticleVersion | None:
        version = self.law.version(ref, self.date)
        if version is None and ref.instrument in self.binding:
            version = next(
                (
                    v
                    for v in self.law.article(ref).versions
                    if (v.from_ is None or v.from_ <= self.date)
                    and (v.to is None or self.date < v.to)
                ),
                None,
            )
        return version

    def amended(self, ref: ArticleRef) -> bool:
        """Whether the version of ``ref`` in force on the day is an amended one."""
        version = self._version(ref)
        return version is not None and version.amended_by is not None

    def first(self, refs: Cites) -> ArticleRef | None:
        """The first of ``refs`` in force on the day, else the last of them (which a
        citation then shows as a step without an article)."""
        if refs is None or isinstance(refs, ArticleRef):
            return refs
        return next((r for r in refs if self.has(r)), refs[-1] if refs else None)

    def citation(self, ref: ArticleRef) -> ArticleCitation | None:
        version = self._version(ref)
        if version is None:
            return None
        article = self.law.article(ref)
        if version.check != "text_read":
            self.unverified[f"{ref}: {CHECK_LEVELS[version.check]}"] = None
        return ArticleCitation(
            instrument=ref.instrument,
            number=ref.number,
            heading=article.heading,
            check=version.check,
            version_from=version.from_ or self.law.instrument(ref.instrument).in_force_from(),
            version_to=version.to,
            amended_by=version.amended_by,
        )

    def cite(
        self,
        refs: Cites,
        applied: str,
        facts: Iterable[Fact] = (),
        reading: str | None = None,
    ) -> None:
        """Add a step citing the first of ``refs`` in force that day (none in force, or
        ``None``: a step without an article). ``reading``: the open question it answers."""
        ref = self.first(refs)
        citation = None if ref is None else self.citation(ref)
        chosen = None if reading is None else (reading, self.readings[reading])
        self.reasons.append(Reason(applied, citation, tuple(facts), chosen))

    def read(self, reading_id: str) -> str:
        """The profile's answer to an open question (recorded for the contested section)."""
        option = self.profile.choice(reading_id)
        self.readings.setdefault(reading_id, option)
        return option

    # --- deciding ------------------------------------------------------------------------

    def decide(
        self, outcome: Outcome, organ: str | None = None, rule: DecisionRule = "none"
    ) -> None:
        """The rule's decision; it may still add effects. Deciding twice is an error."""
        if self.outcome is not None:
            raise InternalError(
                f"the rule for {self.action.verb!r} decided {self.outcome!r} and then "
                f"{outcome!r}; a rule decides once"
            )
        self.outcome, self.organ, self.rule = outcome, organ, rule

    def stop(
        self,
        outcome: Outcome,
        organ: str | None = None,
        rule: DecisionRule = "none",
        *,
        effect: str | Effect | None = None,
    ) -> NoReturn:
        """Decide, add ``effect`` if given, and end the rule."""
        self.decide(outcome, organ, rule)
        if effect is not None:
            self.effects.append(Effect(effect) if isinstance(effect, str) else effect)
        raise _Decided

    def refuse(
        self,
        refs: Cites,
        applied: str,
        facts: Iterable[Fact] = (),
        *,
        outcome: Outcome = "not_permitted",
        organ: str | None = None,
        rule: DecisionRule = "none",
        reading: str | None = None,
        effect: str | Effect | None = None,
    ) -> NoReturn:
        """Cite why (as :meth:`cite`), decide ``outcome`` (not permitted unless said), add
        ``effect`` if given, and end the rule."""
        self.cite(refs, applied, facts, reading)
        self.stop(outcome, organ, rule, effect=effect)

    def require(
        self,
        condition: bool,
        refs: Cites,
        applied: str,
        facts: Iterable[Fact] = (),
        *,
        outcome: Outcome = "not_permitted",
        organ: str | None = None,
        rule: DecisionRule = "none",
        effect: str | None = None,
    ) -> None:
        """:meth:`refuse` unless ``condition`` holds (the arguments are built either way, so
        keep them free of readings; use ``if ...: ctx.refuse(...)`` when they consult one)."""
        if not condition:
            self.refuse(
                refs, applied, facts, outcome=outcome, organ=organ, rule=rule, effect=effect
            )

    def effect(self, says: str, on: dt.date | None = None, ref: ArticleRef | None = None) -> None:
        self.effects.append(Effect(says, on, ref))

    # --- norms, by bearer ----------------------------------------------------------------

    def norm(
        self,
        kind: NormKind,
        holder: NormHolder,
        bearers: Iterable[str],
        says: str,
        refs: Cites = None,
        *,
        rule: DecisionRule | None = None,
        condition: str | None = None,
        reading: str | None = None,
        on: dt.date | None = None,
    ) -> None:
        """A norm the verdict rests on, with its bearer(s); ``refs`` as for :meth:`cite` (an
        article not in force that day is left out); ``reading``: the open question (already
        read) that shaped it."""
        bearers = tuple(bearers)
        if not bearers:
            return  # a norm that binds no one on the day is not a norm of this verdict
        ref = self.first(refs)
        article = ref if ref is not None and self.has(ref) else None
        chosen = None if reading is None else (reading, self.readings[reading])
        self.norms.append(Norm(kind, holder, bearers, says, article, rule, condition, chosen, on))

    def may(self, state: str, says: str, refs: Cites = None, **kw: Any) -> None:
        """``state`` is permitted to do ``says``."""
        self.norm("permission", "state", (state,), says, refs, **kw)

    def must(self, states: Iterable[str], says: str, refs: Cites = None, **kw: Any) -> None:
        """Each of ``states`` is bound, individually, to do ``says``."""
        self.norm("duty", "each_state", states, says, refs, **kw)

    def must_not(self, states: Iterable[str], says: str, refs: Cites = None, **kw: Any) -> None:
        """Each of ``states`` is bound not to do ``says``."""
        self.norm("prohibition", "each_state", states, says, refs, **kw)

    def decides(
        self, organ: str, says: str, rule: DecisionRule, refs: Cites = None, **kw: Any
    ) -> None:
        """``organ`` holds, collectively, the power to decide ``says`` by ``rule``."""
        self.norm("power", "organ", (organ,), says, refs, rule=rule, **kw)

    # --- facts from the state ------------------------------------------------------------

    def member(self, code: str) -> Member | None:
        return self.state.members.get(code)

    def status(self, code: str) -> str | None:
        """``code``'s membership status on the day (None: not a party, or no longer one)."""
        member = self.state.members.get(code)
        return None if member is None else member.status

    def status_fact(self, code: str) -> Fact:
        """What the record says of ``code``'s standing on the day."""
        day = self.date.isoformat()
        member = self.state.members.get(code)
        if member is not None:
            text = describe_status(member.status, member.effective)
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
