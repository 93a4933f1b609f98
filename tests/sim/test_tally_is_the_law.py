"""The tally is the law's: the vectorised rule the simulation compiles from csto's own rule
(and from each rule variant) agrees with ``Engine.judge`` on 10,000 sampled profiles of
positions, for every variant and every interpretation profile, on dates that exercise the
readings (a suspended member, a frozen one, seven voters)."""

from __future__ import annotations

import datetime as dt
import zlib

import numpy as np
import pytest

from csto.law.lawcases import state_before
from csto.sim.models.lawbridge import law_voters, rung_judge
from csto.sim.models.prepare import World, _counting, _engine
from csto.sim.models.scenario import Crisis, Scenario, ScenarioSource
from csto.sim.models.variants import parse_variant
from csto.sim.models.voting import VoteRule, compile_rule, disagreements

SAMPLES = 10_000
PROFILES = ("default", "strict", "practice")
VARIANTS = ("consensus", "minus-parties", "majority", "k-of-n:4", "silence")
#: (date, requester, attacker): seven voters in 2010; ARM frozen in 2024 (the readings
#: of frozen participation decide whether it votes); a conflict between members in 2022
CASES = (
    (dt.date(2010, 6, 12), "KGZ", None),
    (dt.date(2022, 9, 16), "KGZ", "TJK"),
    (dt.date(2024, 6, 1), "KAZ", None),
)


def _rules(world: World, variant: str, profile: str) -> list[tuple[VoteRule, object]]:
    out = []
    for day, requester, attacker in CASES:
        crisis = Crisis(requester, attacker=attacker)
        scenario = Scenario("t", "t", "t", day, crisis, (ScenarioSource("x"),))
        engine = _engine(world, _counting(parse_variant(variant), scenario, world))
        state = state_before(world.history, day)
        prof = engine.profile(profile)
        states = tuple(sorted(set(law_voters(world.engine, state, prof, day)) | {"UZB", "ARM"}))
        judge = rung_judge(engine, state, prof, crisis, "mission", day)
        out.append((compile_rule(judge, states, variant, check=0), judge))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_compiled_rule_agrees_with_engine_judge(world: World, variant: str, profile: str) -> None:
    rules = _rules(world, variant, profile)
    rng = np.random.default_rng(zlib.crc32(f"{variant}/{profile}".encode()))
    per = -(-SAMPLES // len(rules))
    wrong = []
    for rule, judge in rules:
        wrong += disagreements(rule, judge, rng, per)  # type: ignore[arg-type]
    assert per * len(rules) >= SAMPLES
    assert not wrong, f"{len(wrong)} profiles differ, e.g. {wrong[0]}"


def test_the_law_decides_who_votes(world: World) -> None:
    """The suspended member never votes; the frozen one votes only where the profile's
    reading keeps its vote."""
    rules = {p: _rules(world, "consensus", p) for p in PROFILES}
    for profile, found in rules.items():
        rule_2024 = found[2][0]
        voters = {s for s, v in zip(rule_2024.states, rule_2024.voters, strict=True) if v}
        assert "UZB" not in voters
        assert ("ARM" in voters) == (profile != "practice"), profile
    strict = rules["strict"][0][0]  # unanimity: abstaining and staying away block too
    assert strict.voters.sum() == 7
    assert strict.veto[strict.voters][:, 1:].all()
    default = rules["default"][0][0]  # no objection: only an objection blocks
    assert default.veto[default.voters][:, 1].all()
    assert not default.veto[default.voters][:, 2:].any()
