"""TF-IDF blocks over bags of n-grams, as plain weight tables shared by training and inference.

A block is a fixed vocabulary with idf weights; documents are ``Counter`` bags of terms, vectors are
sublinear tf × idf, L2-normalised, exactly as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``
computes them (a test checks it), without scikit-learn at run time. Vocabularies are stored in ``.npz``
files as one UTF-8 byte array (:func:`pack_terms`), not as pickles.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

_WORD = re.compile(r"\w\w+", re.UNICODE)


def word_char_ngrams(text: str) -> tuple[Counter[str], Counter[str]]:
    """Word 1-2-grams and within-word character 2-4-grams of a text, lower-cased."""
    low = text.lower()
    tokens = _WORD.findall(low)
    words: Counter[str] = Counter(tokens)
    words.update(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    chars = Counter(
        padded[i : i + n]
        for padded in (f" {token} " for token in low.split())
        for n in (2, 3, 4)
        for i in range(max(1, len(padded) - n + 1))
    )
    return words, chars


def pack_terms(terms: Sequence[str]) -> np.ndarray:
    """Terms as one UTF-8 byte array (newline-separated): compact in a compressed ``.npz``."""
    return np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)


def unpack_terms(packed: np.ndarray) -> list[str]:
    text = np.asarray(packed, dtype=np.uint8).tobytes().decode("utf-8")
    return text.split("\n") if text else []


def ordered_terms(vocab: dict[str, int]) -> list[str]:
    """The terms of a vocabulary in index order."""
    return sorted(vocab, key=vocab.__getitem__)


@dataclass
class TfidfBlock:
    """A fixed vocabulary with idf weights: sublinear tf × idf, L2-normalised (as scikit-learn's)."""

    vocab: dict[str, int] = field(default_factory=dict)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @classmethod
    def fit(cls, docs: Sequence[Counter[str]], min_df: int) -> TfidfBlock:
        df: Counter[str] = Counter()
        for d in docs:
            df.update(d.keys())
        terms = sorted(t for t, c in df.items() if c >= min_df)
        n = len(docs)
        idf = np.asarray([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms])
        return cls({t: i for i, t in enumerate(terms)}, idf)

    @classmethod
    def from_arrays(cls, terms: np.ndarray, idf: np.ndarray) -> TfidfBlock:
        """A block from its packed terms (:func:`pack_terms`) and idf weights, as stored."""
        return cls({t: i for i, t in enumerate(unpack_terms(terms))}, np.asarray(idf))

    def to_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Packed terms in index order and the idf weights, for an ``.npz``."""
        return pack_terms(ordered_terms(self.vocab)), self.idf

    def vector(self, counts: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        """Indices and values of the non-zero features of one document."""
        get = self.vocab.get
        pairs = sorted((i, c) for t, c in counts.items() if (i := get(t)) is not None)
        if not pairs:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.asarray([i for i, _ in pairs], dtype=np.int64)
        val = np.asarray([(1.0 + math.log(c)) for _, c in pairs]) * self.idf[idx]
        return idx, val / np.linalg.norm(val)


def sparse_rows(rows: Sequence[tuple[np.ndarray, np.ndarray]], width: int) -> Any:
    """Sparse feature rows (indices, values) as one scipy CSR matrix ``(len(rows), width)``."""
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0, *(len(i) for i, _ in rows)])
    indices = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
    data = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
    return csr_matrix((data, indices, indptr), shape=(len(rows), width))
