"""The page comparing two dates: both maps, what differs in words, the events between."""

from __future__ import annotations

import datetime as dt
import html
import re

from fastapi.testclient import TestClient

from csto.state.statuses import STATUS_LABELS
from csto.web.compare import differences
from csto.web.site import Site
from tests.web.test_content import RAW, visible_text


def _rows(page: str, section: str) -> dict[str, tuple[str, str]]:
    table = re.search(rf'<table class="compare" data-section="{section}">(.*?)</table>', page, re.S)
    assert table, section
    out = {}
    for row in re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table.group(1)):
        what, before, after = (html.unescape(re.sub(r"<[^>]+>", "", c)) for c in row)
        out[what] = (before, after)
    return out


def test_two_dates_side_by_side(client: TestClient) -> None:
    page = client.get("/compare?from=2012-12-20&to=2024-06-01").text
    assert 'src="/map.svg?date=2012-12-20"' in page
    assert 'src="/map.svg?date=2024-06-01"' in page
    members = _rows(page, "members")
    assert members == {"Armenia": (STATUS_LABELS["member"], STATUS_LABELS["participation_frozen"])}
    assert "Uzbekistan" not in members  # suspended on both days: no difference
    observers = _rows(page, "observers")
    assert "National Assembly of Serbia" in observers
    assert 'href="/api/diff?from=2012-12-20&amp;to=2024-06-01"' in page
    assert "arm-participation-frozen-2024" in page  # the events between, linked


def test_the_differences_follow_the_record(site: Site) -> None:
    before, after = site.on(site.first_day), site.on(site.first_day)
    assert differences(site.record, before, after) == []
    found = differences(site.record, site.on(dt.date(1999, 1, 1)), site.on(dt.date(2000, 1, 1)))
    lapsed = {d.what: d.after for d in found if d.section == "members"}
    assert lapsed["Azerbaijan"].startswith("former member (left 1999-04-20")
    assert lapsed["Georgia"].startswith("former member")
    assert lapsed["Uzbekistan"].startswith("former member")


def test_the_order_of_the_dates_does_not_matter_and_bad_dates_are_named(
    client: TestClient,
) -> None:
    back = client.get("/compare?from=2024-06-01&to=2012-12-20")
    assert back.status_code == 200
    assert 'href="/api/diff?from=2012-12-20&amp;to=2024-06-01"' in back.text
    bad = client.get("/compare?from=2012-13-01")
    assert bad.status_code == 400
    assert "from" in bad.text
    same = client.get("/compare?from=2012-12-20&to=2012-12-20").text
    assert 'id="no-difference"' in same


def test_the_comparison_speaks_plainly(client: TestClient) -> None:
    text = visible_text(client.get("/compare?from=1993-06-01&to=2024-06-01").text)
    for pattern, what in RAW:
        found = pattern.search(text)
        assert not found, f"{what}: {text[max(0, found.start() - 60) : found.end() + 60]}"
