"""The shipped law cases, one pytest item each, and the suite's own coverage.

A failing case prints what it expected, what the engine said and where the case is written.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from csto.law.actions import ACTIONS
from csto.law.engine import Engine
from csto.law.lawcases import Expectation, LawCase, describe, run_case
from csto.law.rules import load_rules
from csto.state.history import History
from tests.law.conftest import CASE_IDS, case_id


@pytest.mark.parametrize("where", CASE_IDS)
def test_law_case(
    where: str, case_by_id: dict[str, LawCase], engine: Engine, history: History
) -> None:
    case = case_by_id[where]
    verdict, problems = run_case(engine, history, case)
    if problems:
        pytest.fail(
            f"{case.where}: {case.name}\n"
            + "\n".join(f"  - {p}" for p in problems)
            + f"\n  the engine said: {describe(verdict)}",
            pytrace=False,
        )


def test_every_case_is_collected(cases: list[LawCase]) -> None:
    assert [case_id(c) for c in cases] == CASE_IDS


def test_enough_cases_cover_every_action_and_profile(cases: list[LawCase]) -> None:
    assert len(cases) >= 80
    verbs = Counter(c.action.verb for c in cases)
    missing = [v for v in ACTIONS if verbs[v] == 0]
    assert not missing, f"no law case for {missing}"
    assert {c.profile for c in cases} >= {"default", "practice", "strict"}
    outcomes = {c.expect.outcome for c in cases}
    assert outcomes == {"permitted", "not_permitted", "required", "not_provided_for"}


def test_every_article_a_rule_applies_is_cited_by_some_case(
    cases: list[LawCase], engine: Engine, history: History
) -> None:
    cited = set()
    for case in cases:
        verdict, _ = run_case(engine, history, case)
        cited.update(str(a) for a in verdict.articles)
    applied = {str(a) for rule in load_rules().values() for a in rule.articles}
    assert applied - cited == set()


#: open questions catalogued (with options, sources and episodes) that no rule consults yet:
#: the catalogue documents the law's ambiguities before the engine turns on them. The set may
#: only shrink; a new reading joins it only with a note in docs/law.md.
NOT_YET_CONSULTED = {
    "authoritative-interpretation",
}


def test_every_reading_a_rule_declares_is_exercised_by_some_case(
    cases: list[LawCase], engine: Engine, history: History
) -> None:
    consulted = set()
    for case in cases:
        verdict, _ = run_case(engine, history, case)
        consulted.update(c.reading for c in verdict.contested)
    declared = {r for rule in load_rules().values() for r in rule.readings}
    assert declared - consulted == set()
    assert set(engine.catalogue.readings) - declared == NOT_YET_CONSULTED


def test_a_wrong_expectation_is_reported(
    cases: list[LawCase], engine: Engine, history: History
) -> None:
    case = next(c for c in cases if c.expect.outcome == "required")
    wrong = dataclasses.replace(
        case,
        expect=Expectation(
            outcome="permitted",
            deciding_organ="CFM",
            cites=("CHARTER-2002 art. 27",),
            contested=("chair-rule",),
            says=("words never said",),
        ),
    )
    _, problems = run_case(engine, history, wrong)
    text = "\n".join(problems)
    for fragment in (
        "outcome: expected permitted, got required",
        "deciding organ: expected CFM",
        "cite CHARTER-2002 art. 27",
        "reading 'chair-rule'",
        "'words never said'",
    ):
        assert fragment in text
