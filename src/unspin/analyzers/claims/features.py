"""Features of one sentence for the check-worthiness n-gram model, shared by training and inference.

Three bags, each a tf-idf block: the sentence's word 1-2-grams, its within-word character 2-4-grams (both
from :func:`unspin.ml.word_char_ngrams`), and its syntax from the shared spaCy parse:
part-of-speech tags and tag bigrams (tense, numbers, modals), dependency labels, named-entity types and
coarse counts. A check-worthy claim is a statement of fact: past-tense verbs, numbers, dates, percentages
and named organisations say more about that than the words alone.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from unspin.ml import TfidfBlock, word_char_ngrams

BLOCKS = ("words", "chars", "syntax")


def syntax_features(tokens: Iterable[Any], entities: Iterable[Any]) -> Counter[str]:
    """Tag, tag-bigram, dependency and entity-type features of spaCy tokens (spaces left out)."""
    words = [t for t in tokens if not t.is_space]
    tags = [t.tag_ for t in words]
    labels = [e.label_ for e in entities]
    feats: Counter[str] = Counter(f"t={tag}" for tag in tags)
    feats.update(f"tt={a}_{b}" for a, b in itertools.pairwise(tags))
    feats.update(f"d={t.dep_}" for t in words)
    feats.update(f"e={label}" for label in labels)
    feats[f"ne={min(len(labels), 3)}"] += 1
    feats[f"len={min(len(words) // 5, 8)}"] += 1
    return feats


def sentence_bags(text: str, tokens: Iterable[Any], entities: Iterable[Any]) -> tuple[Counter[str], ...]:
    """The three bags of one sentence: words, characters, syntax."""
    words, chars = word_char_ngrams(text)
    return words, chars, syntax_features(tokens, entities)


def doc_bags(doc: Any) -> tuple[Counter[str], ...]:
    """The bags of a spaCy ``Doc`` or ``Span`` holding one sentence (or one input row)."""
    return sentence_bags(doc.text, doc, doc.ents)


@dataclass
class ClaimNgrams:
    """Binary logistic regression over the three tf-idf blocks: P(sentence is check-worthy)."""

    blocks: list[TfidfBlock]
    weights: np.ndarray  # (sum of block sizes,)
    bias: float

    @property
    def width(self) -> int:
        return sum(len(b.vocab) for b in self.blocks)

    def features(self, bags: Sequence[Counter[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Indices and values of the non-zero features (each block L2-normalised on its own)."""
        idx, val, offset = [], [], 0
        for block, bag in zip(self.blocks, bags, strict=True):
            i, v = block.vector(bag)
            idx.append(i + offset)
            val.append(v)
            offset += len(block.vocab)
        return np.concatenate(idx), np.concatenate(val)

    def predict_proba(self, rows: Iterable[Sequence[Counter[str]]]) -> np.ndarray:
        out = []
        for bags in rows:
            idx, val = self.features(bags)
            out.append(self.bias + float(val @ self.weights[idx]))
        return 1.0 / (1.0 + np.exp(-np.asarray(out, dtype=np.float64)))

    def to_arrays(self) -> dict[str, Any]:
        arrays: dict[str, Any] = {}
        for name, block in zip(BLOCKS, self.blocks, strict=True):
            terms, idf = block.to_arrays()
            arrays[f"{name}_terms"] = terms
            arrays[f"{name}_idf"] = idf.astype(np.float32)
        arrays["weights"] = self.weights.astype(np.float32)
        arrays["bias"] = np.asarray([self.bias], dtype=np.float32)
        return arrays

    @classmethod
    def from_arrays(cls, data: Any) -> ClaimNgrams:
        blocks = [TfidfBlock.from_arrays(data[f"{name}_terms"], data[f"{name}_idf"]) for name in BLOCKS]
        return cls(blocks, np.asarray(data["weights"], dtype=np.float64), float(data["bias"][0]))
