"""An instrument's brief: plain sentences built from the record's events about it, each
resting on events (which carry the sources), saying only what the record holds."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from csto.record.dates import EventDate
from csto.record.events import (
    Acceded,
    Citation,
    Event,
    InstrumentEnteredIntoForce,
    InstrumentRatified,
    InstrumentSigned,
    MembershipLapsed,
)
from csto.web.dated import NO_RATIFICATION
from csto.web.instrumentbrief import instrument_brief
from csto.web.site import Site

_CITE = (Citation(source="s1"),)


def _ev(cls: type[Event], n: str, date: EventDate, **fields: Any) -> Event:
    return cls(
        id=n,
        date=date,
        recorded=dt.date(2026, 1, 1),
        summary=n,
        confidence="high",
        sources=_CITE,
        **fields,
    )


def _d(y: int, m: int, d: int) -> EventDate:
    return EventDate.day(dt.date(y, m, d))


RANGE = EventDate.between(dt.date(2002, 10, 7), dt.date(2003, 9, 18))
EVENTS = [
    _ev(
        InstrumentSigned,
        "signed",
        _d(2002, 10, 7),
        instrument="X",
        place="Chisinau",
        states=("ARM", "RUS"),
    ),
    _ev(InstrumentRatified, "r-arm", RANGE, instrument="X", state="ARM"),
    _ev(InstrumentRatified, "r-blr", RANGE, instrument="X", state="BLR"),
    _ev(InstrumentRatified, "r-kaz", _d(2003, 7, 1), instrument="X", state="KAZ"),
    _ev(InstrumentEnteredIntoForce, "in-force", _d(2003, 9, 18), instrument="X"),
    _ev(InstrumentEnteredIntoForce, "for-arm", _d(2003, 9, 18), instrument="X", for_state="ARM"),
    _ev(Acceded, "acceded", _d(2008, 3, 28), instrument="X", state="UZB"),
    _ev(MembershipLapsed, "lapsed", _d(2010, 1, 1), instrument="X", state="UZB"),
    _ev(InstrumentSigned, "other", _d(2002, 10, 7), instrument="Y", states=("ARM",)),
]


def test_the_brief_tells_the_instrument_s_life_with_its_events() -> None:
    facts = instrument_brief(EVENTS, "X", dt.date(2020, 1, 1))
    assert [f.text for f in facts] == [
        "It was signed in Chisinau on 7 October 2002 by Armenia and Russia.",
        "The record holds its ratification by Armenia and Belarus between 7 October 2002 "
        "and 18 September 2003; Kazakhstan on 1 July 2003.",
        "It was acceded to by Uzbekistan on 28 March 2008.",
        "It entered into force on 18 September 2003, for Armenia.",
        "It ceased to bind Uzbekistan on 1 January 2010.",
    ]
    assert facts[1].events == ("r-arm", "r-blr", "r-kaz")
    assert facts[3].events == ("in-force", "for-arm")
    assert all("other" not in f.events for f in facts)


def test_a_document_that_is_not_ratified_is_adopted_not_signed() -> None:
    [fact] = instrument_brief(EVENTS, "Y", dt.date(2020, 1, 1), ratified=False)
    assert fact.text == "It was adopted on 7 October 2002 by Armenia."


@pytest.mark.parametrize(
    ("day", "events"),
    [
        (dt.date(2002, 10, 6), []),
        (dt.date(2003, 9, 17), ["signed", "r-kaz"]),  # the ranges are not yet certain
        (dt.date(2003, 9, 18), ["signed", "r-arm", "r-blr", "r-kaz", "in-force", "for-arm"]),
    ],
)
def test_the_brief_on_a_day_says_nothing_that_came_later(day: dt.date, events: list[str]) -> None:
    assert [i for f in instrument_brief(EVENTS, "X", day) for i in f.events] == events


def test_every_instrument_s_sentences_rest_on_its_sourced_events(site: Site) -> None:
    today = dt.date.today()
    said = 0
    for ins in site.record.instruments:
        facts = instrument_brief(
            site.record.events, ins.id, today, ratified=ins.kind not in NO_RATIFICATION
        )
        said += bool(facts)
        for f in facts:
            assert f.events, (ins.id, f.text)
            for i in f.events:
                e = site.record.event(i)
                assert getattr(e, "instrument", None) == ins.id, (ins.id, i)
                assert e.sources, i
    assert said >= 20  # most instruments have events


def _brief(page: str) -> str:
    found = re.search(r'<section class="infobox" id="brief".*?</section>', page, re.S)
    assert found, "no brief on the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def test_the_treaty_s_page_shows_its_brief(client: TestClient) -> None:
    page = client.get("/instruments/CST-1992").text
    text = _brief(page)
    assert "It was signed in Tashkent on 15 May 1992" in text
    assert "It ceased to bind Azerbaijan, Georgia and Uzbekistan on 20 April 1999" in text
    assert "The record holds its ratification by Kazakhstan" in text
    assert 'href="/events/cst-in-force-1994"' in page


def test_a_council_document_is_adopted_and_an_instrument_without_events_has_no_brief(
    client: TestClient,
) -> None:
    assert "It was adopted in Yerevan on 14 October 2016" in _brief(
        client.get("/instruments/STRATEGY-2025").text
    )
    assert 'id="brief"' not in client.get("/instruments/VCLT-1969").text
