"""Killing the process between any two moves loses nothing acknowledged: a real process plays
an exercise on SQLite and is killed with SIGKILL at random points (after a random number of
acknowledged moves, plus a random delay that can land inside the next append); the exercise
reopens with every acknowledged move, rebuilds from its stream, verifies, and plays on."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csto.exercise.game import Exercise
from csto.exercise.log import stream_of
from csto.io.exercises import Exercises, LawWorld, configure
from csto.store import open_store
from tests.exercise.conftest import RUN, Clock

PLAYER = """
import json, sys
from csto.io.exercises import Exercises
from csto.store import open_store
db, schema, exercise_id, keys = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
api = Exercises(open_store(db, schema=schema))
while True:
    view = api.view(exercise_id, keys["facilitator"])
    if view["floor"] == "RUS":
        seat, move = "RUS", {"move": "statement", "text": f"statement at turn {view['turn'] + 1}"}
    elif "RUS" in view["queue"]:
        seat, move = "chair", {"move": "give_floor"}
    else:
        seat, move = "RUS", {"move": "ask_floor"}
    result = api.act(exercise_id, keys[seat], move, expected_version=view["version"])
    assert result.accepted, result.reasons
    print(json.dumps({"version": result.version, "turn": result.turns[0]["turn"]}), flush=True)
"""


def _run_and_kill(
    db: str, schema: str, exercise_id: str, keys: dict[str, str], rng: random.Random
) -> list[dict[str, int]]:
    wanted = rng.randint(2, 25)
    proc = subprocess.Popen(
        [sys.executable, "-c", PLAYER, db, schema, exercise_id, json.dumps(keys)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acked: list[dict[str, int]] = []
    assert proc.stdout is not None
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    try:
        for line in proc.stdout:
            acked.append(json.loads(line))
            if len(acked) >= wanted or time.monotonic() > deadline:
                break
        time.sleep(rng.uniform(0, 0.05))  # perhaps inside the next append
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, err
    assert acked, f"the player acknowledged nothing: {err}"
    return acked


def _kill_and_reopen(db: str, schema: str, law: LawWorld) -> None:
    seed = int(os.environ.get("CSTO_TEST_SEED", time.time_ns() % 2**32))
    rng = random.Random(seed)
    store = open_store(db, schema=schema)
    api = Exercises(store, law=law, clock=Clock())
    created = api.create(configure(law, "kaz-2022-01"))
    keys = created.credentials
    api.act(created.id, keys["facilitator"], {"move": "start"})
    api.act(created.id, keys["chair"], {"move": "open_item", "item": "request"})
    store.close()
    acknowledged: list[dict[str, int]] = []
    for _ in range(2):
        acknowledged += _run_and_kill(db, schema, created.id, keys, rng)
        reopened = open_store(db, schema=schema)
        try:
            entries = reopened.read_stream(stream_of(created.id))
            versions = {e.version for e in entries}
            missing = [a for a in acknowledged if a["version"] not in versions]
            assert not missing, f"seed {seed}: acknowledged moves lost: {missing}"
            assert reopened.verify().ok, f"seed {seed}"
            ex = Exercise.from_entries(entries)
            assert ex.turn >= acknowledged[-1]["turn"], f"seed {seed}"
            said = [text for _, seat, text in ex.play.statements]
            assert said == [f"statement at turn {t}" for t, _, _ in ex.play.statements]
        finally:
            reopened.close()
    # and the exercise plays on where it stopped
    again = Exercises(open_store(db, schema=schema), law=law, clock=Clock())
    view = again.view(created.id, keys["facilitator"])
    seat = "chair" if "RUS" in view["queue"] else "KGZ"
    move = {"move": "give_floor"} if seat == "chair" else {"move": "ask_floor"}
    assert again.act(created.id, keys[seat], move).accepted
    again.store.close()


@pytest.mark.slow
def test_sigkill_between_moves_loses_nothing_acknowledged(tmp_path: Path, law: LawWorld) -> None:
    _kill_and_reopen(str(tmp_path / "killed.db"), "public", law)


@pytest.mark.slow
@pytest.mark.postgres
def test_sigkill_between_moves_loses_nothing_acknowledged_on_postgres(
    pg_url: str, law: LawWorld
) -> None:
    _kill_and_reopen(pg_url, f"csto_t{RUN}_killed", law)
