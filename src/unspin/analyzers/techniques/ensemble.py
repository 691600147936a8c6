"""How the network and the n-gram models are combined, decoded and calibrated.

Pure numpy functions of model outputs, shared by the trainer (which tunes their settings on held-out
folds) and by the shipped model (which applies the tuned settings), so both compute the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from unspin.analyzers.techniques.encoding import Pieces


@dataclass
class DecodeSettings:
    """Blend weight of the word tagger, and the hysteresis thresholds that turn scores into spans."""

    word_weight: float = 0.3  # share of the n-gram word tagger in the inside-probability
    high: float = 0.3  # a span needs one piece at least this likely
    low: float = 0.15  # and extends over neighbours at least this likely
    gap: int = 1  # runs separated by at most this many pieces merge


@dataclass
class ClassifySettings:
    """Blend weight of the n-gram span classifier and the temperature of the blended scores."""

    ngram_weight: float = 0.4
    temperature: float = 1.0


@dataclass
class Calibration:
    """Monotone maps (isotonic regression knots) from raw scores to probabilities."""

    span: dict[str, list[float]] = field(default_factory=lambda: {"x": [0.0, 1.0], "y": [0.0, 1.0]})
    sentence: dict[str, list[float]] = field(default_factory=lambda: {"x": [0.0, 1.0], "y": [0.0, 1.0]})


def word_probs_on_pieces(pieces: Pieces, word_starts: np.ndarray, word_probs: np.ndarray) -> np.ndarray:
    """Spread word-level probabilities onto the word pieces that start inside each word."""
    if not len(word_probs):
        return np.zeros(len(pieces))
    idx = np.clip(np.searchsorted(word_starts, pieces.starts, side="right") - 1, 0, len(word_probs) - 1)
    return np.asarray(word_probs)[idx]


def blend_inside(network_inside: np.ndarray, word_inside: np.ndarray, weight: float) -> np.ndarray:
    return (1.0 - weight) * network_inside + weight * word_inside


def decode(pieces: Pieces, inside: np.ndarray, settings: DecodeSettings) -> list[tuple[int, int, float]]:
    """Character spans with their mean inside-probability, by hysteresis thresholding.

    Runs of pieces scoring at least ``low`` that are at most ``gap`` pieces apart form a candidate; it
    is kept when some piece in it reaches ``high``. Spans are widened to whole words, so that a
    prediction never cuts a word in half.
    """
    n = len(inside)
    runs: list[list[int]] = []
    k = 0
    while k < n:
        if inside[k] < settings.low:
            k += 1
            continue
        first = k
        while k < n and inside[k] >= settings.low:
            k += 1
        if runs and first - runs[-1][1] <= settings.gap:
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


def calibrate(knots: dict[str, list[float]], values: np.ndarray | float) -> np.ndarray:
    return np.asarray(np.interp(values, knots["x"], knots["y"]))
