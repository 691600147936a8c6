"""Training the claims model: folds, metrics, the choice of settings on held-out scores, a whole run.

The whole run trains on a small ClaimBuster-format CSV written here (own sentences); a second run on the
real data is marked ``shared_data`` and skips when ../shared is absent.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from unspin import Article, Pipeline
from unspin.analyzers.claims.model import FOLDER, load_model
from unspin.cli import main
from unspin.errors import InputError
from unspin.ml import roc_auc
from unspin.train.claims import (
    THRESHOLDS,
    apply,
    best_threshold,
    choose,
    f1_at,
    group_folds,
    held_out_metrics,
    load_claimbuster,
    render_model_card,
)

# ../shared beside the checkout (the main one), else the machine's copy (for a git worktree elsewhere).
SHARED = (
    next(
        (p for p in (Path(__file__).resolve().parents[3] / "shared", Path("/work/shared")) if p.is_dir()),
        Path("/work/shared"),
    )
    / "data"
    / "claimbuster"
)

FACTS = [
    "Unemployment in Marrow County rose to {n} percent in January.",
    "Police seized {n} kilograms of explosives in Brenholt on Monday.",
    "Exports to Kestria fell by {n} percent in 2025.",
    "The company laid off {n} workers last year.",
    "Tax revenue reached {n} billion crowns in 2024.",
]
TALK = [
    "Thank you all for coming tonight, friend number {n}.",
    "I think we can do better than this, and I mean it {n} times.",
    "We must stand together and never give up.",
    "Let me be very clear about where I stand.",
    "Our future is bright if we believe in ourselves.",
]


def test_group_folds_keep_debates_together_and_balance_them() -> None:
    rng = np.random.default_rng(0)
    groups = [f"debate-{int(g)}" for g in rng.integers(0, 12, size=600)]
    folds = group_folds(groups, 4)
    every = np.sort(np.concatenate(folds))
    assert np.array_equal(every, np.arange(600))
    seen = [{groups[i] for i in f} for f in folds]
    for a in range(4):
        for b in range(a + 1, 4):
            assert not seen[a] & seen[b]
    sizes = [len(f) for f in folds]
    assert max(sizes) - min(sizes) < 120
    assert [f.tolist() for f in group_folds(groups, 4)] == [f.tolist() for f in folds]


def test_f1_and_best_threshold() -> None:
    y = np.asarray([1, 1, 0, 0, 0])
    s = np.asarray([0.9, 0.6, 0.55, 0.2, 0.1])
    assert f1_at(s, y, 0.58) == (1.0, 1.0, 1.0)
    p, r, f = f1_at(s, y, 0.5)
    assert (p, r) == (2 / 3, 1.0) and abs(f - 0.8) < 1e-12
    assert f1_at(s, y, 0.95) == (0.0, 0.0, 0.0)
    t = best_threshold(s, y)
    assert t in THRESHOLDS and 0.55 < t <= 0.6


def test_choose_calibrates_monotonically_and_blends() -> None:
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 2000)
    ngram = np.clip(0.3 + 0.3 * y + rng.normal(0, 0.2, 2000), 0, 1)
    head = np.clip(0.3 + 0.3 * y + rng.normal(0, 0.2, 2000), 0, 1)  # independent noise: blending helps
    fast, full = choose(ngram, None, y), choose(ngram, head, y)
    assert fast.encoder_weight == 0.0 and 0.3 <= full.encoder_weight <= 0.7
    for chosen in (fast, full):
        knots = chosen.calibration
        assert knots["x"] == sorted(knots["x"]) and knots["y"] == sorted(knots["y"])
        calibrated = apply(chosen, ngram, head)
        assert np.all((calibrated >= 0) & (calibrated <= 1))
        # Calibrated: the mean probability is close to the positive rate.
        assert abs(calibrated.mean() - y.mean()) < 0.03
    assert roc_auc(apply(full, ngram, head), y) > roc_auc(apply(fast, ngram, None), y)


def test_a_folds_threshold_never_sees_its_labels() -> None:
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 900)
    s = np.clip(0.3 + 0.4 * y + rng.normal(0, 0.25, 900), 0, 1)
    folds = [np.arange(k, 900, 3) for k in range(3)]
    first = held_out_metrics("m", folds, y, s)
    flipped = y.copy()
    flipped[folds[0]] = 1 - flipped[folds[0]]
    second = held_out_metrics("m", folds, flipped, s)
    assert first["thresholds"][0] == second["thresholds"][0]
    assert first["f1_per_fold"][0] > second["f1_per_fold"][0]
    assert set(first) >= {"f1", "precision", "recall", "roc_auc", "ece", "f1_per_fold"}
    raw = held_out_metrics("raw", folds, y, s, calibrated=False)
    assert raw["roc_auc"] == round(roc_auc(s, y), 4)


def _write_claimbuster(path: Path, debates: int = 4, per: int = 30) -> Path:
    """A small CSV in the ClaimBuster layout, from sentences written for this test."""
    path.mkdir(parents=True, exist_ok=True)
    file = path / "crowdsourced.csv"
    with open(file, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Sentence_id", "Text", "File_id", "Verdict"])
        k = 0
        for d in range(debates):
            for i in range(per):
                fact = i % 2 == 0
                template = (FACTS if fact else TALK)[(i // 2) % 5]
                text = template.format(n=7 * d + i + 3)
                writer.writerow([k, text, f"debate-{d}.txt", "1" if fact else "-1"])
                k += 1
    return path


def test_load_claimbuster(tmp_path: Path) -> None:
    data = load_claimbuster(_write_claimbuster(tmp_path / "cb"))
    assert len(data.texts) == 120 and int(data.labels.sum()) == 60
    assert set(data.groups) == {f"debate-{d}.txt" for d in range(4)}
    assert len(load_claimbuster(tmp_path / "cb" / "crowdsourced.csv", limit=10).texts) == 10
    with pytest.raises(InputError, match=r"no crowdsourced\.csv"):
        load_claimbuster(tmp_path)
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs Text, Verdict, File_id"):
        load_claimbuster(tmp_path / "bad.csv")


def test_whole_run_without_the_encoder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_claimbuster(tmp_path / "cb")
    out = tmp_path / "run"
    main(["train", "claims", "--data", str(data), "--folds", "2", "--no-encoder", "--out", str(out)])
    folder = Path(capsys.readouterr().out.strip())
    assert folder == out / "model"
    assert FOLDER.missing(folder) == [] and (folder / "MODEL_CARD.md").is_file()
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["cv"]) >= {"baseline", "fast"} and "full" not in metrics["cv"]
    assert metrics["cv"]["fast"]["roc_auc"] > 0.9  # the test sentences are easy to tell apart
    assert (out / "train.log").read_text(encoding="utf-8").count("fold ") >= 2
    model = load_model(str(folder))
    assert model.meta["modes"]["full"] == model.meta["modes"]["fast"]
    article = Pipeline(only=["claims"], config={"claims": {"model": str(folder)}})(
        Article("Exports to Kestria fell by 12 percent in 2025. We must stand together.")
    )
    assert [c.text for c in article.layer("claims")] == ["Exports to Kestria fell by 12 percent in 2025."]
    card = render_model_card(folder, model.meta)
    assert "TF-IDF + logistic regression" in card and "2-fold cross-validation" in card


def test_train_refuses_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    data = _write_claimbuster(tmp_path / "cb")
    for args in (
        ["--data", str(tmp_path / "empty")],
        ["--data", str(data), "--folds", "1"],
        ["--data", str(data), "--folds", "5", "--no-encoder"],  # 4 debates
    ):
        with pytest.raises(SystemExit) as exc:
            main(["train", "claims", *args, "--out", str(tmp_path / "run")])
        assert exc.value.code == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("unspin: error:")
    assert not (tmp_path / "run").exists()


@pytest.mark.shared_data
@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/claimbuster is absent")
def test_run_on_a_slice_of_claimbuster(tmp_path: Path) -> None:
    out = tmp_path / "run"
    main(["train", "claims", "--data", str(SHARED), "--limit", "2000", "--folds", "2", "--no-encoder",
          "--out", str(out)])  # fmt: skip
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["sentences"] == 2000
    assert metrics["cv"]["fast"]["roc_auc"] > 0.6
