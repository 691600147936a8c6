"""spaCy's rule lemmatizer with its answers looked up per distinct token: the same lemmas, faster.

A rule lemma depends only on a token's text, part of speech and morphology (spaCy caches it under exactly
that key), yet the lemmatizer still walks the document token by token in Python, building a ``Token`` and
setting ``lemma_`` for each: an eighth of the whole parse (BENCHMARKS.md, "Speed of all layers"). Here
the three values are read for the whole document at once, each distinct key is lemmatised once (by
spaCy's own method) and remembered, and the lemmas are written back at once.

:func:`speed_up_lemmatizer` swaps the faster class in under a loaded pipeline's lemmatizer, keeping its
tables, mode and settings.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

_CACHE_LIMIT = 200_000  # distinct (text, part of speech, morphology) keys remembered


class _TabledLemmas:
    """Mixed in before a rule lemmatizer's own class: :meth:`__call__` by lookup."""

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer: Any = self
        if lemmatizer.mode != "rule" or not len(doc):
            return super().__call__(doc)  # type: ignore[misc]
        if not lemmatizer._validated:
            return super().__call__(doc)  # type: ignore[misc]  # checks the tables, once
        rows = np.asarray(doc.to_array([ORTH, POS, MORPH, LEMMA]), dtype=np.uint64)
        lemmas = rows[:, 3].copy()
        known: dict[tuple[int, int, int], int] = self.__dict__.setdefault("lemma_hashes", {})
        strings = doc.vocab.strings
        overwrite = bool(lemmatizer.overwrite)
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:  # set before (by the attribute ruler): spaCy keeps it too
                continue
            key = (orth, pos, morph)
            value = known.get(key)
            if value is None:
                if len(known) >= _CACHE_LIMIT:
                    known.clear()
                value = known[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = value
        doc.from_array([LEMMA], cast(Any, lemmas.reshape(-1, 1)))  # spaCy's stubs want its own Ints2d
        return doc


def speed_up_lemmatizer(nlp: Any) -> bool:
    """Make ``nlp``'s rule lemmatizer look lemmas up per distinct token (False: nothing to change)."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    cls = type(lemmatizer)
    if not isinstance(lemmatizer, Lemmatizer) or issubclass(cls, _TabledLemmas):
        return False
    lemmatizer.__class__ = type(f"Tabled{cls.__name__}", (_TabledLemmas, cls), {})
    return True
