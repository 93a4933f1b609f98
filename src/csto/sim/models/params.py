"""A parameter is a distribution with its source: what numbers a delegation or the model is
drawn from, and where those numbers come from (a data set, a record event, a document, a
calibration, a stated assumption, or a scenario's override).

:class:`Dist` samples with an injected ``numpy.random.Generator`` and nothing else, so that
the same generator state gives the same numbers; its ``kind`` is one of :data:`DIST_KINDS`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # numpy only when a distribution is sampled: csto serve starts without it
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["DIST_KINDS", "SOURCE_KINDS", "Dist", "DistKind", "Param", "Source", "SourceKind"]

DistKind = Literal["fixed", "beta", "normal", "uniform"]
DIST_KINDS: dict[str, str] = {
    "fixed": "always the value a",
    "beta": "Beta(a, b) on [0, 1]",
    "normal": "Normal with mean a and standard deviation b",
    "uniform": "Uniform on [a, b]",
}

SourceKind = Literal["dataset", "record", "document", "calibration", "assumption", "scenario"]
SOURCE_KINDS: dict[str, str] = {
    "dataset": "a public data set with its licence (e.g. UN General Assembly roll calls)",
    "record": "events of csto's curated record, by id",
    "document": "a public document or page, by URL or record source id",
    "calibration": "fitted on the documented episodes by 'csto sim calibrate' (a receipt)",
    "assumption": "no data: a stated assumption (a prior), to be overridden or calibrated",
    "scenario": "given by the scenario file, with the source it names",
}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a parameter's numbers come from: ``says`` in words, ``refs`` as ids or URLs."""

    kind: SourceKind
    says: str
    refs: tuple[str, ...] = ()

    def __str__(self) -> str:
        refs = f" [{', '.join(self.refs)}]" if self.refs else ""
        return f"{self.kind}: {self.says}{refs}"


@dataclass(frozen=True, slots=True)
class Dist:
    """A distribution: ``fixed`` (a), ``beta`` (a, b), ``normal`` (mean a, sd b) or
    ``uniform`` (a, b)."""

    kind: DistKind
    a: float
    b: float = 0.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.a) and math.isfinite(self.b)):
            raise ValueError(f"{self.kind} parameters must be finite numbers")
        if self.kind == "beta" and not (self.a > 0 and self.b > 0):
            raise ValueError("a beta distribution needs a > 0 and b > 0")
        if self.kind == "normal" and self.b < 0:
            raise ValueError("a normal distribution needs a standard deviation b >= 0")
        if self.kind == "uniform" and self.b < self.a:
            raise ValueError("a uniform distribution needs a <= b")

    def sample(self, rng: np.random.Generator, n: int) -> NDArray[np.float64]:
        """``n`` draws from ``rng`` (a fixed value draws nothing, so it consumes no stream)."""
        if self.kind == "fixed":
            import numpy as np

            return np.full(n, self.a)
        if self.kind == "beta":
            return rng.beta(self.a, self.b, n)
        if self.kind == "normal":
            return rng.normal(self.a, self.b, n)
        return rng.uniform(self.a, self.b, n)

    @property
    def mean(self) -> float:
        if self.kind == "beta":
            return self.a / (self.a + self.b)
        if self.kind == "uniform":
            return (self.a + self.b) / 2
        return self.a

    @property
    def sd(self) -> float:
        if self.kind == "beta":
            total = self.a + self.b
            return math.sqrt(self.a * self.b / (total * total * (total + 1)))
        if self.kind == "normal":
            return self.b
        if self.kind == "uniform":
            return (self.b - self.a) / math.sqrt(12)
        return 0.0

    def __str__(self) -> str:
        if self.kind == "fixed":
            return f"{self.a:g}"
        if self.kind == "beta":
            return f"Beta({self.a:g}, {self.b:g})"
        if self.kind == "normal":
            return f"Normal({self.a:g}, {self.b:g})"
        return f"Uniform({self.a:g}, {self.b:g})"


@dataclass(frozen=True, slots=True)
class Param:
    """One named parameter: its distribution and its source."""

    name: str
    dist: Dist
    source: Source
