"""Decoding inside-probabilities into spans, blending the two models, calibration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.analyzers.techniques.ensemble import (
    Calibration,
    ClassifySettings,
    DecodeSettings,
    article_features,
    article_probability,
    blend_inside,
    blend_techniques,
    decode,
    log_softmax,
    piece_sentences,
    sentence_peaks,
    word_probs_on_pieces,
)
from unspin.analyzers.techniques.network import softmax
from unspin.ml import Pieces, calibrate


def pieces_of(words: list[list[int]]) -> Pieces:
    """Pieces of lengths ``words[w]`` for word ``w``; words are separated by one space."""
    starts, ends, word_ids = [], [], []
    pos = 0
    for w, lengths in enumerate(words):
        for length in lengths:
            starts.append(pos)
            ends.append(pos + length)
            word_ids.append(w)
            pos += length
        pos += 1
    n = len(starts)
    return Pieces(
        np.arange(n, dtype=np.int64) + 1000,
        np.asarray(starts, dtype=np.int64).reshape(n),
        np.asarray(ends, dtype=np.int64).reshape(n),
        np.asarray(word_ids, dtype=np.int64).reshape(n),
    )


# Ten one-piece words of three characters: piece k covers [4k, 4k + 3).
FLAT = pieces_of([[3]] * 10)
SETTINGS = DecodeSettings(word_weight=0.0, high=0.6, low=0.3, gap=1)


def spans(
    inside: list[float], pieces: Pieces = FLAT, settings: DecodeSettings = SETTINGS
) -> list[tuple[int, int]]:
    return [(s, e) for s, e, _ in decode(pieces, np.asarray(inside), settings)]


# --- decode -------------------------------------------------------------------------------------------


def test_nothing_above_low_decodes_to_nothing() -> None:
    assert spans([0.1] * 10) == []
    assert decode(pieces_of([]), np.zeros(0), SETTINGS) == []


def test_a_seed_grows_over_neighbours_above_low() -> None:
    inside = [0.1, 0.35, 0.4, 0.9, 0.5, 0.31, 0.1, 0.1, 0.1, 0.1]
    got = decode(FLAT, np.asarray(inside), SETTINGS)
    assert [(s, e) for s, e, _ in got] == [(4, 23)]  # pieces 1..5
    assert got[0][2] == pytest.approx(np.mean(inside[1:6]))


def test_thresholds_are_inclusive() -> None:
    assert spans([0.0, 0.3, 0.6, 0.3, 0.0, 0, 0, 0, 0, 0]) == [(4, 15)]


def test_a_run_whose_peak_is_below_high_is_dropped() -> None:
    inside = [0.5, 0.55, 0.1, 0.1, 0.7, 0.1, 0.1, 0.59, 0.59, 0.1]
    assert spans(inside) == [(16, 19)]


def test_runs_within_the_gap_merge() -> None:
    # Runs 1..2 and 4..5 are one piece apart: with gap 1 they merge, and the merged run needs only
    # one seed. The gap piece counts in the mean.
    inside = [0.1, 0.7, 0.4, 0.1, 0.4, 0.4, 0.1, 0.1, 0.1, 0.1]
    got = decode(FLAT, np.asarray(inside), SETTINGS)
    assert [(s, e) for s, e, _ in got] == [(4, 23)]
    assert got[0][2] == pytest.approx(np.mean(inside[1:6]))
    # Without merging, the second run has no seed and is dropped.
    assert spans(inside, settings=DecodeSettings(0.0, 0.6, 0.3, gap=0)) == [(4, 11)]
    # Two pieces apart: separate under gap 1, merged under gap 2.
    inside = [0.7, 0.1, 0.1, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
    assert spans(inside) == [(0, 3), (12, 15)]
    assert spans(inside, settings=DecodeSettings(0.0, 0.6, 0.3, gap=2)) == [(0, 15)]


def test_chained_merges() -> None:
    inside = [0.7, 0.1, 0.4, 0.1, 0.4, 0.1, 0.4, 0.1, 0.1, 0.4]
    assert spans(inside) == [(0, 27)]


def test_span_at_the_ends_of_the_article() -> None:
    assert spans([0.9] + [0.0] * 8 + [0.9]) == [(0, 3), (36, 39)]
    assert spans([0.9] * 10) == [(0, 39)]


def test_spans_are_widened_to_whole_words() -> None:
    # Words: "ab|cd|ef" (3 pieces), "gh", "ij|kl" (2 pieces), "mn".
    pieces = pieces_of([[2, 2, 2], [2], [2, 2], [2]])
    assert pieces.word_ids.tolist() == [0, 0, 0, 1, 2, 2, 3]
    # Only the middle piece of word 0 scores: the span covers all of word 0.
    assert spans([0.1, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1], pieces) == [(0, 6)]
    # The last piece of word 0 and the first of word 2 (through word 1): widened on both sides.
    assert spans([0.1, 0.1, 0.9, 0.5, 0.5, 0.1, 0.1], pieces) == [(0, 14)]
    # The score is the mean over the pieces that passed, before widening.
    got = decode(pieces, np.asarray([0.1, 0.1, 0.9, 0.5, 0.5, 0.1, 0.1]), SETTINGS)
    assert got[0][2] == pytest.approx((0.9 + 0.5 + 0.5) / 3)


def test_pieces_without_a_word_are_not_widened() -> None:
    pieces = Pieces(
        np.arange(4, dtype=np.int64),
        np.asarray([0, 2, 4, 6], dtype=np.int64),
        np.asarray([2, 4, 6, 8], dtype=np.int64),
        np.asarray([-1, -1, -1, -1], dtype=np.int64),
    )
    assert spans([0.1, 0.9, 0.1, 0.1], pieces) == [(2, 4)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(1, 4), min_size=1, max_size=3), min_size=1, max_size=12),
    st.data(),
)
def test_decode_properties(words: list[list[int]], data: st.DataObject) -> None:
    pieces = pieces_of(words)
    inside = np.asarray(data.draw(st.lists(st.floats(0, 1), min_size=len(pieces), max_size=len(pieces))))
    got = decode(pieces, inside, SETTINGS)
    starts = {
        int(pieces.starts[k])
        for k in range(len(pieces))
        if k == 0 or pieces.word_ids[k - 1] != pieces.word_ids[k]
    }
    ends = {
        int(pieces.ends[k])
        for k in range(len(pieces))
        if k == len(pieces) - 1 or pieces.word_ids[k + 1] != pieces.word_ids[k]
    }
    for (_, e1, _), (s2, _, _) in itertools.pairwise(got):
        assert e1 < s2  # sorted and disjoint
    for s, e, score in got:
        assert s in starts and e in ends  # whole words
        covered = [k for k in range(len(pieces)) if s <= pieces.starts[k] and pieces.ends[k] <= e]
        assert inside[covered].max() >= SETTINGS.high  # every span holds a seed
        assert 0.0 <= score <= 1.0
    # Every seed piece is inside some span.
    for k in np.flatnonzero(inside >= SETTINGS.high):
        assert any(s <= pieces.starts[k] and pieces.ends[k] <= e for s, e, _ in got)


# --- word probabilities onto pieces --------------------------------------------------------------------


def test_word_probs_on_pieces() -> None:
    pieces = pieces_of([[2, 2], [3], [1, 1, 1]])  # words start at 0, 5, 9
    got = word_probs_on_pieces(pieces, np.asarray([0, 5, 9]), np.asarray([0.2, 0.5, 0.9]))
    assert got.tolist() == [0.2, 0.2, 0.5, 0.9, 0.9, 0.9]
    assert word_probs_on_pieces(pieces, np.zeros(0, dtype=np.int64), np.zeros(0)).tolist() == [0.0] * 6


def test_blend_inside() -> None:
    net, word = np.asarray([0.0, 0.5, 1.0]), np.asarray([1.0, 0.5, 0.0])
    np.testing.assert_allclose(blend_inside(net, word, 0.0), net)
    np.testing.assert_allclose(blend_inside(net, word, 1.0), word)
    np.testing.assert_allclose(blend_inside(net, word, 0.25), [0.25, 0.5, 0.75])


# --- blend_techniques ----------------------------------------------------------------------------------


@pytest.fixture
def logits_and_ngrams() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(6, 14)) * 3
    ngram = softmax(rng.normal(size=(6, 14)))
    ngram[0, 3] = 0.0  # an impossible class for the n-gram model must not produce NaN
    ngram /= ngram.sum(axis=1, keepdims=True)
    return logits, ngram


@pytest.mark.parametrize(
    ("weight", "temperature"), [(0.0, 1.0), (0.4, 1.0), (1.0, 1.0), (0.4, 0.5), (0.4, 3.0)]
)
def test_blend_techniques_rows_sum_to_one(
    logits_and_ngrams: tuple[np.ndarray, np.ndarray], weight: float, temperature: float
) -> None:
    logits, ngram = logits_and_ngrams
    out = blend_techniques(logits, ngram, ClassifySettings(weight, temperature))
    assert out.shape == logits.shape
    assert np.all(np.isfinite(out)) and np.all(out >= 0)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, atol=1e-12)


def test_blend_weight_zero_is_the_network_softmax(logits_and_ngrams: tuple[np.ndarray, np.ndarray]) -> None:
    logits, ngram = logits_and_ngrams
    out = blend_techniques(logits, ngram, ClassifySettings(ngram_weight=0.0, temperature=1.0))
    np.testing.assert_allclose(out, softmax(logits), rtol=1e-10)


def test_blend_weight_one_is_the_ngram_model(logits_and_ngrams: tuple[np.ndarray, np.ndarray]) -> None:
    logits, ngram = logits_and_ngrams
    out = blend_techniques(logits, ngram, ClassifySettings(ngram_weight=1.0, temperature=1.0))
    np.testing.assert_allclose(out, ngram, atol=1e-8)


def test_blend_is_a_geometric_mixture(logits_and_ngrams: tuple[np.ndarray, np.ndarray]) -> None:
    logits, ngram = logits_and_ngrams
    out = blend_techniques(logits, ngram, ClassifySettings(ngram_weight=0.3, temperature=2.0))
    expected = softmax(np.log(softmax(logits) ** 0.7 * np.clip(ngram, 1e-9, 1) ** 0.3) / 2.0)
    np.testing.assert_allclose(out, expected, rtol=1e-8)


def test_temperature_keeps_the_ranking_and_flattens(logits_and_ngrams: tuple[np.ndarray, np.ndarray]) -> None:
    logits, ngram = logits_and_ngrams
    sharp = blend_techniques(logits, ngram, ClassifySettings(0.4, 1.0))
    flat = blend_techniques(logits, ngram, ClassifySettings(0.4, 4.0))
    assert (sharp.argmax(axis=1) == flat.argmax(axis=1)).all()
    assert (flat.max(axis=1) < sharp.max(axis=1)).all()


def test_log_softmax() -> None:
    x = np.asarray([[1000.0, 1000.0], [0.0, np.log(3.0)]])
    np.testing.assert_allclose(np.exp(log_softmax(x)), [[0.5, 0.5], [0.25, 0.75]])


# --- calibration -----------------------------------------------------------------------------------------


def test_default_calibration_is_the_identity() -> None:
    cal = Calibration()
    values = np.linspace(0, 1, 11)
    np.testing.assert_allclose(calibrate(cal.span, values), values)
    np.testing.assert_allclose(calibrate(cal.sentence, values), values)


# --- spans within sentences ---------------------------------------------------------------------------


def test_within_sentences_cuts_a_run_at_a_sentence_start() -> None:
    inside = np.asarray([0, 0.9, 0.9, 0.9, 0.9, 0.9, 0, 0, 0, 0], dtype=float)
    across = decode(FLAT, inside, SETTINGS, [0, 12])
    assert across == [(4, 23, pytest.approx(0.9))]  # the flag is off: sentence starts are ignored
    within = DecodeSettings(word_weight=0.0, high=0.6, low=0.3, gap=1, within_sentences=True)
    assert decode(FLAT, inside, within, [0, 12]) == [
        (4, 11, pytest.approx(0.9)),
        (12, 23, pytest.approx(0.9)),
    ]
    assert decode(FLAT, inside, within) == across  # no sentence starts given: one sentence


def test_within_sentences_never_merges_runs_of_two_sentences() -> None:
    inside = np.asarray([0, 0.9, 0, 0.9, 0, 0, 0, 0, 0, 0], dtype=float)
    within = DecodeSettings(word_weight=0.0, high=0.6, low=0.3, gap=1, within_sentences=True)
    assert len(decode(FLAT, inside, within, [0, 16])) == 1  # pieces 1 and 3 are both in sentence 0
    assert len(decode(FLAT, inside, within, [0, 12])) == 2  # piece 3 starts sentence 1


def test_sentence_peaks_and_pieces_sentences() -> None:
    inside = np.asarray([0.1, 0.5, 0.2, 0.0, 0.7, 0.3, 0.1, 0.0, 0.0, 0.9])
    peaks = sentence_peaks(FLAT, inside, [(0, 11), (12, 27), (28, 35), (36, 39)])
    np.testing.assert_allclose(peaks, [0.5, 0.7, 0.0, 0.9])
    assert sentence_peaks(FLAT, inside, [(39, 39)]).tolist() == [0.0]
    assert piece_sentences(FLAT, [0, 12]).tolist() == [0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
    assert piece_sentences(FLAT, None).tolist() == [0] * 10


# --- the article score ---------------------------------------------------------------------------------


def test_article_features() -> None:
    np.testing.assert_allclose(article_features([0.1, 0.9, 0.5, 0.2]), [0.425, (0.9 + 0.5 + 0.2) / 3, 0.5])
    np.testing.assert_allclose(article_features([0.4]), [0.4, 0.4, 0.0])
    assert article_features([]).tolist() == [0.0, 0.0, 0.0]


def test_article_probability_is_logistic_and_monotone_in_every_sentence() -> None:
    knots = {"w": [3.0, 1.0, 2.0], "b": [-2.0]}
    low = article_probability(knots, [0.1, 0.1, 0.1])
    assert low == pytest.approx(1 / (1 + np.exp(-(3 * 0.1 + 0.1 - 2.0))))
    assert article_probability(knots, [0.1, 0.6, 0.1]) > low
    assert np.isnan(article_probability({}, [0.5]))
