"""SemEval-2020 Task 11 predictions from any technique analyzer (used by ``unspin ptc predict``).

A technique analyzer is any registered analyzer with ``predict_spans(article)`` (span identification)
and ``classify_spans(article, spans)`` plus ``techniques`` (technique classification).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from unspin.analyzer import registered
from unspin.article import Article
from unspin.errors import ModelNotInstalledError, UnspinError
from unspin.ingest.ptc import SpanRow


def technique_analyzer(name: str, model: Path | None = None) -> Any:
    """An installed analyzer able to make SemEval predictions, or a one-line error saying why not."""
    cls = registered().get(name)
    if cls is None:
        raise UnspinError(f"unknown analyzer {name!r}")
    if not (hasattr(cls, "predict_spans") and hasattr(cls, "classify_spans")):
        raise UnspinError(f"analyzer {name!r} does not predict technique spans")
    if model is not None and "model" not in inspect.signature(cls).parameters:
        raise UnspinError(f"analyzer {name!r} does not take a model (--model)")
    analyzer: Any = cls(model=model) if model is not None else cls()  # type: ignore[call-arg]
    status = analyzer.available()
    if not status.ok:
        raise ModelNotInstalledError(f"analyzer {name!r} cannot run: {status.detail}")
    return analyzer


def predict_si(
    analyzer: Any, articles: list[Article], advance: Callable[[], None] = lambda: None
) -> list[SpanRow]:
    rows: list[SpanRow] = []
    for article in articles:
        rows.extend(
            SpanRow(article.source_id or article.id, s, e) for s, e, _ in analyzer.predict_spans(article)
        )
        article.cache.clear()
        advance()
    return rows


def predict_tc(
    analyzer: Any,
    articles: list[Article],
    template: list[SpanRow],
    advance: Callable[[], None] = lambda: None,
) -> list[SpanRow]:
    """Label every template row, in order; a span listed k times gets its k most likely techniques."""
    by_article: dict[str, list[int]] = {}
    for n, row in enumerate(template):
        by_article.setdefault(row.article_id, []).append(n)
    labels: list[str] = [""] * len(template)
    names = analyzer.techniques
    for article in articles:
        aid = article.source_id or article.id
        indices = by_article.get(aid, [])
        if indices:
            spans = sorted({(template[n].start, template[n].end) for n in indices})
            probs = analyzer.classify_spans(article, spans)
            ranked = {
                span: list(np.argsort(-row, kind="stable")) for span, row in zip(spans, probs, strict=True)
            }
            seen: dict[tuple[int, int], int] = {}
            for n in indices:
                span = (template[n].start, template[n].end)
                k = seen.get(span, 0)
                seen[span] = k + 1
                labels[n] = names[ranked[span][k % len(names)]]
        article.cache.clear()
        advance()
    return [SpanRow(r.article_id, r.start, r.end, labels[n]) for n, r in enumerate(template)]
