"""The ``techniques`` layer: fragments that use a propaganda technique, which one, and how sure we are.

Each annotation is a span labelled with one of the 14 SemEval-2020 Task 11 techniques. ``score`` is the
calibrated probability that the span uses that technique (span probability × technique probability);
``attrs`` holds both parts, the runner-up techniques and the sentence. A span whose second technique is
also likely gets a second annotation (techniques overlap in real text). The summary gives the figures a
reader compares outlets by, and a propaganda probability for every sentence.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

import numpy as np

from unspin.analyzer import Analyzer, Availability, register
from unspin.analyzers.techniques.model import FOLDER, Analysis, TechniqueModel, load_model
from unspin.analyzers.techniques.priors import TechniquePriors
from unspin.article import Annotation, Article
from unspin.lang.en.techniques import BY_LABEL, TECHNIQUES
from unspin.nlp.segmentation import segment

__all__ = ["BY_LABEL", "TECHNIQUES", "Techniques"]


@register
class Techniques(Analyzer):
    name = "techniques"
    version = "1.0.0"
    description = "Propaganda techniques (the 14 of SemEval-2020 Task 11): spans, technique, confidence."
    requires = ("sentences",)
    summary_json_only: ClassVar[frozenset[str]] = frozenset({"sentence_scores"})
    label_descriptions: ClassVar[dict[str, str]] = {t.label: t.explanation for t in TECHNIQUES}

    def __init__(self, model: str | os.PathLike[str] | None = None, second_label: float = 0.35) -> None:
        self.model_path = FOLDER.path(model)
        self.second_label = second_label

    def available(self) -> Availability:
        return FOLDER.available(self.model_path)

    def preload(self) -> None:
        self.model  # noqa: B018  (loads it; its encoder sessions start at their first use)

    @property
    def model(self) -> TechniqueModel:
        return load_model(str(self.model_path))

    def _pass(self, article: Article) -> Analysis:
        """The model's one pass over the article, cached for detection, classification and scores."""
        key = f"techniques:{self.model_path}"
        cached = article.cache.get(key)
        if cached is None:
            seg = segment(article)
            starts = [start for start, _ in seg.sentences]
            cached = article.cache[key] = self.model.analyse(article.text, list(seg.tokens), starts)
        return cached

    # --- SemEval predictions ---------------------------------------------------------------------

    def predict_spans(self, article: Article) -> list[tuple[int, int, float]]:
        """Span identification: character spans that use some technique, with calibrated scores."""
        model = self.model
        return [(s, e, model.span_probability(raw)) for s, e, raw in self._pass(article).spans]

    def classify_spans(self, article: Article, spans: list[tuple[int, int]]) -> np.ndarray:
        """Technique classification: one probability row per given span, columns in ``techniques``
        (with the model's technique priors, :mod:`.priors`, when its ``model.json`` has them)."""
        model = self.model
        probs = model.classify(article.text, self._pass(article), spans)
        priors = TechniquePriors.from_meta(model.meta)
        if priors is None:
            return probs
        settings = model.classify_settings
        return priors.adjust(probs, spans, settings.ngram_weight, settings.temperature)

    @property
    def techniques(self) -> list[str]:
        return self.model.techniques

    # --- the layer --------------------------------------------------------------------------------

    def annotate(self, article: Article) -> list[Annotation]:
        names = self.techniques
        spans = self.predict_spans(article)
        probs = self.classify_spans(article, [(s, e) for s, e, _ in spans])
        seg = segment(article)
        out: list[Annotation] = []
        for (start, end, span_p), row in zip(spans, probs, strict=True):
            order = np.argsort(-row, kind="stable")
            alternatives = [{"label": names[k], "score": round(float(row[k]), 4)} for k in order[:3]]
            sentence = seg.sentence_at(start)
            for rank, k in enumerate(order[:2]):
                if rank == 1 and row[k] < self.second_label:
                    break
                attrs: dict[str, Any] = {
                    "span_score": round(span_p, 4),
                    "technique_score": round(float(row[k]), 4),
                    "rank": rank + 1,
                    "alternatives": alternatives,
                    "sentence": sentence,
                    "model": self.model.version,
                }
                score = span_p * float(row[k])
                out.append(self.make(article, start, end, names[k], score=score, attrs=attrs))
        article.cache["technique_sentence_scores"] = self._sentence_scores(article)
        return out

    def _sentence_scores(self, article: Article) -> list[float]:
        """Propaganda probability per sentence: the calibrated peak inside-probability of its pieces."""
        probs = self.model.sentence_probabilities(self._pass(article), list(segment(article).sentences))
        return [round(float(p), 4) for p in probs]

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        primary = [a for a in annotations if a.attrs.get("rank", 1) == 1]
        covered = _visible_chars(article.text, [(a.start, a.end) for a in primary])
        text_chars = _visible_chars(article.text, [(0, len(article.text))]) or 1
        seg = segment(article)
        words = sum(1 for s, e in seg.tokens if any(ch.isalnum() for ch in article.text[s:e])) or 1
        by_label: dict[str, int] = {}
        for a in annotations:
            by_label[a.label] = by_label.get(a.label, 0) + 1
        rates: dict[str, float] = {}
        for a in primary:
            rates[a.label] = rates.get(a.label, 0.0) + 1000.0 / words
        sentence_scores = article.cache.get("technique_sentence_scores", [])
        flagged = sum(1 for s in sentence_scores if s >= 0.5)
        ranked = sorted(range(len(sentence_scores)), key=lambda i: (-sentence_scores[i], i))
        top = [
            {"score": sentence_scores[i], "sentence": i, "text": article.text[slice(*seg.sentences[i])]}
            for i in ranked[:5]
            if sentence_scores[i] >= 0.5
        ]
        article_p = self.model.article_probability(sentence_scores)
        return {
            # Calibrated P(the article is propagandistic: a quarter or more of its sentences use a
            # technique), from its sentence probabilities; None for a model without an article map.
            "propaganda_probability": None if article_p is None else round(article_p, 4),
            # Spans per 1,000 words, per technique (first labels only).
            "technique_rates": {
                k: round(v, 2) for k, v in sorted(rates.items(), key=lambda kv: (-kv[1], kv[0]))
            },
            "count": len(primary),
            "labels": len(annotations),
            "share_of_text": round(min(1.0, covered / text_chars), 4),
            "per_1000_words": round(1000 * len(primary) / words, 2),
            "by_label": dict(sorted(by_label.items(), key=lambda kv: (-kv[1], kv[0]))),
            "sentences_with_propaganda": flagged,
            "top_sentences": top,
            "sentence_scores": sentence_scores,
            "model": self.model.version,
        }


def _visible_chars(text: str, spans: list[tuple[int, int]]) -> int:
    """Non-space characters inside the union of ``spans``."""
    mask = np.zeros(len(text) + 1, dtype=np.int32)
    for start, end in spans:
        mask[start] += 1
        mask[end] -= 1
    inside = np.cumsum(mask[:-1]) > 0
    return sum(1 for k in np.flatnonzero(inside) if not text[k].isspace())
