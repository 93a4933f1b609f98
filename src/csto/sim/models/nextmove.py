"""What a delegation does next, given the session so far.

The Monte Carlo asks every delegation at once and forgets each replication; a live session
(the exercise's bots, an analyst stepping through a crisis) asks one delegation at a time,
after others have spoken. :class:`SessionBelief` answers with the simulation's own model
(:mod:`csto.sim.models.session`): it holds particles, joint draws of what the model does
not observe (the model's parameters, each delegation's parameters and the latent stance
they give, its attendance), and follows each delegation's noise from round to round.

:meth:`SessionBelief.next_move` conditions the particles on the positions stated so far
(:class:`Seen`: a round, a delegation, the form of the draft, its position) and gives the
probabilities of support, object, abstain and absent for one delegation on a draft of a
given form in a given round, and (with a generator) draws one. The conditioning is a
particle filter with the exact one-step proposal: in the model a stated position says in
which interval the delegation's noise fell that round (support above ``-(stance - cost *
steps)``, abstain down to ``-band`` below that, object lower; several drafts in one round
narrow it further), so each particle's weight is multiplied by the normal probability of
that interval (and by the attendance, or its complement for an absence) and its noise is
drawn inside it (a truncated normal); unobserved noise moves as in the simulation, an AR(1)
with correlation ``persistence``. Positions the model finds impossible for every particle
(e.g. an accused member supporting measures against itself) are not conditioned on, and the
answer says so. The prediction itself is Rao-Blackwellised: for the delegation asked, the
probability of each position is computed from each particle's distribution of the noise,
not from one draw of it.

No I/O; the numbers come from a :class:`~csto.sim.models.plan.Plan` (``from_plan``) or from
point values (``fixed``), and randomness only from generators passed in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from csto.errors import InputError, Problem
from csto.sim.models.plan import Plan, steps_of
from csto.sim.models.session import draw_parameters, generator, stance
from csto.sim.models.voting import POSITIONS

__all__ = ["NextMove", "Seen", "SessionBelief"]

#: steps up from a statement for each form of draft (as the simulation's ladder)
RUNGS: tuple[str, ...] = ("forces", "mission", "material", "statement", "decision")

_SQRT2 = math.sqrt(2.0)
_erfc = np.frompyfunc(math.erfc, 1, 1)


def _phi(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """The standard normal distribution function (exact to double precision in both tails)."""
    return np.asarray(_erfc(-x / _SQRT2), dtype=np.float64) / 2.0


#: the coefficients of Acklam's algorithm (P. J. Acklam, "An algorithm for computing the
#: inverse normal cumulative distribution function", 2003)
_ACKLAM: tuple[tuple[float, ...], ...] = (
    (-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690,
     -30.66479806614716, 2.506628277459239),
    (-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
     -13.28068155288572),
    (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838, -2.549732539343734,
     4.374664141464968, 2.938163982698783),
    (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996, 3.754408661907416),
)  # fmt: skip


def _ndtri(p: NDArray[np.float64]) -> NDArray[np.float64]:
    """The inverse of :func:`_phi` for p in (0, 1): Acklam's rational approximation (relative
    error below 1.2e-9), refined by one Halley step on the exact distribution function."""
    a, b, c, d = _ACKLAM
    p = np.clip(p, 1e-300, 1.0 - 1e-16)
    lower = np.minimum(p, 1.0 - p)
    x = np.empty_like(p)
    tail = lower < 0.02425
    q = np.sqrt(-2.0 * np.log(lower[tail]))
    num = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
    x[tail] = num / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0)
    x[tail & (p > 0.5)] *= -1.0
    mid = ~tail
    q = p[mid] - 0.5
    r = q * q
    num = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
    x[mid] = num / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
    # one Halley step on the exact distribution function
    e = _phi(x) - p
    u = e * math.sqrt(2.0 * math.pi) * np.exp(x * x / 2.0)
    return x - u / (1.0 + x * u / 2.0)


def _mass(lo: NDArray[np.float64], hi: NDArray[np.float64]) -> NDArray[np.float64]:
    """P(lo < Z <= hi) for a standard normal Z, accurate in either tail."""
    upper = lo > 0
    m = _phi(hi) - _phi(lo)
    m[upper] = _phi(-lo[upper]) - _phi(-hi[upper])
    return np.maximum(m, 0.0)


def _truncated(
    lo: NDArray[np.float64], hi: NDArray[np.float64], rng: np.random.Generator
) -> NDArray[np.float64]:
    """One standard normal draw in (lo, hi] per element, by inversion (the upper tail by
    symmetry, so that far tails keep their precision)."""
    upper = lo > 0
    a = np.where(upper, -hi, lo)
    b = np.where(upper, -lo, hi)
    pa, pb = _phi(a), _phi(b)
    u = pa + (pb - pa) * rng.random(lo.shape)
    x = _ndtri(np.clip(u, np.maximum(pa, 1e-300), pb))
    x = np.clip(x, a, b)
    return np.where(upper, -x, x)


@dataclass(frozen=True, slots=True)
class Seen:
    """A position stated in the session: in ``round`` (0 the first), by ``state``, on a draft
    of form ``rung`` (forces, mission, material, statement, or decision)."""

    round: int
    state: str
    rung: str
    position: str


@dataclass(frozen=True, slots=True)
class NextMove:
    """The answer for one delegation: the probability of each position (support, object,
    abstain, absent), the position drawn (None when no generator was given), how many
    particles carry the answer (the effective sample size of the weights, out of
    ``particles``; the lowest met on the way) and notes (observations the model could not
    condition on)."""

    state: str
    rung: str
    round: int
    probabilities: dict[str, float]
    position: str | None
    effective: float
    particles: int
    notes: tuple[str, ...] = ()

    def why(self) -> str:
        probs = ", ".join(f"{p} {v:.2f}" for p, v in self.probabilities.items())
        head = f"{self.state} on a {self.rung} draft, round {self.round}: {probs}"
        tail = f" (effective particles {self.effective:.0f} of {self.particles})"
        return head + tail + "".join(f"; {n}" for n in self.notes)


def _bad(message: str, field: str, expected: str, got: object) -> InputError:
    return InputError(message, (Problem(message, field=field, expected=expected, got=str(got)),))


class SessionBelief:
    """Particles over what the simulation does not observe in one session (see the module
    docstring): ``mu`` the stance before the draft's cost and the noise (particles x
    states), ``cost``, ``band`` (the abstention band's width), ``rho`` (the persistence of
    the noise) and ``attendance`` (particles x states)."""

    def __init__(
        self,
        states: Sequence[str],
        mu: NDArray[np.float64],
        cost: NDArray[np.float64],
        band: NDArray[np.float64],
        rho: NDArray[np.float64],
        attendance: NDArray[np.float64],
    ) -> None:
        self.states = tuple(states)
        n = mu.shape[0]
        if mu.shape != (n, len(self.states)) or attendance.shape != mu.shape:
            raise ValueError("mu and attendance must be particles x states")
        if not all(x.shape == (n,) for x in (cost, band, rho)):
            raise ValueError("cost, band and rho need one value per particle")
        self.mu = np.asarray(mu, dtype=np.float64)
        self.cost = np.asarray(cost, dtype=np.float64)
        self.band = np.maximum(np.asarray(band, dtype=np.float64), 0.0)
        self.rho = np.clip(np.asarray(rho, dtype=np.float64), 0.0, 1.0)
        self.attendance = np.clip(np.asarray(attendance, dtype=np.float64), 0.0, 1.0)

    @property
    def particles(self) -> int:
        return int(self.mu.shape[0])

    @classmethod
    def from_plan(
        cls,
        plan: Plan,
        variant: str | None = None,
        *,
        particles: int = 4096,
        seed: int | None = None,
    ) -> SessionBelief:
        """Particles drawn as the plan's Monte Carlo draws its replications (the same
        parameters, calibration and overrides), for ``variant`` (the plan's first when
        None); ``seed`` defaults to the plan's."""
        if particles < 1:
            raise _bad("particles must be at least 1", "particles", ">= 1", particles)
        chosen = plan.variants[0] if variant is None else None
        if chosen is None:
            chosen = next((v for v in plan.variants if v.id == variant), None)
        if chosen is None:
            ids = ", ".join(v.id for v in plan.variants)
            raise _bad(f"no variant {variant!r} in the plan", "variant", ids, variant)
        rng = generator(plan.seed if seed is None else seed, 0)
        model, deleg, _ = draw_parameters(plan, rng, particles)
        mu = stance(
            model,
            deleg,
            intensity=plan.intensity,
            obligation=chosen.obligation,
            russia=chosen.russia,
        )
        attendance = np.where(chosen.members[None, :], deleg["attendance"], 0.0)
        return cls(plan.states, mu, model["cost"], model["band"], model["persistence"], attendance)

    @classmethod
    def fixed(
        cls,
        mu: Mapping[str, float],
        *,
        cost: float,
        band: float,
        persistence: float,
        attendance: Mapping[str, float] | None = None,
        particles: int = 2048,
    ) -> SessionBelief:
        """Point values (e.g. the means of the parameters): the particles then differ only in
        the noise they follow."""
        states = tuple(mu)
        att = attendance or {}
        ones = np.ones(particles)
        return cls(
            states,
            np.tile(np.array([mu[s] for s in states], dtype=np.float64), (particles, 1)),
            cost * ones,
            band * ones,
            persistence * ones,
            np.tile(np.array([att.get(s, 1.0) for s in states], dtype=np.float64), (particles, 1)),
        )

    # --- conditioning ----------------------------------------------------------------------

    def _check(self, state: str, rung: str, round_: int, field: str) -> int:
        if state not in self.states:
            raise _bad(
                f"{field}: no delegation {state!r} in this session",
                f"{field}.state",
                ", ".join(self.states),
                state,
            )
        if rung not in RUNGS:
            raise _bad(
                f"{field}: no form of draft {rung!r}", f"{field}.rung", ", ".join(RUNGS), rung
            )
        if round_ < 0:
            raise _bad(f"{field}: a round is counted from 0", f"{field}.round", ">= 0", round_)
        return self.states.index(state)

    def next_move(
        self,
        state: str,
        rung: str,
        *,
        seen: Sequence[Seen] = (),
        round: int | None = None,
        rng: np.random.Generator | None = None,
    ) -> NextMove:
        """What ``state`` does on a draft of form ``rung`` in ``round`` (default: the last
        round seen, or 0), given the positions ``seen`` so far; with ``rng``, also one
        position drawn from the probabilities. ``rng`` also drives the particle filter (a
        fixed generator when None), so the same generator state gives the same answer."""
        rounds = sorted({o.round for o in seen})
        target = round if round is not None else (rounds[-1] if rounds else 0)
        me = self._check(state, rung, target, "asked")
        for i, o in enumerate(seen):
            self._check(o.state, o.rung, o.round, f"seen[{i}]")
            if o.position not in POSITIONS:
                raise _bad(
                    f"seen[{i}]: no position {o.position!r}",
                    f"seen[{i}].position",
                    ", ".join(POSITIONS),
                    o.position,
                )
        if rounds and target < rounds[-1]:
            raise _bad(
                "the round asked about is before positions already seen",
                "round",
                f">= {rounds[-1]}",
                target,
            )
        gen = rng if rng is not None else np.random.default_rng(0)
        p = _Particles(self)
        notes: list[str] = []
        todo = rounds if rounds and target == rounds[-1] else [*rounds, target]
        for r in todo:
            p.advance(r)
            for o in (o for o in seen if o.round == r):
                if not p.observe(self.states.index(o.state), o.rung, o.position):
                    notes.append(
                        f"{o.state} {o.position} on a {o.rung} draft in round {o.round} is "
                        "impossible under the model: not conditioned on"
                    )
            if r != target:
                p.settle(gen)
        probs, effective = p.predict(me, rung)
        drawn = None
        if rng is not None:
            order = list(probs)
            cum = np.cumsum([probs[q] for q in order])
            pick = int(np.searchsorted(cum, rng.random() * cum[-1], side="right"))
            drawn = order[min(pick, len(order) - 1)]
        return NextMove(state, rung, target, probs, drawn, effective, p.n, tuple(notes))


