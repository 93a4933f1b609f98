"""What the pages say: each dated page shows only what existed on that date, in words
people use (no raw values, internal notes or unrendered Markdown), with distinct titles,
the counting of members explained, and a warning past the record."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from fastapi.testclient import TestClient

from csto.web.glossary import anchors

TODAY = dt.date.today()


def _instruments(page: str) -> dict[str, str]:
    """Instrument id -> standing, from the home page's instruments list."""
    return dict(re.findall(r'data-instrument="([A-Z0-9-]+)" data-standing="([a-z_]+)"', page))


def test_a_page_for_1993_lists_only_what_had_been_signed(client: TestClient) -> None:
    got = _instruments(client.get("/?date=1993-06-01").text)
    assert got == {"CST-1992": "signed"}  # not the Charter of 2002, nor 2018, nor 2025


@pytest.mark.parametrize(
    ("day", "expected", "absent"),
    [
        (
            "1999-06-01",
            {"CST-1992": "in_force", "CONCEPT-1995": "adopted", "CST-PROTOCOL-1999": "signed"},
            {"CHARTER-2002", "STRATEGY-2025", "CHARTER-PROTOCOL-2018", "RULES-2004"},
        ),
        (
            "2012-12-20",
            {"CHARTER-2002": "in_force", "RULES-2004": "adopted", "CONCEPT-1995": "adopted"},
            {"STRATEGY-2025", "CHARTER-PROTOCOL-2018", "TRANSPORT-AGREEMENT-2015"},
        ),
        (
            "2020-01-01",
            {"STRATEGY-2025": "adopted", "CHARTER-PROTOCOL-2018": "signed"},
            set(),
        ),
        ("2026-06-01", {"STRATEGY-2025": "expired"}, set()),
    ],
)
def test_instruments_on_a_date(
    client: TestClient, day: str, expected: dict[str, str], absent: set[str]
) -> None:
    got = _instruments(client.get(f"/?date={day}").text)
    for iid, standing in expected.items():
        assert got.get(iid) == standing, (day, iid, got.get(iid))
    assert not absent & set(got), (day, absent & set(got))


def test_the_instruments_page_says_what_needs_no_ratification_and_what_expired(
    client: TestClient,
) -> None:
    page = client.get("/instruments").text
    rows = dict(re.findall(r'data-instrument="([A-Z0-9-]+)" data-standing="([a-z_]+)"', page))
    for iid in ("CONCEPT-1995", "RULES-2004", "REG-ADMISSION-WITHDRAWAL-2004"):
        assert rows[iid] == "adopted", iid
    if dt.date(2025, 12, 31) < TODAY:
        assert rows["STRATEGY-2025"] == "expired"
    assert "signed, not in force" not in page
    assert "known for" not in page


def test_ratifications_are_not_read_as_if_the_others_never_ratified(client: TestClient) -> None:
    page = html.unescape(client.get("/instruments/CHARTER-PROTOCOL-2010").text)
    standing = re.search(r'<dd id="standing">(.*?)</dd>', page, re.S)
    assert standing
    text = re.sub(r"<[^>]+>", "", standing.group(1))
    assert "Kazakhstan and Russia" in text
    assert "are not recorded" in text  # the others' ratifications: not known, not absent
    treaty = html.unescape(client.get("/instruments/CST-1992").text)
    assert "ratified by AZE" not in treaty
    assert "In force for its members" in treaty


def test_the_count_of_members_is_explained_when_one_is_suspended(client: TestClient) -> None:
    page = html.unescape(client.get("/?date=2013-06-01").text)
    assert re.search(r"<h2>Members <span class=\"count\">\(6\)</span></h2>", page)
    counting = re.search(r'<p class="counting" id="counting">(.*?)</p>', page, re.S)
    assert counting, "the page must say why Uzbekistan is listed apart"
    said = counting.group(1)
    assert "Uzbekistan" in said
    assert "count 6 members" in said
    assert 'href="/sources/tass-687141"' in said  # with the sources of the suspension
    assert 'id="counting"' not in client.get("/?date=2010-01-01").text


def test_a_date_past_the_record_is_warned(client: TestClient) -> None:
    future = html.unescape(client.get("/?date=2030-01-01").text)
    assert 'id="horizon"' in future
    assert "in the future" in future
    assert 'id="horizon"' not in client.get("/?date=2012-12-20").text


def test_the_about_page_does_not_show_where_the_server_keeps_its_database(
    client: TestClient,
) -> None:
    about = client.get("/about").text
    assert ".db" not in about
    assert "read from" not in about


def test_observers_are_named_once_with_their_state(client: TestClient) -> None:
    page = html.unescape(client.get("/?date=2020-01-01").text)
    assert "(AFG)" not in page
    assert "(SRB)" not in page
    assert "National Assembly of Serbia" in page


def test_the_verdict_on_a_request_does_not_read_as_if_the_requester_were_obliged(
    client: TestClient,
) -> None:
    page = html.unescape(
        client.get(
            "/ask?action=request_assistance&judge=1&by=ARM&date=2022-09-13&grounds=aggression"
        ).text
    )
    head = re.search(r'<p class="verdict-head">(.*?)</p>', page, re.S)
    assert head
    text = re.sub(r"<[^>]+>", "", head.group(1))
    assert not text.upper().startswith("REQUIRED")
    assert "others must act" in text
    assert "does not oblige Armenia" in text


# --- plain language on every kind of page --------------------------------------------------

