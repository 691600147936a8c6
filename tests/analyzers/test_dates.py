"""Date expressions and their resolution against the publication date."""

from __future__ import annotations

import pytest

from unspin import Article, Pipeline

TEXT = (
    "On Tuesday, officials met. Last week, on March 3, and on 2026-02-01 and 5 January 2025, "
    "two days ago, yesterday, last month, in 2019, December 28, next Friday."
)


def _dates(text: str, published: str | None) -> dict[str, dict]:
    article = Pipeline(only=["dates"])(Article(text, published=published))
    for a in article.layer("dates"):
        assert article.text[a.start : a.end] == a.text
    return {a.text: a.attrs for a in article.layer("dates")}


def test_dates_resolve_against_a_saturday_publication() -> None:
    found = _dates(TEXT, "2026-03-14")  # a Saturday
    assert found["Tuesday"]["value"] == "2026-03-10"
    assert found["Last week"]["value"] == "2026-W10"
    assert found["March 3"]["value"] == "2026-03-03"
    assert found["2026-02-01"] == {"value": "2026-02-01", "granularity": "day", "relative": False}
    assert found["5 January 2025"]["value"] == "2025-01-05"
    assert found["two days ago"]["value"] == "2026-03-12"
    assert found["yesterday"]["value"] == "2026-03-13"
    assert found["last month"]["value"] == "2026-02"
    assert found["2019"]["granularity"] == "year"
    assert found["December 28"]["value"] == "2025-12-28"  # late December in a March article: last year
    assert found["next Friday"]["value"] == "2026-03-20"


def test_relative_dates_stay_unresolved_without_a_publication_date() -> None:
    found = _dates(TEXT, None)
    assert found["yesterday"]["value"] is None and found["yesterday"]["relative"] is True
    assert found["5 January 2025"]["value"] == "2025-01-05"


@pytest.mark.parametrize(
    "text", ["February 30, 2026 was no day.", "On 2026-13-40 nothing.", "Page 45 of 300."]
)
def test_impossible_dates_are_not_reported(text: str) -> None:
    assert _dates(text, "2026-03-14") == {}


def test_summary_reports_the_span_of_days() -> None:
    article = Pipeline(only=["dates"])(Article(TEXT, published="2026-03-14"))
    summary = article.summary["dates"]
    assert summary["earliest_day"] == "2025-01-05" and summary["latest_day"] == "2026-03-20"
    assert summary["unresolved"] == 0


def test_counts_in_words_and_abbreviated_months() -> None:
    found = _dates("Twenty days ago, on Sept. 12 and on Jan. 5, a week ago.", "2026-03-14")
    assert found["Twenty days ago"]["value"] == "2026-02-22"
    assert found["Sept. 12"]["value"] == "2025-09-12"  # September is in the future: last year's
    assert found["Jan. 5"]["value"] == "2026-01-05"
    assert found["a week ago"]["value"] == "2026-W10"
