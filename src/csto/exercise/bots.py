"""Bots: software delegations that fill empty or absent seats, under a declared policy and seed.

When the chair puts a draft to the Council (``call_consensus``), every member seat played by a
bot takes a position through the same engine as a person (its move gets the law's verdict and
is marked as a bot's, with the policy and why). A seat is played by a bot when the exercise or
the facilitator says so, or when nobody plays it and the absent-seat policy is ``bot``.

The policy is behind :class:`BotPolicy` so that it can be swapped. :class:`SimSession` asks
the simulation's next-move call (:mod:`csto.sim.models.nextmove`): what this delegation does
next, given the positions stated so far on the item's drafts. :class:`SimStance` is simpler:
built on the simulation's own pieces: the delegation's parameters as the simulation derives
them (alignment from UN General Assembly votes, region, the member accused of the attack),
the model's parameters (their means: the shipped calibration's where there is one), and the
simulation's latent stance (:func:`csto.sim.models.session.stance`). On a draft it computes
the stance for the draft's form (forces, a mission, material help, a statement or a plain
decision), adds one standard-normal draw and, as the simulation does, supports above 0,
abstains down to ``-band`` and objects below. The draw comes from a generator seeded by the
exercise's seed, the seat, the draft and the turn of the call: the same exercise gives the
same bots' positions. :class:`Constant` always answers the same (``abstain`` or ``support``).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from csto.exercise.config import BotModel, ExerciseConfig, Seat
from csto.exercise.play import DraftState, Play

__all__ = [
    "POLICIES",
    "BotAnswer",
    "BotAsk",
    "BotPolicy",
    "Constant",
    "SimSession",
    "SimStance",
    "bot_seats",
    "policy_named",
]

#: steps up from a statement for each form (the simulation's ladder: csto.sim.models.plan)
_RUNGS = {"forces": 3.0, "mission": 2.0, "material": 1.0, "statement": 0.0, "decision": 0.0}


@dataclass(frozen=True, slots=True)
class BotAsk:
    """What a bot is asked: the seat, the draft put to the Council, and the game."""

    seat: Seat
    draft: DraftState
    play: Play


@dataclass(frozen=True, slots=True)
class BotAnswer:
    position: str
    why: str


class BotPolicy(Protocol):
    """A bot's way of deciding its position on a draft."""

    @property
    def name(self) -> str: ...

    def position(self, ask: BotAsk) -> BotAnswer: ...


@dataclass(frozen=True, slots=True)
class Constant:
    """Always the same position."""

    name: str
    answer: str

    def position(self, ask: BotAsk) -> BotAnswer:
        return BotAnswer(self.answer, f"policy '{self.name}': always {self.answer}")


def _draw(seed: int, *parts: object) -> float:
    key = "|".join(str(p) for p in (seed, *parts)).encode("utf-8")
    return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big")).gauss(0.0, 1.0)


@dataclass(frozen=True, slots=True)
class SimStance:
    """The simulation's latent stance, at the means of its parameters, plus one draw."""

    model: BotModel
    name: str = "sim-stance"

    def stances(self, ask: BotAsk) -> tuple[dict[str, float], str] | None:
        """Every member's latent stance on ``ask``'s draft (before its cost and the noise),
        and the draft's form; None when the seat's state has no parameters."""
        import numpy as np

        from csto.sim.models.session import stance

        m = self.model
        draft, play = ask.draft, ask.play
        me = ask.seat.state
        states = sorted(m.alignment)
        if me is None or me not in states:
            return None
        assistance = draft.kind == "assistance"
        requester = _requester(play) if assistance else draft.state
        requester = requester if requester in states else None
        attacker = m.attacker if assistance else None
        rung = (draft.form or "statement") if assistance else "decision"

        def row(get: Callable[[str], float]) -> Any:
            return np.array([[get(s) for s in states]], dtype=float)

        deleg = {
            "alignment_requester": row(
                lambda s: (
                    0.0
                    if requester is None
                    else 1.0
                    if s == requester
                    else m.alignment[s][requester].value
                )
            ),
            "alignment_attacker": row(
                lambda s: (
                    0.0
                    if attacker is None
                    else 1.0
                    if s == attacker
                    else m.attacker_alignment.get(s, _ZERO).value
                )
            ),
            "alignment_russia": row(lambda s: 1.0 if s == "RUS" else m.russia[s].value),
            "region": row(
                lambda s: (
                    0.0
                    if requester is None
                    else 1.0
                    if s == requester
                    else m.region.get(s, {}).get(requester, _ZERO).value
                )
            ),
            "constraint": row(lambda s: m.constraint.get(s, _ZERO).value if assistance else 0.0),
        }
        model = {k: np.array([f.value]) for k, f in m.model.items()}
        obligation = 1.0 if assistance and _obliged(play) else 0.0
        mu = stance(
            model,
            deleg,
            intensity=m.intensity,
            obligation=obligation,
            russia=states.index("RUS") if "RUS" in states else None,
        )
        return {s: float(mu[0, i]) for i, s in enumerate(states)}, rung

    def position(self, ask: BotAsk) -> BotAnswer:
        m = self.model
        found = self.stances(ask)
        if found is None or ask.seat.state is None:
            return BotAnswer("abstain", f"no delegation parameters for {ask.seat.seat}: abstains")
        mus, rung = found
        base = mus[ask.seat.state]
        cost = m.model["cost"].value * _RUNGS[rung]
        draft = ask.draft
        noise = _draw(m.seed, ask.seat.seat, draft.subject, draft.called or 0)
        u = base - cost + noise
        band = m.model["band"].value
        answer = "support" if u > 0 else "abstain" if u > -band else "object"
        why = (
            f"policy sim-stance (seed {m.seed}): stance {base:+.2f} on a {rung} draft, cost "
            f"{cost:.2f}, draw {noise:+.2f} -> {u:+.2f}; supports above 0, abstains down to "
            f"-{band:.2f}, objects below"
        )
        return BotAnswer(answer, why)


