"""The vectorised rule: exact a-priori figures on known games (the research note's reference
values), Laruelle-Valenciano decisiveness and success, and a compiler that refuses a law it
cannot express rather than simulate it wrongly."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction

import numpy as np
import pytest

from csto.errors import InternalError
from csto.sim.models.voting import (
    OBJECT,
    SUPPORT,
    Count,
    VoteRule,
    compile_rule,
    decisiveness,
    success,
)

STATES = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")


def _rule(quota: int, veto_object: bool) -> VoteRule:
    veto = np.zeros((6, 4), dtype=bool)
    veto[:, OBJECT] = veto_object
    return VoteRule("t", STATES, np.ones(6, dtype=bool), veto, quota, "test")


def _yes_no_profiles() -> np.ndarray:
    return np.array(list(itertools.product((SUPPORT, OBJECT), repeat=6)), dtype=np.int8)


@pytest.mark.parametrize(
    ("quota", "veto", "raw_banzhaf"),
    [
        (1, True, Fraction(1, 32)),  # unanimity of six (yes/no votes): 1/32 each
        (5, False, Fraction(5, 32)),  # any five of six
        (4, False, Fraction(5, 16)),  # four of six (2/3 = simple majority here)
    ],
)
def test_decisiveness_under_independent_coin_votes_is_the_raw_banzhaf_index(
    quota: int, veto: bool, raw_banzhaf: Fraction
) -> None:
    profiles = _yes_no_profiles()
    share = decisiveness(_rule(quota, veto), profiles).mean(axis=0)
    assert all(Fraction(float(s)).limit_denominator(64) == raw_banzhaf for s in share)


def test_success_is_getting_what_you_voted_for() -> None:
    rule = _rule(1, True)
    pos = np.array([[SUPPORT] * 6, [OBJECT] + [SUPPORT] * 5], dtype=np.int8)
    got = success(rule, pos)
    assert got[0].all()  # adopted, everyone supported
    assert got[1, 0]
    assert not got[1, 1:].any()


def test_the_table_agrees_with_the_rule_on_every_profile() -> None:
    rule = _rule(4, False)
    codes = np.arange(4**6)
    digits = ((codes[:, None] // 4 ** np.arange(6)) % 4).astype(np.int8)
    assert np.array_equal(rule.table(), rule.adopted(digits))


def test_a_count_outside_the_family_is_refused() -> None:
    """'ARM and BLR together, or KAZ alone' is no veto-and-quota rule."""

    def judge(positions: Mapping[str, str]) -> Count:
        yes = {s for s, p in positions.items() if p == "support"}
        return Count(STATES, {"ARM", "BLR"} <= yes or "KAZ" in yes)

    with pytest.raises(InternalError, match="cannot vectorise"):
        compile_rule(judge, STATES, "odd", check=500)
