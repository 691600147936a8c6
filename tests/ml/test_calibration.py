"""Calibration maps and the metrics training reports about them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.ml import calibrate, expected_calibration_error, isotonic_knots, roc_auc


def test_calibrate_interpolates_between_knots_and_clamps() -> None:
    knots = {"x": [0.1, 0.4, 0.8], "y": [0.0, 0.3, 0.9]}
    assert float(calibrate(knots, 0.25)) == pytest.approx(0.15)
    assert float(calibrate(knots, 0.6)) == pytest.approx(0.6)
    assert float(calibrate(knots, 0.0)) == 0.0
    assert float(calibrate(knots, 1.0)) == 0.9
    assert calibrate(knots, np.asarray([0.1, 0.4, 0.8])).tolist() == [0.0, 0.3, 0.9]


@settings(max_examples=100, deadline=None)
@given(
    # Knots as isotonic_knots stores them: rounded to 5 decimals (no denormal gaps between them).
    st.lists(
        st.tuples(st.floats(0, 1).map(lambda v: round(v, 5)), st.floats(0, 1).map(lambda v: round(v, 5))),
        min_size=1,
        max_size=8,
        unique_by=lambda t: t[0],
    ),
    st.lists(st.floats(-0.5, 1.5), min_size=2, max_size=20),
)
def test_calibrate_is_monotone(pairs: list[tuple[float, float]], values: list[float]) -> None:
    xs = sorted(x for x, _ in pairs)
    ys = sorted(y for _, y in pairs)  # isotonic knots: both non-decreasing
    knots = {"x": xs, "y": ys}
    v = np.sort(np.asarray(values))
    out = calibrate(knots, v)
    assert np.all(np.diff(out) >= -1e-12)
    assert np.all(out >= ys[0] - 1e-12) and np.all(out <= ys[-1] + 1e-12)


def test_isotonic_knots_are_monotone_few_and_calibrate() -> None:
    rng = np.random.default_rng(4)
    x = rng.random(3000)
    y = (rng.random(3000) < x**2).astype(float)  # true probability x², so raw x is over-confident
    knots = isotonic_knots(x, y, knots=12)
    assert len(knots["x"]) <= 12 and knots["x"] == sorted(knots["x"]) and knots["y"] == sorted(knots["y"])
    assert knots["y"][0] >= 0.0 and knots["y"][-1] <= 1.0
    assert expected_calibration_error(calibrate(knots, x), y) < expected_calibration_error(x, y) / 3
    assert float(calibrate(knots, 0.5)) == pytest.approx(0.25, abs=0.08)


def test_expected_calibration_error_weights_bins_by_their_share() -> None:
    # Bin [0.1, 0.2): 4 scores of 0.15, half positive (error 0.35); bin [0.9, 1]: 4 scores of 0.95, all
    # positive (error 0.05). Weighted equally: 0.2.
    confidence = np.asarray([0.15] * 4 + [0.95] * 4)
    outcome = np.asarray([1, 1, 0, 0, 1, 1, 1, 1], dtype=float)
    assert expected_calibration_error(confidence, outcome) == pytest.approx(0.2)
    # Three times as many scores in the second bin: (0.35 + 3 × 0.05) / 4.
    confidence = np.asarray([0.15] * 4 + [0.95] * 12)
    outcome = np.asarray([1, 1, 0, 0] + [1] * 12, dtype=float)
    assert expected_calibration_error(confidence, outcome) == pytest.approx(0.125)


def test_expected_calibration_error_of_one_class_is_the_mean_distance() -> None:
    confidence = np.asarray([0.1, 0.3, 0.8])
    assert expected_calibration_error(confidence, np.zeros(3)) == pytest.approx(0.4)
    assert expected_calibration_error(confidence, np.ones(3)) == pytest.approx(0.6)
    assert expected_calibration_error(np.zeros(0), np.zeros(0)) == 0.0


def test_roc_auc_counts_ties_half_and_needs_both_classes() -> None:
    y = np.asarray([0, 0, 1, 1])
    assert roc_auc(np.asarray([0.1, 0.2, 0.8, 0.9]), y) == 1.0
    assert roc_auc(np.asarray([0.9, 0.8, 0.2, 0.1]), y) == 0.0
    assert roc_auc(np.asarray([0.5, 0.5, 0.5, 0.5]), y) == 0.5
    assert roc_auc(np.asarray([0.1, 0.5, 0.5, 0.9]), y) == pytest.approx(0.875)
    assert np.isnan(roc_auc(np.asarray([0.1, 0.2]), np.zeros(2, dtype=int)))
