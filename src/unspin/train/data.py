"""Training data for the technique models: PTC articles with their gold spans, as word pieces.

Needs no torch; both the neural trainer and the baselines read it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from unspin.article import Article
from unspin.ingest.ptc import SpanRow, read_articles, read_rows, techniques_list
from unspin.ml import Pieces, encode, piece_range

OUTSIDE, BEGIN, INSIDE = 0, 1, 2

# The fixed validation set: about a fifth of the PTC training articles, never trained or tuned on; scored
# once, at the end of a run. Chosen by rank of sha1("ptc-validation:" + article id), the lowest
# ``VALIDATION_SHARE`` of the articles; the 74 ids of the 371 are committed beside this module.
VALIDATION_SHARE = 0.2
VALIDATION_FILE = Path(__file__).with_name("techniques_validation_ids.txt")


@dataclass
class GoldArticle:
    """One training article: text, gold SI spans, gold TC rows, and (once encoded) its pieces."""

    article: Article
    si: list[tuple[int, int]]
    tc: list[tuple[str, int, int]]
    pieces: Pieces | None = None
    bio: np.ndarray | None = None  # per piece: OUTSIDE, BEGIN or INSIDE
    tc_pieces: list[tuple[int, int, int]] = field(default_factory=list)  # piece range + technique index
    sentence_starts: list[int] = field(default_factory=list)  # offsets where sentences start

    @property
    def id(self) -> str:
        return self.article.source_id or self.article.id


def load_ptc(root: Path) -> list[GoldArticle]:
    """The labelled training articles of a PTC folder (``train-articles`` and both label folders)."""
    articles = read_articles(root / "train-articles")
    si = _group(read_rows(root / "train-labels-SI", "si"))
    tc = _group(read_rows(root / "train-labels-TC", "tc"))
    out = []
    for a in articles:
        sid = a.source_id or ""
        out.append(
            GoldArticle(
                a,
                sorted((r.start, r.end) for r in si.get(sid, [])),
                sorted((r.technique or "", r.start, r.end) for r in tc.get(sid, [])),
            )
        )
    return out


def _group(rows: list[SpanRow]) -> dict[str, list[SpanRow]]:
    out: dict[str, list[SpanRow]] = {}
    for r in rows:
        out.setdefault(r.article_id, []).append(r)
    return out


def bio_labels(pieces: Pieces, spans: list[tuple[int, int]]) -> np.ndarray:
    """Per-piece BIO tags: a piece is inside a span when most of its characters are."""
    tags = np.zeros(len(pieces), dtype=np.int64)
    for start, end in spans:
        i, j = piece_range(pieces, start, end)
        first = True
        for k in range(i, j):
            s, e = int(pieces.starts[k]), int(pieces.ends[k])
            inside = min(e, end) - max(s, start)
            if inside * 2 >= e - s and inside > 0:
                if tags[k] == OUTSIDE:
                    tags[k] = BEGIN if first else INSIDE
                first = False
    return tags


def prepare(gold: list[GoldArticle], tokenizer: Any) -> list[GoldArticle]:
    """Encode every article and align its gold spans to pieces (in place; returns the list)."""
    from unspin.nlp.segmentation import segment_text

    index = {t: n for n, t in enumerate(techniques_list())}
    for g in gold:
        g.sentence_starts = [start for start, _ in segment_text(g.article.text).sentences]
        g.pieces = encode(tokenizer, g.article.text)
        g.bio = bio_labels(g.pieces, g.si)
        g.tc_pieces = []
        for tech, start, end in g.tc:
            i, j = piece_range(g.pieces, start, end)
            if j > i:
                g.tc_pieces.append((i, j, index[tech]))
    return gold


def validation_ids(ids: list[str], share: float = VALIDATION_SHARE) -> list[str]:
    """The validation articles among ``ids``: the ``round(share * n)`` ids with the lowest
    ``sha1("ptc-validation:" + id)``, in id order. Deterministic, and grouped by article."""
    ranked = sorted(ids, key=lambda i: hashlib.sha1(f"ptc-validation:{i}".encode()).hexdigest())
    return sorted(ranked[: round(share * len(ids))], key=lambda i: (len(i), i))


def committed_validation_ids() -> list[str]:
    """The validation ids as committed (``techniques_validation_ids.txt``): the split every run uses."""
    lines = VALIDATION_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def split_validation(
    gold: list[GoldArticle], held: list[str] | None
) -> tuple[list[GoldArticle], list[GoldArticle]]:
    """(training, validation) articles; ``held`` lists the validation ids (None: no validation set)."""
    if not held:
        return list(gold), []
    keep = set(held)
    return [g for g in gold if g.id not in keep], [g for g in gold if g.id in keep]


def folds(gold: list[GoldArticle], k: int, seed: int) -> list[list[int]]:
    """Article-grouped folds: indices of the held-out articles of each fold."""
    order = np.random.default_rng(seed).permutation(len(gold))
    return [sorted(int(i) for i in order[f::k]) for f in range(k)]
