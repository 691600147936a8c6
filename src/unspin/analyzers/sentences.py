"""The ``sentences`` and ``tokens`` layers, both views of the shared segmentation pass."""

from __future__ import annotations

from typing import Any

from unspin.analyzers.segmentation import segment
from unspin.article import Annotation, Article
from unspin.pipeline import Analyzer, register


@register
class Sentences(Analyzer):
    name = "sentences"
    version = "1.0.0"
    description = "Sentence boundaries: every line break, and final punctuation before a sentence start."
    highlight = False

    def annotate(self, article: Article) -> list[Annotation]:
        return [self.make(article, s, e, "sentence") for s, e in segment(article).sentences]

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        return {"count": len(annotations), "words": len(segment(article).tokens)}


def token_kind(text: str) -> str:
    """A coarse token class: word, number, punct or symbol."""
    if any(ch.isalpha() for ch in text):
        return "word"
    if any(ch.isdigit() for ch in text):
        return "number"
    if all(not ch.isalnum() and ch.isprintable() and ch.isascii() for ch in text):
        return "punct"
    return "symbol"


@register
class Tokens(Analyzer):
    name = "tokens"
    version = "1.0.0"
    description = "Word and punctuation tokens (spaCy's rule-based English tokenizer); off by default."
    default = False
    highlight = False

    def annotate(self, article: Article) -> list[Annotation]:
        seg = segment(article)
        return [
            self.make(article, s, e, token_kind(article.text[s:e]), attrs={"sentence": i})
            for (s, e), i in zip(seg.tokens, seg.token_sentence, strict=True)
        ]
