"""The ``sentences`` layer, a view of the shared segmentation pass (``tokens`` is the other)."""

from __future__ import annotations

from typing import Any

from unspin.analyzer import Analyzer, register
from unspin.article import Annotation, Article
from unspin.nlp.segmentation import segment


@register
class Sentences(Analyzer):
    name = "sentences"
    version = "1.0.0"
    description = "Sentence boundaries: every line break, and final punctuation before a sentence start."
    highlight = False

    def preload(self) -> None:
        segment(Article(text="Loads the tokenizer."))

    def annotate(self, article: Article) -> list[Annotation]:
        return [self.make(article, s, e, "sentence") for s, e in segment(article).sentences]

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        return {"count": len(annotations), "words": len(segment(article).tokens)}
