"""Viterbi decoding of begin/inside/outside probabilities within sentences."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.analyzers.techniques.decoding import (
    BEGIN,
    INSIDE,
    OUTSIDE,
    ViterbiSettings,
    tag_probs,
    viterbi_spans,
    viterbi_tags,
)
from unspin.ml import Pieces


def one_piece_words(n: int) -> Pieces:
    """``n`` words of one 3-character piece each, one space apart."""
    starts = np.arange(n, dtype=np.int64) * 4
    return Pieces(np.zeros(n, dtype=np.int64), starts, starts + 3, np.arange(n, dtype=np.int64))


def valid(tags: np.ndarray, sentence: np.ndarray) -> bool:
    """Inside only after begin or inside of the same sentence."""
    return all(
        t != INSIDE or (k > 0 and tags[k - 1] != OUTSIDE and sentence[k - 1] == sentence[k])
        for k, t in enumerate(tags)
    )


def brute_force(log_probs: np.ndarray, sentence: np.ndarray) -> float:
    best = -np.inf
    for tags in itertools.product((OUTSIDE, BEGIN, INSIDE), repeat=len(log_probs)):
        arr = np.asarray(tags)
        if valid(arr, sentence):
            best = max(best, float(log_probs[np.arange(len(arr)), arr].sum()))
    return best


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0.01, 1.0), st.floats(0.01, 1.0), st.floats(0.01, 1.0)), min_size=1, max_size=6
    ),
    st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_viterbi_finds_the_best_valid_sequence(
    rows: list[tuple[float, float, float]], cuts: list[bool]
) -> None:
    log_probs = np.log(np.asarray(rows))
    sentence = np.cumsum([0, *cuts[: len(rows) - 1]])
    tags = viterbi_tags(log_probs, sentence)
    assert valid(tags, sentence)
    score = float(log_probs[np.arange(len(tags)), tags].sum())
    assert np.isclose(score, brute_force(log_probs, sentence))


def test_inside_never_starts_a_sentence_so_spans_stop_at_boundaries() -> None:
    pieces = one_piece_words(6)
    # Every piece looks inside; a sentence starts at piece 3.
    probs = np.tile([0.1, 0.2, 0.7], (6, 1))
    sentence = np.asarray([0, 0, 0, 1, 1, 1])
    spans = viterbi_spans(pieces, probs, sentence, ViterbiSettings())
    assert [(s, e) for s, e, _ in spans] == [(0, 11), (12, 23)]
    assert all(np.isclose(score, 0.9) for _, _, score in spans)


def test_outside_bias_trades_precision_for_recall_and_min_score_drops_weak_spans() -> None:
    pieces = one_piece_words(5)
    probs = np.asarray(
        [[0.9, 0.05, 0.05], [0.55, 0.4, 0.05], [0.5, 0.1, 0.4], [0.9, 0.05, 0.05], [0.9, 0.1, 0.0]]
    )
    sentence = np.zeros(5, dtype=np.int64)
    assert viterbi_spans(pieces, probs, sentence, ViterbiSettings(1.0)) == []
    found = viterbi_spans(pieces, probs, sentence, ViterbiSettings(0.5))
    assert [(s, e) for s, e, _ in found] == [(4, 11)]
    assert viterbi_spans(pieces, probs, sentence, ViterbiSettings(0.5, min_score=0.5)) == []


def test_spans_cover_whole_words() -> None:
    # Two words: pieces 0-1 form word 0, pieces 2-3 word 1; only the second piece of each looks inside.
    pieces = Pieces(
        np.zeros(4, dtype=np.int64),
        np.asarray([0, 2, 5, 7]),
        np.asarray([2, 4, 7, 9]),
        np.asarray([0, 0, 1, 1]),
    )
    probs = np.asarray([[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.9, 0.05, 0.05], [0.1, 0.8, 0.1]])
    spans = viterbi_spans(pieces, probs, np.zeros(4, dtype=np.int64), ViterbiSettings())
    assert [(s, e) for s, e, _ in spans] == [(0, 4), (5, 9)]


def test_tag_probs_keep_the_blended_inside_mass_and_the_networks_begin_share() -> None:
    network = np.asarray([[0.2, 0.6, 0.2], [0.8, 0.0, 0.0]])
    tags = tag_probs(network, np.asarray([0.5, 0.3]))
    assert np.allclose(tags.sum(1), 1.0)
    assert np.allclose(tags[:, BEGIN] + tags[:, INSIDE], [0.5, 0.3])
    assert np.isclose(tags[0, BEGIN] / tags[0, INSIDE], 3.0)
    assert np.isclose(tags[1, BEGIN], 0.3)  # no inside mass in the network: a span may begin here
