"""One warm analyst for every server test (the models load once), and apps built around it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from unspin import Article
from unspin.serve import ServeConfig, create_app
from unspin.serve.analysis import Analyst
from unspin.serve.metrics import Metrics
from unspin.store import content_hash, open_store

from ._helpers import ARTICLE


@pytest.fixture(scope="session")
def analyst() -> Iterator[Analyst]:
    started = Analyst(ServeConfig(), Metrics())
    started.start()
    yield started
    started.stop()


@pytest.fixture
def make_client(analyst: Analyst) -> Callable[..., TestClient]:
    """A test client of an app with the given :class:`ServeConfig` fields, on loopback by default."""

    def make(
        base_url: str = "http://127.0.0.1:8000", raise_server_exceptions: bool = True, **config: Any
    ) -> TestClient:
        app = create_app(ServeConfig(**config), analyst=analyst)
        return TestClient(app, base_url=base_url, raise_server_exceptions=raise_server_exceptions)

    return make


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


CALM = "The council met on Tuesday to discuss the budget for the new library. The vote is expected in May."
TEXTS = [
    (ARTICLE, "valdoria-today.example", "2026-03-14"),
    (CALM, "quiet-news.example", "2026-02-02"),
    (ARTICLE + " The harbour was closed for a week.", "valdoria-today.example", "2026-04-01"),
]


@pytest.fixture(scope="session")
def db(analyst: Analyst, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store of three analysed articles, written with the store's own methods."""
    path = str(tmp_path_factory.mktemp("store") / "unspin.db")

    async def analyse_all() -> list[Article]:
        return [await analyst.analyse(Article(t, outlet=o, published=p)) for t, o, p in TEXTS]

    analysed = asyncio.run(analyse_all())
    with open_store(path) as store, store.transaction() as connection:
        for article in analysed:
            new_id = store.insert_article(
                connection, article, digest=content_hash(article.text), canonical_url=None, source="test"
            )
            store.save_analyses(connection, new_id, article, list(article.layers))
    return path
