"""The shipped technique model: files, loader, and the two SemEval predictions it makes.

A model is a folder:

``model.json``    settings and calibration: window, thresholds, technique order, temperatures
``encoder.onnx``  the fine-tuned encoder (word-piece ids → hidden states), int8-quantised
``heads.npz``     the token (BIO) head and the span (technique) head, as plain matrices
``tokenizer.json`` the encoder's word-piece vocabulary
``MODEL_CARD.md`` data, metrics, calibration, limitations, how to retrain

It loads lazily, once per process, and runs on onnxruntime and numpy only.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from unspin.analyzers.techniques.encoding import Pieces, encode, load_tokenizer, piece_range
from unspin.analyzers.techniques.network import EncodedArticle, TechniqueNetwork, decode_spans, softmax
from unspin.errors import ModelNotInstalledError

MODEL_FILES = ("model.json", "encoder.onnx", "heads.npz", "tokenizer.json")
ENV_VAR = "UNSPIN_TECHNIQUES_MODEL"


def default_model_path() -> Path:
    """``$UNSPIN_TECHNIQUES_MODEL`` if set, else the model shipped inside the package."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(str(resources.files("unspin") / "models" / "techniques"))


def missing_files(path: Path) -> list[str]:
    return [name for name in MODEL_FILES if not (path / name).is_file()]


def _onnx_encoder(path: Path, threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.asarray(session.run(["hidden"], {"input_ids": ids, "attention_mask": mask})[0])

    return run


class Calibrator:
    """A monotone map from raw scores to probabilities (isotonic regression, stored as knots)."""

    def __init__(self, knots: dict[str, list[float]] | None) -> None:
        self.x = np.asarray((knots or {}).get("x", [0.0, 1.0]), dtype=float)
        self.y = np.asarray((knots or {}).get("y", [0.0, 1.0]), dtype=float)

    def __call__(self, values: np.ndarray | float) -> np.ndarray:
        return np.interp(values, self.x, self.y)


@dataclass
class TechniqueModel:
    path: Path
    meta: dict[str, Any]
    tokenizer: Any
    network: TechniqueNetwork

    @property
    def techniques(self) -> list[str]:
        return list(self.meta["techniques"])

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "0"))

    @functools.cached_property
    def span_calibration(self) -> Calibrator:
        return Calibrator(self.meta.get("span_calibration"))

    @functools.cached_property
    def sentence_calibration(self) -> Calibrator:
        return Calibrator(self.meta.get("sentence_calibration"))

    def pieces(self, text: str) -> Pieces:
        return encode(self.tokenizer, text)

    def encode(self, pieces: Pieces) -> EncodedArticle:
        return self.network.encode(pieces)

    def detect(self, pieces: Pieces, enc: EncodedArticle) -> tuple[np.ndarray, list[tuple[int, int, float]]]:
        """Per-piece propaganda probability, and character spans with their raw scores."""
        probs = self.network.token_probs(enc)
        spans = decode_spans(pieces, probs, float(self.meta.get("si_threshold", 0.5)))
        return probs[:, 1] + probs[:, 2], spans

    def classify(self, pieces: Pieces, enc: EncodedArticle, spans: list[tuple[int, int]]) -> np.ndarray:
        """Technique probabilities (rows sum to 1) for character spans, temperature-calibrated."""
        if not len(pieces):
            return np.full((len(spans), len(self.techniques)), 1.0 / len(self.techniques))
        ranges = []
        for start, end in spans:
            i, j = piece_range(pieces, start, end)
            if j <= i:  # a span with no word piece (e.g. only emoji): read the nearest piece
                i = min(i, len(pieces) - 1)
                j = i + 1
            ranges.append((i, j))
        logits = self.network.span_logits(enc, ranges)
        return softmax(logits / float(self.meta.get("tc_temperature", 1.0)))


@functools.cache
def load_model(path: str) -> TechniqueModel:
    """Load a technique model folder (cached: one copy per process)."""
    folder = Path(path)
    missing = missing_files(folder)
    if missing:
        raise ModelNotInstalledError(f"technique model at {folder} lacks {', '.join(missing)}")
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    with np.load(folder / "heads.npz") as data:
        heads = {k: np.asarray(data[k], dtype=np.float32) for k in data.files}
    threads = int(os.environ.get("UNSPIN_THREADS", min(4, os.cpu_count() or 1)))
    network = TechniqueNetwork(
        _onnx_encoder(folder / "encoder.onnx", threads),
        heads,
        window=int(meta.get("window", 256)),
        stride=int(meta.get("stride", 128)),
    )
    return TechniqueModel(folder, meta, load_tokenizer(folder / "tokenizer.json"), network)
