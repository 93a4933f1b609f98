"""The Council session as a process, vectorised over the replications of one batch.

Day 0 the request arrives and consultations begin at once (art. 2). Each round (one a day,
up to the horizon) every delegation present takes a position on each form of help on the
ladder (forces -> mission -> material help -> statement; the rungs the law bars are
skipped): support, object, abstain, or absent if it does not attend. The consultations
reveal them, and the chair puts the strongest form the variant's rule (derived from the
law) would adopt: the run ends with that form on that day. When even the weakest form would
fail, the round fails (those who block it are counted) and the delegations move: their
noise carries over to the next round with correlation ``persistence``. At the horizon the
run ends with nothing decided.

A delegation's stance falls as the form grows costlier, so for a rule whose vetoes and
quota are monotone (an objection blocks whenever an abstention does) a form is adopted only
if every weaker one would be: the weakest is counted for every run still going, the
stronger ones only where the weaker passed. Other rules are counted on every rung.

:func:`simulate_batch` draws, in a fixed order, from one generator seeded by the run's
``SeedSequence`` child for the batch's index: the model's parameters, each delegation's
parameters, then per round the noise and the attendance. Every variant reads the same
numbers (common random numbers). It returns integer counts only, so sums over batches are
exact whatever the order or the executor.
"""

from __future__ import annotations

import hashlib

import numpy as np
from numpy.typing import NDArray

from csto.sim.models.parameters import DELEGATION_PARAMETERS, MODEL_PARAMETERS
from csto.sim.models.plan import Plan, VariantPlan, steps_of
from csto.sim.models.voting import ABSENT, ABSTAIN, OBJECT, SUPPORT

__all__ = [
    "FIELDS",
    "BatchResult",
    "batch_digest",
    "draw_parameters",
    "generator",
    "simulate_batch",
    "stance",
]

#: the counts kept per variant: name -> shape ('S' states, 'L' rungs, 'T' rounds)
FIELDS: dict[str, str] = {
    "n": "",
    "adopted": "",
    "by_rung": "L",
    "by_round": "T",
    "blocked_rounds": "S",
    "blocked_any": "S",
    "blocked_last": "S",
    "decisive": "S",
    "success": "S",
    "supported": "S",
    "failed_veto": "",
    "failed_quota": "",
    "barred": "",
}

BatchResult = dict[str, NDArray[np.int64]]
Values = dict[str, NDArray[np.float64]]


