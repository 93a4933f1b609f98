"""An organ's page opens with what it is and how it decides, in the words of the Charter's
articles in force today about it (the law data's paraphrases, sourced on the articles'
pages), never the article that only lists every body."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from fastapi.testclient import TestClient

import csto
from csto.web.organbrief import organ_brief
from csto.web.site import ORGAN_TAGS, Site


def _brief(page: str) -> str:
    found = re.search(r'<section class="infobox" id="brief".*?</section>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))) if found else ""


@pytest.mark.parametrize("organ", ["CSC", "CFM", "PC", "SEC"])
def test_an_organ_says_what_it_is_in_the_charter_s_words(
    client: TestClient, site: Site, organ: str
) -> None:
    text = " ".join(_brief(client.get(f"/organs/{organ}").text).split())
    assert text, organ
    charter = site.lawview.law.instruments["CHARTER-2002"]
    about = [a for a in charter.articles if ORGAN_TAGS[organ] in a.tags and a.number != "11"]
    assert about
    for a in about:
        opening = " ".join(a.versions[0].paraphrase.replace("*", "").split())[:60]
        assert opening in text, (organ, a.number, opening)
    lister = next(a for a in charter.articles if a.number == "11")
    assert " ".join(lister.versions[0].paraphrase.split())[:60] not in text
    decides = any("decision-making" in a.tags for a in about)
    assert ("How it decides" in text) is decides


def test_an_organ_the_charter_does_not_describe_is_told_from_the_record(
    client: TestClient,
) -> None:
    page = client.get("/organs/PA").text
    text = " ".join(_brief(page).split())
    assert "In brief, from the record" in text
    assert "what the Charter says" not in text
    assert "It was established on 16 November 2006." in text
    assert "the National Assembly of Serbia" in text
    assert "were granted observer status at it in 2013" in text
    assert "The observer status of the Wolesi Jirga" in text
    assert "ended on 15 August 2021" in text
    for event in ("pa-established-2006", "pa-observer-serbia-2013"):
        assert f'href="/events/{event}"' in page


def test_an_organ_s_record_brief_says_nothing_that_came_later() -> None:
    events = csto.load().record.events
    assert organ_brief(events, "PA", dt.date(2006, 11, 15)) == []
    early = [f.text for f in organ_brief(events, "PA", dt.date(2014, 1, 1))]
    assert not any("ended" in t for t in early)
    assert any("observer status" in t for t in early)
