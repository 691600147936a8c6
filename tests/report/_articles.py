"""A hand-built article with overlapping layers, and stand-in analyzers for its layers.

The reports must work for any layer, so tests register small stand-ins (see the ``fake_analyzers``
fixture) where explanations or the highlight flag matter; the ``claims`` layer keeps the real analyzer's.
"""

from __future__ import annotations

from typing import ClassVar

from unspin import Article
from unspin.analyzer import Analyzer

TEXT = (
    "\ufeffThe shameful regime lied again, officials said.\r\n"
    "\r\n"
    "Unemployment rose to 7.5% in 2023 😀 — مرحبا بالعالم.\r\n"
    "Nobody believes them anymore."
)


class FakeTechniques(Analyzer):
    name = "techniques"
    version = "0.0.1"
    description = "Propaganda techniques."
    default = False
    label_descriptions: ClassVar[dict[str, str]] = {
        "Loaded_Language": "Words chosen for their emotional charge rather than their meaning.",
        "Doubt": "Questioning the credibility of someone or something.",
    }


class FakeStructure(Analyzer):
    name = "structure"
    version = "0.0.1"
    default = False
    highlight = False


def build_article() -> Article:
    """Two highlighted layers overlapping and nesting, a plain layer, and generic summaries."""
    article = Article(
        TEXT,
        title="Regime lies",
        url="https://example.com/news/1?a=1&b=2",
        outlet="example.com",
        published="2024-03-01",
        authors=["A. Writer"],
        language="en",
    )
    shameful = TEXT.index("shameful")
    regime_end = TEXT.index(" lied")
    said = TEXT.index("said.") + len("said.")
    rose = TEXT.index("Unemployment")
    article.set_layer(
        "techniques",
        [
            article.span(shameful, regime_end, "Loaded_Language", score=0.87, attrs={"sentence_score": 0.64}),
            article.span(TEXT.index("Nobody"), len(TEXT), "Doubt", score=0.42),
            article.span(shameful, shameful + len("shameful"), "Loaded_Language", score=0.55),
        ],
    )
    article.set_layer(
        "claims",
        [
            article.span(TEXT.index("The"), said, "claim", score=0.9),
            article.span(rose, TEXT.index(" —"), "claim", score=0.75),
        ],
    )
    article.set_layer("structure", [article.span(0, len(TEXT), "document")])
    article.summary["techniques"] = {
        "count": 3,
        "by_label": {"Loaded_Language": 2, "Doubt": 1},
        "mean_score": 0.6133333,
        "top": [{"label": "Loaded_Language", "score": 0.87}, {"label": "Doubt", "score": 0.42}],
    }
    article.summary["claims"] = {"count": 2, "checkable": True}
    article.summary["analyzers"] = {"techniques": "0.0.1", "claims": "0.0.1"}
    return article


def crowded() -> Article:
    """An article with more of everything than the brief shows, long sentences included."""
    sentence = "Officials said that 12 people were killed in Tarn by the brutal, cowardly rebels again. "
    text = sentence * 30
    article = Article(text, title="Crowded", outlet="example.com", published="2026-01-02")
    n = len(sentence)
    at = [i * n for i in range(30)]
    article.set_layer("sentences", [article.span(a, a + n - 1, "sentence") for a in at])
    brutal = sentence.index("brutal")
    article.set_layer(
        "techniques",
        [
            article.span(a + brutal, a + brutal + 6, "Loaded_Language", score=0.3 + i / 100)
            for i, a in enumerate(at)
        ],
    )
    article.summary["techniques"] = {"sentence_scores": [0.9 - i / 100 for i in range(30)]}
    kinds = ("none", "vague", "anonymous", "named_organisation")
    article.set_layer(
        "claims",
        [
            article.span(
                a, a + n - 1, "claim", score=0.9, attrs={"attribution": kinds[i % 4], "source": "Officials"}
            )
            for i, a in enumerate(at)
        ],
    )
    twelve = sentence.index("12")
    article.set_layer(
        "figures",
        [
            article.span(
                a + twelve, a + twelve + 2, "KILL", attrs={"value": 12 + i, "counts": "people killed"}
            )
            for i, a in enumerate(at)
        ],
    )
    tarn = sentence.index("Tarn")
    article.set_layer(
        "events",
        [article.span(a, a + n - 1, "violence_against_civilians", attrs={"place": "Tarn"}) for a in at],
    )
    article.set_layer(
        "places", [article.span(a + tarn, a + tarn + 4, "city", attrs={"name": "Tarn"}) for a in at]
    )
    return article
