"""The store pages: article list with search and filters, a stored article's report, an outlet's charts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from unspin.serve.ui.corpus import highlight

from .test_pages import active_content


@pytest.fixture
def stored(make_client: Callable[..., TestClient], db: str) -> TestClient:
    return make_client(db=db)


def test_the_list_shows_every_article_with_its_scores(stored: TestClient) -> None:
    page = stored.get("/articles").text
    assert page.count('<a href="/articles/') == 3
    assert '<a href="/outlets/valdoria-today.example">' in page
    assert 'href="/articles"' in stored.get("/").text  # the nav links the list when there is a store
    assert active_content(page) == []


def test_search_highlights_hits_and_filters_narrow(stored: TestClient) -> None:
    page = stored.get("/articles", params={"q": "library"}).text
    assert page.count('<a href="/articles/') == 1 and '<mark class="hit">library</mark>' in page
    only = stored.get("/articles", params={"outlet": "quiet-news.example", "unsourced": "no"}).text
    assert '<a href="/articles/2">' in only and '<a href="/articles/1">' not in only
    none = stored.get("/articles", params={"technique": "No_Such_Technique"}).text
    assert 'id="none"' in none
    bad = stored.get("/articles", params={"since": "last week"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text


def test_snippets_are_escaped_before_hits_are_marked() -> None:
    marked = 'a &lt;b&gt;<mark class="hit">x</mark>&lt;/b&gt; <mark class="hit">y&lt;z</mark>'
    assert str(highlight("a <b>[x]</b> [y<z]")) == marked


def test_a_stored_article_opens_as_its_report(stored: TestClient) -> None:
    response = stored.get("/articles/1")
    assert response.status_code == 200
    assert 'id="report"' in response.text and 'data-layer="techniques"' in response.text
    assert "'nonce-" in response.headers["content-security-policy"]
    assert stored.get("/articles/999").status_code == 404


def test_the_outlet_page_draws_its_months(stored: TestClient) -> None:
    page = stored.get("/outlets/valdoria-today.example").text
    assert page.count('<svg class="chart"') == 2 and "2026-03" in page and "2026-04" in page
    assert [found for found in active_content(page) if found != "svg"] == []  # our own charts only
    entities = page[page.index('<ul id="entities">') :]
    assert 'Ministry of Defence of Valdoria <span class="n">organisation, in 2 articles' in entities
    assert stored.get("/outlets/nowhere.example").status_code == 404


def test_without_a_store_there_is_no_list(client: TestClient) -> None:
    assert client.get("/articles").status_code == 404
    assert 'href="/articles"' not in client.get("/").text
