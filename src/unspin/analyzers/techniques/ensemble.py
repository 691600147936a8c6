"""How the network and the n-gram models are combined, decoded and calibrated.

Pure numpy functions of model outputs, shared by the trainer (which tunes their settings on held-out
folds) and by the shipped model (which applies the tuned settings), so both compute the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from unspin.ml import Knots, Pieces, piece_range


@dataclass
class DecodeSettings:
    """Blend weight of the word tagger, and the hysteresis thresholds that turn scores into spans."""

    word_weight: float = 0.3  # share of the n-gram word tagger in the inside-probability
    high: float = 0.3  # a span needs one piece at least this likely
    low: float = 0.15  # and extends over neighbours at least this likely
    gap: int = 1  # runs separated by at most this many pieces merge
    # Spans stay inside one sentence (the title is a sentence of its own): a run is cut where a new
    # sentence starts, and runs of different sentences never merge.
    within_sentences: bool = False


@dataclass
class ClassifySettings:
    """Blend weight of the n-gram span classifier and the temperature of the blended scores."""

    ngram_weight: float = 0.4
    temperature: float = 1.0


@dataclass
class Calibration:
    """Monotone maps (isotonic regression knots, :mod:`unspin.ml.calibration`) from raw scores to
    probabilities."""

    span: Knots = field(default_factory=lambda: {"x": [0.0, 1.0], "y": [0.0, 1.0]})
    sentence: Knots = field(default_factory=lambda: {"x": [0.0, 1.0], "y": [0.0, 1.0]})
    # Logistic map from :func:`article_features` to P(article is propagandistic); empty: not fitted.
    article: dict[str, list[float]] = field(default_factory=dict)


# An article counts as propagandistic when at least this share of its sentences hold (part of) a
# technique span: the median share over the PTC training articles, so about half of that corpus.
PROPAGANDISTIC_SHARE = 0.25
ARTICLE_FEATURES = ("mean sentence probability", "mean of the top 3", "share of sentences ≥ 0.5")


def word_probs_on_pieces(pieces: Pieces, word_starts: np.ndarray, word_probs: np.ndarray) -> np.ndarray:
    """Spread word-level probabilities onto the word pieces that start inside each word."""
    if not len(word_probs):
        return np.zeros(len(pieces))
    idx = np.clip(np.searchsorted(word_starts, pieces.starts, side="right") - 1, 0, len(word_probs) - 1)
    return np.asarray(word_probs)[idx]


def blend_inside(network_inside: np.ndarray, word_inside: np.ndarray, weight: float) -> np.ndarray:
    return (1.0 - weight) * network_inside + weight * word_inside


def piece_sentences(pieces: Pieces, sentence_starts: Sequence[int] | np.ndarray | None) -> np.ndarray:
    """The sentence index of every piece (all 0 without sentence starts)."""
    if sentence_starts is None or not len(sentence_starts):
        return np.zeros(len(pieces), dtype=np.int64)
    return np.asarray(np.searchsorted(np.asarray(sentence_starts), pieces.starts, side="right") - 1)


def decode(
    pieces: Pieces,
    inside: np.ndarray,
    settings: DecodeSettings,
    sentence_starts: Sequence[int] | np.ndarray | None = None,
) -> list[tuple[int, int, float]]:
    """Character spans with their mean inside-probability, by hysteresis thresholding.

    Runs of pieces scoring at least ``low`` that are at most ``gap`` pieces apart form a candidate; it
    is kept when some piece in it reaches ``high``. Spans are widened to whole words, so that a
    prediction never cuts a word in half. With ``settings.within_sentences`` and the character offsets
    where sentences start, no span crosses a sentence boundary.
    """
    n = len(inside)
    sent = piece_sentences(pieces, sentence_starts if settings.within_sentences else None)
    runs: list[list[int]] = []
    k = 0
    while k < n:
        if inside[k] < settings.low:
            k += 1
            continue
        first = k
        while k < n and inside[k] >= settings.low and sent[k] == sent[first]:
            k += 1
        if runs and first - runs[-1][1] <= settings.gap and sent[runs[-1][0]] == sent[first]:
            runs[-1][1] = k
        else:
            runs.append([first, k])
    out: list[tuple[int, int, float]] = []
    for lo, hi in runs:
        if inside[lo:hi].max() < settings.high:
            continue
        score = float(inside[lo:hi].mean())
        while lo > 0 and pieces.word_ids[lo] >= 0 and pieces.word_ids[lo - 1] == pieces.word_ids[lo]:
            lo -= 1
        while hi < n and pieces.word_ids[hi] >= 0 and pieces.word_ids[hi] == pieces.word_ids[hi - 1]:
            hi += 1
        out.append((int(pieces.starts[lo]), int(pieces.ends[hi - 1]), score))
    return out


def sentence_peaks(pieces: Pieces, inside: np.ndarray, sentences: Sequence[tuple[int, int]]) -> np.ndarray:
    """Per sentence, the highest inside-probability of its pieces (0 for a sentence without pieces)."""
    out = np.zeros(len(sentences))
    if not len(pieces):
        return out
    for k, (start, end) in enumerate(sentences):
        i, j = piece_range(pieces, start, end)
        if j > i:
            out[k] = float(inside[i:j].max())
    return out


def article_features(sentence_probs: Sequence[float] | np.ndarray) -> np.ndarray:
    """What the article score reads from calibrated sentence probabilities (:data:`ARTICLE_FEATURES`)."""
    p = np.asarray(sentence_probs, dtype=float)
    if not len(p):
        return np.zeros(len(ARTICLE_FEATURES))
    top = np.sort(p)[::-1][:3]
    return np.asarray([p.mean(), top.mean(), float(np.mean(p >= 0.5))])


def article_probability(knots: dict[str, list[float]], sentence_probs: Sequence[float] | np.ndarray) -> float:
    """P(the article is propagandistic) from its calibrated sentence probabilities (logistic map)."""
    if not knots:
        return float("nan")
    z = float(np.dot(knots["w"], article_features(sentence_probs)) + knots["b"][0])
    return float(1.0 / (1.0 + np.exp(-z)))


def log_softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    return np.asarray(z - np.log(np.exp(z).sum(axis=-1, keepdims=True)))


def average_log_probs(logits: list[np.ndarray]) -> np.ndarray:
    """Several networks' technique logits as one: the mean of their log-probabilities."""
    return np.asarray(np.mean([log_softmax(x) for x in logits], axis=0))


def blend_techniques(
    network_logits: np.ndarray, ngram_probs: np.ndarray, settings: ClassifySettings
) -> np.ndarray:
    """Technique probabilities from a weighted sum of the two models' log-probabilities."""
    mixed = (1.0 - settings.ngram_weight) * log_softmax(network_logits) + settings.ngram_weight * np.log(
        np.clip(ngram_probs, 1e-9, 1.0)
    )
    return np.exp(log_softmax(mixed / settings.temperature))