def generator(seed: int, index: int) -> np.random.Generator:
    """The generator of batch ``index``: ``SeedSequence(seed, spawn_key=(index,))``, which is
    ``SeedSequence(seed).spawn(n)[index]`` for any ``n > index``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(index,))))


def stance(
    model: dict[str, NDArray[np.float64]],
    deleg: dict[str, NDArray[np.float64]],
    *,
    intensity: float,
    obligation: float,
    russia: int | None,
) -> NDArray[np.float64]:
    """The latent stance of each delegation before the cost of the draft and the noise
    (:mod:`csto.sim.models.parameters`); arrays are replications x states."""
    affinity = deleg["alignment_requester"] - deleg["alignment_attacker"]
    mu = model["base"][:, None] + model["affinity"][:, None] * affinity
    if russia is not None:
        mu = mu + model["russia"][:, None] * deleg["alignment_russia"] * affinity[:, [russia]]
    mu = mu + model["urgency"][:, None] * intensity
    mu = mu + model["threat"][:, None] * deleg["region"] * intensity
    mu = mu + model["legal"][:, None] * obligation
    return mu - deleg["constraint"]


def _model_values(
    plan: Plan, rng: np.random.Generator, n: int, index: int
) -> tuple[dict[str, NDArray[np.float64]], NDArray[np.int64] | None]:
    draws = plan.draws
    picked: NDArray[np.int64] | None = None
    if draws is not None:
        if plan.cycle_draws:
            start = index * plan.batch
            picked = (np.arange(start, start + n, dtype=np.int64) % len(draws.weights)).astype(
                np.int64
            )
        else:
            picked = np.searchsorted(draws.cumulative, rng.random(n), side="right").astype(np.int64)
            picked = np.minimum(picked, len(draws.weights) - 1)
    out: dict[str, NDArray[np.float64]] = {}
    for param in plan.model:
        if draws is not None and picked is not None and param.source.kind == "calibration":
            out[param.name] = draws.values[picked, draws.names.index(param.name)]
        else:
            out[param.name] = param.dist.sample(rng, n)
    missing = [name for name in MODEL_PARAMETERS if name not in out]
    if missing:  # pragma: no cover - plans are built with every parameter
        raise ValueError(f"the plan lacks model parameters {missing}")
    return out, picked


def draw_parameters(
    plan: Plan, rng: np.random.Generator, n: int, index: int = 0
) -> tuple[Values, Values, NDArray[np.int64] | None]:
    """``n`` joint draws of the model's parameters (by name: ``n``) and of every
    delegation's (by name: ``n`` x states), in the fixed order a batch draws them, and which
    calibration draw each replication uses (None without a calibration)."""
    model, picked = _model_values(plan, rng, n, index)
    n_states = len(plan.states)
    deleg: dict[str, NDArray[np.float64]] = {
        name: np.empty((n, n_states)) for name in DELEGATION_PARAMETERS
    }
    for s, d in enumerate(plan.delegations):
        for param in d.params:
            deleg[param.name][:, s] = param.dist.sample(rng, n)
    return model, deleg, picked


def simulate_batch(plan: Plan, index: int) -> BatchResult:
    """Simulate batch ``index`` of ``plan``: integer counts per variant (see :data:`FIELDS`),
    keys ``"<variant>/<field>"``; with ``plan.cycle_draws`` also ``"<variant>/by_draw"``."""
    n = plan.batch_size(index)
    rng = generator(plan.seed, index)
    model, deleg, picked = draw_parameters(plan, rng, n, index)
    n_states = len(plan.states)
    # per-round work is laid out states x replications, in float32: one contiguous row per
    # delegation
    attendance = np.ascontiguousarray(deleg["attendance"].T, dtype=np.float32)
    steps = steps_of(plan.ladder)
    rounds = plan.rounds
    rho = np.clip(model["persistence"], 0.0, 1.0).astype(np.float32)
    fresh = np.sqrt(1.0 - rho * rho).astype(np.float32)
    band = (-model["band"]).astype(np.float32)
    pow4 = (4 ** np.arange(n_states, dtype=np.int32))[:, None]

    runs = [_VariantRun(v, plan, model, deleg, n, steps, rounds) for v in plan.variants]
    eps = rng.standard_normal((n_states, n), dtype=np.float32)
    for t in range(rounds):
        if t:
            eps *= rho
            eps += fresh * rng.standard_normal((n_states, n), dtype=np.float32)
        absent = rng.random((n_states, n), dtype=np.float32) >= attendance
        if not any(r.active.any() for r in runs):
            break
        for run in runs:
            if run.active.any():
                run.round(eps, absent, band, pow4, t)
    out: BatchResult = {}
    n_draws = len(plan.draws.weights) if plan.draws is not None and plan.cycle_draws else 0
    for run in runs:
        out.update(run.finish(pow4, picked if n_draws else None, n_draws))
    return out


class _VariantRun:
    """One variant's replications in a batch: where each stands, and the counts so far.
    Arrays of positions are states x replications."""

    def __init__(
        self,
        variant: VariantPlan,
        plan: Plan,
        model: dict[str, NDArray[np.float64]],
        deleg: dict[str, NDArray[np.float64]],
        n: int,
        steps: NDArray[np.float64],
        rounds: int,
    ) -> None:
        self.variant = variant
        self.rule = variant.rule
        self.table = variant.rule.table()
        veto = variant.rule.veto
        self.vbits = (veto * (1 << np.arange(4))).sum(axis=1).astype(np.int8)[:, None]
        # monotone: wherever abstaining blocks, objecting does too
        self.monotone = bool((~veto[:, ABSTAIN] | veto[:, OBJECT]).all())
        mu0 = stance(
            model,
            deleg,
            intensity=plan.intensity,
            obligation=variant.obligation,
            russia=variant.russia,
        )
        self.mu0 = np.ascontiguousarray(mu0.T, dtype=np.float32)
        self.cost = model["cost"].astype(np.float32)
        self.steps = steps.astype(np.float32)
        n_rungs = len(steps)
        #: the rungs the law leaves open, weakest first
        self.open = [i for i in reversed(range(n_rungs)) if variant.barred[i] is None]
        self.n = n
        self.n_rungs = n_rungs
        n_states = len(plan.states)
        self.outside = ~variant.members[:, None]
        self.active = np.full(n, bool(self.open))
        self.tallied = np.zeros(n, dtype=bool)
        self.adopted = np.zeros(n, dtype=bool)
        self.last_pos = np.full((n_states, n), ABSENT, dtype=np.int8)
        self.by_rung = np.zeros(n_rungs, dtype=np.int64)
        self.by_round = np.zeros(rounds, dtype=np.int64)
        self.blocked_rounds = np.zeros(n_states, dtype=np.int64)
        self.blocked_any = np.zeros((n_states, n), dtype=bool)
        self.rung_at = np.full(n, n_rungs, dtype=np.int64)

    def _positions(
        self,
        rung: int,
        cols: NDArray[np.int64] | None,
        eps: NDArray[np.float32],
        absent: NDArray[np.bool_],
        band: NDArray[np.float32],
    ) -> NDArray[np.int8]:
        """Positions on ``rung`` (of the replications ``cols``; all when None)."""
        if cols is None:
            u = self.mu0 - self.cost * self.steps[rung] + eps
            lo, out = band, absent
        else:
            u = self.mu0[:, cols] - self.cost[cols] * self.steps[rung] + eps[:, cols]
            lo, out = band[cols], absent[:, cols]
        # support above 0 (code 0), abstain down to -band (2), object below (1)
        pos: NDArray[np.int8] = (u <= 0).view(np.int8) * np.int8(2) - (u <= lo).view(np.int8)
        pos[out | self.outside] = ABSENT
        return pos

    def round(
        self,
        eps: NDArray[np.float32],
        absent: NDArray[np.bool_],
        band: NDArray[np.float32],
        pow4: NDArray[np.int32],
        t: int,
    ) -> None:
        active = self.active
        weakest = self.open[0]
        pos = self._positions(weakest, None, eps, absent, band)
        code = (pos * pow4).sum(axis=0, dtype=np.int32)
        passed = self.table[code] & active
        chosen = np.where(passed, weakest, -1)
        final = pos
        stronger = self.open[1:]
        if stronger:
            final = pos.copy()
            if self.monotone:
                # the strongest form adopted: climb while the rule still adopts
                cols = np.flatnonzero(passed)
                for rung in stronger:
                    if not cols.size:
                        break
                    p = self._positions(rung, cols, eps, absent, band)
                    ok = self.table[(p * pow4).sum(axis=0, dtype=np.int32)]
                    cols = cols[ok]
                    chosen[cols] = rung
                    final[:, cols] = p[:, ok]
            else:
                for rung in stronger:
                    p = self._positions(rung, None, eps, absent, band)
                    ok = self.table[(p * pow4).sum(axis=0, dtype=np.int32)] & active
                    chosen[ok] = rung
                    final[:, ok] = p[:, ok]
        adopted = chosen >= 0
        failed = active & ~adopted
        blocked = ((self.vbits >> pos) & 1).view(bool) & failed
        self.blocked_rounds += blocked.sum(axis=1)
        self.blocked_any |= blocked
        np.copyto(self.last_pos, final, where=active)
        self.tallied |= active
        if adopted.any():
            self.by_rung += np.bincount(chosen[adopted], minlength=self.n_rungs)
            self.by_round[t] += int(adopted.sum())
            self.rung_at[adopted] = chosen[adopted]
            self.adopted |= adopted
        self.active = failed

    def finish(
        self, pow4: NDArray[np.int32], picked: NDArray[np.int64] | None, n_draws: int
    ) -> BatchResult:
        vid = self.variant.id
        rule = self.rule
        pos = self.last_pos
        tallied = self.tallied
        lost = tallied & ~self.adopted
        blocked_last = ((self.vbits >> pos) & 1).view(bool) & lost
        code = (pos * pow4).sum(axis=0, dtype=np.int32)
        n_states = len(rule.states)
        decisive = np.zeros(n_states, dtype=np.int64)
        success = np.zeros(n_states, dtype=np.int64)
        supported = ((pos == SUPPORT) & tallied).sum(axis=1).astype(np.int64)
        for s in range(n_states):
            if not rule.voters[s]:
                continue
            base = code - pos[s].astype(np.int32) * pow4[s]
            flips = self.table[base] != self.table[base + pow4[s]]
            decisive[s] = int((flips & tallied).sum())
            mine = np.where(self.adopted, pos[s] == SUPPORT, pos[s] != SUPPORT)
            success[s] = int((mine & tallied).sum())
        vetoed = blocked_last.any(axis=0)
        out: BatchResult = {
            f"{vid}/n": np.array(self.n, dtype=np.int64),
            f"{vid}/adopted": np.array(int(self.adopted.sum()), dtype=np.int64),
            f"{vid}/by_rung": self.by_rung,
            f"{vid}/by_round": self.by_round,
            f"{vid}/blocked_rounds": self.blocked_rounds,
            f"{vid}/blocked_any": self.blocked_any.sum(axis=1).astype(np.int64),
            f"{vid}/blocked_last": blocked_last.sum(axis=1).astype(np.int64),
            f"{vid}/decisive": decisive,
            f"{vid}/success": success,
            f"{vid}/supported": supported,
            f"{vid}/failed_veto": np.array(int((lost & vetoed).sum()), dtype=np.int64),
            f"{vid}/failed_quota": np.array(int((lost & ~vetoed).sum()), dtype=np.int64),
            f"{vid}/barred": np.array(int((~tallied).sum()), dtype=np.int64),
        }
        if picked is not None:
            size = n_draws * (self.n_rungs + 1)
            flat = np.bincount(picked * (self.n_rungs + 1) + self.rung_at, minlength=size)
            out[f"{vid}/by_draw"] = flat.astype(np.int64)
        return out


def batch_digest(result: BatchResult) -> str:
    """SHA-256 over every count, in key order: a batch's fingerprint for receipts."""
    h = hashlib.sha256()
    for key in sorted(result):
        h.update(key.encode())
        h.update(np.ascontiguousarray(result[key], dtype=np.int64).tobytes())
    return h.hexdigest()
