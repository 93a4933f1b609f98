"""The pages: server-rendered, every fact linked to its source, nothing loaded from
elsewhere, bad parameters answered 4xx with the field named."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from csto.web.pages import TIMELINE_PAGE
from csto.web.site import Site

PAGES = [
    "/",
    "/?date=1993-06-01",
    "/map",
    "/map?date=2024-06-01",
    "/fragment/state?date=2012-12-20",
    "/fragment/map?date=2012-12-20",
    "/timeline",
    "/timeline?state=ARM&kind=ParticipationFrozen&from=2020-01-01&to=2025-12-31",
    "/timeline?disputed=1",
    "/events/geo-accedes-cst-1993",
    "/events/arm-participation-frozen-2024",
    "/states",
    "/states/UZB",
    "/states/arm",
    "/organs",
    "/organs/CSC",
    "/organs/pa",
    "/officials",
    "/officials/nikolai-bordyuzha",
    "/instruments",
    "/instruments/CHARTER-2002",
    "/instruments/NATO-DECISION-2004",
    "/instruments/CST-1992/articles/11",
    "/instruments/CHARTER-2002/articles/unnumbered:budget",
    "/sources",
    "/sources/tass-687141",
    "/search?q=Kazakhstan+2022",
    "/cases",
    "/cases/KAZ-2022-01",
    "/cases/CST-1999",
    "/cases/CHAIR-2013",
    "/ask",
    "/ask?action=deploy_force",
    "/ask?action=request_assistance&judge=1&by=ARM&date=2022-09-13&grounds=aggression",
    "/readings",
    "/about",
    "/api",
    "/problems/E130",
]


class _Loads(HTMLParser):
    """Every URL the page would load by itself (not links the reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.loads.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.loads.append(a["href"] or "")
        if tag == "form" and a.get("action"):
            self.loads.append(a["action"] or "")


def test_event_ids_used_here_exist(client: TestClient) -> None:
    for event_id in ("geo-accedes-cst-1993", "arm-participation-frozen-2024"):
        if client.get(f"/api/events/{event_id}").status_code != 200:
            pytest.fail(f"the record no longer has {event_id}; update PAGES")


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_and_loads_only_its_own_assets(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    parser = _Loads()
    parser.feed(response.text)
    for loaded in parser.loads:
        assert loaded.startswith("/"), f"{url} loads {loaded} from elsewhere"
        assert not loaded.startswith("//"), f"{url} loads {loaded} from elsewhere"
    assert "cdn" not in response.text.lower()


def test_static_assets_are_served(client: TestClient) -> None:
    for path in ("/static/csto.css", "/static/csto.js", "/static/favicon.svg"):
        assert client.get(path).status_code == 200, path


def _members(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr data-state="([A-Z]{3})" data-status="([a-z_]+)">', html))


def _map(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-iso="([A-Z]{3})" data-status="([a-z]+)"', html))


def test_the_home_page_follows_the_date(client: TestClient) -> None:
    before = client.get("/?date=1993-06-01").text
    assert _members(before) == {}
    assert 'id="signatories"' in before
    assert _map(before)["RUS"] == "signatory"
    y2000 = client.get("/?date=2000-01-01").text
    assert set(_members(y2000)) == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}
    assert _map(y2000)["UZB"] == "former"
    y2012 = client.get("/?date=2012-12-20").text
    assert _members(y2012)["UZB"] == "participation_suspended"
    assert _map(y2012)["UZB"] == "suspended"
    assert "Almazbek Atambayev" in y2012
    assert "/officials/nikolai-bordyuzha" in y2012
    y2024 = client.get("/?date=2024-06-01").text
    assert _members(y2024)["ARM"] == "participation_frozen"
    assert _map(y2024)["ARM"] == "frozen"


def test_the_map_has_every_colour_in_its_legend_and_a_caption(client: TestClient) -> None:
    html = client.get("/map?date=1999-03-01").text
    assert _map(html)["AZE"] == "pending"  # notice given 1999-02-09
    for css in ("member", "signatory", "frozen", "suspended", "pending", "former", "observer"):
        assert f'class="sw c-{css}"' in html
    assert "Natural Earth" in html
    assert "de facto" in html
    assert 'href="/about#map"' in html


def test_the_date_control_is_a_form_that_works_without_script(client: TestClient) -> None:
    html = client.get("/?date=2012-12-20").text
    assert re.search(r'<form class="datecontrol" method="get" action="/"', html)
    assert 'name="date" value="2012-12-20"' in html
    assert 'rel="next" href="/?date=' in html


def test_the_timeline_filters_and_shows_sources_and_versions(client: TestClient) -> None:
    html = client.get("/timeline?state=GEO&kind=Acceded").text
    assert 'id="geo-accedes-cst-1993"' in html
    assert html.count('<li class="event"') == 1
    assert 'href="/sources/gibler-2009-cst"' in html
    assert "disputed: 1 other version" in html
    assert "date 1993-09-09" in html  # the other version, in words
    disputed = client.get("/timeline?disputed=1").text
    assert disputed.count('<li class="event"') == disputed.count('<details class="versions">')
    period = client.get("/timeline?from=1992-01-01&to=1992-12-31").text
    assert "cst-signed-1992" in period or "1992-05-15" in period


def test_the_timeline_comes_in_pages_that_together_show_every_event(
    client: TestClient, site: Site
) -> None:
    events = site.history.timeline()
    assert len(events) > TIMELINE_PAGE  # else this record has one page: nothing to test
    ids, url = [], "/timeline"
    while url:
        html = client.get(url).text
        ids.extend(re.findall(r'<li class="event"[^>]* id="([^"]+)"', html))
        found = re.search(r'<a rel="next" href="([^"]+)"', html)
        url = found.group(1).replace("&amp;", "&") if found else ""
    assert ids == [e.id for e in events]
    first = client.get("/timeline").text
    assert f"{len(events)} events, oldest first; 1 to {TIMELINE_PAGE} on this page" in first
    kept = client.get("/timeline?from=1992-01-01&page=2").text  # filters carried over
    assert 'rel="prev" href="/timeline?from=1992-01-01&amp;page=1"' in kept


def test_a_state_page_shows_its_membership_history(client: TestClient) -> None:
    html = client.get("/states/UZB").text
    statuses = re.findall(r'<tr data-status="([a-z_]+)">', html)
    assert statuses == [
        "signatory",
        "member",
        "withdrawal_pending",
        "former",
        "member",
        "participation_suspended",
    ]


def test_an_article_page_shows_versions_check_level_and_worked_verdicts(
    client: TestClient,
) -> None:
    html = client.get("/instruments/CHARTER-2002/articles/1?on=2013-01-01").text
    assert html.count('<li class="version') == 2
    assert html.count('<li class="version in-force">') == 1
    assert "in force on 2013-01-01" in html
    assert "text_read" in html
    assert 'href="/sources/kremlin-3506"' in html
    art4 = client.get("/instruments/CST-1992/articles/4").text
    assert 'id="verdicts"' in art4
    assert art4.count('<li class="worked-case">') >= 3
    assert "Armenia invokes art. 4" in art4
    assert 'class="outcome oc-required"' in art4
    assert "/ask?action=request_assistance&amp;judge=1" in art4
    assert 'id="open-questions"' in art4
    assert '<a href="/readings#casus-foederis">casus-foederis</a>' in art4
    assert '<a href="/cases/ARM-2022-09">ARM-2022-09</a>' in art4


def test_the_ask_page_builds_an_action_and_shows_the_verdict(client: TestClient) -> None:
    empty = client.get("/ask").text
    assert '<select name="action" id="action">' in empty
    form = client.get("/ask?action=notify_withdrawal").text
    for field in ("date", "by", "effective", "obligations_settled", "profile"):
        assert f'id="f-{field}"' in form
    judged = client.get("/ask?action=notify_withdrawal&judge=1&by=KGZ&date=2026-08-31")
    assert judged.status_code == 200
    assert 'data-outcome="permitted"' in judged.text
    assert "2027-03-01" in judged.text  # six months counted back from the withdrawal date
    assert 'href="/instruments/CHARTER-2002/articles/19?on=2026-08-31"' in judged.text
    vote = client.get(
        "/ask?action=adopt_decision&judge=1&date=2009-06-14&subject=CRRF"
        "&positions.RUS=support&positions.UZB=object"
    ).text
    assert 'data-outcome="not_permitted"' in vote  # Uzbekistan objects: no consensus
    assert '<option value="object" selected>' in vote  # the form keeps what was chosen


def test_the_verdict_page_names_norms_by_bearer_and_links_the_episode(client: TestClient) -> None:
    page = client.get(
        "/ask?action=request_assistance&judge=1&by=ARM&date=2022-09-13"
        "&grounds=aggression&attacker=AZE"
    ).text
    assert "Norms, by bearer" in page
    assert 'class="norm nk-permission"' in page
    assert 'class="norm nk-duty"' in page
    assert 'class="norm nk-power"' in page
    assert "each of Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan" in page
    assert 'href="/cases/ARM-2022-09"' in page


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/ask?action=notify_withdrawal&judge=1&by=FRA&date=2026-08-31", "action.by"),
        ("/ask?action=notify_withdrawal&judge=1&by=KGZ", "action.date"),
        ("/ask?action=notify_withdrawal&judge=1&by=KGZ&date=0900-01-01", "action.date"),
        ("/ask?action=invade", "action"),
        ("/ask?action=notify_withdrawal&judge=1&by=KGZ&date=2026-08-31&profile=x", "profile"),
    ],
)
def test_a_bad_action_is_shown_back_with_the_field_named(
    client: TestClient, url: str, field: str
) -> None:
    response = client.get(url)
    assert 400 <= response.status_code < 500
    assert 'id="problems"' in response.text
    assert f"<code>{field}</code>" in response.text


def test_the_readings_page(client: TestClient) -> None:
    html = client.get("/readings").text
    for reading in ("unrest-grounds", "consensus-absence", "unilateral-withdrawal"):
        assert f'id="{reading}"' in html
    assert "chosen by default" in html


def test_search_page(client: TestClient) -> None:
    html = client.get("/search?q=withdrawal").text
    assert 'class="hit hit-event"' in html
    assert 'class="hit hit-article"' in html


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/?date=2023-02-30", 400, "date"),
        ("/map?date=soon", 400, "date"),
        ("/timeline?state=QQQ", 404, "state"),
        ("/timeline?kind=Invaded", 400, "kind"),
        ("/timeline?page=0", 400, "page"),
        ("/timeline?page=99", 404, "page"),
        ("/states/QQQ", 404, "code"),
        ("/events/nope", 404, "event_id"),
        ("/organs/XYZ", 404, "organ_id"),
        ("/officials/nobody", 404, "official"),
        ("/instruments/NOPE", 404, "instrument_id"),
        ("/instruments/CST-1992/articles/99", 404, "number"),
        ("/sources/nope", 404, "source_id"),
        ("/cases/NOPE", 404, "case_id"),
        ("/problems/E999", 404, "code"),
        ("/no/such/page", 404, "path"),
    ],
)
def test_bad_page_requests_are_4xx_pages_naming_the_field(
    client: TestClient, url: str, status: int, field: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert f"<code>{field}</code>" in response.text
