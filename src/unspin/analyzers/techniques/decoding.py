"""Constrained BIO decoding: the most likely tag sequence within each sentence (Viterbi).

The hysteresis decoder of :mod:`.ensemble` thresholds one inside-probability per piece. This one reads
the token head's three probabilities (outside, begin, inside) and finds, sentence by sentence, the tag
sequence with the highest product of probabilities among the valid ones: an inside tag follows a begin
or an inside tag of the same sentence, so no span crosses a sentence boundary (the title is a sentence
of its own). ``outside_bias`` multiplies every outside probability before decoding: below 1 it trades
precision for recall, the one knob tuned on held-out folds. A span's raw score is the mean blended
inside-probability of its pieces, as with hysteresis, so the same calibration maps read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from unspin.ml import Pieces

OUTSIDE, BEGIN, INSIDE = 0, 1, 2
_NEG = -1e9


@dataclass
class ViterbiSettings:
    """The knobs of :func:`viterbi_spans`, tuned on held-out folds (BENCHMARKS.md, techniques)."""

    outside_bias: float = 1.0  # multiplies P(outside) of every piece: < 1 finds more spans
    min_score: float = 0.0  # spans whose mean inside-probability is lower are dropped


def tag_probs(network_probs: np.ndarray, blended_inside: np.ndarray) -> np.ndarray:
    """Outside/begin/inside probabilities whose inside mass is ``blended_inside`` (the network blended
    with the word tagger), split between begin and inside as the network splits it."""
    p = np.asarray(network_probs, dtype=float)
    mass = p[:, BEGIN] + p[:, INSIDE]
    share = np.where(mass > 0, p[:, BEGIN] / np.maximum(mass, 1e-12), 1.0)
    inside = np.clip(np.asarray(blended_inside, dtype=float), 0.0, 1.0)
    return np.stack([1.0 - inside, inside * share, inside * (1.0 - share)], axis=1)


def viterbi_tags(log_probs: np.ndarray, sentence: np.ndarray) -> np.ndarray:
    """The best valid tag per piece: inside only after begin or inside within the same sentence.
    (Plain Python floats: three states make numpy's per-call cost the bulk of the work.)"""
    n = len(log_probs)
    tags = np.zeros(n, dtype=np.int64)
    if n == 0:
        return tags
    lp = np.asarray(log_probs, dtype=float).tolist()
    sent = np.asarray(sentence).tolist()
    back: list[tuple[int, int, int]] = [(0, 0, 0)] * n
    so, sb, si = lp[0][OUTSIDE], lp[0][BEGIN], _NEG
    for k in range(1, n):
        eo, eb, ei = lp[k]
        best, top = _best3(so, sb, si)
        if sent[k] != sent[k - 1]:  # a new sentence: inside may not start it
            back[k] = (best, best, best)
            so, sb, si = top + eo, top + eb, _NEG
            continue
        # outside and begin may follow anything; inside follows begin or inside
        prev, prev_score = (BEGIN, sb) if sb >= si else (INSIDE, si)
        back[k] = (best, best, prev)
        so, sb, si = top + eo, top + eb, prev_score + ei
    tags[-1] = _best3(so, sb, si)[0]
    for k in range(n - 1, 0, -1):
        tags[k - 1] = back[k][tags[k]]
    return tags


def _best3(o: float, b: float, i: float) -> tuple[int, float]:
    """The best of the three states and its score (ties: outside, then begin)."""
    if o >= b and o >= i:
        return OUTSIDE, o
    return (BEGIN, b) if b >= i else (INSIDE, i)


def viterbi_spans(
    pieces: Pieces,
    probs: np.ndarray,
    sentence: np.ndarray,
    settings: ViterbiSettings,
) -> list[tuple[int, int, float]]:
    """Character spans (widened to whole words) with their mean inside-probability, from
    outside/begin/inside probabilities per piece and each piece's sentence index."""
    p = np.asarray(probs, dtype=float).copy()
    p[:, OUTSIDE] *= settings.outside_bias
    tags = viterbi_tags(np.log(np.clip(p, 1e-12, None)), np.asarray(sentence))
    inside = probs[:, BEGIN] + probs[:, INSIDE]
    out: list[tuple[int, int, float]] = []
    n = len(tags)
    k = 0
    while k < n:
        if tags[k] == OUTSIDE:
            k += 1
            continue
        lo = k
        k += 1
        while k < n and tags[k] == INSIDE:
            k += 1
        out.append(_widen(pieces, lo, k, float(inside[lo:k].mean())))
    merged = _merge_words(out)
    return [span for span in merged if span[2] >= settings.min_score]


def _widen(pieces: Pieces, lo: int, hi: int, score: float) -> tuple[int, int, float]:
    """A piece run widened to whole words, as character offsets."""
    n = len(pieces)
    while lo > 0 and pieces.word_ids[lo] >= 0 and pieces.word_ids[lo - 1] == pieces.word_ids[lo]:
        lo -= 1
    while hi < n and pieces.word_ids[hi] >= 0 and pieces.word_ids[hi] == pieces.word_ids[hi - 1]:
        hi += 1
    return int(pieces.starts[lo]), int(pieces.ends[hi - 1]), score


def _merge_words(spans: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Spans that overlap once widened to whole words (a begin tag inside a word) become one."""
    out: list[tuple[int, int, float]] = []
    for s, e, score in spans:
        if out and s < out[-1][1]:
            ps, pe, pscore = out[-1]
            out[-1] = (ps, max(pe, e), max(pscore, score))
        else:
            out.append((s, e, score))
    return out
