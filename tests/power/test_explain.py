"""The sentences on preferences are written from the numbers: each claim checked against
the figures it states, on games whose structure is known."""

from __future__ import annotations

from fractions import Fraction

from csto.power.explain import explain, independent_act, veto_players
from csto.power.games import from_predicate
from csto.power.indices import compute
from csto.power.preferences import CommonSupport, IndependentVotes, measure

UNANIMITY = from_predicate("ABC", lambda s: len(s) == 3)
CHAIR = from_predicate("ABCD", lambda s: "A" in s and len(s) >= 3)  # A holds the only veto
MAJORITY = from_predicate("ABCD", lambda s: len(s) >= 3)


def _lines(game, support, law=None):  # type: ignore[no-untyped-def]
    (m,) = measure([game], IndependentVotes(support), draws=40_000, seed=2)
    ind = compute(game)
    return m, explain("the rule", game, m, ind.act, ind.values["banzhaf_raw"], law)


def test_veto_players_are_those_in_every_winning_coalition() -> None:
    assert veto_players(UNANIMITY) == ("A", "B", "C")
    assert veto_players(CHAIR) == ("A",)
    assert veto_players(MAJORITY) == ()


def test_unanimity_names_the_most_and_least_decisive_and_the_least_willing() -> None:
    m, lines = _lines(UNANIMITY, {"A": 0.9, "B": 0.8, "C": 0.2})
    text = " ".join(lines)
    dec = dict(zip(m.players, (e.value for e in m.decisive), strict=True))
    top, low = max(dec, key=dec.__getitem__), min(dec, key=dec.__getitem__)
    # independent votes: A decides when B and C support (0.16), C when A and B do (0.72)
    assert (top, low) == ("C", "A")
    assert f"most often {top}" in text
    assert f"least often {low}" in text
    assert "least willing, C" in text
    assert "overlap" not in text  # 0.72 against 0.16: far apart
    # the same probability for all three: who decides 'most' is noise, and it says so
    _, same = _lines(UNANIMITY, dict.fromkeys("ABC", 0.8))
    assert "their intervals overlap: no difference shown" in " ".join(same)
    # a priori each decides 1/4; C (0.72) more, A (0.16) and B (0.18) less
    more = next(line for line in lines if line.startswith("More decisive"))
    less = next(line for line in lines if line.startswith("Less decisive"))
    assert "C " in more
    assert "A " in less
    assert "B " in less
    assert "C " not in less
    # P(act) = 0.144 against 1/8 a priori: the first sentence states both
    assert "1/8" in lines[0]
    assert f"{100 * m.act.value:.1f}%" in lines[0]


def test_one_veto_and_no_veto_and_the_comparison_with_the_law() -> None:
    support = {"A": 0.3, "B": 0.9, "C": 0.9, "D": 0.9}
    law, lines = _lines(CHAIR, support)
    rate = f"{100 * law.supports[0].value:.1f}%"  # about 30%: A's drawn rate, as printed
    assert any(line.startswith("A is the one veto player") and rate in line for line in lines)
    m, lines = _lines(MAJORITY, support, law=("the chair's rule", law))
    assert not any("veto" in line for line in lines)
    against = next(line for line in lines if line.startswith("Against the chair's rule"))
    ratio = m.act.value / law.act.value
    assert f"{ratio:.3g} times as often" in against
    # success is decisiveness plus luck, to the figures printed
    luck = next(line for line in lines if line.startswith("Success is"))
    who = luck.split(": ", 1)[1].split(" ", 1)[0]
    k = m.players.index(who)
    gap = m.success[k].value - m.decisive[k].value
    assert f"{100 * gap:.1f}%" in luck or f"{100 * gap:.2f}%" in luck


def test_fair_coins_show_no_difference_from_a_priori() -> None:
    _, lines = _lines(MAJORITY, dict.fromkeys("ABCD", 0.5))
    assert "inside the interval" in lines[0]
    assert any("within its interval" in line for line in lines)
    assert Fraction(5, 16) == compute(MAJORITY).act  # the a-priori value the line compares


def test_the_rates_alone_or_the_correlation() -> None:
    # independent votes: the rates explain P(act) (exactly 0.9 * 0.8 * 0.2 under unanimity)
    assert abs(independent_act(UNANIMITY, [0.9, 0.8, 0.2]) - 0.144) < 1e-12
    _, lines = _lines(UNANIMITY, {"A": 0.9, "B": 0.8, "C": 0.2})
    assert any("the rates alone account for P(act)" in line for line in lines)
    # a common probability of support (uniform): every rate is 1/2, so independent votes
    # would give 1/8, but the voters support together: P(act) = E[p**3] = 1/4
    (m,) = measure([UNANIMITY], CommonSupport(UNANIMITY.players), draws=40_000, seed=2)
    ind = compute(UNANIMITY)
    lines = explain("unanimity", UNANIMITY, m, ind.act, ind.values["banzhaf_raw"])
    line = next(x for x in lines if x.startswith("Independent votes"))
    assert "support together" in line
    assert abs(m.act.value - 0.25) < 4.5 * (0.25 * 0.75 / 40_000) ** 0.5