@dataclass(frozen=True, slots=True)
class SimSession:
    """The simulation's own next-move call (:mod:`csto.sim.models.nextmove`): the position
    of the seat's delegation given the positions stated so far on this agenda item's drafts
    of the same kind (each call of a draft a round), its noise carrying over between rounds
    with the model's persistence, at the means of the parameters (as ``sim-stance``)."""

    model: BotModel
    name: str = "sim-session"
    particles: int = 1024

    def position(self, ask: BotAsk) -> BotAnswer:
        import numpy as np

        from csto.sim.models.nextmove import Seen, SessionBelief

        m = self.model
        found = SimStance(m).stances(ask)
        if found is None or ask.seat.state is None:
            return BotAnswer("abstain", f"no delegation parameters for {ask.seat.seat}: abstains")
        mus, rung = found
        draft, play = ask.draft, ask.play
        belief = SessionBelief.fixed(
            mus,
            cost=m.model["cost"].value,
            band=m.model["band"].value,
            persistence=m.model["persistence"].value,
            particles=self.particles,
        )
        earlier = sorted(
            (
                d
                for d in play.drafts.values()
                if d.item == draft.item
                and d.kind == draft.kind
                and d.subject != draft.subject
                and d.called is not None
                and d.called < (draft.called if draft.called is not None else play.turn + 1)
            ),
            key=lambda d: d.called or 0,
        )
        seen: list[Seen] = []
        for r, d in enumerate([*earlier, draft]):
            form = (d.form or "statement") if d.kind == "assistance" else "decision"
            for state, position in sorted(d.positions.items()):
                # an absence says nothing of a stance; the bot is asked, so it attends
                if state in mus and position in ("support", "object", "abstain"):
                    seen.append(Seen(r, state, form, position))
        key = f"{m.seed}|{ask.seat.seat}|{draft.subject}|{draft.called or 0}".encode()
        rng = np.random.default_rng(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))
        move = belief.next_move(ask.seat.state, rung, seen=seen, round=len(earlier), rng=rng)
        answer = move.position or "abstain"
        why = (
            f"policy sim-session (seed {m.seed}): {move.why()}, given {len(seen)} positions "
            f"stated on {len(earlier) + 1} draft(s) of this item -> {answer}"
        )
        return BotAnswer(answer, why)


class _Zero:
    value = 0.0


_ZERO = _Zero()


def _requester(play: Play) -> str | None:
    return next(reversed(play.requests), None) if play.requests else None


def _obliged(play: Play) -> bool:
    """Whether the law found the request obliges the members (its step's notes)."""
    code = _requester(play)
    if code is None:
        return False
    for step in play.procedures.get(play.requests[code], [])[1:]:
        notes = step.get("notes") or {}
        if step.get("move", {}).get("move") == "request":
            return notes.get("obligation") == "required"
    return False


#: the policies a configuration may name
POLICIES = ("sim-stance", "sim-session", "abstain", "support")


def policy_named(name: str, config: ExerciseConfig) -> BotPolicy:
    """The policy ``name`` for this exercise (sim-stance needs the exercise's bot model)."""
    if name == "sim-stance" and config.bots is not None and config.bots.alignment:
        return SimStance(config.bots)
    if name == "sim-session" and config.bots is not None and config.bots.alignment:
        return SimSession(config.bots)
    if name == "support":
        return Constant("support", "support")
    modelled = name in ("sim-stance", "sim-session")
    return Constant("abstain (no model)" if modelled else "abstain", "abstain")


def bot_seats(play: Play, draft: DraftState) -> list[tuple[Seat, BotPolicy]]:
    """The member seats a bot (or the absent-seat policy) answers for on ``draft``: played by
    a bot, or played by nobody under a 'bot' or 'abstain' policy; not those that left the room
    or have stated a position."""
    config = play.config
    absent = config.absent_seats
    out: list[tuple[Seat, BotPolicy]] = []
    abstain: BotPolicy = Constant("absent-seat policy: abstain", "abstain")
    for seat in config.seats:
        if seat.role != "member" or seat.state is None:
            continue
        if seat.seat in play.left or seat.state in draft.positions:
            continue
        mode = play.mode(seat.seat)
        if mode == "bot" or (mode in ("empty", "absent") and absent.policy == "bot"):
            out.append((seat, policy_named(absent.bot, config)))
        elif mode in ("empty", "absent") and absent.policy == "abstain":
            out.append((seat, abstain))
    return out
