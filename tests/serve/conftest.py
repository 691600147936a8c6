"""One warm analyst for every server test (the models load once), and apps built around it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from unspin.serve import ServeConfig, create_app
from unspin.serve.analysis import Analyst
from unspin.serve.metrics import Metrics


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
