"""Pipeline.pipe: batches, worker processes and the batched parse give what one-by-one analysis gives."""

from __future__ import annotations

import multiprocessing

import pytest

from unspin import Article, Pipeline
from unspin.errors import UnspinError
from unspin.nlp import parse
from unspin.pipeline import _batches
from unspin.report import to_json

TEXTS = [
    "The ministry said on Monday that 40 people were killed in Northport. Critics called it a lie.",
    "Protesters gathered in the capital. Police arrested about a dozen of them, witnesses said.",
    "It is known that foreign fighters are active in the south. The crisis will engulf the region.",
    "Only one sentence here.",
    "Secretary Ann Vale told reporters the damage was estimated at $40 million.",
]


def _factual() -> Pipeline:
    return Pipeline(only=["attribution", "figures", "entities", "events"])


def test_pipe_gives_what_one_by_one_gives_in_order() -> None:
    pipeline = _factual()
    one_by_one = [to_json(pipeline(Article(text=t))) for t in TEXTS]
    piped = list(pipeline.pipe((Article(text=t) for t in TEXTS), batch_size=2))
    assert [to_json(a) for a in piped] == one_by_one
    assert all(not a.cache for a in piped)


def test_pipe_of_nothing_is_nothing() -> None:
    assert list(Pipeline(only=["sentences"]).pipe([])) == []


def test_pipe_refuses_a_batch_size_below_one() -> None:
    with pytest.raises(UnspinError, match="batch size"):
        list(Pipeline(only=["sentences"]).pipe([Article(text="A text.")], batch_size=0))


def test_batched_parse_equals_the_single_parse() -> None:
    single = [parse.parse(Article(text=t)) for t in TEXTS]
    articles = [Article(text=t) for t in TEXTS]
    parse.parse_many(articles, batch_size=3)
    for doc, article in zip(single, articles, strict=True):
        batched = article.cache["spacy.doc"]
        assert [(t.idx, t.tag_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in batched] == [
            (t.idx, t.tag_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in doc
        ]


def test_worker_processes_give_what_one_process_gives() -> None:
    expected = [to_json(a) for a in _factual().pipe(Article(text=t) for t in TEXTS)]
    with Pipeline(only=["attribution", "figures", "entities", "events"], jobs=2) as pipeline:
        got = [to_json(a) for a in pipeline.pipe((Article(text=t) for t in TEXTS), batch_size=1)]
        again = [to_json(a) for a in pipeline.pipe(Article(text=t) for t in TEXTS[:2])]
    assert got == expected
    assert again == expected[:2]


def test_jobs_zero_means_one_per_core() -> None:
    assert Pipeline(only=["sentences"], jobs=0).jobs >= 1


def test_an_error_mid_stream_stops_the_workers() -> None:
    with pytest.raises(RuntimeError, match="consumer"), Pipeline(only=["sentences"], jobs=2) as pipeline:
        for _ in pipeline.pipe(Article(text=t) for t in TEXTS):
            raise RuntimeError("consumer failed")
    assert not multiprocessing.active_children()


def test_the_last_articles_go_one_at_a_time() -> None:
    articles = [Article(text=f"Text {k}.") for k in range(11)]
    batches = list(_batches(articles, 4, tail=4))
    assert [len(b) for b in batches] == [4, 3, 1, 1, 1, 1]
    assert [a for b in batches for a in b] == articles
    assert [len(b) for b in _batches(articles[:3], 4, tail=4)] == [1, 1, 1]
    assert [len(b) for b in _batches(articles, 4)] == [4, 4, 3]
