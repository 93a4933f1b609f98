"""The after-action report, from the log alone: the timeline with in-game dates, each
article applied and each refusal, departures, who blocked what, the private channels only
once the archive is open, what the real Council did next, the simulation's distribution;
HTML and PDF, both readable."""

from __future__ import annotations

from pathlib import Path

import pytest

from csto.io.exercisereport import build_report, render_html, write_pdf
from csto.io.exercises import LawWorld
from tests.exercise.conftest import Clock, Room, open_room


@pytest.fixture(scope="module")
def played(law: LawWorld) -> Room:
    room = open_room(law, Clock(), "kaz-2022-01")
    room.ok("facilitator", "start")
    room.ok("chair", "open_item", item="request")
    room.ok("KAZ", "request_assistance", grounds="unrest", attacker="non-state")
    room.ok("ARM", "message", to=["KAZ"], text="We will not send troops")
    room.ok("facilitator", "inject", id="next-day")
    room.ok(
        "KAZ",
        "table",
        subject="CPF",
        text="Send the CPF",
        kind="assistance",
        form="forces",
        force="CPF",
    )
    room.ok("chair", "call_consensus")
    for code in ("BLR", "KAZ", "KGZ", "RUS", "TJK"):
        room.ok(code, "position", position="support")
    room.ok("ARM", "position", position="object")
    room.no("chair", "declare_adopted", "law")
    room.no("KGZ", "statement", "turn", text="Out of turn")
    room.ok("chair", "declare_adopted", insist=True)
    room.ok("facilitator", "end")
    return room


def test_the_report_is_made_from_the_log(played: Room) -> None:
    doc = build_report(played.api, played.id, played.tokens["KGZ"], replications=2000)
    assert doc["format"] == "csto.exercise.report/1"
    assert [t["turn"] for t in doc["timeline"]] == list(range(1, len(doc["timeline"]) + 1))
    assert doc["timeline"][-2]["game_date"] == "2022-01-06"  # the inject moved the day on
    request = next(t for t in doc["timeline"] if t["verb"] == "request_assistance")
    assert request["law"] == ["required"]
    assert request["articles"]
    articles = {a["article"]: a for a in doc["articles"]}
    decision = articles["CHARTER-2002 [decision-making]"]
    assert decision["refused_turns"]
    assert decision["turns"]
    kinds = sorted(r["kind"] for r in doc["refusals"])
    assert kinds == ["law", "turn"]
    departures = doc["departures"]  # the Council's adoption and the decision to send forces
    assert {(d["seat"], d["verb"], d["outcome"]) for d in departures} == {
        ("chair", "declare_adopted", "not_permitted")
    }
    assert len(departures) == 2
    assert [(b["draft"], b["by"], b["what"]) for b in doc["blocked"]] == [
        ("CPF", ["ARM"], "the declaration was refused"),
        ("CPF", ["ARM"], "adopted all the same (a departure)"),
    ]
    assert doc["outcome"]["outcome"] == "forces"
    assert doc["outcome"]["departure"]
    assert doc["outcome"]["day"] == 1
    assert doc["private"] == {
        "open": False,
        "sealed": 1,
        "says": "the private channels stay sealed until the facilitator opens the archive",
    }
    assert "We will not send troops" not in str(doc)
    history = doc["history"]
    assert history["outcome"] == "forces"
    assert history["day"] == 1
    assert "kaz-2022-csc-decision" in {e["id"] for e in history["events"]}
    assert history["episode"]["id"] == "KAZ-2022-01"
    sim = doc["simulation"]
    assert sim["replications"] == 2000
    assert sim["class_outcome"] == "forces"
    assert 0 <= sim["p_class_outcome"]["p"] <= 1
    assert sim["day_percentile"] is not None
    assert "never does" in sim["says"]  # a departure, which the model's Council never makes
    assert doc["charts"]["timeline"].startswith("<svg")
    assert "simulation" in doc["charts"]


def test_the_archive_opens_the_private_channels(played: Room, tmp_path: Path) -> None:
    played.ok("facilitator", "open_archive")
    doc = build_report(played.api, played.id, played.tokens["facilitator"], replications=0)
    assert doc["simulation"] is None
    (channel,) = doc["private"]["channels"]
    assert channel["messages"][0]["text"] == "We will not send troops"
    page = render_html(doc)
    for words in (
        "Timeline, turn by turn",
        "We will not send troops",
        "CHARTER-2002 [decision-making]",
        "Who blocked what",
        "Armenia",
        "Kazakhstan, January 2022",
        "2022-01-06",
    ):
        assert words in page, words
    assert "<script" not in page
    pages = write_pdf(doc, tmp_path / "report.pdf")
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 20_000
    assert 2 <= pages <= 30


def test_messages_of_an_abandoned_branch_are_kept_apart(law: LawWorld) -> None:
    room = open_room(law, Clock(), "kaz-2022-01")
    room.ok("facilitator", "start")
    room.ok("RUS", "message", to=["KAZ"], text="Kept")
    room.ok("KGZ", "message", to=["TJK"], text="Abandoned, not lost")
    room.ok("facilitator", "rewind", to=2)
    room.ok("facilitator", "end")
    room.ok("facilitator", "open_archive")
    doc = build_report(room.api, room.id, room.tokens["chair"], replications=0)
    assert [c["id"] for c in doc["private"]["channels"]] == ["KAZ+RUS"]
    (gone,) = doc["private"]["abandoned"]
    assert (gone["branch"], gone["turn"], gone["text"]) == (0, 3, "Abandoned, not lost")
    assert "Abandoned, not lost" in render_html(doc)
