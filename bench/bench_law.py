"""Law figures: verdicts per second with full explanations (reasons, effects, every contested
reading re-judged, receipt) on one core, over the shipped law cases' actions."""

from __future__ import annotations

import time
from collections.abc import Iterator

from bench.figures import Figure


def run() -> Iterator[Figure]:
    from csto.io.lawfiles import load_cases, load_engine
    from csto.io.recordfiles import load_record
    from csto.law.document import verdict_document
    from csto.law.lawcases import history_for, state_before
    from csto.state.history import History

    history = History(load_record())
    engine = load_engine(history.record)
    cases = load_cases()
    jobs = [
        (state_before(history_for(history, c), c.action.date), c.action, engine.profile(p))
        for c in cases
        for p in ("default", "practice", "strict")
    ]
    for state, action, profile in jobs:  # warm caches (article versions by day)
        engine.judge(state, action, profile)
    rounds = 0
    began = time.perf_counter()
    while time.perf_counter() - began < 3.0:
        for state, action, profile in jobs:
            engine.judge(state, action, profile)
        rounds += 1
    elapsed = time.perf_counter() - began
    verdicts = rounds * len(jobs)
    contested = sum(len(engine.judge(s, a, p).contested) for s, a, p in jobs) / len(jobs)
    yield Figure(
        "law: verdicts per second, full explanations",
        verdicts / elapsed,
        "verdicts/s",
        ">= 10,000",
        f"{len(jobs)} distinct actions x profiles, {contested:.1f} readings re-judged each",
    )
    began = time.perf_counter()
    for state, action, profile in jobs:
        verdict_document(engine.judge(state, action, profile), action)
    per_doc = (time.perf_counter() - began) / len(jobs)
    yield Figure("law: verdict + JSON document", 1 / per_doc, "docs/s", None)
