"""The shipped check-worthiness model: its files, its loader, and the scores it gives sentences.

A model is a folder:

``model.json``     settings: the two scoring modes (blend weight, calibration knots, threshold), metrics
``ngrams.npz``     the n-gram model (word, character and syntax tf-idf vocabularies, weights) and the
                   logistic-regression head over sentence embeddings
``encoder.onnx``   all-MiniLM-L6-v2 (not fine-tuned), int8-quantised: word pieces → hidden states
``tokenizer.json`` its word-piece vocabulary
``MODEL_CARD.md``  data, metrics, calibration, limitations, how to retrain

Two modes. ``fast`` reads only the n-gram model, over features of the shared spaCy parse: a few
milliseconds per article. ``full`` also mean-pools the encoder's states over each sentence and blends
the two probabilities; better (see the model card), and costs an encoder pass over the sentences. Each
mode has its own calibration map and threshold, chosen on held-out folds.
Runs on numpy, onnxruntime and ``tokenizers`` only.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.analyzers.claims.features import ClaimNgrams, doc_bags
from unspin.errors import ModelNotInstalledError, UnspinError
from unspin.ml import CLS_ID, PAD_ID, SEP_ID, ModelFolder, calibrate, load_tokenizer, onnx_encoder

MODES = ("full", "fast")
ENCODER_FILES = ("encoder.onnx", "tokenizer.json")  # needed by the full mode only
FOLDER = ModelFolder(
    kind="claims", env_var="UNSPIN_CLAIMS_MODEL", shipped="claims", files=("model.json", "ngrams.npz")
)
MAX_PIECES = 128  # pieces per sentence, [CLS] and [SEP] included; longer sentences are cut


def mode_files(mode: str) -> tuple[str, ...]:
    """The files a mode needs beyond :data:`FOLDER`'s own: the encoder's for ``full``."""
    return ENCODER_FILES if mode == "full" else ()


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise UnspinError(f"unknown claims mode {mode!r}; use one of {', '.join(MODES)}")
    return mode


def embed(
    tokenizer: Any, encoder: Any, texts: Sequence[str], max_pieces: int = MAX_PIECES, batch_size: int = 1
) -> np.ndarray:
    """Mean-pooled, L2-normalised encoder states of each text (as sentence-transformers pools).

    One sentence per encoder call by default: the int8 encoder quantises its activations with one scale
    per call, so in a batch a sentence's embedding would depend on its neighbours (and on padding). On
    CPU, unpadded single sentences are no slower.
    """
    rows = []
    for enc in tokenizer.encode_batch(list(texts), add_special_tokens=False):
        ids = list(enc.ids[: max_pieces - 2])
        rows.append([CLS_ID, *ids, SEP_ID])
    out = np.zeros((len(rows), 0), dtype=np.float32)
    order = np.argsort([len(r) for r in rows], kind="stable")  # similar lengths share a batch
    for b in range(0, len(order), batch_size):
        chosen = order[b : b + batch_size]
        width = max(len(rows[i]) for i in chosen)
        ids_arr = np.full((len(chosen), width), PAD_ID, dtype=np.int64)
        mask = np.zeros_like(ids_arr)
        for r, i in enumerate(chosen):
            ids_arr[r, : len(rows[i])] = rows[i]
            mask[r, : len(rows[i])] = 1
        hidden = encoder(ids_arr, mask)
        pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        if not out.shape[1]:
            out = np.zeros((len(rows), pooled.shape[1]), dtype=np.float32)
        out[chosen] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return out


@dataclass
class ClaimModel:
    path: Path
    meta: dict[str, Any]
    ngrams: ClaimNgrams
    head_w: np.ndarray  # (hidden,): logistic regression over sentence embeddings
    head_b: float

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "0"))

    def settings(self, mode: str) -> dict[str, Any]:
        return dict(self.meta["modes"][check_mode(mode)])

    def threshold(self, mode: str) -> float:
        return float(self.settings(mode)["threshold"])

    @functools.cached_property
    def _encoder(self) -> tuple[Any, Any]:
        FOLDER.require(self.path, mode_files("full"))
        return load_tokenizer(self.path / "tokenizer.json"), onnx_encoder(self.path / "encoder.onnx")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        tokenizer, encoder = self._encoder
        return embed(tokenizer, encoder, texts, int(self.meta.get("max_pieces", MAX_PIECES)))

    def encoder_proba(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros(0)
        logits = self.embed(texts).astype(np.float64) @ self.head_w + self.head_b
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))

    def raw_scores(
        self, texts: Sequence[str], bags: Sequence[Sequence[Counter[str]]], mode: str
    ) -> np.ndarray:
        """Uncalibrated scores: the n-gram probability, blended with the encoder's in ``full`` mode."""
        ngram = self.ngrams.predict_proba(bags) if len(bags) else np.zeros(0)
        weight = float(self.settings(mode).get("encoder_weight", 0.0))
        if mode == "fast" or weight == 0.0:
            return ngram
        return np.asarray((1.0 - weight) * ngram + weight * self.encoder_proba(texts))

    def scores(self, texts: Sequence[str], bags: Sequence[Sequence[Counter[str]]], mode: str) -> np.ndarray:
        """Calibrated probabilities that each sentence is a check-worthy claim."""
        raw = self.raw_scores(texts, bags, mode)
        return np.clip(calibrate(self.settings(mode)["calibration"], raw), 0.0, 1.0)

    def score_docs(self, docs: Sequence[Any], mode: str) -> np.ndarray:
        """Scores of parsed sentences (spaCy ``Doc`` or ``Span`` objects)."""
        return self.scores([d.text for d in docs], [doc_bags(d) for d in docs], mode)


@functools.cache
def load_model(path: str) -> ClaimModel:
    """Load a claims model folder (cached: one copy per process); the encoder loads on first use."""
    folder = Path(path)
    FOLDER.require(folder)
    meta = FOLDER.read_meta(folder)
    try:
        with np.load(folder / "ngrams.npz") as data:
            ngrams = ClaimNgrams.from_arrays(data)
            head_w = np.asarray(data["head_w"], dtype=np.float64)
            head_b = float(data["head_b"][0])
        for mode in MODES:
            settings = meta["modes"][mode]
            float(settings["threshold"])
            settings["calibration"]["x"]
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise ModelNotInstalledError(f"claims model at {folder} is unreadable: {exc}") from None
    return ClaimModel(folder, meta, ngrams, head_w, head_b)


def parse_texts(texts: Sequence[str], batch_size: int = 256) -> Any:
    """Parse stand-alone sentences (rows of a file, training data) with the shared spaCy model."""
    from unspin.nlp.parse import load_model as load_spacy

    return load_spacy().pipe(texts, batch_size=batch_size)
