"""One warm analyst for every server test (the models load once), and apps built around it."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from unspin import Article
from unspin.serve import ServeConfig, create_app
from unspin.serve.analysis import Analyst
from unspin.serve.metrics import Metrics
from unspin.store import content_hash, open_store

from ._helpers import ARTICLE

SHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


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


@contextlib.contextmanager
def serving(db: str, *options: str) -> Iterator[str]:
    """`unspin serve --db` (the test store) on a free loopback port, models loaded; its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [
        sys.executable,
        "-c",
        "from unspin.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--db",
        db,
        *options,
    ]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with open(SHOTS / "serve.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"unspin serve exited with status {process.returncode}")
                if time.monotonic() > deadline:
                    pytest.fail("unspin serve did not come up within 300 s")
                time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(db: str) -> Iterator[str]:
    """The server as a user starts it (default limits)."""
    with serving(db) as base:
        yield base


@pytest.fixture(scope="module")
def unthrottled_server(db: str) -> Iterator[str]:
    """The server without its per-client rate limit: load tests send every client from one address."""
    with serving(db, "--rate-limit", "0") as base:
        yield base
