"""The engine: contested readings agree with judging under the other profile directly,
receipts reproduce, verdict documents keep their schema, every verdict has reasons."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.resources
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csto.codes import STATES
from csto.law.actions import (
    NotifyWithdrawal,
    RequestAssistance,
    action_from_data,
)
from csto.law.document import readings_document, verdict_document
from csto.law.engine import Engine, rules_digest
from csto.law.lawcases import LawCase, history_for, state_before
from csto.law.rules import load_rules
from csto.record.dates import add_months
from csto.state.history import History


def _schema(name: str) -> dict[str, Any]:
    text = (importlib.resources.files("csto.law") / "schema" / name).read_text()
    schema: dict[str, Any] = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_every_case_verdict_validates_against_the_schema(
    cases: list[LawCase], engine: Engine, history: History
) -> None:
    validator = jsonschema.Draft202012Validator(_schema("verdict.schema.json"))
    for case in cases:
        state = state_before(history_for(history, case), case.action.date)
        verdict = engine.judge(state, case.action, case.profile)
        errors = [e.message for e in validator.iter_errors(verdict_document(verdict, case.action))]
        assert not errors, f"{case.name}: {errors[:3]}"


def test_contested_variants_match_judging_under_that_option(
    cases: list[LawCase], engine: Engine, history: History
) -> None:
    for case in cases:
        state = state_before(history_for(history, case), case.action.date)
        profile = engine.profile(case.profile)
        verdict = engine.judge(state, case.action, profile)
        for contested in verdict.contested:
            assert contested.chosen == profile.choice(contested.reading)
            for variant in contested.variants:
                other = engine.judge(
                    state, case.action, profile.overriding(contested.reading, variant.option)
                )
                assert other.outcome == variant.outcome, (case.name, contested.reading)


def test_receipt_reproduces_and_names_profile(engine: Engine, history: History) -> None:
    action = RequestAssistance(date=dt.date(2022, 9, 13), by="ARM", grounds="aggression")
    state = state_before(history, action.date)
    one = engine.judge(state, action, "practice")
    two = engine.judge(state, action, "practice")
    assert one == two
    assert one.receipt.profile == "practice"
    assert one.receipt.record_digest == history.record.digest()
    assert one.receipt.rules_digest.startswith("sha256:")


def test_rules_digest_changes_with_a_rule_version(engine: Engine) -> None:
    rules = load_rules()
    bumped = {
        verb: dataclasses.replace(rule, version=rule.version + 1) if verb == "accede" else rule
        for verb, rule in rules.items()
    }
    before = rules_digest(engine.law, engine.catalogue, rules.values())
    after = rules_digest(engine.law, engine.catalogue, bumped.values())
    assert before == engine.rules_digest
    assert before != after


def test_catalogue_profiles_are_complete_and_sourced(engine: Engine) -> None:
    assert engine.catalogue.problems() == []
    assert len(engine.catalogue.profiles) >= 3
    doc = readings_document(engine.catalogue)
    validator = jsonschema.Draft202012Validator(_schema("readings.schema.json"))
    assert not list(validator.iter_errors(doc))
    for reading in engine.catalogue.readings.values():
        assert reading.sources, reading.id
        assert len(reading.options) >= 2


_members = sorted(STATES)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    day=st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2030, 12, 31)),
    state=st.sampled_from(_members),
)
def test_withdrawal_never_takes_effect_before_six_months(
    engine: Engine, history: History, day: dt.date, state: str
) -> None:
    verdict = engine.judge(
        state_before(history, day), NotifyWithdrawal(date=day, by=state), "default"
    )
    dated = [e.on for e in verdict.effects if e.on is not None and "takes effect" in e.says]
    if verdict.outcome == "permitted":
        (effective,) = dated
        timing = next(
            (c.chosen for c in verdict.contested if c.reading == "withdrawal-timing"), None
        )
        # never before six months, counted either way
        assert effective >= add_months(day, 6)
        assert 181 <= (effective - day).days <= 185
        if timing == "named-date-settled-first":
            # counted back: the first day that the notice precedes by six months
            assert add_months(effective, -6) >= day
            assert add_months(effective - dt.timedelta(days=1), -6) < day
        else:
            # counted forward from the notice (given and received the same day)
            assert effective == add_months(day, 6)
            assert effective.day <= day.day
    else:
        assert dated == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    day=st.dates(min_value=dt.date(1992, 1, 1), max_value=dt.date(2030, 12, 31)),
    data=st.data(),
)
def test_every_verdict_has_reasons_and_decides(
    engine: Engine, history: History, day: dt.date, data: st.DataObject
) -> None:
    raw = data.draw(
        st.sampled_from(
            [
                {"action": "request_assistance", "by": "KAZ", "grounds": "unrest"},
                {"action": "adopt_decision", "organ": "CSC", "subject": "s"},
                {"action": "pass_chairmanship", "to": "TJK", "next_host": "TJK"},
                {"action": "appoint_secretary_general", "person": "P", "nationality": "KGZ"},
                {"action": "freeze_participation", "by": "ARM"},
                {"action": "deploy_force", "force": "CPF", "host": "KAZ"},
                {"action": "grant_partner_status", "party": "X"},
                {"action": "suspend_member", "state": "UZB", "grounds": "own_request"},
            ]
        )
    )
    action = action_from_data({**raw, "date": day.isoformat()})
    verdict = engine.judge(state_before(history, day), action, "strict")
    assert verdict.reasons
    assert verdict.outcome in ("permitted", "not_permitted", "required", "not_provided_for")


@pytest.mark.parametrize("profile", ["default", "practice", "strict"])
def test_unknown_profile_is_refused_with_the_choices(engine: Engine, profile: str) -> None:
    assert engine.profile(profile).id == profile
    with pytest.raises(Exception, match="known: default, practice, strict"):
        engine.profile("lenient")


def test_rules_declare_every_reading_they_consult(
    cases: list[LawCase], engine: Engine, history: History
) -> None:
    for case in cases:
        state = state_before(history_for(history, case), case.action.date)
        declared = set(engine.rules[case.action.verb].readings)
        for profile in ("default", "practice", "strict"):
            verdict = engine.judge(state, case.action, profile)
            consulted = {c.reading for c in verdict.contested}
            assert consulted <= declared, (case.action.verb, consulted - declared)


def test_the_first_day_there_is_has_a_state_before_it(history: History) -> None:
    assert state_before(history, dt.date.min).date == dt.date.min
