"""Run the fine-tuned encoder over an article and read both heads, in numpy.

The encoder is any callable ``(input_ids, attention_mask) -> hidden states`` — onnxruntime at inference,
torch while training — so the same code scores held-out folds and serves users.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from unspin.ml import Pieces, batch, windows

Encoder = Callable[[np.ndarray, np.ndarray], np.ndarray]


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=axis, keepdims=True))


@dataclass
class EncodedArticle:
    """Hidden states of every window of an article, kept so both heads can read them."""

    windows: list[tuple[int, int]]
    hidden: list[np.ndarray]  # per window: (hi - lo, hidden_size), without [CLS]/[SEP]
    n: int


@dataclass
class TechniqueNetwork:
    encoder: Encoder
    heads: dict[str, np.ndarray]
    window: int = 256
    # Windows side by side: overlapping them (stride 128) encodes every piece twice for no measurable
    # gain (BENCHMARKS.md, "Window stride").
    stride: int = 256
    # One window per call at inference: the int8 encoder scales each call's activations together, so a
    # batched window's output would depend on its neighbours (and on its padding); alone it depends on
    # itself only, and on one CPU thread it is also about a tenth faster. Training scores with torch in
    # batches.
    batch_size: int = 1

    @property
    def n_techniques(self) -> int:
        return int(self.heads["span_b"].shape[0])

    def encode(self, pieces: Pieces) -> EncodedArticle:
        """Run the encoder over the windows of ``pieces``, ``batch_size`` windows a call."""
        wins = windows(len(pieces), self.window, self.stride) if len(pieces) else []
        hidden: list[np.ndarray] = []
        for b in range(0, len(wins), self.batch_size):
            chunk = wins[b : b + self.batch_size]
            ids, mask = batch(pieces, chunk, self.window)
            out = self.encoder(ids, mask)
            hidden.extend(out[row, 1 : hi - lo + 1] for row, (lo, hi) in enumerate(chunk))
        return EncodedArticle(wins, hidden, len(pieces))

    def token_probs(self, enc: EncodedArticle) -> np.ndarray:
        """Per piece outside/begin/inside probabilities; overlapping windows are blended, each piece
        weighted by its distance from the window edge, where the encoder saw the least context."""
        logits = np.zeros((enc.n, 3))
        weight = np.zeros(enc.n)
        for (lo, hi), h in zip(enc.windows, enc.hidden, strict=True):
            pos = np.arange(hi - lo)
            w = np.minimum(pos + 1, hi - lo - pos).astype(float)
            logits[lo:hi] += w[:, None] * (h @ self.heads["token_w"] + self.heads["token_b"])
            weight[lo:hi] += w
        if enc.n == 0:
            return np.zeros((0, 3))
        return softmax(logits / weight[:, None])

    def span_logits(self, enc: EncodedArticle, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Technique logits for piece ranges ``[i, j)``, each read from the window that holds it best."""
        out = np.zeros((len(spans), self.n_techniques))
        if not enc.windows:
            return out
        for s, (i, j) in enumerate(spans):
            k, i, j = _best_window(enc.windows, i, j)
            lo, hi = enc.windows[k]
            h = enc.hidden[k][max(i, lo) - lo : max(min(j, hi), max(i, lo) + 1) - lo]
            feats = np.concatenate([h.mean(0), h[0], h[-1]])
            out[s] = feats @ self.heads["span_w"] + self.heads["span_b"]
        return out


def _best_window(wins: list[tuple[int, int]], i: int, j: int) -> tuple[int, int, int]:
    """The window that holds piece range ``[i, j)`` most centrally (or overlaps it most)."""
    best, best_key = 0, (-1, -(10**9))
    for k, (lo, hi) in enumerate(wins):
        overlap = min(hi, j) - max(lo, i)
        margin = min(i - lo, hi - j)
        key = (overlap, margin)
        if key > best_key:
            best, best_key = k, key
    return best, i, max(j, i + 1)
