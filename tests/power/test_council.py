"""The Council's game comes from the law: for every coalition of the members entitled to
vote, the game says 'wins' exactly when ``Engine.judge`` adopts the draft that coalition
supports (the others objecting, or abstaining), under every shipped rule variant, every
profile, and on days with different memberships and statuses."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import csto
from csto.cases.variants import VARIANTS, Variant
from csto.io.casefiles import variant_engines
from csto.io.lawfiles import load_engine
from csto.io.scenariofiles import load_variant_file
from csto.law.actions import AdoptDecision, Position
from csto.law.context import Ctx
from csto.law.counting import Counting, with_counting
from csto.law.engine import Engine
from csto.law.rules import Rule, load_rules
from csto.law.rules.voting import voters
from csto.law.verdict import Tally
from csto.power.council import SUBJECT, CouncilGame, World, council_game
from csto.power.countings import DEFAULT_COUNTINGS, resolve_countings
from csto.power.games import coalition_names
from csto.power.indices import compute
from csto.power.report import council_report
from csto.state.history import History

DAYS = ("1995-01-01", "2006-07-01", "2013-01-01", "2024-06-01")
PROFILES = ("default", "practice", "strict")


@pytest.fixture(scope="module")
def history() -> History:
    return csto.load()


@pytest.fixture(scope="module")
def engine(history: History) -> Engine:
    return load_engine(history.record)


def _two_thirds(rules: Mapping[str, Rule]) -> dict[str, Rule]:
    """A test-only variant: two thirds of the voters must support (others need not)."""

    def apply(ctx: Ctx, action: Any) -> None:
        entitled, _ = voters(ctx)
        yes = sum(1 for c in entitled if action.positions.get(c) == "support")
        adopted = None if not action.positions else 3 * yes >= 2 * len(entitled)
        ctx.tally = Tally(tuple(entitled), adopted)
        ctx.decide("permitted" if adopted is not False else "not_permitted", "CSC", "consensus")

    out = dict(rules)
    out["adopt_decision"] = dataclasses.replace(
        out["adopt_decision"], id="test.two_thirds", apply=apply
    )
    return out


TEST_POOL = {**VARIANTS, "two-thirds": Variant("two-thirds", "test only", _two_thirds)}


def _engines(history: History, engine: Engine) -> dict[str | None, Engine]:
    out: dict[str | None, Engine] = {None: engine}
    out.update(variant_engines(engine))
    out["two-thirds"] = Engine(
        engine.law,
        engine.catalogue,
        record_digest=engine.record_digest,
        csto_version=engine.csto_version,
        rules=_two_thirds(load_rules()),
    )
    return out


def _agrees_with_the_engine(
    cg: CouncilGame, judge_with: Engine, state: Any, profile: Any, others: Position, label: str
) -> None:
    checked = 0
    for mask in range(1 << len(cg.voters)):
        coalition = set(coalition_names(cg.voters, mask))
        positions: dict[str, Position] = {
            v: "support" if v in coalition else others for v in cg.voters
        }
        verdict = judge_with.judge(
            state,
            AdoptDecision(date=state.date, organ="CSC", subject=SUBJECT, positions=positions),
            profile,
        )
        assert verdict.tally is not None
        assert verdict.tally.voters == cg.voters
        wins = bool(cg.game.winning[mask]) if cg.game is not None else cg.act == 1
        assert wins == verdict.tally.adopted, (label, sorted(coalition))
        checked += 1
    assert checked == 2 ** len(cg.voters)


@pytest.mark.parametrize("others", ["object", "abstain"])
@pytest.mark.parametrize("day", DAYS)
def test_every_coalition_wins_exactly_when_the_engine_adopts(
    history: History, engine: Engine, day: str, others: Position
) -> None:
    state = history.on(dt.date.fromisoformat(day))
    engines = _engines(history, engine)
    assert set(VARIANTS) <= {k for k in engines if k}, "every shipped variant is checked"
    for profile_id in PROFILES:
        profile = engine.profile(profile_id)
        for variant, judge_with in engines.items():
            world = World("w", "w", variant=variant)
            cg = council_game(engine, state, world, profile, others=others, variants=TEST_POOL)
            assert cg.game is not None
            _agrees_with_the_engine(
                cg, judge_with, state, profile, others, f"{day} {profile_id} {variant}"
            )


@pytest.fixture(scope="module")
def variant_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Counting]:
    """Two variant files as a user writes them, read as the simulation reads them."""
    folder = tmp_path_factory.mktemp("variants")
    texts = {
        "russia-veto.yaml": "variant:\n  id: russia-veto\n  says: three supporters and no "
        "objection from Russia\n  blocks: [object]\n  veto: [RUS]\n  quota: 3\n",
        "unanimity.yaml": "variant:\n  id: unanimity\n  says: every voter must support\n"
        "  blocks: [object, abstain, absent, not_participate]\n  quota: 1\n",
    }
    out: dict[str, Counting] = {}
    for name, text in texts.items():
        path = Path(folder / name)
        path.write_text(text)
        out[str(path)] = load_variant_file(path)
    return out


@pytest.mark.parametrize("others", ["object", "abstain"])
@pytest.mark.parametrize("day", DAYS)
def test_every_counting_wins_exactly_when_an_engine_counting_by_it_adopts(
    history: History,
    engine: Engine,
    variant_files: dict[str, Counting],
    day: str,
    others: Position,
) -> None:
    """Every shipped counting (the families expanded over the day's voters) and a user's
    variant files: the game equals what an engine built with ``with_counting`` adopts."""
    state = history.on(dt.date.fromisoformat(day))
    names = (*DEFAULT_COUNTINGS, *(f"file:{p}" for p in variant_files))
    for profile_id in PROFILES:
        profile = engine.profile(profile_id)
        law = council_game(engine, state, World("law", "law"), profile, others=others)
        countings = resolve_countings(names, law.voters, variant_files)
        assert len(countings) == 2 + 2 * len(law.voters) + len(variant_files)
        for cname, counting in countings:
            assert counting is not None
            judge_with = Engine(
                engine.law,
                engine.catalogue,
                record_digest=engine.record_digest,
                csto_version=engine.csto_version,
                rules=with_counting(load_rules(), counting),
            )
            world = World(f"counting:{cname}", cname, counting=counting)
            cg = council_game(engine, state, world, profile, others=others)
            assert counting.id in cg.rule
            _agrees_with_the_engine(
                cg, judge_with, state, profile, others, f"{day} {profile_id} {cname}"
            )


def test_armenia_frozen_in_2024_votes_or_not_as_the_reading_says(
    history: History, engine: Engine
) -> None:
    state = history.on(dt.date(2024, 6, 1))
    report = council_report(engine, state, profile="default")
    law = report.results[0]
    assert law.council is not None
    assert "ARM" in law.indices.players
    assert len(law.indices.players) == 6
    assert ("frozen-participation", "still-member") in law.council.readings
    assert any(code == "ARM" for code, _ in law.council.voting_with_status)
    aside = next(
        r for r in report.results if r.world.reading == ("frozen-participation", "set-aside")
    )
    assert "ARM" not in aside.indices.players
    assert len(aside.indices.players) == 5
    assert any("frozen" in why for code, why in aside.council.not_voting if code == "ARM")  # type: ignore[union-attr]
    assert aside.indices.act == 2 * law.indices.act
    practice = council_report(engine, state, profile="practice").results[0]
    assert "ARM" not in practice.indices.players


def test_a_variant_that_changes_the_rule_changes_the_game(history: History, engine: Engine) -> None:
    state = history.on(dt.date(2024, 6, 1))
    report = council_report(engine, state, pool=TEST_POOL, readings=False)
    by_id = {r.world.id: r for r in report.results}
    assert by_id["variant:sg-term-four-years"].same_as == "law"
    two = by_id["variant:two-thirds"]
    assert two.same_as is None
    assert two.indices.act > by_id["law"].indices.act
    assert compute(two.council.game).values == two.indices.values  # type: ignore[union-attr]
