"""The peer for ``bench_sim``: the simulation's Council session written idiomatically in Mesa.

One Mesa ``Model`` per replication (a :class:`Council`), one ``Agent`` per delegation; each
step is a round: every delegation moves its noise, attends or not, and states its position
on every open form of the draft; the Council then adopts the strongest form its rule (the
plan's rule, derived from csto's law, given as data) would adopt, or goes on to the next round
until the horizon. The model is the one in ``csto.sim.models.session`` (same parameters, same
distributions, same calibration draws), written from its documentation, not from its code.

Run only as a subprocess (``python -m bench.sim_mesa_peer SPEC.json N SEED``): importing Mesa
forces multiprocessing's start method to ``spawn`` for the whole process. Prints one JSON
line: replications, how many acted, the delegation-rounds decided, and the seconds taken
(wall and CPU).
"""

from __future__ import annotations

import json
import math
import sys
import time
from typing import Any

import mesa


def _draw(rng: Any, dist: list[Any]) -> float:
    kind, a, b = dist
    if kind == "fixed":
        return float(a)
    if kind == "beta":
        return float(rng.beta(a, b))
    if kind == "normal":
        return float(rng.normal(a, b))
    return float(rng.uniform(a, b))


class Delegation(mesa.Agent):
    """One member's delegation: its parameters, drawn when the model is made, and its noise."""

    def __init__(self, model: Council, index: int, params: dict[str, list[Any]]) -> None:
        super().__init__(model)
        self.index = index
        self.p = {name: _draw(model.rng, dist) for name, dist in params.items()}
        self.eps = 0.0
        self.stance = 0.0
        self.positions: list[int] = []

    def step(self) -> None:
        m = self.model
        rng = m.rng
        if m.round == 0:
            self.eps = float(rng.standard_normal())
        else:
            rho = m.params["persistence"]
            self.eps = rho * self.eps + math.sqrt(1 - rho * rho) * float(rng.standard_normal())
        present = bool(rng.random() < self.p["attendance"]) and m.spec["members"][self.index]
        self.positions = []
        for steps in m.costs:
            if not present:
                self.positions.append(3)  # absent
                continue
            u = self.stance - m.params["cost"] * steps + self.eps
            self.positions.append(0 if u > 0 else 2 if u > -m.params["band"] else 1)


class Council(mesa.Model):
    """One replication of a crisis: the delegations, and the rounds until a decision."""

    def __init__(self, spec: dict[str, Any], seed: int) -> None:
        super().__init__(seed=seed)
        self.spec = spec
        self.round = 0
        self.outcome: str | None = None
        self.costs = spec["steps"]  # not "steps": Mesa counts its steps there
        self.params = {name: _draw(self.rng, dist) for name, dist in spec["model"].items()}
        if spec["draws"] is not None:
            pick = int(self.rng.choice(len(spec["draws"]["weights"]), p=spec["draws"]["weights"]))
            for name, value in zip(
                spec["draws"]["names"], spec["draws"]["values"][pick], strict=True
            ):
                self.params[name] = value
        self.params["persistence"] = min(max(self.params["persistence"], 0.0), 1.0)
        for i, params in enumerate(spec["delegations"]):
            Delegation(self, i, params)
        by_index = sorted(self.agents, key=lambda a: a.index)
        russia = spec["russia"]
        for a in by_index:
            affinity = a.p["alignment_requester"] - a.p["alignment_attacker"]
            mu = self.params["base"] + self.params["affinity"] * affinity
            if russia is not None:
                r = by_index[russia].p
                ra = r["alignment_requester"] - r["alignment_attacker"]
                mu += self.params["russia"] * a.p["alignment_russia"] * ra
            mu += self.params["urgency"] * spec["intensity"]
            mu += self.params["threat"] * a.p["region"] * spec["intensity"]
            mu += self.params["legal"] * spec["obligation"]
            a.stance = mu - a.p["constraint"]
        self.delegations = by_index
        self.datacollector = mesa.DataCollector(
            model_reporters={"outcome": "outcome", "round": "round"}
        )

    def adopted(self, positions: list[int]) -> bool:
        rule = self.spec["rule"]
        if rule["barred"]:
            return False
        supporters = 0
        for s, p in enumerate(positions):
            if not rule["voters"][s]:
                continue
            if rule["veto"][s][p]:
                return False
            supporters += p == 0
        return supporters >= rule["quota"]

    def step(self) -> None:
        self.agents.do("step")
        # the strongest open form the rule adopts (the forms are listed weakest first)
        for k in reversed(range(len(self.costs))):
            if self.adopted([a.positions[k] for a in self.delegations]):
                self.outcome = self.spec["rungs"][k]
                self.running = False
                break
        self.round += 1
        if self.round >= self.spec["rounds"]:
            self.running = False
        self.datacollector.collect(self)


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as f:
        spec = json.load(f)
    n, seed = int(argv[1]), int(argv[2])
    start, start_cpu = time.perf_counter(), time.process_time()
    acted = decided = 0
    for i in range(n):
        model = Council(spec, seed=seed + i)
        while model.running:
            model.step()
        acted += model.outcome is not None
        decided += model.round * len(spec["delegations"])
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    doc = {"n": n, "acted": acted, "decisions": decided, "seconds": seconds, "cpu": cpu}
    print(json.dumps(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
