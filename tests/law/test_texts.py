"""The instruments as data: the version in force on a day, around amendments and entry into
force, and located errors for broken instrument files."""

from __future__ import annotations

import datetime as dt

from csto.io.lawfiles import load_law, parse_yaml
from csto.io.recordfiles import load_record
from csto.law.codec import decode_instrument
from csto.law.texts import CHECK_ORDER, ArticleRef, weakest
from csto.record.codec import Decoder

ART4 = ArticleRef("CST-1992", "4")


def test_versions_switch_on_the_amending_protocols_entry_into_force() -> None:
    law = load_law()
    before = law.version(ART4, dt.date(2012, 12, 18))
    after = law.version(ART4, dt.date(2012, 12, 19))
    assert before is not None
    assert before.amended_by is None
    assert after is not None
    assert after.amended_by == "CST-PROTOCOL-2010"


def test_nothing_is_in_force_before_entry_into_force() -> None:
    law = load_law()
    assert law.version(ART4, dt.date(1994, 4, 19)) is None
    assert law.version(ART4, dt.date(1994, 4, 20)) is not None
    assert not law.in_force("CHARTER-2002", dt.date(2003, 9, 17))
    assert law.in_force("CHARTER-2002", dt.date(2003, 9, 18))


def test_every_article_has_a_check_level_and_sources() -> None:
    law = load_law()
    for ins in law.instruments.values():
        for art in ins.articles:
            for version in art.versions:
                assert version.sources, f"{ins.id} {art.number} has a version with no source"
                assert version.paraphrase.strip()


_BROKEN = """\
instrument:
  id: TEST-1
  title_en: A test instrument
  kind: treaty
  signed: {date: 2000-01-01}
  entry_into_force: {date: 2000-01-01}
articles:
  - number: "1"
    heading: One
    versions:
      - {from: null, to: 2005-01-01, paraphrase: first, check: text_read, sources: [{source: s}]}
      - {from: 2006-01-01, paraphrase: second, check: text_read, sources: [{source: s}]}
  - number: "1"
    heading: Again
    versions:
      - {from: null, paraphrase: third, check: maybe, sources: [{source: s}]}
  - number: "2"
    heading: Not found, and silent about it
    versions: []
"""


def test_broken_instrument_file_reports_every_problem_with_its_line() -> None:
    decoder = Decoder("broken.yaml")
    assert decode_instrument(decoder, parse_yaml("broken.yaml", _BROKEN)) is None
    text = "\n".join(str(p) for p in decoder.problems)
    assert "version 1 starts on 2006-01-01, but the one before ends on 2005-01-01" in text
    assert "'maybe' is not allowed here" in text
    assert "an article with no version must say in its 'note'" in text
    assert all(p.file == "broken.yaml" for p in decoder.problems)
    assert {p.line for p in decoder.problems} == {8, 16, 17}


def test_an_article_level_check_is_refused_the_level_belongs_to_each_version() -> None:
    doc = _BROKEN.replace("    heading: One\n", "    heading: One\n    check: text_read\n")
    decoder = Decoder("old.yaml")
    assert decode_instrument(decoder, parse_yaml("old.yaml", doc)) is None
    assert any("unknown field 'check' for Article" in str(p) for p in decoder.problems)


def test_check_levels_are_per_version_and_an_article_counts_as_read_only_if_all_are() -> None:
    law = load_law()
    art4 = law.article(ART4)
    original, amended = art4.versions
    # the 1992 wording was read in full; the 2010 wording only in its opening
    assert original.check == "text_read"
    assert amended.check == "text_partly_read"
    assert art4.check == "text_partly_read"
    assert original.read
    assert "pavlodar" in original.read
    assert weakest(["text_read", "secondary_only", "text_partly_read"]) == "secondary_only"
    assert weakest([]) == "not_found"
    assert CHECK_ORDER[0] == "text_read"


def test_every_version_says_what_was_read_and_a_read_version_has_a_primary_source() -> None:
    record = load_record()
    law = load_law(record)
    for ins in law.instruments.values():
        for art in ins.articles:
            for i, version in enumerate(art.versions):
                where = f"{ins.id} {art.number} version {i}"
                assert version.read, f"{where} does not say what was read"
                assert version.read.strip(), f"{where} does not say what was read"
                if version.check in ("text_read", "text_partly_read"):
                    kinds = {record.source(c.source).kind for c in version.sources}
                    assert kinds & {"primary", "official", "scholarship"}, (
                        f"{where} is marked {version.check} but cites no text "
                        "(primary, official or a scholarly reprint)"
                    )


def test_a_citation_takes_the_check_of_the_version_in_force_that_day() -> None:
    law = load_law()
    before = law.version(ART4, dt.date(2012, 12, 18))
    after = law.version(ART4, dt.date(2012, 12, 19))
    assert before is not None
    assert after is not None
    assert (before.check, after.check) == ("text_read", "text_partly_read")


def test_an_instrument_whose_entry_into_force_was_not_found_is_never_applied() -> None:
    law = load_law()
    for instrument in ("CST-PROTOCOL-2018", "BASES-PROTOCOL-2011"):
        assert law.instrument(instrument).in_force_from() is None
        assert not law.in_force(instrument, dt.date(2030, 1, 1))
    assert law.instrument("CST-PROTOCOL-2018").header.signed.date is None
    # the Treaty's art. 3 keeps its 2012 wording: the 2018 draft is not dated into it
    art3 = law.version(ArticleRef("CST-1992", "3"), dt.date(2025, 1, 1))
    assert art3 is not None
    assert art3.amended_by == "CST-PROTOCOL-2010"