class _Particles:
    """The filter's working state for one question: each particle's parameters (resampled
    together), its log-weight, and its noise this round as N(mean, sd) within (lo, hi]."""

    def __init__(self, belief: SessionBelief) -> None:
        self.mu = belief.mu
        self.cost = belief.cost
        self.band = belief.band
        self.rho = belief.rho
        self.attendance = belief.attendance
        self.n, self.k = belief.mu.shape
        self.logw = np.zeros(self.n)
        self.eps: NDArray[np.float64] | None = None
        self.last = 0
        #: the lowest effective sample size met so far (resampling hides it afterwards)
        self.lowest = float(self.n)
        self.mean = np.zeros((self.n, self.k))
        self.sd = np.ones((self.n, self.k))
        self.lo = np.full((self.n, self.k), -np.inf)
        self.hi = np.full((self.n, self.k), np.inf)

    def advance(self, r: int) -> None:
        """Move the noise to round ``r`` (nothing seen of it yet)."""
        if self.eps is not None:
            decay = self.rho ** (r - self.last)
            self.mean = decay[:, None] * self.eps
            spread = np.sqrt(np.maximum(1.0 - decay * decay, 0.0))
            self.sd = np.repeat(spread[:, None], self.k, axis=1)
        self.lo = np.full((self.n, self.k), -np.inf)
        self.hi = np.full((self.n, self.k), np.inf)
        self.last = r

    def interval(
        self, s: int, rung: str, position: str
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The interval of the noise in which ``s`` takes ``position`` on ``rung``."""
        edge = -(self.mu[:, s] - self.cost * float(steps_of((rung,))[0]))
        inf = np.full(self.n, np.inf)
        if position == "support":
            return edge, inf
        if position == "abstain":
            return edge - self.band, edge
        return -inf, edge - self.band  # object

    def _share(self, s: int, a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
        """P(noise of ``s`` in (a, b] | what was seen of it this round), per particle."""
        m, d = self.mean[:, s], _safe(self.sd[:, s])
        lo, hi = self.lo[:, s], self.hi[:, s]
        base = _mass((lo - m) / d, (hi - m) / d)
        a, b = np.maximum(a, lo), np.minimum(b, hi)
        part = _mass((a - m) / d, (np.maximum(a, b) - m) / d)
        return np.where(base > 0, part / np.where(base > 0, base, 1.0), 0.0)

    def observe(self, s: int, rung: str, position: str) -> bool:
        """Condition on ``s`` holding ``position`` on ``rung`` this round; False (and no
        change) when no particle allows it."""
        if position == "absent":
            factor = 1.0 - self.attendance[:, s]
            a = b = None
        else:
            a, b = self.interval(s, rung, position)
            factor = self.attendance[:, s] * self._share(s, a, b)
        with np.errstate(divide="ignore"):
            trial = self.logw + np.log(factor)
        if not np.isfinite(trial).any():
            return False
        self.logw = trial
        if a is not None and b is not None:
            self.lo[:, s] = np.maximum(self.lo[:, s], a)
            self.hi[:, s] = np.minimum(self.hi[:, s], b)
        return True

    def settle(self, rng: np.random.Generator) -> None:
        """Draw this round's noise within what was seen, and resample (systematically) when
        the effective sample size has fallen below half."""
        d = _safe(self.sd)
        z = _truncated((self.lo - self.mean) / d, (self.hi - self.mean) / d, rng)
        self.eps = self.mean + self.sd * z
        w = self.weights()
        ess = 1.0 / float(np.sum(w * w))
        self.lowest = min(self.lowest, ess)
        if ess >= self.n / 2:
            return
        positions = (rng.random() + np.arange(self.n)) / self.n
        idx = np.minimum(np.searchsorted(np.cumsum(w), positions), self.n - 1)
        self.mu, self.cost, self.band = self.mu[idx], self.cost[idx], self.band[idx]
        self.rho, self.attendance = self.rho[idx], self.attendance[idx]
        self.eps = self.eps[idx]
        self.logw = np.zeros(self.n)

    def weights(self) -> NDArray[np.float64]:
        w = np.exp(self.logw - self.logw.max())
        return w / w.sum()  # type: ignore[no-any-return]

    def predict(self, s: int, rung: str) -> tuple[dict[str, float], float]:
        """The probability of each position of ``s`` on ``rung`` now, and the effective
        sample size."""
        w = self.weights()
        present = self.attendance[:, s]
        probs: dict[str, float] = {}
        for position in ("support", "object", "abstain"):
            a, b = self.interval(s, rung, position)
            probs[position] = float(np.sum(w * present * self._share(s, a, b)))
        probs["absent"] = float(np.sum(w * (1.0 - present)))
        total = sum(probs.values())
        if total > 0:
            probs = {q: v / total for q, v in probs.items()}
        return probs, min(self.lowest, float(1.0 / np.sum(w * w)))


def _safe(sd: NDArray[np.float64]) -> NDArray[np.float64]:
    """A standard deviation of 0 (persistence 1: the noise does not move) as a tiny one."""
    return np.maximum(sd, 1e-12)
