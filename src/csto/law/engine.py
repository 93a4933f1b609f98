"""The engine: ``judge(state, action, profile)`` runs the rule for the action's verb, then
re-judges under every other option of each reading the rule consulted, and signs the result
with a receipt (csto version, record digest, rules digest, profile, date).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

from csto.errors import InputError, Problem
from csto.law.actions import Action
from csto.law.context import Ctx, run_rule
from csto.law.norms import implied_norms
from csto.law.readings import Catalogue, Profile
from csto.law.rules import Rule, load_rules
from csto.law.texts import Law
from csto.law.verdict import Contested, Norm, Receipt, Variant, Verdict
from csto.record.codec import to_data
from csto.state.model import State

__all__ = ["DEFAULT_PROFILE", "Engine"]

DEFAULT_PROFILE = "default"


class Engine:
    """The law (instruments, readings, profiles) and the rules, ready to judge actions.

    ``rules`` replaces the registry (verb -> rule): the one place where a rule variant is
    swapped in; the rules digest in every receipt then changes with it.
    """

    def __init__(
        self,
        law: Law,
        catalogue: Catalogue,
        *,
        record_digest: str,
        csto_version: str,
        rules: Mapping[str, Rule] | None = None,
    ) -> None:
        problems = catalogue.problems()
        if problems:
            raise InputError(
                "the readings catalogue and its profiles do not agree",
                tuple(Problem(p, field="profiles") for p in problems),
            )
        self.law = law
        self.catalogue = catalogue
        self.rules: dict[str, Rule] = dict(load_rules() if rules is None else rules)
        self.record_digest = record_digest
        self.csto_version = csto_version
        self.rules_digest = rules_digest(law, catalogue, self.rules.values())

    def profile(self, profile: Profile | str | None) -> Profile:
        if isinstance(profile, Profile):
            return profile
        return self.catalogue.profile(profile or DEFAULT_PROFILE)

    def judge(self, state: State, action: Action, profile: Profile | str | None = None) -> Verdict:
        """The verdict on ``action`` against ``state`` (the organization on the action's
        day) under ``profile`` (by id; the default profile when None)."""
        chosen = self.profile(profile)
        ctx = self._run(state, action, chosen)
        contested = tuple(
            self._contest(state, action, chosen, reading, option, ctx)
            for reading, option in ctx.readings.items()
        )
        return self._verdict(ctx, chosen, contested)

    def _run(self, state: State, action: Action, profile: Profile) -> Ctx:
        rule = self.rules[action.verb]
        ctx = Ctx(self.law, self.catalogue, state, action, profile)
        run_rule(rule.apply, ctx, action)
        return ctx

    def _contest(
        self,
        state: State,
        action: Action,
        profile: Profile,
        reading_id: str,
        chosen: str,
        ctx: Ctx,
    ) -> Contested:
        reading = self.catalogue.reading(reading_id)
        variants: list[Variant] = []
        for option in reading.options:
            run = (
                ctx
                if option.id == chosen
                else self._run(state, action, profile.overriding(reading_id, option.id))
            )
            assert run.outcome is not None
            variants.append(
                Variant(
                    option=option.id,
                    says=option.says,
                    outcome=run.outcome,
                    deciding_organ=run.organ,
                    decision_rule=run.rule,
                    effects=tuple(e.says for e in run.effects),
                    sources=tuple(c.source for c in option.sources),
                    norms=tuple(str(n) for n in _norms(run)),
                )
            )
        return Contested(reading_id, reading.question, chosen, tuple(variants))

    def _verdict(self, ctx: Ctx, profile: Profile, contested: tuple[Contested, ...]) -> Verdict:
        assert ctx.outcome is not None
        return Verdict(
            action=ctx.action.verb,
            date=ctx.date,
            outcome=ctx.outcome,
            deciding_organ=ctx.organ,
            decision_rule=ctx.rule,
            reasons=tuple(ctx.reasons),
            effects=tuple(ctx.effects),
            contested=contested,
            receipt=Receipt(
                csto_version=self.csto_version,
                record_digest=self.record_digest,
                rules_digest=self.rules_digest,
                profile=profile.id,
                date=ctx.date,
            ),
            unverified=tuple(ctx.unverified),
            rules=(self.rules[ctx.action.verb].id,),
            tally=ctx.tally,
            norms=_norms(ctx),
        )


def _norms(ctx: Ctx) -> tuple[Norm, ...]:
    """The norms the rule named, else those its outcome implies."""
    assert ctx.outcome is not None
    if ctx.norms:
        return tuple(ctx.norms)
    return implied_norms(ctx.action, ctx.outcome, ctx.organ, ctx.rule)


def rules_digest(law: Law, catalogue: Catalogue, rules: Iterable[Rule]) -> str:
    """SHA-256 over the law data, the readings and profiles, and each rule's id and version."""
    payload = {
        "instruments": [
            to_data(ins.header) | {"articles": [to_data(a) for a in ins.articles]}
            for ins in sorted(law.instruments.values(), key=lambda i: i.id)
        ],
        "readings": [to_data(r) for r in sorted(catalogue.readings.values(), key=lambda r: r.id)],
        "profiles": [
            {"id": p.id, "choices": dict(sorted(p.choices.items()))}
            for p in sorted(catalogue.profiles.values(), key=lambda p: p.id)
        ],
        "rules": [
            {
                "id": r.id,
                "verb": r.verb,
                "version": r.version,
                "articles": [str(a) for a in r.articles],
            }
            for r in sorted(rules, key=lambda r: r.verb)
        ],
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
