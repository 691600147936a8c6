"""The shared parse: loaded on numpy's BLAS, and parsing exactly as spaCy's default (thinc's BLIS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.analyzer import registered
from unspin.nlp import parse

pytest.importorskip("spacy")
if not parse.is_installed():
    pytest.skip("no spaCy English model installed", allow_module_level=True)

# Written for these tests: news prose with entities, quotes, figures and a long sentence, so that every
# component (tagger, parser, entity recogniser) has batches of several sizes to multiply.
TEXTS = [
    "The Valdorian health ministry said on Monday that about 250 people were hospitalised in Port Arden.",
    '"We will not be intimidated," Foreign Minister Elena Marsh told reporters in Geneva on Thursday.',
    "It is known that foreign fighters are operating in the south, where three villages were shelled, "
    "dozens of homes burned and more than five hundred families fled towards the border with Ostrava.",
    "Neighbouring countries' press, hysterical as ever, lied again.  Nobody believes them any more.",
]


def _layers(doc: object) -> list[tuple[object, ...]]:
    return [
        (t.idx, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_)
        for t in doc  # type: ignore[attr-defined]
    ]


def test_layers_run_on_numpy_blas_unless_blis_is_asked_for() -> None:
    for blis in (False, True):
        tok2vec = parse.load_model(blis=blis).get_pipe("tok2vec").model
        assert {layer.ops.use_blis for layer in tok2vec.walk()} == {blis}


@pytest.mark.parametrize("text", TEXTS)
def test_numpy_blas_parses_exactly_as_blis(text: str) -> None:
    ours, spacys = parse.load_model(), parse.load_model(blis=True)
    assert _layers(ours(text)) == _layers(spacys(text))


def test_batched_parse_matches_one_at_a_time() -> None:
    from unspin import Article

    articles = [Article(text=t) for t in TEXTS]
    parse.parse_many(articles, batch_size=3)
    for article in articles:
        alone = Article(text=article.text)
        doc = parse.parse(alone)
        assert doc.text == article.text
        assert _layers(article.cache["spacy.doc"]) == _layers(doc)


@pytest.mark.parametrize("name", ["attribution", "claims", "entities", "events", "figures"])
def test_parsed_analyzers_say_they_cannot_run_without_a_spacy_model(
    name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert registered()[name]().available().ok
    monkeypatch.setenv("UNSPIN_SPACY_MODEL", str(tmp_path / "no-such-model"))
    status = registered()[name]().available()
    assert not status.ok
    assert status.detail == parse.NOT_INSTALLED
