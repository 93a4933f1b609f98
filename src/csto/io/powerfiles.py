"""Read a game for ``csto power`` from a YAML or JSON file, with located errors.

A weighted game (``--weights FILE``)::

    quota: 12
    weights: {FRA: 4, DEU: 4, ITA: 4, BEL: 2, NLD: 2, LUX: 1}

A general game (``--game FILE``), by its minimal winning coalitions::

    players: [A, B, C]
    minimal_winning: [[A, B], [A, C]]

A vote model for the preference-based measures (``--votes FILE``)::

    source: where these probabilities come from
    support: {RUS: 0.95, BLR: 0.9, KAZ: 0.7, KGZ: 0.8, TJK: 0.8, ARM: 0.1}

Or a shipped simulation scenario (``--scenario ID`` or a scenario file): the simulation's
delegations on one draft of it (:func:`read_scenario_votes`, :mod:`csto.power.simulated`).

Every problem names the file, the line and the field, what was expected and how to fix it;
nothing is computed from a file with problems.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.errors import InputError, Problem
from csto.io.lawfiles import parse_yaml
from csto.io.limits import read_text
from csto.power.games import TableGame, WeightedGame, from_minimal, weighted
from csto.power.preferences import IndependentVotes

if TYPE_CHECKING:
    from csto.power.simulated import SimulatedVotes

__all__ = ["MAX_GAME_FILE_BYTES", "read_game", "read_scenario_votes", "read_votes", "read_weights"]

#: larger files are refused before parsing
MAX_GAME_FILE_BYTES = 4 * 1024 * 1024


def _load(path: str | Path) -> tuple[str, Any]:
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_GAME_FILE_BYTES:
            raise InputError(
                f"{name} is too large",
                (
                    Problem(
                        "file too large",
                        file=name,
                        expected=f"at most {MAX_GAME_FILE_BYTES} bytes",
                        got=f"{size} bytes",
                    ),
                ),
            )
        text = read_text(path)  # bounded: a stream (no size) too; UTF-8 located
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"cannot read {name}", (Problem(str(exc), file=name, fix="check the path"),)
        ) from None
    doc = parse_yaml(name, text)
    if not isinstance(doc, dict):
        raise InputError(
            f"{name} does not describe a game",
            (Problem("expected a mapping at the top", file=name, line=1, got=type(doc).__name__),),
        )
    return name, doc


def _line(doc: Any, key: object) -> int | None:
    try:
        return int(doc.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):
        return None


def _unknown_keys(name: str, doc: dict[str, Any], allowed: set[str]) -> list[Problem]:
    return [
        Problem(
            f"unknown field {k!r}",
            file=name,
            line=_line(doc, k),
            field=str(k),
            expected=", ".join(sorted(allowed)),
        )
        for k in doc
        if k not in allowed
    ]


def read_weights(path: str | Path) -> WeightedGame:
    """A weighted game from ``quota`` and ``weights`` (a mapping player -> whole number)."""
    name, doc = _load(path)
    problems = _unknown_keys(name, doc, {"quota", "weights", "title"})
    weights = doc.get("weights")
    quota = doc.get("quota")
    if not isinstance(weights, dict) or not weights:
        problems.append(
            Problem(
                "weights must map each player to its votes",
                file=name,
                line=_line(doc, "weights"),
                field="weights",
                expected="e.g. {RUS: 50, KAZ: 15}",
                got=repr(weights)[:60],
            )
        )
    else:
        for player, w in weights.items():
            if not isinstance(w, int) or isinstance(w, bool) or w < 0:
                problems.append(
                    Problem(
                        f"{player}'s weight must be a whole number, 0 or more",
                        file=name,
                        line=_line(weights, player),
                        field=f"weights.{player}",
                        got=repr(w),
                        fix="scale fractional weights to integers",
                    )
                )
    if not isinstance(quota, int) or isinstance(quota, bool):
        problems.append(
            Problem(
                "quota must be a whole number",
                file=name,
                line=_line(doc, "quota"),
                field="quota",
                got=repr(quota),
            )
        )
    if problems:
        raise InputError(f"{name} is not a valid weighted game", tuple(problems))
    assert isinstance(weights, dict)
    assert isinstance(quota, int)
    try:
        return weighted([str(p) for p in weights], [int(w) for w in weights.values()], quota)
    except InputError as exc:
        raise InputError(
            f"{name} is not a valid weighted game",
            tuple(_locate(p, name, doc) for p in exc.problems),
        ) from None


def read_game(path: str | Path) -> TableGame:
    """A general game from ``players`` and ``minimal_winning`` (lists of player names)."""
    name, doc = _load(path)
    problems = _unknown_keys(name, doc, {"players", "minimal_winning", "title"})
    players = doc.get("players")
    minimal = doc.get("minimal_winning")
    if not isinstance(players, list) or not all(isinstance(p, str) for p in players):
        problems.append(
            Problem(
                "players must be a list of names",
                file=name,
                line=_line(doc, "players"),
                field="players",
                got=repr(players)[:60],
            )
        )
    if not isinstance(minimal, list) or not all(isinstance(c, list) for c in minimal):
        problems.append(
            Problem(
                "minimal_winning must be a list of coalitions, each a list of players",
                file=name,
                line=_line(doc, "minimal_winning"),
                field="minimal_winning",
                got=repr(minimal)[:60],
            )
        )
    elif isinstance(players, list):
        for k, coalition in enumerate(minimal):
            for p in coalition:
                if p not in players:
                    problems.append(
                        Problem(
                            f"{p!r} is not among the players",
                            file=name,
                            line=_line(doc, "minimal_winning"),
                            field=f"minimal_winning[{k}]",
                            expected=", ".join(map(str, players)),
                            got=repr(p),
                        )
                    )
    if problems:
        raise InputError(f"{name} is not a valid game", tuple(problems))
    assert isinstance(players, list)
    assert isinstance(minimal, list)
    try:
        return from_minimal([str(p) for p in players], [[str(p) for p in c] for c in minimal])
    except InputError as exc:
        raise InputError(
            f"{name} is not a valid game", tuple(_locate(p, name, doc) for p in exc.problems)
        ) from None


def _locate(problem: Problem, name: str, doc: Any) -> Problem:
    key = (problem.field or "").split(".")[0]
    return Problem(
        problem.message,
        file=name,
        line=_line(doc, key) if key in doc else None,
        field=problem.field,
        expected=problem.expected,
        got=problem.got,
        fix=problem.fix,
    )


def read_votes(path: str | Path) -> IndependentVotes:
    """A vote model from ``support`` (state -> probability of supporting, 0..1) and an
    optional ``source`` (where the probabilities come from)."""
    name, doc = _load(path)
    problems = _unknown_keys(name, doc, {"support", "source"})
    support = doc.get("support")
    if not isinstance(support, dict) or not support:
        problems.append(
            Problem(
                "support must map each state to its probability of supporting",
                file=name,
                line=_line(doc, "support"),
                field="support",
                expected="e.g. {RUS: 0.9, ARM: 0.2}",
                got=repr(support)[:60],
            )
        )
    else:
        for state, p in support.items():
            if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
                problems.append(
                    Problem(
                        f"{state}'s probability must be a number from 0 to 1",
                        file=name,
                        line=_line(support, state),
                        field=f"support.{state}",
                        got=repr(p),
                    )
                )
    source = doc.get("source", f"the probabilities in {Path(name).name}")
    if not isinstance(source, str):
        problems.append(Problem("source must be text", file=name, field="source"))
    if problems:
        raise InputError(f"{name} is not a valid vote model", tuple(problems))
    assert isinstance(support, dict)
    return IndependentVotes({str(k): float(v) for k, v in support.items()}, str(source))


def read_scenario_votes(
    name: str | Path, *, form: str | None = None, calibrated: bool = True
) -> tuple[SimulatedVotes, dt.date]:
    """The simulation's delegations on one draft of the scenario ``name`` (a shipped id or
    a scenario file), as the law stands (variant ``consensus``), with the shipped
    calibration unless ``calibrated`` is False; and the scenario's date. ``form``: the form
    of the draft (default: the first on the scenario's ladder that the law leaves open)."""
    from csto.power.simulated import simulated_votes
    from csto.sim.api import load_world, scenario_file
    from csto.sim.models.prepare import prepare

    scenario, _, world = scenario_file(name, load_world(calibrated=calibrated))
    plan = prepare(scenario, world, variants=("consensus",))
    return simulated_votes(plan, rung=form), scenario.date
