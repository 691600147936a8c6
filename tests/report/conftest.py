"""Fixtures for the report tests: the sample article, and stand-in analyzers registered per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from unspin import Article
from unspin.analyzer import _REGISTRY, registered

from ._articles import FakeStructure, FakeTechniques, build_article


@pytest.fixture
def fake_analyzers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    registered()  # load the built-in analyzers first, so the patch is undone cleanly
    monkeypatch.setitem(_REGISTRY, "techniques", FakeTechniques)
    monkeypatch.setitem(_REGISTRY, "structure", FakeStructure)
    yield


@pytest.fixture
def article() -> Article:
    return build_article()
