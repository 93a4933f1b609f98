"""Sentences that say how the figures under preferences differ from the a-priori ones, and
why, written from the numbers (nothing here is canned but the grammar).

For one world: how often the body acts against the a-priori power to act; who supports
least and most; the veto players, since another voter can decide only when every veto
player supports (if ``j`` is in every winning coalition and ``i``'s vote changes the
outcome, one of the two coalitions, with and without ``i``, wins and so holds ``j``); which
voters decide more or less often than a priori, judged by whether the a-priori value lies
outside the 95% interval; and success as decisiveness plus luck (Barry 1980; Laruelle &
Valenciano 2005: getting the outcome one voted for without deciding it). For a world other
than the law: how its figures differ from the law's on the same draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from csto.power.games import TableGame
from csto.power.preferences import Estimate, Measures

__all__ = ["explain", "independent_act", "veto_players"]


def veto_players(game: TableGame) -> tuple[str, ...]:
    """The players in every winning coalition (none when no coalition wins)."""
    masks = np.flatnonzero(game.winning)
    if masks.size == 0:
        return ()
    return tuple(p for i, p in enumerate(game.players) if bool(np.all((masks >> i) & 1)))


def independent_act(game: TableGame, support: Sequence[float]) -> float:
    """P(the game wins) when each player supports independently with its probability."""
    masks = np.arange(1 << game.n, dtype=np.int64)
    prob = np.ones(masks.shape)
    for i, p in enumerate(support):
        prob *= np.where((masks >> i) & 1, p, 1.0 - p)
    return float(prob[game.winning].sum())


def _pct(x: float) -> str:
    if x == 0:
        return "0%"
    if x < 0.001:
        return f"{100 * x:.2g}%"
    if x < 0.1:
        return f"{100 * x:.2f}%"
    return f"{100 * x:.1f}%"


def _times(a: float, b: float) -> str:
    """How ``a`` compares with ``b`` in words."""
    if b == 0:
        return "where it would never happen" if a else "the same"
    r = a / b
    if r >= 1.05:
        return f"{r:.3g} times as often"
    if r <= 0.95:
        return f"{r:.3g} times as often ({1 / r:.3g} times less)" if r > 0 else "never"
    return "about as often"


def _against(e: Estimate, prior: float) -> int:
    """+1 when the estimate lies above ``prior`` (``prior`` below its interval), -1 below,
    0 when ``prior`` is inside the interval."""
    return 1 if prior < e.low else -1 if prior > e.high else 0


def explain(
    label: str,
    game: TableGame,
    m: Measures,
    a_priori_act: Fraction,
    a_priori_decisive: Sequence[Fraction | None] | None,
    law: tuple[str, Measures] | None = None,
) -> list[str]:
    """The sentences for one world (``law``: the law's label and figures, for a world
    measured on the same draws)."""
    out: list[str] = []
    act, prior = m.act, float(a_priori_act)
    side = _against(act, prior)
    head = (
        f"Under {label} the Council acts on {_pct(act.value)} of drafts (95% interval "
        f"{_pct(act.low)} to {_pct(act.high)}); a priori, every coalition equally likely, on "
        f"{_pct(prior)} ({a_priori_act})"
    )
    out.append(
        head
        + (
            f": {_times(act.value, prior)}."
            if side
            else ", inside the interval: no difference shown."
        )
    )
    if m.supports:
        rates = sorted(zip(m.players, m.supports, strict=True), key=lambda x: x[1].value)
        (lo_p, lo_e), (hi_p, hi_e) = rates[0], rates[-1]
        out.append(
            f"The votes are not fair coins: {lo_p} supports {_pct(lo_e.value)} of drafts, "
            f"{hi_p} {_pct(hi_e.value)} (a fair coin: 50%)."
        )
        alone = independent_act(game, [e.value for e in m.supports])
        if act.low <= alone <= act.high:
            out.append(
                f"Independent votes at these rates would act on {_pct(alone)}, inside the "
                "interval: the rates alone account for P(act)."
            )
        else:
            out.append(
                f"Independent votes at these rates would act on {_pct(alone)}: the rest is "
                "the votes' correlation (the voters tend to support "
                f"{'together' if act.value > alone else 'apart'})."
            )
        vetoes = veto_players(game)
        rate = {p: e.value for p, e in zip(m.players, m.supports, strict=True)}
        if vetoes:
            weakest = min(vetoes, key=lambda p: rate[p])
            if len(vetoes) == len(m.players):
                dec = {p: e.value for p, e in zip(m.players, m.decisive, strict=True)}
                top = max(m.players, key=lambda p: dec[p])
                low = min(m.players, key=lambda p: dec[p])
                ends = dict(zip(m.players, m.decisive, strict=True))
                overlap = ends[low].high >= ends[top].low
                out.append(
                    "Every voter holds a veto, so a voter decides exactly when all the others "
                    f"support: most often {top} ({_pct(dec[top])}), least often {low} "
                    f"({_pct(dec[low])})"
                    + ("; their intervals overlap: no difference shown" if overlap else "")
                    + f"; each needs the support of the least willing, {weakest} "
                    f"({_pct(rate[weakest])} of drafts), unless it is that voter."
                )
            elif len(vetoes) == 1:
                out.append(
                    f"{weakest} is the one veto player: any other voter decides only when it "
                    f"supports, which it does on {_pct(rate[weakest])} of drafts."
                )
            else:
                out.append(
                    f"Veto players: {', '.join(vetoes)}. Another voter decides only when every "
                    f"veto player supports; the least willing of them, {weakest}, does on "
                    f"{_pct(rate[weakest])} of drafts."
                )
    if a_priori_decisive is not None:
        more, less = [], []
        for p, e, a in zip(m.players, m.decisive, a_priori_decisive, strict=True):
            side = _against(e, float(a or 0))
            if side > 0:
                more.append(f"{p} {_pct(e.value)} (a priori {_pct(float(a or 0))})")
            elif side < 0:
                less.append(f"{p} {_pct(e.value)} (a priori {_pct(float(a or 0))})")
        if more:
            out.append("More decisive than a priori: " + "; ".join(more) + ".")
        if less:
            out.append("Less decisive than a priori: " + "; ".join(less) + ".")
        if not more and not less:
            out.append("Every voter's decisiveness is within its interval of the a-priori value.")
    luck = [
        (p, s.value - d.value, s, d)
        for p, s, d in zip(m.players, m.success, m.decisive, strict=True)
    ]
    p, gap, s, d = max(luck, key=lambda x: x[1])
    out.append(
        f"Success is decisiveness plus luck: {p} gets the outcome it voted for on {_pct(s.value)} "
        f"of drafts, deciding it on {_pct(d.value)} and carried by the others on {_pct(gap)}."
    )
    if law is not None:
        law_label, lm = law
        out.append(
            f"Against {law_label} on the same draws: the Council acts "
            f"{_times(act.value, lm.act.value)} ({_pct(act.value)} against {_pct(lm.act.value)})."
        )
        shared = [q for q in m.players if q in lm.players]
        if shared:
            lawd = {q: e.value for q, e in zip(lm.players, lm.decisive, strict=True)}
            mine = {q: e.value for q, e in zip(m.players, m.decisive, strict=True)}
            q = max(shared, key=lambda x: abs(mine[x] - lawd[x]))
            if mine[q] != lawd[q]:
                out.append(
                    f"The largest change in decisiveness is {q}'s: {_pct(lawd[q])} under "
                    f"{law_label}, {_pct(mine[q])} here."
                )
    return out
