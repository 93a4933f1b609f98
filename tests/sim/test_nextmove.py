"""What a delegation does next, given the session so far: the particle filter agrees with the
closed form where there is one, and with brute force (simulate whole sessions from the same
parameters, keep those that match what was seen) where there is not."""

from __future__ import annotations

import math

import numpy as np
import pytest

from csto.errors import InputError
from csto.sim.models.nextmove import Seen, SessionBelief
from csto.sim.models.plan import steps_of
from csto.sim.models.prepare import World
from tests.sim.conftest import small_plan


def _phi(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def test_with_nothing_seen_the_positions_are_the_models_closed_form() -> None:
    belief = SessionBelief.fixed(
        {"A": 0.5, "B": -1.0}, cost=1.0, band=1.0, persistence=0.3, attendance={"A": 0.9}
    )
    move = belief.next_move("A", "material")  # stance 0.5 - 1 step = -0.5
    expected = {
        "support": 0.9 * (1 - _phi(0.5)),
        "abstain": 0.9 * (_phi(0.5) - _phi(-0.5)),
        "object": 0.9 * _phi(-0.5),
        "absent": 0.1,
    }
    for position, p in expected.items():
        assert move.probabilities[position] == pytest.approx(p, abs=1e-9), position
    assert move.position is None


def test_a_delegation_whose_noise_persists_repeats_itself_and_one_without_forgets() -> None:
    for persistence, objects_again in ((1.0, 1.0), (0.0, _phi(-1.0))):
        belief = SessionBelief.fixed(
            {"A": 0.0}, cost=1.0, band=1.0, persistence=persistence, particles=4000
        )
        seen = [Seen(0, "A", "statement", "object")]
        move = belief.next_move("A", "statement", seen=seen, round=1)
        assert move.probabilities["object"] == pytest.approx(objects_again, abs=0.02)


def test_the_same_generator_gives_the_same_answer(world: World) -> None:
    belief = SessionBelief.from_plan(small_plan(world, "arm-2022-09"), particles=2000)
    seen = [Seen(0, "RUS", "mission", "object"), Seen(0, "KAZ", "mission", "abstain")]
    a = belief.next_move("KGZ", "mission", seen=seen, round=2, rng=np.random.default_rng(7))
    b = belief.next_move("KGZ", "mission", seen=seen, round=2, rng=np.random.default_rng(7))
    assert a == b
    assert a.position in a.probabilities
    assert sum(a.probabilities.values()) == pytest.approx(1.0)


def _brute_force(
    belief: SessionBelief,
    seen: list[Seen],
    ask: tuple[str, str, int],
    copies: int,
    rng: np.random.Generator,
) -> tuple[dict[str, float], int]:
    """Whole sessions simulated forward from each particle's parameters (as the Monte Carlo
    does: AR(1) noise, attendance each round), kept when they match ``seen``."""
    mu = np.repeat(belief.mu, copies, axis=0)
    cost = np.repeat(belief.cost, copies)[:, None]
    band = np.repeat(belief.band, copies)[:, None]
    rho = np.repeat(belief.rho, copies)[:, None]
    att = np.repeat(belief.attendance, copies, axis=0)
    state, rung, last = ask
    keep = np.ones(len(mu), dtype=bool)
    eps = rng.standard_normal(mu.shape)
    answer = None
    for r in range(last + 1):
        if r:
            eps = rho * eps + np.sqrt(1 - rho * rho) * rng.standard_normal(mu.shape)
        absent = rng.random(mu.shape) >= att

        def position(
            s: int, form: str, eps: np.ndarray = eps, absent: np.ndarray = absent
        ) -> np.ndarray:
            u = mu[:, s] - cost[:, 0] * steps_of((form,))[0] + eps[:, s]
            pos = np.where(u > 0, "support", np.where(u > -band[:, 0], "abstain", "object"))
            return np.where(absent[:, s], "absent", pos)

        for o in seen:
            if o.round == r:
                keep &= position(belief.states.index(o.state), o.rung) == o.position
        if r == last:
            answer = position(belief.states.index(state), rung)
    assert answer is not None
    kept = answer[keep]
    return {p: float(np.mean(kept == p)) for p in ("support", "object", "abstain", "absent")}, len(
        kept
    )


@pytest.mark.slow
def test_the_filter_agrees_with_brute_force_on_a_shipped_crisis(world: World) -> None:
    belief = SessionBelief.from_plan(small_plan(world, "arm-2022-09"), particles=20_000, seed=3)
    seen = [
        Seen(0, "RUS", "statement", "support"),
        Seen(0, "KAZ", "mission", "object"),
        Seen(0, "KAZ", "statement", "support"),
        Seen(1, "BLR", "mission", "object"),
        Seen(1, "ARM", "statement", "support"),
    ]
    for ask in (("KGZ", "mission", 1), ("KAZ", "material", 2), ("BLR", "statement", 3)):
        ours = belief.next_move(ask[0], ask[1], seen=seen, round=ask[2])
        ref, kept = _brute_force(belief, seen, ask, 40, np.random.default_rng(11))
        assert kept > 2000, kept
        for position, p in ref.items():
            q = ours.probabilities[position]
            se = math.sqrt(max(p * (1 - p), 1e-4) * (1 / kept + 1 / ours.effective))
            assert abs(q - p) < 4.5 * se + 1e-3, (ask, position, q, p, se)


def test_an_impossible_position_is_noted_not_conditioned_on() -> None:
    belief = SessionBelief.fixed({"A": 200.0, "B": 0.0}, cost=1.0, band=1.0, persistence=0.5)
    seen = [Seen(0, "A", "statement", "object"), Seen(0, "B", "statement", "support")]
    move = belief.next_move("B", "statement", seen=seen, round=1)
    assert len(move.notes) == 1
    assert "A object" in move.notes[0]
    assert move.probabilities["support"] > 0.5


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"state": "XXX", "rung": "mission"}, "asked.state"),
        ({"state": "A", "rung": "troops"}, "asked.rung"),
        ({"state": "A", "rung": "mission", "seen": [Seen(0, "A", "mission", "yes")]}, "seen[0]"),
        (
            {
                "state": "A",
                "rung": "mission",
                "seen": [Seen(2, "A", "mission", "object")],
                "round": 1,
            },
            "round",
        ),
    ],
)
def test_bad_questions_are_input_errors_that_say_where(kwargs: dict, field: str) -> None:
    belief = SessionBelief.fixed({"A": 0.0}, cost=1.0, band=1.0, persistence=0.5)
    with pytest.raises(InputError) as caught:
        belief.next_move(**kwargs)
    assert caught.value.problems[0].field.startswith(field)
