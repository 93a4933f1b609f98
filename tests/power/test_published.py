"""The indices against values published for well-known bodies (each test names where the
value was read), and against identities every index must satisfy."""

from __future__ import annotations

from fractions import Fraction

import pytest

from csto.power.games import from_predicate, weighted
from csto.power.indices import INDICES, compute

# EEC Treaty (1957) art. 148(2), read on EUR-Lex (CELEX 11957E148, Italian and German texts):
# Belgium 2, Germany 4, France 4, Italy 4, Luxembourg 1, Netherlands 2; a qualified majority
# is at least twelve votes on a proposal of the Commission, and twelve votes cast by at least
# four members in the other cases.
EEC = ("BEL", "DEU", "FRA", "ITA", "LUX", "NLD")
EEC_WEIGHTS = (2, 4, 4, 4, 1, 2)


def test_eec_1958_luxembourg_is_a_null_player() -> None:
    """Published: Luxembourg, 'one vote out of a total of 17', was a null player in the
    Council of Ministers 1958-1972 when acting on a Commission proposal: 'standard power
    indices like the Shapley-Shubik index and the Penrose-Banzhaf index indicate zero voting
    power for Luxembourg' (Luxembourg in the Early Days of the EEC: Null Player or Not?,
    Games 2018, 9(2), 29, https://www.mdpi.com/2073-4336/9/2/29, section 1)."""
    game = weighted(EEC, EEC_WEIGHTS, 12)
    assert sum(game.weights) == 17
    result = compute(game)
    for index in INDICES:
        assert result.of(index, "LUX") == 0, index
    assert all(result.of(i, "FRA") for i in INDICES)


def test_eec_1958_luxembourg_counts_without_a_commission_proposal() -> None:
    """Published (same paper, section 1): when the Council voted by weighted votes without
    a Commission proposal, i.e. twelve votes from at least four members, 'Luxembourg was not
    a null player, i.e., had positive voting power'."""
    weight = dict(zip(EEC, EEC_WEIGHTS, strict=True))
    game = from_predicate(EEC, lambda s: sum(weight[m] for m in s) >= 12 and len(s) >= 4)
    result = compute(game)
    assert result.of("shapley_shubik", "LUX") > 0
    assert result.of("banzhaf", "LUX") > 0


# UN Security Council since 1965: five permanent members with a veto, ten elected; nine votes
# needed, which is the weighted game [39; 7 x 5, 1 x 10] ('Is it me, or is "Veto" starting
# to sound really good', Gonit Sora, https://gonitsora.com/veto-starting-to-sound-really-good).
UNSC = tuple(f"P{i}" for i in range(5)) + tuple(f"E{i}" for i in range(10))


def test_unsc_shapley_shubik_as_published() -> None:
    """Published (Gonit Sora, above): a non-permanent member is pivotal in 84 x 6! x 8! of
    the 15! orders, 'the value of 4/2145, or 0.19% power', and the permanent members hold
    '19.6% each'."""
    result = compute(weighted(UNSC, (7,) * 5 + (1,) * 10, 39))
    assert result.of("shapley_shubik", "E0") == Fraction(4, 2145)
    assert round(float(result.of("shapley_shubik", "P0") or 0), 3) == 0.196


def test_unsc_as_a_rule_and_as_weights_agree() -> None:
    """The rule as the Charter states it (all five permanent members and at least nine
    votes) and its weighted form are the same game."""
    rule = from_predicate(UNSC, lambda s: all(f"P{i}" in s for i in range(5)) and len(s) >= 9)
    assert compute(rule).values == compute(weighted(UNSC, (7,) * 5 + (1,) * 10, 39)).values


def test_wikipedia_example_b_has_no_more_power_than_c_and_d() -> None:
    """Published (the Shapley–Shubik power index article, mirrored at
    http://chaos.owiki.org/wiki/Shapley%E2%80%93Shubik_power_index): A, B, C, D with 3, 2,
    1 and 1 votes and a threshold of 4: 'Curiously, B has no more power than C and D'.
    A's 1/2 is ours, from the definition: A is pivotal when it votes second or third, in
    12 of the 24 orders."""
    result = compute(weighted("ABCD", (3, 2, 1, 1), 4))
    ss = result.values["shapley_shubik"]
    assert ss[1] == ss[2] == ss[3] == Fraction(1, 6)
    assert ss[0] == Fraction(1, 2)


@pytest.mark.parametrize("n", [1, 2, 6, 9])
def test_consensus_gives_everyone_a_veto(n: int) -> None:
    """Under unanimity every member is a swing only in the grand coalition (Coleman 1971
    via Leech, Warwick RP 645): A = 1/2**n, prevent = 1, initiate = 1/(2**n - 1)."""
    players = [f"m{i}" for i in range(n)]
    result = compute(weighted(players, [1] * n, n))
    assert result.act == Fraction(1, 2**n)
    assert set(result.values["coleman_prevent"]) == {1}
    assert set(result.values["coleman_initiate"]) == {Fraction(1, 2**n - 1)}
    assert set(result.values["shapley_shubik"]) == {Fraction(1, n)}
    assert result.minimal_winning == 1


def test_indices_that_share_out_power_sum_to_one() -> None:
    result = compute(weighted("ABCDEFG", (9, 7, 7, 3, 2, 1, 1), 16))
    for index in ("shapley_shubik", "banzhaf", "deegan_packel", "public_good"):
        assert sum(v or 0 for v in result.values[index]) == 1, index
