"""n-gram features, tf-idf, the two linear models and their storage; the scikit-learn baseline."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from unspin.analyzers.techniques.ngrams import (
    NUMERIC_FEATURES,
    SpanClassifier,
    WordTagger,
    context_features,
    recurrences,
    span_numeric,
)
from unspin.article import Article
from unspin.ingest.ptc import techniques_list
from unspin.ml import TfidfBlock, word_char_ngrams
from unspin.train.data import GoldArticle

# --- features -------------------------------------------------------------------------------------------


def test_context_features() -> None:
    words = ["The", "senator", "said", "!"]
    feats = context_features(words)
    assert len(feats) == 4
    assert feats[0] == [
        "w-2=<pad>",
        "w-1=<pad>",
        "w0=the",
        "w1=senator",
        "w2=said",
        "shape=X",
        "bi=<s>_the",
    ]
    assert feats[3] == [
        "w-2=senator",
        "w-1=said",
        "w0=!",
        "w1=<pad>",
        "w2=<pad>",
        "shape=x!",
        "bi=said_!",
    ]
    assert feats[1][:3] == ["w-2=<pad>", "w-1=the", "w0=senator"]
    assert feats[1][-2:] == ["shape=x", "bi=the_senator"]
    assert context_features(["Éclat"])[0][-2:] == ["shape=X", "bi=<s>_éclat"]
    assert context_features([]) == []


def test_span_numeric_counts_repetitions() -> None:
    text = "Make the city great. Make the city great! make the CITY great, they chanted."
    start = text.index("Make the city great")
    end = start + len("Make the city great")
    length, repeats, repeated, length_sq = span_numeric(text, start, end)
    assert length == pytest.approx(math.log1p(end - start))
    assert repeats == pytest.approx(math.log1p(2))  # two more occurrences, case-insensitively
    assert repeated == 1.0
    assert length_sq == pytest.approx(length * length / 10.0)
    assert len(span_numeric(text, start, end)) == NUMERIC_FEATURES


def test_span_numeric_single_occurrence_and_blank_span() -> None:
    text = "A single striking phrase appears here once."
    s = text.index("striking phrase")
    assert span_numeric(text, s, s + 15)[:3] == [math.log1p(15), 0.0, 0.0]
    # Surrounding white space is ignored when counting, but counts toward the length.
    assert span_numeric(text, s - 1, s + 16)[1:3] == [0.0, 0.0]
    assert span_numeric(text, 1, 2)[:3] == [math.log1p(1), 0.0, 0.0]  # a lone space
    assert span_numeric(text, 5, 5) == [0.0, 0.0, 0.0, 0.0]


def test_span_numeric_counts_whole_occurrences_only() -> None:
    text = "The war began. The software award ceremony was cancelled."
    s = text.index("war")
    assert span_numeric(text, s, s + 3)[1:3] == [0.0, 0.0]


def test_recurrences_match_words_across_inflection_case_and_line_breaks() -> None:
    text = "Traitors sold the country.\nThe traitor sold\nthe Country, and traitors sell countries."
    s = text.index("Traitors sold the country")
    assert recurrences(text, s, s + len("Traitors sold the country")) == 2
    assert recurrences(text, s, s + len("Traitors")) == 3  # traitors, traitor, traitors
    assert recurrences(text, 0, 0) == 0
    # A span cut inside a word matches whole words only: "raitors" is not "traitors".
    assert recurrences(text, s + 1, s + 8) == 0


# --- the corpus the models below are fitted on -----------------------------------------------------------

CORPUS = [
    "disgraceful traitors sold out the city",
    "the city council met on tuesday",
    "traitors traitors everywhere in the council",
    "a shameful disgraceful betrayal of the city",
    "tuesday was quiet",
]


def _docs() -> list[Counter[str]]:
    return [word_char_ngrams(t)[0] for t in CORPUS]


# --- the two models and their arrays ---------------------------------------------------------------------


def _classifier(numeric: int = NUMERIC_FEATURES) -> SpanClassifier:
    words = TfidfBlock.fit(_docs(), min_df=1)
    chars = TfidfBlock.fit([word_char_ngrams(t)[1] for t in CORPUS], min_df=2)
    rng = np.random.default_rng(0)
    width = len(words.vocab) + len(chars.vocab) + numeric
    # float32-representable weights, as stored: the round trip then has nothing to round.
    weights = rng.normal(size=(width, 5)).astype(np.float32).astype(np.float64)
    bias = rng.normal(size=5).astype(np.float32).astype(np.float64)
    return SpanClassifier(words, chars, weights, bias)


def _tagger() -> WordTagger:
    feats = sorted({f for t in CORPUS for feats in context_features(t.split()) for f in feats})
    rng = np.random.default_rng(1)
    return WordTagger(
        {f: i for i, f in enumerate(feats)},
        rng.normal(size=len(feats)).astype(np.float32),
        float(np.float32(-0.75)),
    )


ARTICLE = "Disgraceful traitors sold out the city. The city council met. Ça suffit! Traitors, traitors."
SPANS = [(0, 20), (21, 38), (40, 59), (60, 70), (71, len(ARTICLE)), (0, len(ARTICLE)), (5, 5)]


@pytest.mark.parametrize("numeric", [NUMERIC_FEATURES, 3], ids=["current", "model-without-length-prior"])
def test_span_classifier_features_layout(numeric: int) -> None:
    clf = _classifier(numeric)
    assert clf.numeric_features == numeric
    idx, val = clf.features(ARTICLE, 0, 20)
    n_words, n_chars = len(clf.words.vocab), len(clf.chars.vocab)
    assert idx[-numeric:].tolist() == [n_words + n_chars + k for k in range(numeric)]
    assert val[-numeric:].tolist() == span_numeric(ARTICLE, 0, 20)[:numeric]
    assert np.all(idx[:-numeric] < n_words + n_chars)
    words = idx[idx < n_words]
    assert np.linalg.norm(val[: len(words)]) == pytest.approx(1.0)


def test_span_classifier_probabilities() -> None:
    clf = _classifier()
    probs = clf.predict_proba(ARTICLE, SPANS)
    assert probs.shape == (len(SPANS), 5)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    assert clf.predict_proba(ARTICLE, []).shape == (0, 5)


def test_span_classifier_round_trip(tmp_path: Path) -> None:
    clf = _classifier()
    arrays = {**clf.to_arrays("classifier_"), **_tagger().to_arrays("tagger_")}
    np.savez_compressed(tmp_path / "ngrams.npz", **arrays)
    with np.load(tmp_path / "ngrams.npz") as data:
        loaded = SpanClassifier.from_arrays(data, "classifier_")
    assert loaded.words.vocab == clf.words.vocab
    assert loaded.chars.vocab == clf.chars.vocab
    np.testing.assert_array_equal(loaded.words.idf, clf.words.idf)
    np.testing.assert_array_equal(loaded.predict_proba(ARTICLE, SPANS), clf.predict_proba(ARTICLE, SPANS))


def test_word_tagger_probabilities() -> None:
    tagger = _tagger()
    words = ARTICLE.split()
    probs = tagger.predict_proba(words)
    assert probs.shape == (len(words),)
    assert np.all((probs > 0) & (probs < 1))
    assert tagger.predict_proba([]).shape == (0,)
    # A word with no known feature gets the bias alone.
    lone = WordTagger({}, np.zeros(0), -0.75).predict_proba(["anything"])
    assert lone[0] == pytest.approx(1 / (1 + math.exp(0.75)))


def test_word_tagger_round_trip(tmp_path: Path) -> None:
    tagger = _tagger()
    np.savez_compressed(tmp_path / "ngrams.npz", **tagger.to_arrays("tagger_"))
    with np.load(tmp_path / "ngrams.npz") as data:
        loaded = WordTagger.from_arrays(data, "tagger_")
    assert loaded.vocab == tagger.vocab
    assert loaded.bias == tagger.bias
    words = [*ARTICLE.split(), "unseen", "Ça"]
    np.testing.assert_array_equal(loaded.predict_proba(words), tagger.predict_proba(words))


# --- the scikit-learn baseline ---------------------------------------------------------------------------

NAME_CALLING = "Name_Calling,Labeling"
LOADED = "Loaded_Language"
FLAG = "Flag-Waving"

_SUBJECTS = ["The senator", "Our mayor", "A columnist", "The minister", "Her rival", "The spokesman"]
_VERBS = ["called the protesters", "described the councillors as", "labelled the journalists", "named them"]
_FILLER = [
    "The meeting ran late on Tuesday.",
    "Several residents asked about the new bridge.",
    "Budget figures will be published next month.",
    "Officials declined to comment further.",
    "The weather stayed mild all week.",
]
_PHRASES = {
    NAME_CALLING: "disgraceful traitors",
    LOADED: "a horrific catastrophe",
    FLAG: "our glorious homeland",
}


def _gold_corpus(techniques: tuple[str, ...] = (NAME_CALLING, LOADED, FLAG)) -> list[GoldArticle]:
    """Invented articles: filler sentences around one fixed phrase per technique, always labelled."""
    rng = np.random.default_rng(7)
    gold = []
    for n in range(16):
        si: list[tuple[int, int]] = []
        tc: list[tuple[str, int, int]] = []
        text = str(rng.choice(_FILLER)) + " "
        for technique in techniques:
            head = {
                NAME_CALLING: f"{_SUBJECTS[n % len(_SUBJECTS)]} {_VERBS[n % len(_VERBS)]} ",
                LOADED: "It was ",
                FLAG: "We will always stand up for ",
            }[technique]
            tail = {NAME_CALLING: ". ", LOADED: " for everyone. ", FLAG: "! "}[technique]
            start = len(text) + len(head)
            end = start + len(_PHRASES[technique])
            text += head + _PHRASES[technique] + tail + str(rng.choice(_FILLER)) + " "
            si.append((start, end))
            tc.append((technique, start, end))
        gold.append(GoldArticle(Article(text.strip()), si=si, tc=tc))
    return gold


def test_gold_corpus_offsets() -> None:
    for g in _gold_corpus():
        assert len(g.tc) == 3
        for technique, s, e in g.tc:
            assert technique in techniques_list()
            assert g.article.text[s:e] == _PHRASES[technique]
        assert g.si == [(s, e) for _, s, e in g.tc]


def test_inside_mask() -> None:
    pytest.importorskip("sklearn")
    from unspin.train.baseline import inside_mask, words_of

    text = "They are disgraceful traitors, all of them."
    tokens, words = words_of(text)
    s = text.index("disgraceful")
    mask = inside_mask(tokens, [(s, s + len("disgraceful traitors"))])
    assert [w for w, m in zip(words, mask, strict=True) if m] == ["disgraceful", "traitors"]
    # A token at least half inside counts; less than half does not.
    mask = inside_mask(tokens, [(s + 5, s + 15)])  # "aceful tra": 6 of 11 and 3 of 8 characters
    assert [w for w, m in zip(words, mask, strict=True) if m] == ["disgraceful"]
    assert not inside_mask(tokens, []).any()


@pytest.fixture(scope="module")
def baseline() -> Any:
    pytest.importorskip("sklearn")
    from unspin.train.baseline import NgramBaseline

    return NgramBaseline(seed=13).fit(_gold_corpus())


def test_baseline_learns_an_obvious_pattern(baseline: Any) -> None:
    assert NAME_CALLING in techniques_list() and LOADED in techniques_list()
    model = baseline
    text = "On Friday the governor said the striking workers were disgraceful traitors. Rain fell later."
    spans = model.predict_spans(text)
    target = text.index("disgraceful traitors")
    hits = [(s, e) for s, e, _ in spans if s <= target and target + len("disgraceful traitors") <= e]
    assert hits, spans
    # The span found is tight: it does not swallow the neutral sentence after it.
    assert all(e <= text.index("Rain") for s, e in hits)
    names = list(techniques_list())
    probs = model.classify_spans(text, [(target, target + 20), (text.index("Rain"), len(text))])
    assert probs.shape == (2, len(names))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-6)
    assert names[int(probs[0].argmax())] == NAME_CALLING
    # Classes never seen in training stay (practically) impossible.
    unseen = [k for k, t in enumerate(names) if t not in _PHRASES]
    assert probs[:, unseen].max() < 1e-6
    # Round trip through the shipped format keeps the predictions.
    arrays = {**model.classifier.to_arrays("classifier_"), **model.tagger.to_arrays("tagger_")}
    loaded = SpanClassifier.from_arrays(arrays, "classifier_")
    np.testing.assert_allclose(loaded.predict_proba(text, [(target, target + 20)]), probs[:1], rtol=1e-5)


def test_baseline_classifies_each_phrase(baseline: Any) -> None:
    text = "Critics said the vote was a horrific catastrophe for our glorious homeland, disgraceful traitors!"
    spans = [(text.index(p), text.index(p) + len(p)) for p in _PHRASES.values()]
    probs = baseline.classify_spans(text, spans)
    names = list(techniques_list())
    assert [names[int(row.argmax())] for row in probs] == list(_PHRASES)


def test_baseline_with_two_techniques_separates_them() -> None:
    pytest.importorskip("sklearn")
    from unspin.train.baseline import fit_span_classifier

    clf = fit_span_classifier(_gold_corpus((NAME_CALLING, LOADED)), seed=13)
    text = "They are disgraceful traitors and it is a horrific catastrophe."
    spans = [(text.index(p), text.index(p) + len(p)) for p in (_PHRASES[NAME_CALLING], _PHRASES[LOADED])]
    probs = clf.predict_proba(text, spans)
    names = list(techniques_list())
    assert [names[int(row.argmax())] for row in probs] == [NAME_CALLING, LOADED]
