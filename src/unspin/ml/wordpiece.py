"""Word-piece encoding of whole texts and the windows an encoder reads them in.

Shared by training and inference so that both see exactly the same pieces, offsets and windows. The
tokenizer's offsets are code-point offsets into the original text, so every prediction maps straight
back onto ``Article.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

CLS_ID, SEP_ID, PAD_ID = 101, 102, 0  # BERT-family uncased vocabularies


@dataclass(frozen=True, slots=True)
class Pieces:
    """The word pieces of one text: vocabulary ids and ``[start, end)`` code-point offsets."""

    ids: np.ndarray  # int64 (n,)
    starts: np.ndarray  # int64 (n,)
    ends: np.ndarray  # int64 (n,)
    word_ids: np.ndarray  # int64 (n,): index of the pre-tokenised word each piece belongs to

    def __len__(self) -> int:
        return len(self.ids)


def load_tokenizer(path: str | Path) -> Any:
    """A fast word-piece tokenizer without truncation or padding (we window ourselves)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def encode(tokenizer: Any, text: str) -> Pieces:
    enc = tokenizer.encode(text, add_special_tokens=False)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    words = np.asarray([-1 if w is None else w for w in enc.word_ids], dtype=np.int64)
    return Pieces(np.asarray(enc.ids, dtype=np.int64), offsets[:, 0].copy(), offsets[:, 1].copy(), words)


def windows(n: int, size: int, stride: int, offset: int = 0) -> list[tuple[int, int]]:
    """``[lo, hi)`` piece ranges of at most ``size`` pieces, every ``stride`` pieces, covering ``[0, n)``.

    ``offset`` shifts the grid (training draws a new one each epoch so that no boundary is fixed); the
    first window then starts at 0 and is shorter.
    """
    if n <= size:
        return [(0, n)]
    starts = list(range(offset % stride - stride if offset % stride else 0, n, stride))
    out: list[tuple[int, int]] = []
    for lo in starts:
        lo, hi = max(lo, 0), min(lo + size, n)
        if out and hi <= out[-1][1]:
            continue
        out.append((lo, hi))
        if hi == n:
            break
    return out


def batch(pieces: Pieces, spans: list[tuple[int, int]], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Input ids and attention mask for windows ``spans``, each as ``[CLS] pieces [SEP]`` padded."""
    ids = np.full((len(spans), size + 2), PAD_ID, dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, (lo, hi) in enumerate(spans):
        n = hi - lo
        ids[row, 0] = CLS_ID
        ids[row, 1 : n + 1] = pieces.ids[lo:hi]
        ids[row, n + 1] = SEP_ID
        mask[row, : n + 2] = 1
    width = int(mask.sum(axis=1).max()) if len(spans) else 2
    return ids[:, :width], mask[:, :width]


def piece_range(pieces: Pieces, start: int, end: int) -> tuple[int, int]:
    """The pieces ``[i, j)`` that overlap the character span ``[start, end)`` (empty if none)."""
    i = int(np.searchsorted(pieces.ends, start, side="right"))
    if end <= start:
        return i, i
    j = int(np.searchsorted(pieces.starts, end, side="left"))
    return i, max(i, j)