PAGES = [
    "/",
    "/?date=1993-06-01",
    "/?date=2012-12-20",
    "/map?date=2014-06-01",
    "/timeline",
    "/timeline?disputed=1",
    "/events/geo-accedes-cst-1993",
    "/events/uzb-suspension-csc-decision-2012",
    "/events/arm-2023-permanent-representative-recalled",
    "/events/arm-participation-frozen-2024",
    "/officials/viktor-biyagov",
    "/sources/seed-kostiuk-2022",
    "/states/UZB?date=2013-01-01",
    "/cases/CST-1999",
    "/states",
    "/states/KAZ",
    "/states/ARM",
    "/organs",
    "/organs/CSC",
    "/organs/CFM",
    "/organs/PA",
    "/instruments/CHARTER-2002",
    "/instruments/CHARTER-2002/articles/unnumbered:decision-making",
    "/officials",
    "/instruments",
    "/instruments/CST-1992",
    "/instruments/CHARTER-2002/articles/13",
    "/instruments/CST-1992/articles/4",
    "/sources",
    "/sources/seed-cakir-2022",
    "/readings",
    "/cases",
    "/cases/KAZ-2022-01",
    "/search?q=armenia",
    "/ask?action=request_assistance&judge=1&by=ARM&date=2022-09-13&grounds=aggression",
    "/glossary",
    "/about",
]

#: what must not be seen on a page: the record's and the law's raw values, CamelCase event
#: types, the project's own notes, unrendered Markdown, doubled codes, bad plurals
RAW = [
    (re.compile(r"\b(text_read|text_partly_read|secondary_only|not_found)\b"), "check level"),
    (
        re.compile(
            r"\b(participation_frozen|participation_suspended|withdrawal_pending|"
            r"not_permitted|not_provided_for|engine_wrong)\b"
        ),
        "raw value",
    ),
    (
        re.compile(
            r"\b(InstrumentSigned|InstrumentRatified|InstrumentEnteredIntoForce|SessionHeld|"
            r"DecisionAdopted|OfficialAppointed|ChairmanshipPassed|ExerciseHeld|Acceded|"
            r"ObserverStatusGranted|ParticipationFrozen|AssistanceRequested)\b"
        ),
        "event type",
    ),
    (re.compile(r"\bseed\d|\bseeds?\b|\.md\b|\.yaml\b"), "internal note"),
    (re.compile(r"\bL\d{1,4}\b"), "line locator"),
    (re.compile(r"(?<![\w*])\*[^*\s][^*]*\*(?![\w*])"), "unrendered Markdown"),
    (re.compile(r"\b([A-Z]{3}) \(\1\)"), "doubled code"),
    (re.compile(r"\b1 (events|sources|articles|steps|results)\b"), "plural"),
    (re.compile(r"known for \d"), "unexplained count"),
    (re.compile(r"\(acting\)[^<]*\(acting\)|Acting Secretary-General \(acting\)"), "doubled"),
    # a code value of the record or the law (not a part of an address)
    (re.compile(r"(?<![\w/.])[a-z]+(?:_[a-z0-9]+)+(?![\w/])"), "snake_case value"),
    (re.compile(r"\.txt\b|\bshared/"), "the project's file path"),
    (re.compile(r"\[[a-z0-9]+(?:-[a-z0-9]+)+\]"), "a provision by its key"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}\b"), "raw date range"),
    (re.compile(r"\bfrom \?"), "unknown start as '?'"),
]


def visible_text(page: str) -> str:
    """What a reader sees: no scripts, styles, SVG, code, pre or attributes."""
    page = re.sub(r"<(script|style|svg|code|pre|title)\b[\s\S]*?</\1>", " ", page)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"https?://\S+", " ", html.unescape(page))


@pytest.mark.parametrize("url", PAGES)
def test_pages_speak_plainly(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    text = visible_text(response.text)
    for pattern, what in RAW:
        found = pattern.search(text)
        assert not found, f"{url}: {what}: …{text[max(0, found.start() - 60) : found.end() + 60]}…"


def test_pages_have_distinct_titles(client: TestClient) -> None:
    urls = [
        "/search?q=armenia",
        "/search?q=withdrawal",
        "/ask",
        "/ask?action=notify_withdrawal",
        "/ask?action=request_assistance",
        "/events/geo-accedes-cst-1993",
        "/events/uzb-suspension-csc-decision-2012",
        "/timeline",
        "/timeline?state=KAZ",
        "/instruments/CST-1992",
        "/instruments/CHARTER-2002",
        "/sources/seed-cakir-2022",
        "/sources/tass-687141",
    ]
    titles = {}
    for url in urls:
        found = re.search(r"<title>(.*?)</title>", client.get(url).text, re.S)
        assert found, url
        titles[url] = html.unescape(found.group(1))
    assert len(set(titles.values())) == len(urls), titles
    for url, title in titles.items():
        if url.startswith("/events/"):
            assert not re.search(r"\b[a-z]+(-[a-z0-9]+){2,}\b", title), title  # not the id


def test_every_glossary_link_lands_on_a_term(client: TestClient) -> None:
    known = anchors()
    glossary = client.get("/glossary").text
    for anchor in known:
        assert f'id="{anchor}"' in glossary
    for url in PAGES:
        for anchor in re.findall(r'href="/glossary#([\w-]+)"', client.get(url).text):
            assert anchor in known, (url, anchor)


def test_every_page_can_be_cited(client: TestClient) -> None:
    for url in ("/", "/states/KAZ", "/cases/KAZ-2022-01", "/sources"):
        page = client.get(url).text
        assert 'id="cite-this"' in page, url
        assert "@misc{csto-" in page, url
    verdict = client.get(
        "/ask?action=request_assistance&judge=1&by=ARM&date=2022-09-13&grounds=aggression"
    ).text
    assert "Cite this verdict" in verdict
    assert re.search(r"record [0-9a-f]{12}, rules [0-9a-f]{12}", verdict)
