"""The document model's promise: ``text[a.start:a.end] == a.text`` for every span, before and after JSON.

Texts mix arbitrary Unicode with what real articles bring and naive code gets wrong: a byte-order mark
at the start and inside, CRLF line ends, emoji (astral, with modifiers and joiners), caseless and
right-to-left scripts.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin import Article, Pipeline
from unspin.article import SCHEMA_ID, Annotation
from unspin.errors import InputError

PIECES = [
    "\ufeff",
    "\r\n",
    "\n",
    "\r",
    "\n\n",
    " ",
    "\t",
    "\u00a0",
    "\u2028",
    "😀",
    "👍🏽",
    "👩‍👩‍👧",
    "🇺🇦",
    "مرحبا بالعالم",
    "שלום",
    "Привет, мир",
    "中文新闻。",
    "हिन्दी",
    "Gen. Smith said",
    "U.S. troops",
    '"Lies!" ',
    "It rose 7.5%.",
    "…",
    ". ",
    "? ",
    "Word",
    "\u200b",
]
texts = st.lists(st.text(max_size=8) | st.sampled_from(PIECES), max_size=40).map("".join)


@st.composite
def annotated(draw: st.DrawFn) -> Article:
    """An article over a random text with a few layers of random valid spans."""
    text = draw(texts)
    article = Article(text, title=draw(st.none() | st.text(max_size=20)), authors=draw(st.lists(st.text())))
    for name in draw(st.lists(st.sampled_from(["techniques", "claims", "x-plugin"]), unique=True)):
        spans = []
        for _ in range(draw(st.integers(0, 6))):
            start, end = sorted(draw(st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))))
            score = draw(st.none() | st.floats(0, 1))
            spans.append(article.span(start, end, draw(st.sampled_from(["A_b", "claim", "😀"])), score=score))
        article.set_layer(name, spans)
    return article


def assert_spans_match(article: Article) -> None:
    for name, anns in article.layers.items():
        for a in anns:
            assert 0 <= a.start <= a.end <= len(article.text), (name, a)
            assert article.text[a.start : a.end] == a.text, (name, a)


@given(annotated())
def test_spans_survive_a_json_round_trip(article: Article) -> None:
    assert_spans_match(article)
    for indent in (2, None):
        again = Article.from_json(article.to_json(indent=indent))
        assert again.text == article.text
        assert again.id == article.id
        assert_spans_match(again)
        assert again.to_dict() == article.to_dict()


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_segmentation_spans_match_the_text(text: str) -> None:
    article = Pipeline(only=["sentences", "tokens"])(Article(text))
    assert_spans_match(article)
    assert_spans_match(Article.from_json(article.to_json()))
    sentences = article.layer("sentences")
    for s in sentences:
        assert s.text, s
        for edge in (s.text[0], s.text[-1]):
            assert not edge.isspace() and edge != "\ufeff", s
    for before, after in itertools.pairwise(sentences):
        assert before.end <= after.start  # sorted, never overlapping
    tokens = article.layer("tokens")
    for before, after in itertools.pairwise(tokens):
        assert before.end <= after.start
    assert all(t.text and not t.text.isspace() for t in tokens)
    assert article.summary["sentences"]["count"] == len(sentences)


def test_example_text_round_trip() -> None:
    text = "\ufeffThe regime lied.\r\nمرحبا بالعالم. 😀 Nobody\ufeff left.\r\n"
    article = Pipeline(only=["sentences"])(Article(text))
    assert [s.text for s in article.layer("sentences")] == [
        "The regime lied.",
        "مرحبا بالعالم.",
        "😀 Nobody\ufeff left.",
    ]
    assert_spans_match(Article.from_json(article.to_json()))


# --- malformed input ---------------------------------------------------------------------------------


def document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "article": {"text": "Hello world", "title": "T"},
        "layers": {
            "claims": [{"start": 0, "end": 5, "text": "Hello", "label": "claim", "score": 0.5, "attrs": {}}]
        },
        "summary": {},
    }
    doc.update(changes)
    return doc


def test_well_formed_document_loads() -> None:
    article = Article.from_dict(document())
    assert article.layer("claims")[0].text == "Hello"


@pytest.mark.parametrize(
    "doc",
    [
        document(schema="unspin/2"),
        {k: v for k, v in document().items() if k != "schema"},
        document(article={"text": 5}),
        document(article={"title": "no text"}),
        document(article={"text": "Hello world", "title": 5}),
        document(article={"text": "Hello world", "url": ["x"]}),
        document(article={"text": "Hello world", "authors": "A. Writer"}),
        document(article={"text": "Hello world", "id": "0000000000000000"}),
        document(layers={"claims": [{"start": 0, "end": 5, "text": "world", "label": "claim"}]}),
        document(layers={"claims": [{"start": 6, "end": 99, "text": "world", "label": "claim"}]}),
        document(layers={"claims": [{"start": 3, "end": 2, "text": "", "label": "claim"}]}),
        document(layers={"claims": [{"start": 0, "end": 5, "text": "Hello"}]}),
        document(layers={"claims": [{"start": "x", "end": 5, "text": "Hello", "label": "claim"}]}),
        document(layers={"claims": ["not an annotation"]}),
        document(layers=["claims"]),
        [document()],
        "unspin/1",
    ],
    ids=lambda doc: json.dumps(doc)[:60],
)
def test_malformed_documents_raise_input_error(doc: Any) -> None:
    with pytest.raises(InputError):
        Article.from_dict(doc)


@pytest.mark.parametrize("text", ["", "{", "not json", '{"schema": "unspin/1",}', "\ufeff{}"])
def test_bad_json_raises_input_error(text: str) -> None:
    with pytest.raises(InputError):
        Article.from_json(text)


@pytest.mark.parametrize(
    "doc", [document(layers={"claims": 5}), document(summary=[1, 2]), document(summary="x")]
)
def test_wrongly_typed_containers_raise_input_error(doc: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        Article.from_dict(doc)


def test_deeply_nested_json_raises_input_error() -> None:
    with pytest.raises(InputError):
        Article.from_json("[" * 100_000)


# --- the Python API refuses what would fail later ---------------------------------------------------------


@pytest.mark.parametrize("text", [None, 123, b"Troops arrived.", ["Troops"]])
def test_article_text_must_be_a_string(text: Any) -> None:
    with pytest.raises(TypeError, match="Article text must be a str, not"):
        Article(text)


def test_article_from_bytes_says_how_to_decode() -> None:
    with pytest.raises(TypeError, match="load_bytes"):
        Article(b"Troops arrived.")  # type: ignore[arg-type]


@pytest.mark.parametrize("published", ["yesterday", "14/03/2026", "2026-02-30", ""])
def test_a_bad_published_date_is_refused(published: str) -> None:
    with pytest.raises(InputError, match="not an ISO date"):
        Article("Troops arrived.", published=published)


def test_metadata_must_be_strings() -> None:
    with pytest.raises(TypeError, match="Article title must be a str or None, not int"):
        Article("Troops arrived.", title=5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "score", "message"),
    [
        (0.0, 6.0, None, "offsets must be integers"),
        (0, 6, 5, r"score must be a number in \[0, 1\]"),
        (0, 6, -0.1, r"score must be a number in \[0, 1\]"),
        (0, 6, float("nan"), r"score must be a number in \[0, 1\]"),
        (0, 6, "high", r"score must be a number in \[0, 1\]"),
        (True, 6, None, "offsets must be integers"),
    ],
)
def test_set_layer_refuses_float_offsets_and_scores_outside_0_1(
    start: Any, end: Any, score: Any, message: str
) -> None:
    article = Article("Troops arrived.")
    annotation = Annotation(start, end, "Troops", "x", score)
    with pytest.raises(InputError, match=message):
        article.set_layer("test", [annotation])
    assert "test" not in article.layers


def test_set_layer_takes_numpy_numbers() -> None:
    import numpy as np

    article = Article("Troops arrived.")
    annotation = Annotation(np.int64(0), np.int64(6), "Troops", "x", np.float32(0.5))
    [stored] = article.set_layer("test", [annotation])
    assert stored.score == 0.5
    assert type(stored.start) is int and json.loads(article.to_json())["layers"]["test"][0]["end"] == 6
