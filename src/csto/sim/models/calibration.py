"""Calibration and retrodiction on the documented episodes, by adaptive importance sampling.

``K`` draws of the model's parameters come from a proposal (first the priors; then, for a few
rounds, a mixture of the priors and independent normals fitted to the weighted draws of the
round before, :func:`propose`); each is run ``R`` times on every episode (replication ``i``
uses draw ``i mod K``: :attr:`Plan.cycle_draws`), which gives ``p[e, k]``, the share of draw
``k``'s runs of episode ``e`` that end as history did. A draw's likelihood is the product over
the fitted episodes of ``(hits + 1/2) / (R + 1)`` (the half-count keeps a draw that never saw
an outcome from a zero); its posterior weight is prior density x likelihood / proposal
density, its prior weight prior density / proposal density. From the weights:

- posterior mean, sd and quantiles of each parameter, and the effective sample size;
- each episode's P(what history did), prior and posterior predictive, and leave-one-out
  (the weights without the episode's own factor);
- the Brier score (over the forms of outcome) and the log-likelihood, in sample and
  leave-one-out.

An episode whose leave-one-out P(history) falls below :data:`RETRODICTED` is reported as not
retrodicted. Nothing here reads a file or runs a simulation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from csto.sim.models.params import Dist

__all__ = [
    "MIX_PRIOR",
    "RETRODICTED",
    "EpisodeCounts",
    "EpisodeFit",
    "Fit",
    "ParamSummary",
    "fit",
    "prior_draws",
    "propose",
    "tempered_weights",
]

#: below this leave-one-out probability of what history did, an episode is not retrodicted
RETRODICTED = 0.05
#: the priors' share of an adaptive proposal (keeps every region of the prior reachable)
MIX_PRIOR = 0.2
#: the fitted normals' standard deviations are widened by this factor
WIDEN = 1.5


def _log_pdf(dist: Dist, x: NDArray[np.float64]) -> NDArray[np.float64]:
    if dist.kind == "normal":
        z = (x - dist.a) / dist.b
        return -0.5 * z * z - math.log(dist.b * math.sqrt(2 * math.pi))
    if dist.kind == "uniform":
        inside = (x >= dist.a) & (x <= dist.b)
        return np.where(inside, -math.log(dist.b - dist.a), -np.inf)
    raise ValueError(f"no density for a {dist.kind} prior")  # pragma: no cover


def log_prior(priors: Sequence[Dist], draws: NDArray[np.float64]) -> NDArray[np.float64]:
    """Log prior density of each draw (independent priors)."""
    return sum((_log_pdf(d, draws[:, j]) for j, d in enumerate(priors)), np.zeros(len(draws)))


def propose(
    priors: Sequence[Dist],
    draws: NDArray[np.float64],
    weights: NDArray[np.float64],
    k: int,
    rng: np.random.Generator,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``k`` new draws from the mixture of the priors (share :data:`MIX_PRIOR`) and
    independent normals fitted to the weighted ``draws`` (widened by :data:`WIDEN`), with
    the log density of the mixture at each. Independent normals need no linear algebra, so
    the draws do not depend on the machine's LAPACK."""
    mean = weights @ draws
    sd = np.sqrt(np.maximum(weights @ (draws - mean) ** 2, 1e-12)) * WIDEN
    from_prior = rng.random(k) < MIX_PRIOR
    fitted = mean + sd * rng.standard_normal((k, draws.shape[1]))
    prior = prior_draws(priors, k, rng)
    new = np.where(from_prior[:, None], prior, fitted)
    log_normal = (-0.5 * ((new - mean) / sd) ** 2 - np.log(sd * math.sqrt(2 * math.pi))).sum(axis=1)
    log_q = np.logaddexp(
        math.log(MIX_PRIOR) + log_prior(priors, new), math.log(1 - MIX_PRIOR) + log_normal
    )
    return new, log_q


