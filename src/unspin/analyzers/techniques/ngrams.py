"""Linear n-gram models for both technique tasks: the baseline, and a second opinion for the ensemble.

Features are computed here, by the same code at training and inference, and the models are plain
weight tables (no pickles, no scikit-learn at run time):

* ``WordTagger`` scores every word as inside/outside a technique span from the words around it;
* ``SpanClassifier`` scores a span's technique from tf-idf word and character n-grams
  (:mod:`unspin.ml.tfidf`), its length and how often its text recurs in the article (the evidence for
  Repetition).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from unspin.ml import TfidfBlock, ordered_terms, pack_terms, unpack_terms, word_char_ngrams

CONTEXT_FEATURES = 7  # per word, from :func:`context_features`


def context_features(words: Sequence[str]) -> list[list[str]]:
    """Features of each word: the words two either side, its shape, and the bigram it ends."""
    low = [w.lower() for w in words]
    padded = ["<pad>", "<pad>", *low, "<pad>", "<pad>"]
    out = []
    for k, w in enumerate(words):
        around = padded[k : k + 5]
        out.append(
            [
                f"w-2={around[0]}",
                f"w-1={around[1]}",
                f"w0={around[2]}",
                f"w1={around[3]}",
                f"w2={around[4]}",
                "shape=" + ("X" if w[:1].isupper() else "x") + ("!" if not w.isalnum() else ""),
                f"bi={low[k - 1] if k else '<s>'}_{low[k]}",
            ]
        )
    return out


_TOKEN = re.compile(r"\w+", re.UNICODE)
_SUFFIXES = ("ing", "ed", "es", "s")


def _lemma(word: str) -> str:
    """A light lemma: lower case without a common inflection ending ("voters" and "voter" match)."""
    low = word.lower()
    for suffix in _SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            return low[: -len(suffix)]
    return low


@functools.lru_cache(maxsize=4)
def _lemmas(text: str) -> tuple[str, ...]:
    return tuple(_lemma(w) for w in _TOKEN.findall(text))


def recurrences(article_text: str, start: int, end: int) -> int:
    """How often the span's word sequence occurs in the article (itself included), matched word by word
    on light lemmas: whole words only ("war" is not in "software"), case and inflection ignored."""
    words = tuple(_lemma(w) for w in _TOKEN.findall(article_text[start:end]))
    if not words:
        return 0
    seq, n = _lemmas(article_text), len(words)
    first = words[0]
    return sum(1 for k, w in enumerate(seq) if w == first and seq[k : k + n] == words)


NUMERIC_FEATURES = 4  # per span, from :func:`span_numeric`


def span_numeric(article_text: str, start: int, end: int) -> list[float]:
    """Length (log, and its square: with per-technique weights, a length prior), and how often the
    span's words recur in the article (:func:`recurrences`)."""
    repeats = recurrences(article_text, start, end)
    length = math.log1p(end - start)
    return [length, math.log1p(max(0, repeats - 1)), float(repeats > 1), length * length / 10.0]


@dataclass
class SpanClassifier:
    """Multinomial logistic regression over a span's n-grams: technique probabilities."""

    words: TfidfBlock
    chars: TfidfBlock
    weights: np.ndarray  # (n_words + n_chars + NUMERIC_FEATURES, n_classes)
    bias: np.ndarray  # (n_classes,)

    def features(self, text: str, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        w, c = word_char_ngrams(text[start:end])
        wi, wv = self.words.vector(w)
        ci, cv = self.chars.vector(c)
        offset = len(self.words.vocab)
        numeric_at = offset + len(self.chars.vocab)
        # Models trained before the length-squared feature have 3 numeric weights: read that many.
        numeric = span_numeric(text, start, end)[: self.numeric_features]
        idx = np.concatenate([wi, ci + offset, np.arange(numeric_at, numeric_at + len(numeric))])
        val = np.concatenate([wv, cv, numeric])
        return idx, val

    @property
    def numeric_features(self) -> int:
        if not len(self.weights):
            return NUMERIC_FEATURES
        return int(self.weights.shape[0]) - len(self.words.vocab) - len(self.chars.vocab)

    def predict_proba(self, text: str, spans: Iterable[tuple[int, int]]) -> np.ndarray:
        rows = []
        for start, end in spans:
            idx, val = self.features(text, start, end)
            logits = val @ self.weights[idx] + self.bias
            z = np.exp(logits - logits.max())
            rows.append(z / z.sum())
        return np.asarray(rows).reshape(-1, len(self.bias))

    def to_arrays(self, prefix: str) -> dict[str, Any]:
        words, words_idf = self.words.to_arrays()
        chars, chars_idf = self.chars.to_arrays()
        return {
            f"{prefix}words": words,
            f"{prefix}words_idf": words_idf,
            f"{prefix}chars": chars,
            f"{prefix}chars_idf": chars_idf,
            f"{prefix}weights": self.weights.astype(np.float32),
            f"{prefix}bias": self.bias.astype(np.float32),
        }

    @classmethod
    def from_arrays(cls, data: Any, prefix: str) -> SpanClassifier:
        def block(name: str) -> TfidfBlock:
            return TfidfBlock.from_arrays(data[f"{prefix}{name}"], data[f"{prefix}{name}_idf"])

        weights, bias = np.asarray(data[f"{prefix}weights"]), np.asarray(data[f"{prefix}bias"])
        return cls(block("words"), block("chars"), weights, bias)


@dataclass
class WordTagger:
    """Binary logistic regression over word-context features: P(word is inside a technique span)."""

    vocab: dict[str, int]
    weights: np.ndarray  # (n_features,)
    bias: float

    def predict_proba(self, words: Sequence[str]) -> np.ndarray:
        # Features outside the vocabulary read an extra zero weight: the same sums as leaving them out.
        unknown = len(self.weights)
        get = self.vocab.get
        idx = np.fromiter(
            (get(f, unknown) for feats in context_features(words) for f in feats),
            dtype=np.int64,
            count=len(words) * CONTEXT_FEATURES,
        ).reshape(len(words), CONTEXT_FEATURES)
        sums = np.append(self.weights, np.zeros(1, dtype=self.weights.dtype))[idx].sum(axis=1)
        return np.asarray([1.0 / (1.0 + math.exp(-(self.bias + float(s)))) for s in sums])

    def to_arrays(self, prefix: str) -> dict[str, Any]:
        return {
            f"{prefix}features": pack_terms(ordered_terms(self.vocab)),
            f"{prefix}weights": self.weights.astype(np.float32),
            f"{prefix}bias": np.asarray([self.bias], dtype=np.float32),
        }

    @classmethod
    def from_arrays(cls, data: Any, prefix: str) -> WordTagger:
        feats = unpack_terms(data[f"{prefix}features"])
        return cls(
            {f: i for i, f in enumerate(feats)},
            np.asarray(data[f"{prefix}weights"]),
            float(np.asarray(data[f"{prefix}bias"])[0]),
        )
