"""Technique priors: the class-prior correction and the span-length prior."""

from __future__ import annotations

import numpy as np

from unspin.analyzers.techniques.ensemble import ClassifySettings, blend_techniques, log_softmax
from unspin.analyzers.techniques.priors import TechniquePriors

NAMES = ["Loaded", "Slogans", "Straw"]
ROWS = [("Loaded", 0, 8)] * 8 + [("Slogans", 0, 20), ("Slogans", 5, 25), ("Straw", 0, 200), ("Straw", 0, 150)]


def test_fit_counts_shares_and_lengths() -> None:
    priors = TechniquePriors.fit(ROWS, NAMES)
    assert np.allclose(priors.prior, np.asarray([9, 3, 3]) / 15)
    assert np.isclose(priors.length_mean[0], np.log1p(8))
    assert priors.length_sd[0] == 0.3  # eight equal lengths: the floor, not zero
    assert priors.length_mean[2] > priors.length_mean[1] > priors.length_mean[0]


def test_adjust_equals_shifting_the_network_before_the_blend() -> None:
    rng = np.random.default_rng(3)
    priors = TechniquePriors.fit(ROWS, NAMES, prior_weight=0.7, length_weight=0.4)
    spans = [(0, 9), (10, 40), (0, 180)]
    logits = rng.normal(size=(3, 3))
    ngram = rng.dirichlet(np.ones(3), size=3)
    settings = ClassifySettings(0.45, 0.9)
    shifted = blend_techniques(log_softmax(logits) + priors.logit_shift(spans), ngram, settings)
    adjusted = priors.adjust(blend_techniques(logits, ngram, settings), spans, 0.45, 0.9)
    assert np.allclose(adjusted, shifted)
    assert np.allclose(adjusted.sum(1), 1.0)


def test_the_correction_moves_close_calls_to_the_rarer_technique() -> None:
    priors = TechniquePriors.fit(ROWS, NAMES, prior_weight=1.0)
    probs = np.asarray([[0.5, 0.45, 0.05]])
    assert np.argmax(priors.adjust(probs, [(0, 10)], 0.0, 1.0)) == 1
    unchanged = TechniquePriors.fit(ROWS, NAMES)  # zero weights: no change
    assert np.allclose(unchanged.adjust(probs, [(0, 10)], 0.0, 1.0), probs)


def test_length_prior_prefers_the_technique_of_that_length() -> None:
    priors = TechniquePriors.fit(ROWS, NAMES, length_weight=1.0)
    flat = np.full((2, 3), 1 / 3)
    out = priors.adjust(flat, [(0, 8), (0, 170)], 0.0, 1.0)
    assert np.argmax(out[0]) == 0 and np.argmax(out[1]) == 2


def test_meta_round_trip() -> None:
    priors = TechniquePriors.fit(ROWS, NAMES, prior_weight=0.5, length_weight=0.2)
    again = TechniquePriors.from_meta({"technique_priors": priors.to_meta()})
    assert again is not None and again.prior_weight == 0.5 and again.length_weight == 0.2
    assert np.allclose(again.prior, priors.prior, atol=1e-6)
    assert TechniquePriors.from_meta({}) is None
