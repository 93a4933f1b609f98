"""A state's brief: plain sentences built from the record's events, each resting on events
(which carry the sources), and right for the day asked (nothing that came later)."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from csto.codes import STATES
from csto.record.dates import EventDate
from csto.record.events import (
    Alternative,
    ChairmanshipPassed,
    Citation,
    Event,
    InstrumentEnteredIntoForce,
    InstrumentSigned,
    MembershipLapsed,
    ObserverStatusGranted,
    OfficialAppointed,
    OfficialLeft,
    ParticipationSuspended,
    WithdrawalNotified,
)
from csto.web.site import Site
from csto.web.statebrief import FOUNDING, state_brief, when

_CITE = (Citation(source="s1", locator="p. 1"),)


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


def _d(y: int, m: int = 1, d: int = 1) -> EventDate:
    return EventDate.day(dt.date(y, m, d))


#: a made-up life of the made-up state XXL: joins, chairs, gives notice, lapses
LIFE = [
    _ev(InstrumentSigned, "sign", _d(1992, 5, 15), instrument="CST-1992", states=("XXL", "YYY")),
    _ev(InstrumentEnteredIntoForce, "force", _d(1994, 4, 20), instrument="CST-1992"),
    _ev(ChairmanshipPassed, "chair", EventDate.month(1996, 6), state="XXL"),
    _ev(
        OfficialAppointed,
        "appointed",
        _d(1997, 2, 3),
        post="secretary_general",
        person="A. Person",
        nationality="XXL",
    ),
    _ev(OfficialLeft, "left-office", _d(1998, 3, 4), post="secretary_general", person="A. Person"),
    _ev(
        WithdrawalNotified,
        "notice",
        EventDate.between(dt.date(1999, 1, 10), dt.date(1999, 2, 9)),
        state="XXL",
        instrument="CST-1992",
        effective=_d(1999, 4, 20),
    ),
    _ev(MembershipLapsed, "lapsed", _d(1999, 4, 20), state="XXL", instrument="CST-1992"),
    _ev(
        ObserverStatusGranted,
        "observer",
        EventDate.year(2013),
        party="Its Assembly (XXL)",
        organ="PA",
        states=("XXL",),
    ),
]
NAMES = {"XXL": "Examplia"}


def _texts(day: dt.date, events: list[Event] = LIFE) -> list[str]:
    return [f.text for f in state_brief(events, "XXL", day, NAMES)]


def test_the_brief_says_each_step_in_plain_words_with_its_event() -> None:
    facts = state_brief(LIFE, "XXL", dt.date(2020, 1, 1), NAMES)
    assert [f.events for f in facts] == [
        ("sign",),
        ("force",),
        ("notice",),
        ("lapsed",),
        ("chair",),
        ("appointed", "left-office"),
        ("observer",),
    ]
    texts = [f.text for f in facts]
    assert texts[0] == "Examplia signed the Collective Security Treaty on 15 May 1992."
    assert texts[1] == "The Collective Security Treaty entered into force on 20 April 1994."
    assert texts[2] == (
        "It gave notice that it would leave the Collective Security Treaty between "
        "10 January 1999 and 9 February 1999, with effect from 20 April 1999."
    )
    assert (
        texts[3] == "Its membership under the Collective Security Treaty lapsed on 20 April 1999."
    )
    assert "chairmanship of the Collective Security Council in June 1996" in texts[4]
    assert texts[5] == (
        "A. Person, a national of Examplia, was Secretary-General from 3 February 1997 "
        "to 4 March 1998."
    )
    assert texts[6] == (
        "The Its Assembly was granted observer status at the CSTO's Parliamentary Assembly in 2013."
    )


@pytest.mark.parametrize(
    ("day", "said"),
    [
        (dt.date(1992, 5, 14), []),
        (dt.date(1992, 5, 15), ["sign"]),
        (dt.date(1994, 4, 19), ["sign"]),
        (dt.date(1997, 6, 1), ["sign", "force", "chair", "appointed"]),
        # the notice is dated to a range: said only once its last possible day has passed
        (dt.date(1999, 2, 8), ["sign", "force", "chair", "appointed", "left-office"]),
        (dt.date(1999, 2, 9), ["sign", "force", "notice", "chair", "appointed", "left-office"]),
    ],
)
def test_the_brief_on_a_day_says_nothing_that_came_later(day: dt.date, said: list[str]) -> None:
    facts = state_brief(LIFE, "XXL", day, NAMES)
    assert [i for f in facts for i in f.events] == said


def test_an_office_still_held_on_the_day_is_not_given_an_end() -> None:
    texts = _texts(dt.date(1997, 6, 1))
    assert "A. Person, a national of Examplia, became Secretary-General on 3 February 1997." in (
        texts
    )


def test_another_state_s_steps_are_not_told() -> None:
    assert state_brief(LIFE, "ZZZ", dt.date(2020, 1, 1), {"ZZZ": "Zedland"}) == []
    # YYY signed (it is among the signing event's states) but never gave notice
    other = [f.events for f in state_brief(LIFE, "YYY", dt.date(2020, 1, 1), {"YYY": "Y"})]
    assert other == [("sign",), ("force",)]


def test_a_suspension_some_sources_tell_as_leaving_says_so() -> None:
    left = Alternative(label="left", changes=(), sources=_CITE, type="Withdrew")
    suspended = _ev(
        ParticipationSuspended,
        "susp",
        _d(2012, 12, 19),
        state="XXL",
        by="CSC",
        alternatives=(left,),
    )
    [text] = _texts(dt.date(2013, 1, 1), [suspended])
    assert text.startswith("The Collective Security Council suspended Examplia's participation")
    assert "Some sources tell it as a withdrawal" in text


@pytest.mark.parametrize(
    ("date", "said"),
    [
        (_d(1992, 5, 15), "on 15 May 1992"),
        (EventDate.month(2005, 6), "in June 2005"),
        (EventDate.year(2013), "in 2013"),
        (
            EventDate.between(dt.date(2002, 10, 7), dt.date(2003, 9, 18)),
            "between 7 October 2002 and 18 September 2003",
        ),
    ],
)
def test_dates_are_said_as_a_reader_says_them(date: EventDate, said: str) -> None:
    assert when(date) == said


# --- on the record --------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(STATES))
@pytest.mark.parametrize("day", [dt.date(1993, 1, 1), dt.date(1999, 6, 1), dt.date(2030, 1, 1)])
def test_every_sentence_rests_on_sourced_events_past_on_the_day(
    site: Site, code: str, day: dt.date
) -> None:
    facts = state_brief(site.record.events, code, day)
    for f in facts:
        assert f.events, f.text
        for i in f.events:
            e = site.record.event(i)
            assert e.date.latest <= day, (f.text, i)
            assert e.sources, i
        years = {int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", f.text)}
        assert all(y <= day.year for y in years), f.text
    if site.periods.get(code) and site.periods[code][0].start <= day:
        assert facts, (code, day)  # a party by then has something said of it


def test_each_member_of_1994_is_told_how_the_treaty_bound_it(site: Site) -> None:
    day = dt.date(1995, 1, 1)
    for code, periods in site.periods.items():
        if not any(p.status == "member" and p.start <= day for p in periods):
            continue
        texts = " ".join(f.text for f in state_brief(site.record.events, code, day))
        assert re.search(r"(signed|acceded to) the Collective Security Treaty", texts), code
        assert "Collective Security Treaty took effect for" in texts or (
            "Collective Security Treaty entered into force" in texts
        ), code
        assert "Charter" not in texts, code  # signed in 2002


def test_founding_instruments_are_in_the_record(site: Site) -> None:
    ids = {i.id for i in site.record.instruments}
    assert set(FOUNDING) <= ids


# --- on the page ----------------------------------------------------------------------


def _brief(page: str) -> str:
    found = re.search(r'<section class="infobox" id="brief".*?</section>', page, re.S)
    assert found, "no brief on the page"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def test_a_state_page_shows_its_brief_with_numbered_sourced_notes(client: TestClient) -> None:
    page = client.get("/states/UZB").text
    text = _brief(page)
    assert "Uzbekistan signed the Collective Security Treaty in Tashkent on 15 May 1992" in text
    assert "suspended Uzbekistan's participation on 19 December 2012" in text
    assert 'href="/events/uzb-suspension-csc-decision-2012"' in page
    notes = re.search(r'<ol class="notes".*?</ol>', page, re.S)
    assert notes
    assert notes.group(0).count("<li") >= 8
    assert '<a href="/sources/' in notes.group(0)


def _paragraph(page: str) -> str:
    found = re.search(r'<p class="brief">.*?</p>', page, re.S)
    assert found, "no paragraph in the brief"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def test_a_state_page_on_a_date_says_only_what_was_then(client: TestClient) -> None:
    page = client.get("/states/ARM?date=1995-01-01").text
    assert "as of 1995-01-01" in _brief(page)
    early = _paragraph(page)
    assert "took effect for Armenia on 20 April 1994" in early
    for later in ("Charter", "frozen", "chairmanship", "Secretary-General", "1999"):
        assert later not in early, later
    now = _brief(client.get("/states/ARM").text)
    assert "frozen its participation" in now
    assert "Yuri Khachaturov" in now


def test_a_state_never_party_says_so_in_its_brief(client: TestClient) -> None:
    text = _brief(client.get("/states/CHN").text)
    assert "holds no signature, membership, office or observer status of China" in text
    serbia = _brief(client.get("/states/SRB?date=2020-01-01").text)
    assert "National Assembly of Serbia was granted observer status" in serbia


def test_a_state_page_refuses_a_date_that_is_not_a_day(client: TestClient) -> None:
    r = client.get("/states/ARM?date=1995-13-01")
    assert r.status_code == 400
    assert "YYYY-MM-DD" in r.text
