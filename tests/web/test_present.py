"""The record's and the law's values said in words: raw date ranges, code values, posts,
and the project's notes about its two source articles."""

from __future__ import annotations

import pytest

from csto.state.tenure import POSTS
from csto.web import present


def test_raw_date_ranges_are_said_in_words() -> None:
    said = present.plain_dates("Belarus chairs since 2022-11-23/2023-01-01.")
    assert said == f"Belarus chairs since {present.human_date('2022-11-23/2023-01-01')}."
    assert "/" not in said
    assert "23 November 2022" in said or "23 November" in said
    assert present.plain_dates("a day, 2022-11-23, stays") == "a day, 2022-11-23, stays"
    assert present.plain_dates(None) == ""


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("unrest_with_outside_interference", "unrest with outside interference"),
        ("aggression", "aggression"),
        ("/news/news_odkb/", "/news/news_odkb/"),  # not a code value: left as it is
        ("Snake_Case", "Snake_Case"),
    ],
)
def test_code_values_are_said_in_words(value: str, said: str) -> None:
    assert present.plain_value(value) == said


def test_posts_have_labels_even_where_the_record_has_none() -> None:
    for key, label in POSTS.items():
        assert present.post_label(key) == label
    assert present.post_label("permanent_representative") == "Permanent representative"


def test_the_seed_articles_note_does_not_show_the_project_s_file_path() -> None:
    note = (
        "Seed article shared/seeds/001_430b1c1a991ef42a.txt; locators are line numbers of "
        "that file (L96)."
    )
    out = str(present.plain_note(note))
    assert ".txt" not in out
    assert "shared/" not in out
    assert "line 96" in out
    assert "source articles the project started from" in out


def test_an_engine_sentence_says_its_codes_and_ranges_in_words() -> None:
    said = present.plain_words("UZB: not_participate since 2022-11-23/2023-01-01, see /a_b/")
    assert "not participate" in said
    assert "2022-11-23/2023-01-01" not in said
    assert "/a_b/" in said  # an address is left alone
