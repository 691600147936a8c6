"""The ``claims`` layer: sentences that state a verifiable fact worth checking, and on whose word.

Every sentence gets a calibrated probability of being a check-worthy factual claim (the model of
:mod:`unspin.analyzers.claims.model`, trained on the ClaimBuster debate sentences). Sentences scoring at
least the model's threshold (chosen by cross-validation) become annotations labelled ``claim`` over the
whole sentence, ``score`` = that probability. Each claim is joined with the ``attribution`` layer:
``attrs.attribution`` is the source type of the sentence's strongest attribution (or ``none``),
``attrs.source`` its text, and ``attrs.flag`` marks claims a reader should weigh with care:
``unsourced`` (no attribution) or ``vague`` (vague or anonymous source).

The analyzer runs the ``fast`` mode by default (n-gram and syntax features of the shared parse: a few
milliseconds per article); ``Pipeline(config={"claims": {"mode": "full"}})`` adds the sentence encoder.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Sequence
from typing import Any, ClassVar

from unspin.analyzer import Availability, register
from unspin.analyzers.attribution import sentences_of
from unspin.analyzers.claims.features import sentence_bags
from unspin.analyzers.claims.model import FOLDER, ClaimModel, check_mode, load_model, mode_files
from unspin.article import Annotation, Article
from unspin.nlp.parse import ParsedAnalyzer, parse
from unspin.nlp.segmentation import segment

__all__ = ["Claims", "strongest_attribution"]

# Source types from most to least accountable: a sentence with several attributions takes the first.
SOURCE_ORDER = ("named_person", "named_organisation", "document", "media", "anonymous", "vague")
VAGUE_TYPES = frozenset({"anonymous", "vague"})


def strongest_attribution(attributions: list[Annotation]) -> dict[int, Annotation]:
    """The most accountable attribution of each sentence (by source type, then position)."""
    rank = {label: k for k, label in enumerate(SOURCE_ORDER)}
    best: dict[int, Annotation] = {}
    for a in attributions:
        for sentence in sentences_of(a):
            current = best.get(sentence)
            if current is None or rank.get(a.label, len(rank)) < rank.get(current.label, len(rank)):
                best[sentence] = a
    return best


def sourcing(attribution: Annotation | None) -> dict[str, Any]:
    """The attribution attrs of one claim: source type, source text, and the flag."""
    if attribution is None:
        return {"attribution": "none", "source": None, "flag": "unsourced"}
    flag = "vague" if attribution.label in VAGUE_TYPES else None
    return {"attribution": attribution.label, "source": attribution.text, "flag": flag}


@register
class Claims(ParsedAnalyzer):
    name = "claims"
    version = "1.0.0"
    description = "Check-worthy factual claims: sentences stating a verifiable fact, and who vouches for it."
    requires = ("sentences", "attribution")
    summary_json_only: ClassVar[frozenset[str]] = frozenset({"sentence_scores"})
    label_descriptions: ClassVar[dict[str, str]] = {
        "claim": (
            "A sentence stating a verifiable fact worth checking (a check-worthy claim); the score is the "
            "model's probability. Flagged when no one, or only a vague or anonymous source, vouches for it."
        )
    }

    def __init__(self, model: str | os.PathLike[str] | None = None, mode: str = "fast") -> None:
        self.model_path = FOLDER.path(model)
        self.mode = check_mode(mode)

    def available(self) -> Availability:
        parser = super().available()
        if not parser.ok:
            return parser
        return FOLDER.available(self.model_path, mode_files(self.mode))

    @property
    def model(self) -> ClaimModel:
        return load_model(str(self.model_path))

    def sentence_scores(self, article: Article) -> list[float]:
        """The calibrated check-worthiness of every sentence (cached on the article)."""
        key = f"claims:{self.model_path}:{self.mode}"
        cached = article.cache.get(key)
        if cached is None:
            sentences = segment(article).sentences
            doc = parse(article) if sentences else None
            entities = doc.ents if doc is not None else ()  # once: Span.ents re-reads them all
            entity_starts = [e.start for e in entities]
            texts, bags = [], []
            for start, end in sentences:
                span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
                text = article.text[start:end]
                texts.append(text)
                inside = _within(entities, entity_starts, span.start, span.end) if span is not None else []
                bags.append(sentence_bags(text, span or (), inside))
            scores = self.model.scores(texts, bags, self.mode)
            cached = article.cache[key] = [round(float(s), 4) for s in scores]
        return list(cached)

    def annotate(self, article: Article) -> list[Annotation]:
        scores = self.sentence_scores(article)
        threshold = self.model.threshold(self.mode)
        sources = strongest_attribution(article.layer("attribution"))
        out = []
        for i, ((start, end), score) in enumerate(zip(segment(article).sentences, scores, strict=True)):
            if score < threshold:
                continue
            attrs = {"sentence": i, **sourcing(sources.get(i))}
            out.append(self.make(article, start, end, "claim", score=score, attrs=attrs))
        return out

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        scores = self.sentence_scores(article)
        n = len(annotations)
        unsourced = sum(1 for a in annotations if a.attrs.get("flag") == "unsourced")
        vague = sum(1 for a in annotations if a.attrs.get("flag") == "vague")

        def share(count: int, total: int) -> float:
            return round(count / total, 4) if total else 0.0

        return {
            "count": n,
            "sentences": len(scores),
            "share_of_sentences": share(n, len(scores)),
            "unsourced": unsourced,
            "vague": vague,
            "unsourced_share": share(unsourced, n),
            "vague_share": share(vague, n),
            "threshold": self.model.threshold(self.mode),
            "mode": self.mode,
            "model": self.model.version,
            "sentence_scores": scores,
        }


def _within(entities: Sequence[Any], starts: list[int], start: int, end: int) -> list[Any]:
    """The entities wholly inside tokens ``[start, end)``, as ``Span.ents`` gives them (``starts``:
    the entities' first tokens)."""
    first = bisect.bisect_left(starts, start)
    out = []
    for ent in entities[first:]:
        if ent.end > end:
            break
        out.append(ent)
    return out
