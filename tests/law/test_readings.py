"""The catalogue of open questions: every option sourced or plainly unsourced, every episode
named exists, every profile answers every reading."""

from __future__ import annotations

from csto.io.casefiles import load_episodes
from csto.io.lawfiles import load_catalogue, parse_yaml
from csto.io.recordfiles import load_record
from csto.law.codec import decode_readings
from csto.law.readings import NO_SOURCE
from csto.record.codec import Decoder


def test_every_option_cites_a_source_or_says_plainly_that_none_was_read() -> None:
    catalogue = load_catalogue()
    for reading in catalogue.readings.values():
        for option in reading.options:
            assert option.sources or NO_SOURCE in (option.note or "").lower(), (
                f"{reading.id}/{option.id}"
            )


def test_the_episodes_a_reading_names_are_documented_episodes() -> None:
    record = load_record()
    known = {e.id for e in load_episodes(record)}
    catalogue = load_catalogue(record)
    named = {e for r in catalogue.readings.values() for e in r.episodes}
    assert named - known == set()
    # the questions the issue listed each name the episodes that turn on them, where any does
    assert set(catalogue.reading("casus-foederis").episodes) >= {"ARM-2022-09", "KAZ-2022-01"}
    assert "ARM-FROZEN-2024" in catalogue.reading("general-treaty-law").episodes


def test_every_profile_answers_every_reading() -> None:
    assert load_catalogue(load_record()).problems() == []


_UNSOURCED = """\
readings:
  - id: q
    question: A question?
    articles: [{instrument: CST-1992, article: "4"}]
    why_open: Because.
    options:
      - {id: a, says: One answer., sources: [{source: s}]}
      - {id: b, says: Another answer.}
"""


def test_an_option_with_no_source_and_no_plain_note_is_refused() -> None:
    decoder = Decoder("r.yaml")
    assert decode_readings(decoder, parse_yaml("r.yaml", _UNSOURCED)) == []
    assert any("an option without sources must say so: 'b'" in str(p) for p in decoder.problems)
    fixed = _UNSOURCED.replace("says: Another answer.}", "says: Another., note: No source read.}")
    decoder = Decoder("r.yaml")
    assert len(decode_readings(decoder, parse_yaml("r.yaml", fixed))) == 1
