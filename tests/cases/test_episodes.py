"""History as a conformance suite: every episode is a test; a known departure is counted,
never skipped; an engine that disagrees with an episode fails with the step and the reason."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from csto.cases.conformance import EpisodeRun, run_episode
from csto.cases.episode import Episode, Expectation
from csto.cases.report import compliance, report_document
from csto.cli import cli
from csto.io.casefiles import builtin_episode_files, load_episodes, variant_engines
from csto.io.casereport import write_html
from csto.io.lawfiles import load_engine
from csto.io.recordfiles import load_record
from csto.law.engine import Engine
from csto.state.history import History

#: the shipped episodes by id: one file each, named for it (the files are read, and the
#: record and the engines loaded, when the tests run, not when they are collected)
EPISODE_IDS = [path.stem for path in builtin_episode_files()]


@dataclass(frozen=True)
class Suite:
    history: History
    engine: Engine
    episodes: list[Episode]
    variants: dict[str, Engine]

    def episode(self, episode_id: str) -> Episode:
        return next(e for e in self.episodes if e.id == episode_id)


@pytest.fixture(scope="module")
def suite() -> Suite:
    history = History(load_record())
    engine = load_engine(history.record)
    return Suite(
        history,
        engine,
        load_episodes(history.record),
        variant_engines(engine),
    )


@pytest.fixture(scope="module")
def runs(suite: Suite) -> list[EpisodeRun]:
    return [run_episode(suite.engine, suite.history, ep, suite.variants) for ep in suite.episodes]


def test_every_episode_file_is_named_for_its_episode(suite: Suite) -> None:
    assert sorted(e.id for e in suite.episodes) == sorted(EPISODE_IDS)


@pytest.mark.parametrize("episode_id", EPISODE_IDS)
def test_episode(suite: Suite, episode_id: str) -> None:
    episode = suite.episode(episode_id)
    run = run_episode(suite.engine, suite.history, episode, suite.variants)
    problems = [p for s in run.steps for p in s.problems]
    problems += [p for c in run.counterfactuals for p in c.problems]
    if problems:
        pytest.fail(f"{episode.file}: {episode.id}\n  - " + "\n  - ".join(problems), pytrace=False)
    assert run.result in ("conforms", "departed", "contested")


def test_the_suite_covers_the_documented_episodes(suite: Suite) -> None:
    ids = {e.id for e in suite.episodes}
    assert len(ids) >= 25
    for required in (
        "CST-1994",
        "CST-1999",
        "CHARTER-2003",
        "UZB-2006",
        "UZB-2012",
        "CRRF-2009",
        "KGZ-2010",
        "NK-2020",
        "ARM-2021",
        "ARM-2022-09",
        "KGZ-TJK-2021",
        "KGZ-TJK-2022",
        "KAZ-2022-01",
        "YEREVAN-2022",
        "ARM-FROZEN-2024",
        "SG-2017",
        "SG-2018",
        "SG-2022",
        "SG-2025",
    ):
        assert required in ids, required
    chairs = sorted(i for i in ids if i.startswith("CHAIR-"))
    assert len(chairs) >= 19, chairs


def test_results_are_counted_never_skipped(suite: Suite, runs: list[EpisodeRun]) -> None:
    totals = Counter(r.result for r in runs)
    assert set(totals) <= {"conforms", "departed", "contested"}
    assert totals["departed"] >= 1
    assert totals["contested"] >= 1
    assert sum(totals.values()) == len(suite.episodes)


def test_a_wrong_expectation_makes_the_engine_wrong(suite: Suite) -> None:
    episode = next(e for e in suite.episodes if e.id == "KAZ-2022-01")
    step = dataclasses.replace(
        episode.steps[1], expect=Expectation(result="departed", rule="x", reason="y")
    )
    broken = dataclasses.replace(episode, steps=(episode.steps[0], step))
    run = run_episode(suite.engine, suite.history, broken, suite.variants)
    assert run.result == "engine_wrong"
    assert "expected departed, the engine finds conforms" in run.steps[1].problems[0]


def test_variants_run_through_the_one_factory(runs: list[EpisodeRun]) -> None:
    sg = next(r for r in runs if r.episode.id == "SG-2022")
    (step,) = sg.steps
    four = step.by_variant["sg-term-four-years"]
    assert step.verdict.receipt.rules_digest != four.receipt.rules_digest
    assert any("2026-12-31" in e.says for e in four.effects)
    assert any("2025-12-31" in e.says for e in step.verdict.effects)


def test_compliance_statement_names_what_history_supports(
    suite: Suite, runs: list[EpisodeRun]
) -> None:
    by_reading = {c["reading"]: c for c in compliance(runs, suite.engine.catalogue)}
    assert by_reading["suspension-on-request"]["history_supports"] == ["own-request-allowed"]
    assert by_reading["intra-member-conflict"]["history_supports"] == ["not-covered"]
    # The chair went to the host of the session in 2005, 2006 and 2009 and round the Russian
    # alphabet in 2011-2015: history follows each reading in turn, neither throughout.
    chair = by_reading["chair-rule"]
    assert chair["supported"]["host-of-session"] >= 3
    assert chair["supported"]["russian-alphabet"] >= 4
    assert chair["history_supports"] == []


def test_report_document_and_html(suite: Suite, runs: list[EpisodeRun], tmp_path: Path) -> None:
    doc = report_document(runs, suite.engine.catalogue)
    assert doc["schema"] == "csto.cases/1"
    assert json.loads(json.dumps(doc)) == doc
    written = write_html(runs, suite.engine.catalogue, suite.history.record, tmp_path)
    assert len(written) == len(runs) + 1
    page = (tmp_path / "KAZ-2022-01.html").read_text()
    for fragment in (
        "Timeline (the record)",
        "kaz-2022-request-csto",
        "PEACEKEEPING-AGREEMENT-2007",
        "Counterfactuals",
        "http",
    ):
        assert fragment in page
    index = (tmp_path / "index.html").read_text()
    assert "Compliance statement" in index
    assert "Where the verdicts change" in index
    changed = {(c["episode"], c["step"]): c for c in doc["where_verdicts_change"]}
    assert changed[("KAZ-2022-01", "appeal")]["verdicts"]["strict"]["outcome"] == "not_provided_for"
    assert "dated effects" in changed[("SG-2022", "yerevan")]["what_changes"]
    assert "<script" not in index


def test_cli_list_run_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["cases", "list"])
    assert result.exit_code == 0
    assert "KAZ-2022-01" in result.stdout
    result = runner.invoke(cli, ["cases", "run", "KAZ-2022-01", "UZB-2012", "--json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert [e["result"] for e in doc["episodes"]] == ["contested", "contested"]
    result = runner.invoke(cli, ["cases", "run", "--html", str(tmp_path / "r")])
    assert result.exit_code == 0
    assert (tmp_path / "r" / "index.html").exists()
    result = runner.invoke(cli, ["cases", "run", "NOPE-1999"])
    assert result.exit_code == 2
    assert "no episode NOPE-1999" in result.stderr


@pytest.mark.parametrize("profile", ["practice", "strict"])
def test_the_suite_holds_under_every_main_profile(suite: Suite, profile: str) -> None:
    runs = [
        run_episode(suite.engine, suite.history, ep, suite.variants, profile)
        for ep in suite.episodes
    ]
    wrong = [r.episode.id for r in runs if r.result == "engine_wrong"]
    assert not wrong, wrong
    assert all(s.verdict.receipt.profile == profile for r in runs for s in r.steps)
