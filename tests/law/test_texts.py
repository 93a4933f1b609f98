"""The instruments as data: the version in force on a day, around amendments and entry into
force, and located errors for broken instrument files."""

from __future__ import annotations

import datetime as dt

from csto.io.lawfiles import load_law, parse_yaml
from csto.law.codec import decode_instrument
from csto.law.texts import ArticleRef
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
    check: text_read
    versions:
      - {from: null, to: 2005-01-01, paraphrase: first, sources: [{source: s}]}
      - {from: 2006-01-01, paraphrase: second, sources: [{source: s}]}
  - number: "1"
    heading: Again
    check: maybe
    versions: []
"""


def test_broken_instrument_file_reports_every_problem_with_its_line() -> None:
    decoder = Decoder("broken.yaml")
    assert decode_instrument(decoder, parse_yaml("broken.yaml", _BROKEN)) is None
    text = "\n".join(str(p) for p in decoder.problems)
    assert "version 1 starts on 2006-01-01, but the one before ends on 2005-01-01" in text
    assert "'maybe' is not allowed here" in text
    assert all(p.file == "broken.yaml" for p in decoder.problems)
    assert {p.line for p in decoder.problems} == {8, 16}
