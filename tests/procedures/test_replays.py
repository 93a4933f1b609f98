"""Replays of real procedures: the machines, driven by the moves history made, emit the
curated record's events (compared by type, date and states; ids differ), and say where
history departed from the rule under the profile used.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from csto.procedures import Judge, Procedure, World
from csto.record.events import Event
from csto.state.history import History
from tests.procedures.episodes import EPISODES, Episode


def _key(e: Event) -> tuple[str, str, tuple[str, ...]]:
    return (e.type, e.date.iso(), tuple(sorted(set(e.states))))


def _replay(episode: Episode, history: History, judge: Judge) -> Procedure[object]:
    world = World.of(history, without=episode.without)
    proc = Procedure.open(episode.machine, episode.pid, episode.opening, world=world)
    for move in episode.moves:
        step = proc.act(move, world=world, judge=judge)
        assert not step.refused, f"{episode.name}: step {step.number} ({move.verb}) refused: " + (
            step.explain()
        )
    return proc


@pytest.mark.parametrize("episode", EPISODES, ids=[e.name for e in EPISODES])
def test_replay_emits_the_curated_events(
    episode: Episode, history: History, judge_for: Callable[[str], Judge]
) -> None:
    proc = _replay(episode, history, judge_for(episode.profile))
    curated = {e.id: e for e in history.events if e.id in episode.without}
    assert set(curated) == set(episode.without), "an episode names an event the record lacks"
    emitted = Counter(_key(e) for e in proc.events)
    expected = Counter(_key(e) for i, e in curated.items() if i not in episode.divergences)
    diverging = [curated[i] for i in episode.divergences]
    missing = expected - emitted
    assert not missing, (
        f"{episode.name}: the machine did not emit {sorted(missing)}; it emitted {sorted(emitted)}"
    )
    extra = emitted - expected
    assert len(extra) == len(diverging), (
        f"{episode.name}: unexpected events {sorted(extra)} (known divergences: "
        f"{list(episode.divergences)})"
    )
    for e in diverging:
        assert _key(e) not in emitted, (
            f"{episode.name}: {e.id} is listed as a divergence but now matches; remove it"
        )
        twins = [x for x in extra if x[:2] == _key(e)[:2]]
        assert twins, f"{episode.name}: no emitted event of {e.type} on {e.date.iso()}"


@pytest.mark.parametrize("episode", EPISODES, ids=[e.name for e in EPISODES])
def test_replay_shows_each_departure_from_the_rule(
    episode: Episode, history: History, judge_for: Callable[[str], Judge]
) -> None:
    proc = _replay(episode, history, judge_for(episode.profile))
    departed = tuple(s.move.verb for s in proc.departures)
    assert departed == episode.departures, f"{episode.name}: departures {departed}"
    for step in proc.departures:
        assert step.departure is not None
        assert step.departure.profile == episode.profile
        assert step.departure.articles, "a departure names the article it breaks"
        for e in step.events:
            assert e.note is not None
            assert e.note.startswith("Taken short of the rule"), e.note
            if e.type == "DecisionAdopted":
                assert e.consensus is False  # type: ignore[attr-defined]


def test_the_2009_replay_records_who_signed_and_who_did_not(
    history: History, judge_for: Callable[[str], Judge]
) -> None:
    from tests.procedures.episodes import CRRF_2009

    proc = _replay(CRRF_2009, history, judge_for("default"))
    (decided,) = [e for e in proc.events if e.type == "DecisionAdopted"]
    curated = next(e for e in history.events if e.id == "csc-decision-crrf-2009-06-14")
    for name in ("organ", "signed_by", "not_signed_by", "consensus"):
        assert getattr(decided, name) == getattr(curated, name), name
    (session,) = [e for e in proc.events if e.type == "SessionHeld"]
    held = next(e for e in history.events if e.id == "csc-session-2009-06-14-moscow")
    for name in ("organ", "place", "chair", "present", "absent"):
        assert getattr(session, name) == getattr(held, name), name
    assert decided.session == session.id  # type: ignore[attr-defined]


def test_the_2009_decision_without_the_departure_is_refused_and_emits_nothing(
    history: History, judge_for: Callable[[str], Judge]
) -> None:
    import dataclasses

    from tests.procedures.episodes import CRRF_2009

    world = World.of(history, without=CRRF_2009.without)
    judge = judge_for("default")
    proc = Procedure.open(CRRF_2009.machine, CRRF_2009.pid, CRRF_2009.opening, world=world)
    for move in CRRF_2009.moves[:-2]:
        proc.do(move, world=world, judge=judge)
    before = (proc.state, proc.data, len(proc.steps))
    step = proc.act(
        dataclasses.replace(CRRF_2009.moves[-2], depart=False), world=world, judge=judge
    )
    assert step.refused
    assert step.events == ()
    assert step.verdict is not None
    assert step.verdict.outcome == "not_permitted"
    assert "Uzbekistan (object)" in step.explain()
    assert (proc.state, proc.data, len(proc.steps)) == before


def test_kazakhstan_2022_contributions_reach_the_operation(
    history: History, judge_for: Callable[[str], Judge]
) -> None:
    from tests.procedures.episodes import KAZ_2022

    proc = _replay(KAZ_2022, history, judge_for("default"))
    (started,) = [e for e in proc.events if e.type == "OperationStarted"]
    curated = next(e for e in history.events if e.id == "kaz-2022-operation-started")
    assert started.operation == curated.operation  # type: ignore[attr-defined]
    assert started.force == curated.force  # type: ignore[attr-defined]
    assert [(c.state, c.size) for c in started.contributors] == [  # type: ignore[attr-defined]
        (c.state, c.size)
        for c in curated.contributors  # type: ignore[attr-defined]
    ]
    assert proc.steps[0].outcome == "required", "art. 4: the others must help"
