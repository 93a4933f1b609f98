"""UN General Assembly agreement between states: counts of roll calls on which two states both
voted and voted alike, by year (derived by scripts/unga_agreement.py from Voeten's data as
packaged in ``unvotes``), and the window of years a crisis on a date reads.

Agreement over a window is ``identical / common``; its uncertainty is carried as
``Beta(identical + 1, common - identical + 1)`` (a uniform prior updated by the roll calls).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from csto.sim.models.params import Dist, Source

__all__ = ["WINDOW_YEARS", "Agreement", "AgreementTable"]

#: how many complete years before the crisis year the alignment parameters read
WINDOW_YEARS = 5


@dataclass(frozen=True, slots=True)
class Agreement:
    """Two states' agreement over a window of years."""

    a: str
    b: str
    first_year: int
    last_year: int
    common: int
    identical: int

    @property
    def share(self) -> float:
        return self.identical / self.common

    def dist(self) -> Dist:
        return Dist("beta", self.identical + 1.0, self.common - self.identical + 1.0)

    def source(self, citation: str) -> Source:
        years = f"{self.first_year}-{self.last_year}"
        return Source(
            "dataset",
            f"UNGA roll calls {years}: {self.a} and {self.b} voted alike on {self.identical} of "
            f"{self.common} ({self.share:.3f}); {citation}",
            ("unga_agreement.csv",),
        )


class AgreementTable:
    """The rows ``(a, b, year, common, identical)`` with ``a < b``, complete up to a year."""

    def __init__(
        self,
        rows: Iterable[tuple[str, str, int, int, int]],
        *,
        complete_to: int,
        citation: str,
    ) -> None:
        self.complete_to = complete_to
        self.citation = citation
        self._rows: dict[tuple[str, str], dict[int, tuple[int, int]]] = {}
        for a, b, year, common, identical in rows:
            if not a < b:
                raise ValueError(f"rows must have a < b: {a}, {b}")
            self._rows.setdefault((a, b), {})[year] = (common, identical)
        self.states = frozenset(s for pair in self._rows for s in pair)

    def has(self, state: str) -> bool:
        return state in self.states

    def window(self, a: str, b: str, day: dt.date, years: int = WINDOW_YEARS) -> Agreement:
        """Agreement of ``a`` and ``b`` over the ``years`` complete years before ``day``'s
        year (the data's last complete years when the crisis is later than the data)."""
        if a == b:
            raise ValueError("a state agrees with itself")
        key = (a, b) if a < b else (b, a)
        by_year = self._rows.get(key)
        if by_year is None:
            missing = [s for s in (a, b) if s not in self.states]
            raise KeyError(f"no UNGA agreement rows for {', '.join(missing) or f'{a}-{b}'}")
        last = min(day.year - 1, self.complete_to)
        first = last - years + 1
        common = identical = 0
        for year in range(first, last + 1):
            c, i = by_year.get(year, (0, 0))
            common += c
            identical += i
        if common == 0:
            raise KeyError(f"no roll calls shared by {a} and {b} in {first}-{last}")
        return Agreement(key[0], key[1], first, last, common, identical)
