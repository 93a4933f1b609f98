"""A procedure rebuilt from its log is judged again step by step: a hand-edited step (a vote
by a state that had left, a changed outcome, a changed event) is named by its number, its
line and its field; an untouched log holds."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest

from csto.errors import InputError
from csto.procedures import Judge, Procedure, World
from csto.procedures.audit import audit
from csto.procedures.codec import procedure_from_data, procedure_to_data
from csto.procedures.session import SESSION, Adopt, Convene, OpenSession, Propose, TakeAPosition

pytestmark = pytest.mark.hostile

DAY = dt.date(2015, 6, 1)


def _log(world: World, judge: Judge) -> list[dict[str, Any]]:
    proc = Procedure.open(SESSION, "t", OpenSession(date=DAY), world=world)
    for move in (
        Convene(date=DAY, by="RUS", host="RUS", place="Moscow"),
        Propose(date=DAY, by="RUS", subject="s"),
        TakeAPosition(date=DAY, by="KAZ", position="support"),
        TakeAPosition(date=DAY, by="ARM", position="object"),
        Adopt(date=DAY, depart=True),
    ):
        proc.do(move, world=world, judge=judge)
    data: list[dict[str, Any]] = json.loads(json.dumps(procedure_to_data(proc)))
    return data


def _audit(log: list[dict[str, Any]], world: World, judge: Judge) -> None:
    audit(procedure_from_data(log, "x.jsonl"), world=world, judge=judge, file="x.jsonl")


def test_an_untouched_log_holds(world: World, judge_for: Callable[[str], Judge]) -> None:
    judge = judge_for("default")
    _audit(_log(world, judge), world, judge)


def test_a_vote_by_a_state_that_had_left_is_named(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    judge = judge_for("default")
    log = _log(world, judge)
    log[3]["move"]["by"] = "GEO"  # Georgia left in 1999; the rebuild alone accepts it
    log[3]["verdict"]["action"]["by"] = "GEO"
    procedure_from_data(log, "x.jsonl")
    with pytest.raises(InputError, match=r"step 3 \(line 4\) does not hold") as caught:
        _audit(log, world, judge)
    assert "Georgia" in str(caught.value.problems[0])
    assert caught.value.problems[0].line == 4


def test_a_changed_outcome_is_named_by_its_field(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    judge = judge_for("default")
    log = _log(world, judge)
    assert log[5]["status"] == "departed"
    log[5]["verdict"]["outcome"] = "permitted"
    with pytest.raises(InputError, match=r"step 5 \(line 6\).*differs at 'verdict.outcome'"):
        _audit(log, world, judge)
    log = _log(world, judge)
    log[5]["events"][0]["consensus"] = True
    with pytest.raises(InputError, match=r"differs at 'events\[0\].consensus'") as caught:
        _audit(log, world, judge)
    problem = caught.value.problems[0]
    assert (problem.line, problem.got) == (6, "bool True")


def test_a_changed_start_and_a_different_profile_are_named(
    world: World, judge_for: Callable[[str], Judge]
) -> None:
    judge = judge_for("default")
    log = _log(world, judge)
    log[0]["start"]["data"]["extraordinary"] = True
    with pytest.raises(InputError, match=r"the header \(line 1\).*'start.data.extraordinary'"):
        _audit(log, world, judge)
    # the same log judged under another profile: the verdict documents differ
    with pytest.raises(InputError, match="does not hold"):
        _audit(_log(world, judge), world, judge_for("strict"))