def prior_draws(priors: Sequence[Dist], k: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """``k`` draws (rows) of the parameters (columns) from their priors, in order."""
    return np.column_stack([d.sample(rng, k) for d in priors])


@dataclass(frozen=True, eq=False)
class EpisodeCounts:
    """One episode's runs: ``counts[k, j]`` runs of draw ``k`` ending in outcome ``j``."""

    id: str
    outcomes: tuple[str, ...]
    history: str
    acted: bool
    fit: bool
    counts: NDArray[np.int64]
    why_not: str | None = None

    @property
    def per_draw(self) -> int:
        return int(self.counts[0].sum())


@dataclass(frozen=True, slots=True)
class ParamSummary:
    name: str
    mean: float
    sd: float
    q05: float
    q50: float
    q95: float


@dataclass(frozen=True, slots=True)
class EpisodeFit:
    """What the model says of one episode: P(each outcome) under the posterior, P(what
    history did) under the prior, the posterior and leave-one-out, and the Brier scores."""

    id: str
    history: str
    fit: bool
    outcomes: dict[str, float]
    prior: float
    posterior: float
    loo: float
    brier: float
    brier_act: float
    retrodicted: bool
    why_not: str | None


@dataclass(frozen=True, eq=False)
class Fit:
    names: tuple[str, ...]
    draws: NDArray[np.float64]
    loglik: NDArray[np.float64]
    weights: NDArray[np.float64]
    params: tuple[ParamSummary, ...]
    episodes: tuple[EpisodeFit, ...]
    ess: float
    log_correction: NDArray[np.float64]

    @property
    def log_likelihood(self) -> float:
        """Sum over fitted episodes of log P(history), posterior predictive (in sample)."""
        return sum(math.log(max(e.posterior, 1e-300)) for e in self.episodes if e.fit)

    @property
    def loo_log_likelihood(self) -> float:
        return sum(math.log(max(e.loo, 1e-300)) for e in self.episodes if e.fit)

    @property
    def brier(self) -> float:
        fitted = [e.brier for e in self.episodes if e.fit]
        return sum(fitted) / len(fitted) if fitted else math.nan


def _quantile(values: NDArray[np.float64], weights: NDArray[np.float64], q: float) -> float:
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, q * cum[-1])])


def tempered_weights(result: Fit, beta: float) -> NDArray[np.float64]:
    """The draws' weights with the likelihood raised to ``beta`` (0: the prior, 1: the
    posterior)."""
    return _normalise(result.log_correction + beta * result.loglik)


def _normalise(logw: NDArray[np.float64]) -> NDArray[np.float64]:
    w = np.exp(logw - logw.max())
    return w / w.sum()  # type: ignore[no-any-return]


def fit(
    names: Sequence[str],
    draws: NDArray[np.float64],
    episodes: Sequence[EpisodeCounts],
    log_correction: NDArray[np.float64] | None = None,
) -> Fit:
    """Weigh ``draws`` by the fitted episodes; summarise parameters and every episode.
    ``log_correction``: log prior density minus log proposal density of each draw (None:
    the draws came from the priors)."""
    k = draws.shape[0]
    corr = np.zeros(k) if log_correction is None else np.asarray(log_correction, dtype=np.float64)
    logp: dict[str, NDArray[np.float64]] = {}
    freq: dict[str, NDArray[np.float64]] = {}
    for ep in episodes:
        if ep.counts.shape != (k, len(ep.outcomes)):
            raise ValueError(
                f"{ep.id}: counts are {ep.counts.shape}, expected {(k, len(ep.outcomes))}"
            )
        hits = ep.counts[:, ep.outcomes.index(ep.history)].astype(np.float64)
        logp[ep.id] = np.log((hits + 0.5) / (ep.per_draw + 1.0))
        freq[ep.id] = ep.counts / ep.counts.sum(axis=1, keepdims=True)
    loglik = sum((logp[e.id] for e in episodes if e.fit), np.zeros(k))
    weights = _normalise(corr + loglik)
    prior_w = _normalise(corr)
    summaries = tuple(
        ParamSummary(
            name,
            float((draws[:, j] * weights).sum()),
            float(
                math.sqrt(
                    max(0.0, (weights * (draws[:, j] - (draws[:, j] * weights).sum()) ** 2).sum())
                )
            ),
            _quantile(draws[:, j], weights, 0.05),
            _quantile(draws[:, j], weights, 0.5),
            _quantile(draws[:, j], weights, 0.95),
        )
        for j, name in enumerate(names)
    )
    fits: list[EpisodeFit] = []
    for ep in episodes:
        j = ep.outcomes.index(ep.history)
        probs = freq[ep.id]
        post = weights @ probs
        loo_w = _normalise(corr + loglik - logp[ep.id]) if ep.fit else weights
        loo = float(loo_w @ probs[:, j])
        target = np.array([1.0 if o == ep.history else 0.0 for o in ep.outcomes])
        p_act = float(1.0 - post[ep.outcomes.index("none")])
        fits.append(
            EpisodeFit(
                id=ep.id,
                history=ep.history,
                fit=ep.fit,
                outcomes={o: float(p) for o, p in zip(ep.outcomes, post, strict=True)},
                prior=float(prior_w @ probs[:, j]),
                posterior=float(post[j]),
                loo=loo,
                brier=float(((post - target) ** 2).sum()),
                brier_act=(p_act - (1.0 if ep.acted else 0.0)) ** 2,
                retrodicted=loo >= RETRODICTED,
                why_not=ep.why_not,
            )
        )
    ess = float(1.0 / (weights**2).sum())
    return Fit(tuple(names), draws, loglik, weights, summaries, tuple(fits), ess, corr)
