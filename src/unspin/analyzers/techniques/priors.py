"""Technique priors: a class-prior correction and a span-length prior for technique classification.

The network's span head learns the techniques' frequencies along with their cues, so a rare technique
loses close calls to Loaded_Language (in one article 9 of 10 spans got that label). Dividing by the
class prior raised to ``prior_weight`` corrects for it; a per-technique log-normal model of the span's
length (a slogan is short, a straw man long) adds ``length_weight`` times its log-likelihood. Both are
added to the network's log-probabilities before the blend with the n-gram classifier, which equals
reweighting the blended probabilities (:meth:`TechniquePriors.adjust`), so they apply to any model's
output. The weights are tuned on held-out folds (BENCHMARKS.md, techniques); the statistics are counted
on training articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MIN_SD = 0.3  # floor on the spread of log length, so a technique with few spans is no spike


@dataclass
class TechniquePriors:
    prior: np.ndarray  # per technique: share of training spans (add-one smoothed)
    length_mean: np.ndarray  # per technique: mean of log(1 + span length in characters)
    length_sd: np.ndarray  # and its spread
    prior_weight: float = 0.0
    length_weight: float = 0.0

    @classmethod
    def fit(
        cls,
        rows: Sequence[tuple[str, int, int]],
        techniques: Sequence[str],
        prior_weight: float = 0.0,
        length_weight: float = 0.0,
    ) -> TechniquePriors:
        """Count the statistics on gold (technique, start, end) rows."""
        index = {t: k for k, t in enumerate(techniques)}
        lengths: list[list[float]] = [[] for _ in techniques]
        for technique, start, end in rows:
            lengths[index[technique]].append(float(np.log1p(end - start)))
        counts = np.asarray([len(v) + 1.0 for v in lengths])
        mean = np.asarray([np.mean(v) if v else 3.0 for v in lengths])
        sd = np.asarray([max(MIN_SD, float(np.std(v))) if len(v) > 1 else 1.0 for v in lengths])
        return cls(counts / counts.sum(), mean, sd, prior_weight, length_weight)

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> TechniquePriors | None:
        """The priors a model's ``model.json`` holds (``technique_priors``), or None."""
        raw = meta.get("technique_priors")
        if not isinstance(raw, dict) or not raw:
            return None
        return cls(
            np.asarray(raw["prior"], dtype=float),
            np.asarray(raw["length_mean"], dtype=float),
            np.asarray(raw["length_sd"], dtype=float),
            float(raw.get("prior_weight", 0.0)),
            float(raw.get("length_weight", 0.0)),
        )

    def to_meta(self) -> dict[str, Any]:
        return {
            "prior": [round(float(v), 6) for v in self.prior],
            "length_mean": [round(float(v), 5) for v in self.length_mean],
            "length_sd": [round(float(v), 5) for v in self.length_sd],
            "prior_weight": self.prior_weight,
            "length_weight": self.length_weight,
        }

    def length_loglik(self, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Per span and technique: log-likelihood of the span's log length (up to a constant)."""
        x = np.log1p(np.asarray([max(0, e - s) for s, e in spans], dtype=float))[:, None]
        z = (x - self.length_mean[None, :]) / self.length_sd[None, :]
        return np.asarray(-0.5 * z**2 - np.log(self.length_sd)[None, :])

    def logit_shift(self, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """What is added to the network's technique log-probabilities of each span."""
        shift = -self.prior_weight * np.log(self.prior)[None, :] + np.zeros((len(spans), len(self.prior)))
        if self.length_weight:
            shift = shift + self.length_weight * self.length_loglik(spans)
        return np.asarray(shift)

    def adjust(
        self, probs: np.ndarray, spans: Sequence[tuple[int, int]], ngram_weight: float, temperature: float
    ) -> np.ndarray:
        """Blended technique probabilities (network share ``1 - ngram_weight``, divided by
        ``temperature``) as they are with the shift added to the network's log-probabilities."""
        if not len(spans):
            return np.asarray(probs)
        shift = self.logit_shift(spans) * (1.0 - ngram_weight) / temperature
        out = np.asarray(probs, dtype=float) * np.exp(shift - shift.max(axis=1, keepdims=True))
        return np.asarray(out / out.sum(axis=1, keepdims=True))
