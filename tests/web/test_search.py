"""Search: on SQLite FTS5 (trigram), across events, articles, cases, states, organs,
officials, instruments and sources, in English and Russian, tolerant of spelling, with
paging, filters and a ranking that puts what is named first."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from csto.web.search import SearchIndex, fold, trigrams, words
from csto.web.site import Site


def _hits(client: TestClient, q: str, **params: object) -> dict[str, object]:
    doc: dict[str, object] = client.get("/api/search", params={"q": q, **params}).json()
    return doc


def test_the_index_is_an_fts5_table_with_the_trigram_tokenizer(site: Site) -> None:
    index = site.search
    sql = index._db.execute("SELECT sql FROM sqlite_master WHERE name = 'docs'").fetchone()[0]
    assert "fts5" in sql
    assert "trigram" in sql
    kinds = {d.kind for d in index._docs}
    assert kinds == {
        "event",
        "article",
        "case",
        "state",
        "organ",
        "official",
        "instrument",
        "source",
    }


def test_folding_and_words() -> None:
    assert fold("Çakır ЁЖ") == "cakır еж"
    assert words("art. 4 of the Charter") == ["article", "4", "of", "the", "charter"]
    assert trigrams("kazak") == {"kaz", "aza", "zak"}


@pytest.mark.parametrize(
    ("query", "first_kind", "first_key"),
    [
        ("Казахстан", "state", "KAZ"),  # Russian
        ("kazakstan", "state", "KAZ"),  # misspelt
        ("Kazakhstan", "state", "KAZ"),
        ("Кыргызстан", "state", "KGZ"),
        ("Council of Foreign Ministers", "organ", "CFM"),
        ("Bordyuzha", "official", "nikolai-bordyuzha"),
        ("collective defense", "article", "CST-1992 art. 4"),  # American spelling
        ("Uzbekistan suspension", "case", "UZB-2012"),
        ("KAZ-2022-01", "case", "KAZ-2022-01"),
        ("fuel prices", "case", "KAZ-2022-01"),
    ],
)
def test_what_is_named_comes_first(
    client: TestClient, query: str, first_kind: str, first_key: str
) -> None:
    doc = _hits(client, query)
    hits = doc["hits"]
    assert isinstance(hits, list), query
    assert hits, query
    assert (hits[0]["kind"], hits[0]["key"]) == (first_kind, first_key), (query, hits[:3])


def test_article_4_finds_the_articles_numbered_4(client: TestClient) -> None:
    hits = _hits(client, "article 4")["hits"]
    assert isinstance(hits, list)
    top = [h["key"] for h in hits[:3]]
    assert "CST-1992 art. 4" in top
    assert "CHARTER-2002 art. 4" in top
    assert "CST-1992 art. 6" not in top  # a name with another number is not a near miss


def test_russian_finds_events_and_sources_about_the_state(client: TestClient) -> None:
    doc = _hits(client, "Казахстан", kind="event")
    assert isinstance(doc["count"], int)
    assert doc["count"] > 20
    by_kind = doc["by_kind"]
    assert isinstance(by_kind, dict)
    assert {"event", "source", "state"} <= set(by_kind)


def test_results_are_paged_not_cut_off(client: TestClient) -> None:
    first = _hits(client, "Kazakhstan", per_page=10)
    assert isinstance(first["count"], int)
    assert first["count"] > 100  # no silent cap at 100
    assert first["pages"] == -(-first["count"] // 10)
    seen = set()
    for page in range(1, 4):
        doc = _hits(client, "Kazakhstan", per_page=10, page=page)
        assert isinstance(doc["hits"], list)
        keys = {(h["kind"], h["key"]) for h in doc["hits"]}
        assert len(keys) == 10
        assert not keys & seen
        seen |= keys
    html = client.get("/search?q=Kazakhstan&page=2").text
    assert 'rel="prev"' in html
    assert 'rel="next"' in html
    assert "page 2 of" in html


def test_filters_by_kind_and_period(client: TestClient) -> None:
    doc = _hits(client, "Armenia", kind=["case"])
    hits = doc["hits"]
    assert isinstance(hits, list)
    assert hits
    assert {h["kind"] for h in hits} == {"case"}
    dated = _hits(client, "Armenia", kind=["event"], **{"from": "2021-01-01", "to": "2022-12-31"})
    hits = dated["hits"]
    assert isinstance(hits, list)
    assert hits
    assert all("2021-01-01" <= h["date"] <= "2022-12-31" for h in hits)
    page = client.get("/search?q=Armenia&kind=event&from=2021&to=2022").text
    assert 'value="event" checked' in page
    assert client.get("/search?q=x&kind=planet").status_code == 400


def test_a_word_that_matches_nothing_finds_nothing(client: TestClient) -> None:
    assert _hits(client, "zzyzx")["count"] == 0
    assert _hits(client, "")["count"] == 0


def test_the_index_answers_within_a_search_index(site: Site) -> None:
    index: SearchIndex = site.search
    results = index.search("withdrawal notice", per_page=5)
    assert results.total >= len(results.hits) == 5
    assert results.pages == -(-results.total // 5)
