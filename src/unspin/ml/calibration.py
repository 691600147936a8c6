"""Calibration maps (isotonic regression stored as interpolation knots) and how well scores rank and
calibrate, shared by the technique and claims models and their trainers.

A map is ``{"x": [...], "y": [...]}`` in ``model.json``: inference interpolates in numpy; fitting and the
metrics use scikit-learn (training only).
"""

from __future__ import annotations

import numpy as np

Knots = dict[str, list[float]]


def calibrate(knots: Knots, values: np.ndarray | float) -> np.ndarray:
    """Map raw scores through the knots (linear between them, clamped outside)."""
    return np.asarray(np.interp(values, knots["x"], knots["y"]))


def isotonic_knots(x: np.ndarray, y: np.ndarray, knots: int = 20) -> Knots:
    """Isotonic regression of ``y`` on ``x``, stored as at most ``knots`` interpolation points."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(x, y)
    grid = np.unique(np.quantile(x, np.linspace(0, 1, knots)))
    return {"x": [round(float(v), 5) for v in grid], "y": [round(float(v), 5) for v in iso.predict(grid)]}


def expected_calibration_error(confidence: np.ndarray, outcome: np.ndarray, bins: int = 10) -> float:
    """ECE with equal-width bins: mean |observed rate - mean confidence| over the bins, weighted by
    their share of the scores (the bins of scikit-learn's ``calibration_curve``); ``outcome`` is 0/1."""
    from sklearn.calibration import calibration_curve

    confidence = np.asarray(confidence, dtype=float)
    outcome = np.asarray(outcome)
    if not len(confidence):
        return 0.0
    if np.all(outcome == outcome.flat[0]):  # one class: calibration_curve needs both
        return float(abs(float(outcome.flat[0]) - confidence.mean()))
    observed, predicted = calibration_curve(outcome, confidence, n_bins=bins, strategy="uniform")
    edges = np.linspace(0.0, 1.0, bins + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], confidence), minlength=bins)
    share = counts[counts > 0] / len(confidence)
    return float(np.sum(share * np.abs(observed - predicted)))


def roc_auc(scores: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve (ties count half); NaN when ``y`` holds one class only."""
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y)
    if len(np.unique(y)) < 2:
        return float("nan")
    return float(roc_auc_score(y, scores))
