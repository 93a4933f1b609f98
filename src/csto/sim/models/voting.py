"""The tally is the law's: a vectorised decision rule derived by asking csto's own rule.

:func:`compile_rule` takes a *judge* (positions -> the law's count, e.g. ``Engine.judge`` on
``decide_assistance`` under a profile and a rule variant) and learns from it, by asking it
about chosen profiles, who votes, which positions block for whom (a veto), and how many
supporters adoption needs (the quota). The result, a :class:`VoteRule`, decides millions of
profiles at once with numpy; :func:`disagreements` checks it against the judge on sampled
profiles, and compiling refuses a rule it cannot express (so a law whose count is not "no
veto and enough support" fails loudly rather than being simulated wrongly).

Positions are coded :data:`POSITIONS` (support 0, object 1, abstain 2, absent 3); a profile is
one code per delegation, in the rule's ``states`` order. :func:`decisiveness` and
:func:`success` estimate Laruelle and Valenciano's (2005) measures for any sampled
distribution of profiles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from csto.errors import InternalError

__all__ = [
    "ABSENT",
    "ABSTAIN",
    "OBJECT",
    "POSITIONS",
    "SUPPORT",
    "Count",
    "Judge",
    "VoteRule",
    "compile_rule",
    "decisiveness",
    "disagreements",
    "success",
]

POSITIONS: tuple[str, ...] = ("support", "object", "abstain", "absent")
SUPPORT, OBJECT, ABSTAIN, ABSENT = range(4)


@dataclass(frozen=True, slots=True)
class Count:
    """What the law said of one profile: who could vote, whether the draft was adopted, who
    blocked it, and the article the verdict cited last (the one that decided)."""

    voters: tuple[str, ...]
    adopted: bool
    blocking: tuple[str, ...] = ()
    article: str | None = None


Judge = Callable[[Mapping[str, str]], Count]


@dataclass(frozen=True, eq=False)
class VoteRule:
    """Adopted iff no voter holds a position that is a veto for it and at least ``quota``
    voters support. ``barred``: the law adopts nothing whatever the positions (``article``
    says why)."""

    label: str
    states: tuple[str, ...]
    voters: NDArray[np.bool_]
    veto: NDArray[np.bool_]
    quota: int
    article: str
    barred: bool = False
    _table: list[NDArray[np.bool_]] = field(default_factory=list, repr=False)

    @property
    def n(self) -> int:
        return len(self.states)

    def blockers(self, pos: NDArray[np.integer]) -> NDArray[np.bool_]:
        """Who blocks, per profile: voters holding a veto position."""
        return self.veto[np.arange(self.n), pos]  # type: ignore[no-any-return]

    def adopted(self, pos: NDArray[np.integer]) -> NDArray[np.bool_]:
        """Whether each profile (last axis: one position per state) is adopted."""
        if self.barred:
            return np.zeros(pos.shape[:-1], dtype=bool)
        supporters = ((pos == SUPPORT) & self.voters).sum(axis=-1)
        return ~self.blockers(pos).any(axis=-1) & (supporters >= self.quota)  # type: ignore[no-any-return]

    def table(self) -> NDArray[np.bool_]:
        """Adoption of every profile, indexed by ``sum(pos[s] * 4**s)`` (built once)."""
        if not self._table:
            codes = np.arange(4**self.n, dtype=np.int64)
            digits = (codes[:, None] // (4 ** np.arange(self.n))) % 4
            self._table.append(self.adopted(digits.astype(np.int8)))
        return self._table[0]

    def describe(self) -> str:
        if self.barred:
            return f"adopts nothing ({self.article})"
        names = [s for s, v in zip(self.states, self.voters, strict=True) if v]
        vetoes = sorted(
            {
                POSITIONS[p]
                for s in range(self.n)
                if self.voters[s]
                for p in range(4)
                if self.veto[s, p]
            }
        )
        return (
            f"voters {', '.join(names)}; blocked by {', '.join(vetoes) or 'nothing'}; "
            f"needs {self.quota} supporter{'s' if self.quota != 1 else ''}"
        )


def compile_rule(
    judge: Judge,
    states: tuple[str, ...],
    label: str,
    *,
    check: int = 256,
    rng: np.random.Generator | None = None,
) -> VoteRule:
    """Learn the rule ``judge`` applies to the delegations ``states`` (see the module
    docstring), then check it on ``check`` random profiles."""
    n = len(states)
    base = judge({})
    voters = np.array([s in base.voters for s in states], dtype=bool)
    extra = [v for v in base.voters if v not in states]
    if extra:
        raise InternalError(
            f"{label}: the law counts voters the scenario does not simulate: {extra}"
        )
    everyone = {s: "support" for s, v in zip(states, voters, strict=True) if v}
    full = judge(everyone)
    if not full.adopted:
        return VoteRule(
            label,
            states,
            voters,
            np.zeros((n, 4), dtype=bool),
            0,
            full.article or "the law",
            barred=True,
        )
    veto = np.zeros((n, 4), dtype=bool)
    article = None
    for s, code in enumerate(states):
        if not voters[s]:
            continue
        for p in (OBJECT, ABSTAIN, ABSENT):
            count = judge({**everyone, code: POSITIONS[p]})
            if not count.adopted:
                veto[s, p] = True
                article = article or count.article
    neutral = [
        next((p for p in (ABSTAIN, ABSENT, OBJECT) if not veto[s, p]), None) for s in range(n)
    ]
    quota: int | None = None
    forced = [s for s in range(n) if voters[s] and neutral[s] is None]
    free = [s for s in range(n) if voters[s] and neutral[s] is not None]
    for k in range(len(free) + 1):
        profile = {states[s]: "support" for s in forced}
        for i, s in enumerate(free):
            chosen = SUPPORT if i < k else neutral[s]
            assert chosen is not None
            profile[states[s]] = POSITIONS[chosen]
        count = judge(profile)
        if count.adopted:
            quota = len(forced) + k
            break
        article = article or count.article
    if quota is None:  # pragma: no cover - everyone supporting was adopted above
        raise InternalError(f"{label}: no number of supporters adopts the draft")
    found: int = quota
    rule = VoteRule(label, states, voters, veto, found, article or full.article or "the law")
    if check:
        wrong = disagreements(rule, judge, rng or np.random.default_rng(0), check)
        if wrong:
            raise InternalError(
                f"{label}: the law's count is not 'no veto and enough support'; the simulation "
                f"cannot vectorise it: {wrong[0]}"
            )
    return rule


def disagreements(rule: VoteRule, judge: Judge, rng: np.random.Generator, n: int) -> list[str]:
    """Profiles (``n`` sampled, non-voters included) where ``rule`` and ``judge`` differ on
    adoption or on who blocks, described."""
    out: list[str] = []
    profiles = rng.integers(0, 4, size=(n, rule.n), dtype=np.int8)
    adopted = rule.adopted(profiles)
    blockers = rule.blockers(profiles) & rule.voters
    for i in range(n):
        positions = {s: POSITIONS[int(p)] for s, p in zip(rule.states, profiles[i], strict=True)}
        count = judge(positions)
        mine = {s for s, b in zip(rule.states, blockers[i], strict=True) if b}
        if bool(adopted[i]) != count.adopted or (not rule.barred and mine != set(count.blocking)):
            out.append(
                f"{positions}: the law says adopted={count.adopted}, blocking "
                f"{sorted(count.blocking)}; the rule says adopted={bool(adopted[i])}, "
                f"blocking {sorted(mine)}"
            )
    return out


def decisiveness(rule: VoteRule, pos: NDArray[np.integer]) -> NDArray[np.bool_]:
    """Per profile and state: whether the state's vote decides the outcome, i.e. the draft
    is adopted if it supports and not if it objects, the others as they are (Laruelle and
    Valenciano's decisiveness, given the profile). Non-voters are never decisive."""
    out = np.zeros(pos.shape, dtype=bool)
    for s in range(rule.n):
        if not rule.voters[s]:
            continue
        yes = pos.copy()
        yes[..., s] = SUPPORT
        no = pos.copy()
        no[..., s] = OBJECT
        out[..., s] = rule.adopted(yes) != rule.adopted(no)
    return out


def success(rule: VoteRule, pos: NDArray[np.integer]) -> NDArray[np.bool_]:
    """Per profile and state: whether the outcome is what the state voted for (adopted and it
    supported, or not adopted and it did not); Laruelle and Valenciano's success."""
    adopted = rule.adopted(pos)[..., None]
    return np.where(adopted, pos == SUPPORT, pos != SUPPORT)  # type: ignore[no-any-return]
