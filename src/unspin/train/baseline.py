"""The baseline every technique model is compared with: linear models over word n-grams.

* span identification: logistic regression tags each word inside/outside from the words around it
  (a window of two on each side); runs of inside-words become spans;
* technique classification: logistic regression over the span's word and character n-grams, its
  length and how often its text recurs in the article.

It runs in the same cross-validation harness as the neural model (``unspin train techniques``), so the
gain of the real model is always reported as a ratio against this one, measured in the same run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from unspin.analyzers.segmentation import segment_text
from unspin.ingest.ptc import techniques_list
from unspin.train.data import GoldArticle


def _word_features(words: list[str], k: int) -> list[str]:
    feats = []
    for d in range(-2, 3):
        w = words[k + d].lower() if 0 <= k + d < len(words) else "<pad>"
        feats.append(f"w{d}={w}")
    w = words[k]
    feats.append("shape=" + ("X" if w[:1].isupper() else "x") + ("!" if not w.isalnum() else ""))
    feats.append(f"bi={words[k - 1].lower() if k else '<s>'}_{w.lower()}")
    return feats


def _tokens(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    seg = segment_text(text)
    return list(seg.tokens), [text[s:e] for s, e in seg.tokens]


def _inside(tokens: list[tuple[int, int]], spans: list[tuple[int, int]]) -> np.ndarray:
    mask = np.zeros(len(tokens), dtype=bool)
    for s, e in spans:
        for k, (a, b) in enumerate(tokens):
            if 2 * (min(b, e) - max(a, s)) >= b - a > 0:
                mask[k] = True
    return mask


def _span_text_features(text: str, start: int, end: int) -> str:
    return text[start:end].lower()


def _span_numeric(text: str, start: int, end: int) -> list[float]:
    span = text[start:end].strip().lower()
    repeats = text.lower().count(span) if span else 0
    return [np.log1p(end - start), np.log1p(max(0, repeats - 1)), float(repeats > 1)]


@dataclass
class NgramBaseline:
    seed: int = 13
    threshold: float = 0.35

    def fit(self, gold: Sequence[GoldArticle]) -> NgramBaseline:
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import FeatureHasher, TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.hasher = FeatureHasher(n_features=2**18, input_type="string", alternate_sign=False)
        feats: list[list[str]] = []
        labels: list[bool] = []
        for g in gold:
            tokens, words = _tokens(g.article.text)
            feats.extend(_word_features(words, k) for k in range(len(words)))
            labels.extend(_inside(tokens, g.si).tolist())
        self.si_model = LogisticRegression(C=0.5, max_iter=300, random_state=self.seed)
        self.si_model.fit(self.hasher.transform(feats), np.asarray(labels))

        texts: list[str] = []
        numeric: list[list[float]] = []
        y: list[int] = []
        index = {t: n for n, t in enumerate(techniques_list())}
        for g in gold:
            for tech, s, e in g.tc:
                texts.append(_span_text_features(g.article.text, s, e))
                numeric.append(_span_numeric(g.article.text, s, e))
                y.append(index[tech])
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=3, sublinear_tf=True)
        x = hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts), np.asarray(numeric)])
        self.tc_model = LogisticRegression(C=5.0, max_iter=1000, random_state=self.seed)
        self.tc_model.fit(x.tocsr(), np.asarray(y))
        self._hstack = hstack
        return self

    def predict_spans(self, text: str) -> list[tuple[int, int, float]]:
        tokens, words = _tokens(text)
        if not tokens:
            return []
        p = self.si_model.predict_proba(
            self.hasher.transform([_word_features(words, k) for k in range(len(words))])
        )[:, 1]
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
        texts = [_span_text_features(text, s, e) for s, e in spans]
        numeric = np.asarray([_span_numeric(text, s, e) for s, e in spans]).reshape(len(spans), 3)
        x: Any = self._hstack([self.words.transform(texts), self.chars.transform(texts), numeric]).tocsr()
        probs = np.zeros((len(spans), len(techniques_list())))
        probs[:, self.tc_model.classes_] = self.tc_model.predict_proba(x)
        return probs
