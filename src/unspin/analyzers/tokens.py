"""The ``tokens`` layer (off by default), a view of the shared segmentation pass like ``sentences``."""

from __future__ import annotations

from unspin.analyzer import Analyzer, register
from unspin.article import Annotation, Article
from unspin.nlp.segmentation import segment


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
