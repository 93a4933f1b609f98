"""Sweeps: a scenario run at many points of its parameters, under its rule variants.

An axis names a parameter (a model parameter, e.g. ``cost``, or a delegation's, as
``STATE.parameter``, e.g. ``KAZ.attendance``) and either the values a grid takes
(``cost=0.5,1,2``) or the range a random sweep draws from uniformly (``cost=0.5:2``). A grid
sweep runs the Cartesian product of its axes; a random sweep draws ``points`` points from a
generator seeded by the sweep's seed alone. At each point the parameter is fixed at that
value (an override whose source says which sweep point it is); every point runs with the
same seed, so points differ by their parameters, not by noise (common random numbers).

No I/O: :func:`sweep_points` and :func:`apply_point` are plain functions of their inputs.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from csto.errors import InputError, Problem
from csto.sim.models.parameters import DELEGATION_PARAMETERS, MODEL_PARAMETERS
from csto.sim.models.scenario import ParamSpec, Scenario

__all__ = ["MAX_POINTS", "Axis", "SweepKind", "apply_point", "parse_axis", "sweep_points"]

SweepKind = Literal["grid", "random"]

#: the most points a sweep may have (a guard against a mistyped grid)
MAX_POINTS = 10_000


@dataclass(frozen=True, slots=True)
class Axis:
    """One swept parameter: the grid's ``values``, or a random sweep's ``low`` and ``high``."""

    name: str
    values: tuple[float, ...] = ()
    low: float | None = None
    high: float | None = None


def _problem(text: str, option: str, got: str, fix: str) -> InputError:
    return InputError(
        f"{option} {got!r}: {text}",
        (
            Problem(
                text,
                field=option,
                expected="NAME=V1,V2,... (grid) or NAME=LOW:HIGH (random)",
                got=got,
                fix=fix,
            ),
        ),
    )


def _check_name(name: str, option: str, text: str) -> None:
    model = ", ".join(MODEL_PARAMETERS)
    deleg = ", ".join(DELEGATION_PARAMETERS)
    if "." in name:
        state, param = name.split(".", 1)
        if not (len(state) == 3 and state.isalpha() and state.isupper()):
            raise _problem(
                f"{state!r} is not a state code", option, text, "use an ISO 3166 alpha-3 code"
            )
        if param not in DELEGATION_PARAMETERS:
            raise _problem(f"no delegation parameter {param!r}", option, text, f"one of: {deleg}")
    elif name not in MODEL_PARAMETERS:
        raise _problem(
            f"no model parameter {name!r}",
            option,
            text,
            f"a model parameter ({model}) or STATE.parameter ({deleg})",
        )


def parse_axis(text: str, kind: SweepKind, option: str = "--axis") -> Axis:
    """``NAME=V1,V2,...`` for a grid, ``NAME=LOW:HIGH`` for a random sweep."""
    name, sep, rest = text.partition("=")
    name = name.strip()
    if not sep or not name or not rest.strip():
        raise _problem("not NAME=VALUES", option, text, "e.g. cost=0.5,1,2 or cost=0.5:2")
    _check_name(name, option, text)
    try:
        if kind == "grid":
            values = tuple(float(v) for v in rest.split(","))
            if not all(math.isfinite(v) for v in values):
                raise ValueError("not finite")
            if len(set(values)) != len(values):
                raise _problem("a value is repeated", option, text, "list each value once")
            return Axis(name, values=values)
        low_text, colon, high_text = rest.partition(":")
        if not colon:
            raise _problem("a random sweep needs a range LOW:HIGH", option, text, "e.g. cost=0.5:2")
        low, high = float(low_text), float(high_text)
    except ValueError:
        raise _problem("the values are not numbers", option, text, "e.g. cost=0.5,1,2") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise _problem("LOW must be a number below HIGH", option, text, "e.g. cost=0.5:2")
    return Axis(name, low=low, high=high)


def sweep_points(
    axes: Sequence[Axis], kind: SweepKind, *, points: int = 0, seed: int = 0
) -> list[dict[str, float]]:
    """The points of the sweep, in a fixed order (a grid's product in the axes' order; a
    random sweep's draws from ``numpy.random.default_rng([seed, 5])``)."""
    if not axes:
        raise InputError(
            "a sweep needs at least one axis",
            (Problem("no axis", field="axis", fix="e.g. --axis cost=0.5,1,2"),),
        )
    names = [a.name for a in axes]
    if len(set(names)) != len(names):
        raise InputError(
            "a parameter is swept twice",
            (Problem("repeated axis", field="axis", got=", ".join(names)),),
        )
    if kind == "grid":
        total = math.prod(len(a.values) for a in axes)
        if total > MAX_POINTS:
            raise InputError(
                f"the grid has {total} points; at most {MAX_POINTS}",
                (Problem("too many points", field="axis", got=str(total)),),
            )
        return [
            dict(zip(names, combo, strict=True))
            for combo in itertools.product(*(a.values for a in axes))
        ]
    if not 1 <= points <= MAX_POINTS:
        raise InputError(
            f"a random sweep needs between 1 and {MAX_POINTS} points",
            (Problem("bad number of points", field="points", got=str(points)),),
        )
    ranges = {a.name: (a.low, a.high) for a in axes}
    missing = [n for n, (lo, hi) in ranges.items() if lo is None or hi is None]
    if missing:
        raise InputError(
            "a random sweep needs a range for every axis",
            (Problem("no range", field="axis", got=", ".join(missing), fix="NAME=LOW:HIGH"),),
        )
    rng = np.random.default_rng([seed, 5])
    draws = {n: rng.uniform(lo or 0.0, hi or 0.0, points) for n, (lo, hi) in ranges.items()}
    return [{name: float(draws[name][i]) for name in names} for i in range(points)]


def apply_point(scenario: Scenario, point: dict[str, float], label: str) -> Scenario:
    """``scenario`` with each parameter of ``point`` fixed at its value (source: ``label``)."""
    model = dict(scenario.model)
    delegations = {s: dict(p) for s, p in scenario.delegations.items()}
    for name, value in point.items():
        spec = ParamSpec(source=label, value=value)
        if "." in name:
            state, param = name.split(".", 1)
            delegations.setdefault(state, {})[param] = spec
        else:
            model[name] = spec
    return scenario.replace(model=model, delegations=delegations)
