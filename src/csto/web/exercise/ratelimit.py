"""Rate limits: token buckets kept in the process.

A bucket holds up to ``burst`` tokens and gains ``rate`` a second; an action takes one and
is refused (429, with ``Retry-After``) when none is left. The limits the exercise uses:

- **moves**: per seat (its credential), 30 at once, then 2 a second: a person never
  notices; a script hammering the referee does;
- **invitation codes**: per client address, 10 wrong codes, then one every 6 seconds (a
  right code never counts, so a class behind one address joins at once), which makes
  guessing a 60-bit code hopeless;
- **new exercises**: per client address, 10, then one a minute.

:class:`Limiter` keeps its buckets in the process (at most ``keys`` of them; the fullest go
first): what a server of one process on SQLite uses, and what a test uses. A server on
PostgreSQL (one process or ``--workers N``) keeps them in the database instead
(:mod:`csto.web.exercise.sharedlimits`), so its workers share one budget per client and a
restart does not refill it; :meth:`Limits.default` takes where the buckets live.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from csto.errors import Problem
from csto.web.exercise.errors import TooManyError

__all__ = ["KINDS", "Limit", "Limiter", "Limits", "refusal"]

#: the exercise's limits: (what a refusal calls them, burst, tokens a second)
KINDS: dict[str, tuple[str, float, float]] = {
    "moves": ("moves", 30, 2.0),
    "codes": ("wrong invitation codes", 10, 1 / 6),
    "creations": ("new exercises", 10, 1 / 60),
}


class Limit(Protocol):
    """A rate limit on one kind of action, by key (a client's address, a seat's credential)."""

    def check(self, key: str) -> None:
        """Refuse (TooManyError) if ``key`` has no token left; take nothing."""

    def take(self, key: str) -> None:
        """Take a token for ``key``, or refuse (TooManyError) if none is left."""


def refusal(what: str, burst: float, rate: float, level: float) -> TooManyError:
    """The refusal of an action of ``what`` whose bucket is at ``level`` (below 1)."""
    wait = max(0.0, 1 - level) / rate
    return TooManyError(
        f"too many {what}: wait {wait:.0f} s",
        wait,
        (
            Problem(
                f"at most {burst:.0f} at once, then {rate:g} a second",
                field="rate",
                fix=f"try again in {max(1, round(wait + 0.5))} s",
            ),
        ),
    )


class Limiter:
    """Token buckets by key (see the module docstring)."""

    def __init__(
        self,
        what: str,
        burst: float,
        rate: float,
        *,
        keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what, self.burst, self.rate, self.keys, self.clock = what, burst, rate, keys, clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _level(self, key: str, now: float) -> float:
        tokens, then = self._buckets.get(key, (self.burst, now))
        return min(self.burst, tokens + (now - then) * self.rate)

    def check(self, key: str) -> None:
        """Refuse (TooManyError) if ``key`` has no token left; take nothing."""
        with self._lock:
            level = self._level(key, self.clock())
        if level < 1:
            self._refuse(level)

    def take(self, key: str) -> None:
        """Take a token for ``key``, or refuse (TooManyError) if none is left."""
        with self._lock:
            now = self.clock()
            level = self._level(key, now)
            if level >= 1:
                self._buckets[key] = (level - 1, now)
                if len(self._buckets) > self.keys:
                    self._prune(now)
                return
        self._refuse(level)

    def _prune(self, now: float) -> None:
        by_level = sorted(self._buckets, key=lambda k: -self._level(k, now))
        for key in by_level[: len(self._buckets) - self.keys]:
            del self._buckets[key]

    def _refuse(self, level: float) -> None:
        raise refusal(self.what, self.burst, self.rate, level)


@dataclass
class Limits:
    """The exercise's limits (one set per application)."""

    moves: Limit
    codes: Limit
    creations: Limit
    close: Callable[[], None] = lambda: None

    @classmethod
    def default(
        cls,
        shared: Callable[[str, float, float], Limit] | None = None,
        close: Callable[[], None] = lambda: None,
    ) -> Limits:
        """The limits of :data:`KINDS`, in the process, or made by ``shared(what, burst,
        rate)`` (``close``: what to call when the application stops)."""
        make = shared or Limiter
        return cls(
            moves=make(*KINDS["moves"]),
            codes=make(*KINDS["codes"]),
            creations=make(*KINDS["creations"]),
            close=close,
        )
