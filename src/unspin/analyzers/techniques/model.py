"""The shipped technique model: its files, its loader, and the predictions it makes.

A model is a folder:

``model.json``     settings: window, technique order, blend weights, thresholds, calibration, metrics,
                   and the network files (one pair per network of an ensemble):
``encoder.onnx``   a fine-tuned encoder (word-piece ids → hidden states), int8-quantised
``heads.npz``      that network's token (BIO) and span (technique) heads, as plain matrices
``ngrams.npz``     the n-gram word tagger and span classifier (weights and vocabularies)
``tokenizer.json`` the encoder's word-piece vocabulary
``MODEL_CARD.md``  data, metrics, calibration, limitations, how to retrain

It loads lazily, once per process, and runs on onnxruntime and numpy only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.analyzers.techniques.ensemble import (
    Calibration,
    ClassifySettings,
    DecodeSettings,
    article_probability,
    average_log_probs,
    blend_inside,
    blend_techniques,
    decode,
    sentence_peaks,
    word_probs_on_pieces,
)
from unspin.analyzers.techniques.network import EncodedArticle, TechniqueNetwork
from unspin.analyzers.techniques.ngrams import SpanClassifier, WordTagger
from unspin.ml import ModelFolder, Pieces, calibrate, encode, load_tokenizer, onnx_encoder, piece_range

SINGLE_NETWORK = [{"encoder": "encoder.onnx", "heads": "heads.npz"}]


def network_files(meta: dict[str, Any]) -> list[dict[str, str]]:
    return list(meta.get("networks") or SINGLE_NETWORK)


FOLDER = ModelFolder(
    kind="technique",
    env_var="UNSPIN_TECHNIQUES_MODEL",
    shipped="techniques",
    files=("model.json", "ngrams.npz", "tokenizer.json"),
    listed_files=lambda meta: [f for net in network_files(meta) for f in (net["encoder"], net["heads"])],
)


@dataclass
class Analysis:
    """One pass of the model over a text: pieces, encoder states, inside-probabilities, spans."""

    pieces: Pieces
    encoded: list[EncodedArticle]  # one per network
    inside: np.ndarray  # per piece, blended
    spans: list[tuple[int, int, float]]  # character spans with their raw (uncalibrated) score


@dataclass
class TechniqueModel:
    path: Path
    meta: dict[str, Any]
    tokenizer: Any
    networks: list[TechniqueNetwork]
    tagger: WordTagger
    classifier: SpanClassifier

    @property
    def techniques(self) -> list[str]:
        return list(self.meta["techniques"])

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "0"))

    @functools.cached_property
    def decode_settings(self) -> DecodeSettings:
        return DecodeSettings(**self.meta.get("decode", {}))

    @functools.cached_property
    def classify_settings(self) -> ClassifySettings:
        return ClassifySettings(**self.meta.get("classify", {}))

    @functools.cached_property
    def calibration(self) -> Calibration:
        return Calibration(**self.meta.get("calibration", {}))

    def analyse(
        self, text: str, words: list[tuple[int, int]], sentence_starts: list[int] | None = None
    ) -> Analysis:
        """Encode ``text`` once and find technique spans; ``words`` are its word tokens and
        ``sentence_starts`` the offsets where its sentences start (spans may be kept inside them)."""
        pieces = encode(self.tokenizer, text)
        encoded = [net.encode(pieces) for net in self.networks]
        network_inside = np.mean(
            [
                (p := net.token_probs(enc))[:, 1] + p[:, 2]
                for net, enc in zip(self.networks, encoded, strict=True)
            ],
            axis=0,
        )
        word_p = self.tagger.predict_proba([text[s:e] for s, e in words])
        starts = np.asarray([s for s, _ in words], dtype=np.int64)
        inside = blend_inside(
            network_inside,
            word_probs_on_pieces(pieces, starts, word_p),
            self.decode_settings.word_weight,
        )
        spans = decode(pieces, inside, self.decode_settings, sentence_starts)
        return Analysis(pieces, encoded, inside, spans)

    def span_probability(self, raw: float) -> float:
        return float(calibrate(self.calibration.span, raw))

    def sentence_probability(self, peak: float) -> float:
        return float(calibrate(self.calibration.sentence, peak))

    def sentence_probabilities(self, run: Analysis, sentences: list[tuple[int, int]]) -> np.ndarray:
        """Calibrated P(sentence holds a technique span), from the peak inside-probability of its pieces."""
        return calibrate(self.calibration.sentence, sentence_peaks(run.pieces, run.inside, sentences))

    def article_probability(self, sentence_probs: list[float]) -> float | None:
        """Calibrated P(the article is propagandistic); None when the model has no article map."""
        if not self.calibration.article:
            return None
        return article_probability(self.calibration.article, sentence_probs)

    def classify(self, text: str, run: Analysis, spans: list[tuple[int, int]]) -> np.ndarray:
        """Technique probabilities (rows sum to 1) for character spans of the analysed text."""
        n_tech = len(self.techniques)
        if not spans:
            return np.zeros((0, n_tech))
        if not len(run.pieces):
            return np.full((len(spans), n_tech), 1.0 / n_tech)
        ranges = []
        for start, end in spans:
            i, j = piece_range(run.pieces, start, end)
            if j <= i:  # a span with no word piece (only emoji, say): read the nearest piece
                i = min(i, len(run.pieces) - 1)
                j = i + 1
            ranges.append((i, j))
        logits = average_log_probs(
            [net.span_logits(enc, ranges) for net, enc in zip(self.networks, run.encoded, strict=True)]
        )
        return blend_techniques(logits, self.classifier.predict_proba(text, spans), self.classify_settings)


@functools.cache
def load_model(path: str) -> TechniqueModel:
    """Load a technique model folder (cached: one copy per process)."""
    folder = Path(path)
    FOLDER.require(folder)
    meta = FOLDER.read_meta(folder)
    with np.load(folder / "ngrams.npz") as data:
        tagger = WordTagger.from_arrays(data, "tagger_")
        classifier = SpanClassifier.from_arrays(data, "classifier_")
    networks = []
    for files in network_files(meta):
        with np.load(folder / files["heads"]) as data:
            heads = {k: np.asarray(data[k], dtype=np.float32) for k in data.files}
        networks.append(
            TechniqueNetwork(
                # Its session starts at the first call, so a loaded model can be shared with forked
                # worker processes (Analyzer.preload); each starts its own session.
                onnx_encoder(folder / files["encoder"], lazy=True),
                heads,
                window=int(meta.get("window", 256)),
                stride=int(meta.get("stride", meta.get("window", 256))),
            )
        )
    return TechniqueModel(
        folder, meta, load_tokenizer(folder / "tokenizer.json"), networks, tagger, classifier
    )
