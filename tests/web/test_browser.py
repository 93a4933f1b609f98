"""Browser tests: Playwright driving Debian's chromium (``$CSTO_CHROMIUM``, by default
/usr/bin/chromium, installed by .ci/run and scripts/test where they may) against one real
``csto serve``. Moving the date control changes the member list
and the map; a case page shows its timeline; no page logs a console error; no request leaves
the machine."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright

from csto.io.recordfiles import load_record
from csto.state.tenure import change_days
from tests.web.conftest import Served

#: the chromium the browser tests drive (scripts/test and scripts/browser-note read the same)
CHROMIUM = Path(os.environ.get("CSTO_CHROMIUM") or "/usr/bin/chromium")
HAVE_CHROMIUM = os.access(CHROMIUM, os.X_OK)
#: why they are skipped without it, and how to run them
NO_CHROMIUM = (
    f"no chromium at {CHROMIUM} (CSTO_CHROMIUM): install it (sudo apt-get install chromium,"
    " as .ci/run does) or set CSTO_CHROMIUM to one"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
FIRST_DAY = dt.date(1992, 5, 15)  # the record's first event: the slider's zero

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, requests (kept or refused)."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    watch = Watch()

    def route(r: Route) -> None:
        url = r.request.url
        watch.requests.append(url)
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            watch.refused.append(url)
            r.abort()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.errors.append(message.text)

    context.route("**/*", route)
    p = context.new_page()
    p.on("console", console)
    p.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    yield p, watch
    context.close()
    assert not watch.errors, f"console errors: {watch.errors}"
    assert not watch.refused, f"requests that would leave the machine: {watch.refused}"
    assert watch.requests, "the route recorded nothing"


def _members(p: Page) -> dict[str, str]:
    rows = p.locator("#members tr[data-state]")
    return {
        rows.nth(i).get_attribute("data-state") or "": rows.nth(i).get_attribute("data-status")
        or ""
        for i in range(rows.count())
    }


def _on_map(p: Page, code: str) -> str:
    return p.locator(f'#map path[data-iso="{code}"]').first.get_attribute("data-status") or ""


def test_moving_the_slider_changes_the_members_and_the_map(
    served: Served, page: tuple[Page, Watch]
) -> None:
    p, watch = page
    p.goto(f"{served.url}/?date=2012-12-20")
    assert _members(p)["UZB"] == "participation_suspended"
    assert _on_map(p, "UZB") == "suspended"
    slider = p.locator("#slider")
    assert slider.is_visible()  # the script reveals it
    offset = (dt.date(1996, 1, 1) - FIRST_DAY).days
    slider.fill(str(offset))
    p.wait_for_selector('section.state[data-date="1996-01-01"]')
    members = _members(p)
    assert members["UZB"] == "member"
    assert members["AZE"] == "member"
    assert _on_map(p, "UZB") == "member"
    assert _on_map(p, "GEO") == "member"
    assert p.locator("#date").input_value() == "1996-01-01"
    assert p.url.endswith("/?date=1996-01-01")
    slider.focus()
    p.keyboard.press("Home")  # the first day: signatories only
    p.wait_for_selector(f'section.state[data-date="{FIRST_DAY}"]')
    assert _members(p) == {}
    assert _on_map(p, "RUS") == "signatory"
    assert any("/fragment/state?date=" in u for u in watch.requests)


def test_the_date_field_and_the_change_links_move_the_map(
    served: Served, page: tuple[Page, Watch]
) -> None:
    p, _ = page
    p.goto(f"{served.url}/map?date=2012-12-20")
    assert _on_map(p, "ARM") == "member"
    p.locator("#date").fill("2024-06-01")
    p.locator("#date").dispatch_event("change")
    p.wait_for_selector('section.mapview[data-date="2024-06-01"]')
    assert _on_map(p, "ARM") == "frozen"
    # the previous day on which some event of the record falls (Armenia froze its
    # participation on 2024-02-22; later events of 2024 change no one's status)
    previous = max(d for d in change_days(load_record().events) if d < dt.date(2024, 6, 1))
    assert previous >= dt.date(2024, 2, 22)
    p.locator('a[rel="prev"]').click()
    p.wait_for_selector(f'section.mapview[data-date="{previous}"]')
    assert _on_map(p, "ARM") == "frozen"


def test_an_article_page_shows_a_worked_verdict(served: Served, page: tuple[Page, Watch]) -> None:
    p, _ = page
    p.goto(f"{served.url}/instruments/CST-1992/articles/4")
    first = p.locator("li.worked-case").first
    verdict = first.locator(".verdict")
    assert not verdict.is_visible()
    first.locator("summary").first.click()
    assert verdict.is_visible()
    assert verdict.get_attribute("data-outcome") == "required"
    assert "CST-1992 art. 4" in verdict.inner_text()


def test_the_ask_form_returns_a_verdict(served: Served, page: tuple[Page, Watch]) -> None:
    p, _ = page
    p.goto(f"{served.url}/ask")
    p.locator("#action").select_option("notify_withdrawal")  # the script submits the choice
    p.wait_for_selector("#askform")
    p.locator("#f-by").select_option("KGZ")
    p.locator("#f-date").fill("2026-08-31")
    p.locator("#judge").click()
    p.wait_for_selector(".verdict")
    verdict = p.locator(".verdict")
    assert verdict.get_attribute("data-outcome") == "permitted"
    assert "2027-03-01" in verdict.inner_text()
    assert "CHARTER-2002 art. 19" in verdict.inner_text()


def test_a_case_page_shows_its_timeline(served: Served, page: tuple[Page, Watch]) -> None:
    p, _ = page
    p.goto(f"{served.url}/cases")
    p.locator('tr[data-case="KAZ-2022-01"] a').first.click()
    p.wait_for_selector('h1[data-case="KAZ-2022-01"]')
    timeline = p.locator("#timeline")
    assert timeline.is_visible()
    events = timeline.locator("li.event")
    assert events.count() >= 5
    assert events.first.get_attribute("id") == "kaz-2022-csc-chair-consultations"
    steps = timeline.locator("li.step-mark")
    assert [steps.nth(i).get_attribute("data-step") for i in range(steps.count())] == [
        "appeal",
        "deployment",
    ]
    assert "2022-01-05" in steps.first.inner_text()
    steps.first.locator("a").click()  # the timeline's step leads to the step's verdicts
    assert p.url.endswith("#step-appeal")
    step = p.locator("#step-appeal")
    assert step.get_attribute("data-result") == "contested"
    assert step.locator(".verdict").get_attribute("data-outcome") == "required"
    timeline.locator('a[href="/events/kaz-2022-csc-decision"]').first.click()
    p.wait_for_url("**/events/kaz-2022-csc-decision")
    assert p.locator('ul.cases a[href="/cases/KAZ-2022-01"]').count() == 1  # and back


@pytest.mark.parametrize(
    "path",
    [
        "/timeline?state=ARM",
        "/states/UZB",
        "/organs/CSC",
        "/officials/nikolai-bordyuzha",
        "/instruments/CHARTER-2002",
        "/instruments/CST-1992/articles/11",
        "/events/geo-accedes-cst-1993",
        "/search?q=withdrawal",
        "/about",
        "/api",
        "/readings",
        "/ask?action=adopt_decision",
        "/cases",
        "/cases/CST-1999",
    ],
)
def test_pages_load_without_errors_or_outside_requests(
    served: Served, page: tuple[Page, Watch], path: str
) -> None:
    p, watch = page
    response = p.goto(f"{served.url}{path}")
    assert response is not None
    assert response.status == 200
    p.wait_for_load_state("load")
    assert p.locator("h1").count() >= 1
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in watch.requests)
