"""The rules API: a guard that decides ends the rule, deciding twice is an error, a rule must
decide, the verb comes from the action's type, several articles cite the first in force."""

from __future__ import annotations

import datetime as dt

import pytest

from csto.errors import InternalError
from csto.law.actions import FreezeParticipation, NotifyWithdrawal
from csto.law.context import Ctx, run_rule
from csto.law.engine import Engine
from csto.law.lawcases import state_before
from csto.law.rules import verb_of
from csto.law.rules.refs import CH_19, CST_11
from csto.state.history import History


def _ctx(engine: Engine, history: History, action: NotifyWithdrawal) -> Ctx:
    state = state_before(history, action.date)
    return Ctx(engine.law, engine.catalogue, state, action, engine.profile("default"))


_BEFORE_CHARTER = NotifyWithdrawal(date=dt.date(1999, 4, 2), by="UZB")
_AFTER_CHARTER = NotifyWithdrawal(date=dt.date(2026, 8, 31), by="KGZ")


def test_a_refusal_ends_the_rule_with_its_reason_and_nothing_after(
    engine: Engine, history: History
) -> None:
    def rule(ctx: Ctx, action: NotifyWithdrawal) -> None:
        ctx.refuse(CST_11, "refused here", effect="only this")
        ctx.cite(CST_11, "never reached")  # pragma: no cover - the refusal ended the rule
        ctx.effect("never reached")  # pragma: no cover

    ctx = _ctx(engine, history, _AFTER_CHARTER)
    run_rule(rule, ctx, _AFTER_CHARTER)
    assert ctx.outcome == "not_permitted"
    assert [r.applied for r in ctx.reasons] == ["refused here"]
    assert [e.says for e in ctx.effects] == ["only this"]


def test_require_ends_the_rule_only_when_its_condition_fails(
    engine: Engine, history: History
) -> None:
    def rule(ctx: Ctx, action: NotifyWithdrawal) -> None:
        ctx.require(True, CST_11, "holds")
        ctx.require(False, CST_11, "fails", outcome="not_provided_for", organ="CSC")
        ctx.decide("permitted")  # pragma: no cover - the failed requirement ended the rule

    ctx = _ctx(engine, history, _AFTER_CHARTER)
    run_rule(rule, ctx, _AFTER_CHARTER)
    assert (ctx.outcome, ctx.organ) == ("not_provided_for", "CSC")
    assert [r.applied for r in ctx.reasons] == ["fails"]


def test_deciding_twice_is_an_error(engine: Engine, history: History) -> None:
    def rule(ctx: Ctx, action: NotifyWithdrawal) -> None:
        ctx.decide("permitted")
        ctx.decide("not_permitted")

    with pytest.raises(InternalError, match="decides once"):
        run_rule(rule, _ctx(engine, history, _AFTER_CHARTER), _AFTER_CHARTER)


def test_a_rule_that_decides_nothing_is_an_error(engine: Engine, history: History) -> None:
    def rule(ctx: Ctx, action: NotifyWithdrawal) -> None:
        ctx.cite(CST_11, "a reason, but no decision")

    with pytest.raises(InternalError, match="decided nothing"):
        run_rule(rule, _ctx(engine, history, _AFTER_CHARTER), _AFTER_CHARTER)


def test_several_articles_cite_the_first_in_force(engine: Engine, history: History) -> None:
    before, after = _ctx(engine, history, _BEFORE_CHARTER), _ctx(engine, history, _AFTER_CHARTER)
    assert before.first((CH_19, CST_11)) == CST_11
    assert after.first((CH_19, CST_11)) == CH_19
    after.cite((CH_19, CST_11), "x")
    before.cite((CH_19, CST_11), "x")
    assert after.reasons[0].article is not None
    assert after.reasons[0].article.ref == CH_19
    assert before.reasons[0].article is not None
    assert before.reasons[0].article.ref == CST_11


def test_the_verb_is_the_action_types() -> None:
    def freeze(ctx: Ctx, action: FreezeParticipation) -> None: ...

    def untyped(ctx: Ctx, action: object) -> None: ...

    assert verb_of(freeze) == "freeze_participation"
    with pytest.raises(InternalError, match="must take 'action: <an action class>'"):
        verb_of(untyped)


def test_every_shipped_rule_answers_its_actions_verb(engine: Engine) -> None:
    for verb, rule in engine.rules.items():
        assert verb_of(rule.apply) == verb == rule.verb
