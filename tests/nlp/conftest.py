"""Fixtures shared by the spaCy speed-up tests: untouched pipelines to compare the tabled ones with."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from unspin.nlp import parse


@pytest.fixture(scope="session")
def load_unchanged() -> Callable[[], object]:
    """A loader of the installed English spaCy model, a fresh and unchanged pipeline each call."""
    spacy = pytest.importorskip("spacy")
    if not parse.is_installed():
        pytest.skip("no spaCy English model installed")

    def load() -> object:
        for name in parse.model_names():
            try:
                return spacy.load(name)
            except OSError:
                continue
        raise AssertionError("is_installed() said a model is there")

    return load
