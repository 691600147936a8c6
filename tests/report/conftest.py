"""Fixtures for the report tests: the sample article, and stand-in analyzers registered per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from unspin import Article
from unspin.analyzer import ANALYZERS

from ._articles import FakeStructure, FakeTechniques, build_article


@pytest.fixture
def fake_analyzers() -> Iterator[None]:
    with ANALYZERS.override(FakeTechniques, FakeStructure):
        yield


@pytest.fixture
def article() -> Article:
    return build_article()
