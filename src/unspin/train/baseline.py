"""Fit the n-gram models of :mod:`unspin.analyzers.techniques.ngrams` (the baseline) with scikit-learn.

The features come from the inference module itself, so a fitted model scores exactly as it will when
shipped; only the optimiser (logistic regression) is borrowed from scikit-learn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from unspin.analyzers.techniques.ngrams import (
    NUMERIC_FEATURES,
    SpanClassifier,
    WordTagger,
    context_features,
)
from unspin.ingest.ptc import techniques_list
from unspin.ml import TfidfBlock, sparse_rows, word_char_ngrams
from unspin.nlp.segmentation import segment_text
from unspin.train.data import GoldArticle


def words_of(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    tokens = list(segment_text(text).tokens)
    return tokens, [text[s:e] for s, e in tokens]


def inside_mask(tokens: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Which tokens have at least half their characters inside a gold span."""
    mask = np.zeros(len(tokens), dtype=bool)
    starts = np.asarray([a for a, _ in tokens], dtype=np.int64)
    for s, e in spans:
        lo = max(0, int(np.searchsorted(starts, s, side="right")) - 1)
        for k in range(lo, len(tokens)):
            a, b = tokens[k]
            if a >= e:
                break
            if 2 * (min(b, e) - max(a, s)) >= b - a > 0:
                mask[k] = True
    return mask


def fit_word_tagger(gold: Sequence[GoldArticle], seed: int, min_count: int = 2, c: float = 0.5) -> WordTagger:
    from sklearn.linear_model import LogisticRegression

    feats: list[list[str]] = []
    labels: list[np.ndarray] = []
    for g in gold:
        tokens, words = words_of(g.article.text)
        feats.extend(context_features(words))
        labels.append(inside_mask(tokens, g.si))
    counts = Counter(f for fs in feats for f in fs)
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows = []
    for fs in feats:
        idx = np.asarray(sorted({vocab[f] for f in fs if f in vocab}), dtype=np.int64)
        rows.append((idx, np.ones(len(idx))))
    model = LogisticRegression(C=c, max_iter=500, random_state=seed)
    model.fit(sparse_rows(rows, len(vocab)), np.concatenate(labels))
    return WordTagger(vocab, model.coef_[0].astype(np.float32), float(model.intercept_[0]))


def fit_span_classifier(gold: Sequence[GoldArticle], seed: int, c: float = 5.0) -> SpanClassifier:
    from sklearn.linear_model import LogisticRegression

    index = {t: n for n, t in enumerate(techniques_list())}
    grams = [
        (word_char_ngrams(g.article.text[s:e]), g.article.text, s, e, index[t])
        for g in gold
        for t, s, e in g.tc
    ]
    words = TfidfBlock.fit([w for (w, _), *_ in grams], min_df=2)
    chars = TfidfBlock.fit([ch for (_, ch), *_ in grams], min_df=3)
    empty = SpanClassifier(words, chars, np.zeros((0, 0)), np.zeros(0))
    rows = [empty.features(text, s, e) for _, text, s, e, _ in grams]
    width = len(words.vocab) + len(chars.vocab) + NUMERIC_FEATURES
    y = np.asarray([label for *_, label in grams])
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    model.fit(sparse_rows(rows, width), y)
    weights = np.zeros((width, len(index)), dtype=np.float32)
    bias = np.full(len(index), -30.0, dtype=np.float32)  # classes never seen in training stay impossible
    if len(model.classes_) == 2:  # binary: one coefficient row, for the second class against the first
        weights[:, model.classes_[1]] = model.coef_[0]
        bias[model.classes_] = (0.0, model.intercept_[0])
    else:
        weights[:, model.classes_] = model.coef_.T
        bias[model.classes_] = model.intercept_
    return SpanClassifier(words, chars, weights, bias)


@dataclass
class NgramBaseline:
    """Both n-gram models, fitted together: the baseline of the cross-validation harness."""

    seed: int = 13
    threshold: float = 0.25

    def fit(self, gold: Sequence[GoldArticle]) -> NgramBaseline:
        self.tagger = fit_word_tagger(gold, self.seed)
        self.classifier = fit_span_classifier(gold, self.seed)
        return self

    def word_probs(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        tokens, words = words_of(text)
        return tokens, self.tagger.predict_proba(words)

    def predict_spans(self, text: str) -> list[tuple[int, int, float]]:
        """Runs of words scoring at least ``threshold``."""
        tokens, p = self.word_probs(text)
        out: list[tuple[int, int, float]] = []
        k = 0
        while k < len(tokens):
            if p[k] < self.threshold:
                k += 1
                continue
            first = k
            while k < len(tokens) and p[k] >= self.threshold:
                k += 1
            out.append((tokens[first][0], tokens[k - 1][1], float(p[first:k].mean())))
        return out

    def classify_spans(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        return self.classifier.predict_proba(text, spans)
