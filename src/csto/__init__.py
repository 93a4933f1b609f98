"""csto: the Collective Security Treaty Organization as executable software.

The public API is what ``__all__`` lists; a test guards it. Layers, each importing only the
ones before it: ``record`` (what happened) -> ``state`` (the organization on a date) ->
``law`` -> ``procedures`` -> edges (``store``, ``io``, ``cli``, ``web``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable as _Iterable
from pathlib import Path as _Path
from typing import TYPE_CHECKING

import csto.exercise as _exercise_package  # noqa: F401  (bound first, as csto.power: see below)
import csto.power as _power_package  # noqa: F401  (bound first, so that csto.power below is the function)
from csto.errors import CstoError
from csto.errors import InputError as _InputError

if TYPE_CHECKING:
    from csto.io.exercises import ExerciseHandle
    from csto.law.verdict import Verdict
    from csto.power.report import PowerReport
    from csto.sim.api import Simulation
    from csto.state.history import History
    from csto.store.port import EventStore

#: written here and in pyproject.toml (tests/test_citation.py holds them together): looking
#: it up with importlib.metadata would cost a tenth of a second on every command
__version__ = "0.1.0"

__all__ = ["CstoError", "__version__", "ask", "exercise", "load", "power", "simulate"]


def load(
    paths: _Iterable[str | _Path] | None = None,
    *,
    recorded_on: _dt.date | None = None,
) -> History:
    """The history: the curated record (plus your own record files in ``paths``), ready to
    answer ``history.on(date)``, ``history.between(d1, d2)`` and ``history.timeline()``.

    ``recorded_on`` answers with what the record knew on that day.
    """
    from csto.io.recordfiles import load_record
    from csto.state.history import History

    history = History(load_record(paths))
    return history if recorded_on is None else history.as_recorded(recorded_on)


def ask(
    action: object,
    *,
    profile: str = "default",
    history: History | None = None,
) -> Verdict:
    """What the law says of ``action`` (a mapping such as ``{"action": "notify_withdrawal",
    "by": "KGZ", "date": "2026-11-24"}``, or an action object from ``csto.law.actions``),
    judged on the organization as it stood when the action's day began, under ``profile``.

    The verdict carries its outcome, deciding organ and rule, effects, reasons citing
    articles in the version in force that day, the readings it depends on, and a receipt.
    """
    from csto.io.lawfiles import load_engine
    from csto.law.actions import Action, action_from_data
    from csto.law.lawcases import state_before

    history = history if history is not None else load()
    act = action if isinstance(action, Action) else action_from_data(action)
    engine = load_engine(history.record)
    return engine.judge(state_before(history, act.date), act, profile)


def power(
    date: _dt.date | str | None = None,
    *,
    variants: _Iterable[str] | None = None,
    profile: str = "default",
    weights: dict[str, int] | None = None,
    quota: int | None = None,
    indices: _Iterable[str] | None = None,
    others: str = "object",
    history: History | None = None,
    scenario: str | _Path | None = None,
    form: str | None = None,
    draws: int = 100_000,
    seed: int = 0,
) -> PowerReport:
    """A-priori voting power, exact: the Council on ``date`` (default today) under the law,
    each rule variant and counterfactual counting (all, or those named: ``majority``,
    ``silence``, ``k-of-n[:K]``, ``minus-parties[:A+B]``, ``file:PATH``) and each other
    reading of its tally; or, with ``weights`` and ``quota``, that weighted game.

    ``report.results`` holds one world each, with ``indices.values[index][k]`` a Fraction
    for player ``indices.players[k]``; ``csto.power.report.report_document`` gives the JSON.

    With ``scenario`` (a shipped simulation scenario, e.g. ``"arm-2022-09"``, or a scenario
    file; ``date`` then defaults to its date), ``report.preferences`` holds, per world, each
    delegation's success and decisiveness and P(act) with the simulation's delegations on a
    draft of that scenario (of ``form``: forces, mission, material, statement or decision;
    default the first the law leaves open): ``draws`` Monte Carlo draws from ``seed``, with
    95% intervals and sentences on how they differ from the a-priori figures.
    """
    from csto.power.games import weighted
    from csto.power.report import council_report, game_report, with_preferences

    if weights is not None or quota is not None:
        if weights is None or quota is None:
            raise _InputError("give both weights and quota for a weighted game")
        if scenario is not None:
            raise _InputError("a scenario applies to the Council, not to a weighted game")
        game = weighted(list(weights), list(weights.values()), quota)
        return game_report(game, which=indices, label="weighted game")
    from csto.io.lawfiles import load_engine
    from csto.io.scenariofiles import load_variant_file
    from csto.law.actions import Position

    model = None
    if scenario is not None:
        from csto.io.powerfiles import read_scenario_votes

        model, scenario_day = read_scenario_votes(scenario, form=form)
        date = scenario_day if date is None else date
    elif form is not None:
        raise _InputError("form applies to a scenario: give scenario= too")
    history = history if history is not None else load()
    names = None if variants is None else tuple(variants)
    files = {v[5:]: load_variant_file(v[5:]) for v in names or () if v.startswith("file:")}
    day = (
        _dt.date.today()
        if date is None
        else date
        if isinstance(date, _dt.date)
        else _dt.date.fromisoformat(date)
    )
    if others not in ("support", "object", "abstain", "absent", "not_participate"):
        raise _InputError(f"others must be a position, not {others!r}")
    pos: Position = others  # type: ignore[assignment]
    report = council_report(
        load_engine(history.record),
        history.on(day),
        profile=profile,
        variants=names,
        which=indices,
        others=pos,
        files=files,
    )
    if model is None:
        return report
    return with_preferences(report, model, draws=draws, seed=seed)


def simulate(
    scenario: str | _Path,
    *,
    replications: int | None = None,
    seed: int | None = None,
    variants: _Iterable[str] | None = None,
    executor: str = "inline",
    workers: int | None = None,
    scheduler: str | None = None,
) -> Simulation:
    """Run a scenario (the id of a shipped scenario, e.g. ``"arm-2022-09"``, or a scenario
    file) and return its :class:`~csto.sim.api.Simulation`: per rule variant, P(act) with its
    interval, the form of help, the days to a decision, who blocks and who is decisive; and a
    receipt that reproduces it bit for bit. ``executor``: ``inline``, ``process`` or
    ``dask`` (``scheduler``: ``tcp://HOST:PORT``). Needs the sim extra.
    """
    from csto.sim.api import simulate as _simulate

    return _simulate(
        scenario,
        replications=replications,
        seed=seed,
        variants=tuple(variants) if variants is not None else None,
        executor=executor,  # type: ignore[arg-type]
        workers=workers,
        scheduler=scheduler,
    )


def exercise(
    source: str | _Path | None = None,
    *,
    store: str | _Path | EventStore | None = None,
    id: str | None = None,
    date: _dt.date | str | None = None,
    items: _Iterable[str] = (),
    bots: _Iterable[str] = (),
    empty: _Iterable[str] = (),
    profile: str | None = None,
    variant: str | None = None,
) -> ExerciseHandle:
    """A Council exercise: create one from a ready exercise (``"kaz-2022-01"``), an exercise
    file, or by forking the organization on ``date``; or, with ``id`` alone, open one the
    store holds. ``store``: an SQLite path, a ``postgresql://`` URL, an event store, or None
    (in memory).

    The handle's ``credentials`` (only when just created) give each seat's token; every
    call names the token it acts with: ``handle.act(token, {"move": "position",
    "position": "support"})``, ``handle.view(token)``, ``handle.feed(token, after=version)``,
    ``handle.report(token)``. See docs/exercise.md.
    """
    from csto.io.exercises import open_exercise

    day = _dt.date.fromisoformat(date) if isinstance(date, str) else date
    return open_exercise(
        source,
        store=store,
        exercise_id=id,
        date=day,
        items=tuple(items),
        bots=tuple(bots),
        empty=tuple(empty),
        profile=profile,
        variant=variant,
    )
