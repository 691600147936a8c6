"""MODEL_CARD.md generated from a model folder's ``model.json``."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from unspin.ingest.ptc import techniques_list
from unspin.train.model_card import render, write_model_card


def realistic_meta(folds: int = 5) -> dict[str, Any]:
    per_technique = {
        "Loaded_Language": {"precision": 0.7312, "recall": 0.8125, "f1": 0.7697, "support": 2123},
        "Name_Calling,Labeling": {"precision": 0.6401, "recall": 0.7033, "f1": 0.6702, "support": 1058},
        "Thought-terminating_Cliches": {"precision": 0.25, "recall": 0.0417, "f1": 0.0714, "support": 72},
    }
    return {
        "name": "unspin-techniques",
        "version": "2031.02.17",
        "base_encoder": "/opt/models/all-MiniLM-L6-v2",
        "window": 256,
        "stride": 256,
        "techniques": list(techniques_list()),
        "decode": {"word_weight": 0.25, "high": 0.45, "low": 0.2, "gap": 2},
        "classify": {"ngram_weight": 0.35, "temperature": 1.37},
        "calibration": {
            "span": {"x": [0.0, 0.3, 1.0], "y": [0.05, 0.4, 0.9]},
            "sentence": {"x": [0.0, 1.0], "y": [0.0, 1.0]},
        },
        "training": {
            "seed": 13,
            "folds": folds,
            "neural": {"epochs": 4, "batch_size": 16, "lr_encoder": 5e-05, "lr_heads": 0.001, "window": 256},
        },
        "metrics": {
            "folds": folds,
            "articles": 371,
            "si": {
                "precision": 0.4321,
                "recall": 0.5012,
                "f1": 0.4641,
                "network_only_f1": 0.4503,
                "ngram_only_f1": 0.2987,
                "ngram_only": {"precision": 0.2611, "recall": 0.3489, "f1": 0.2987},
                "gold_spans": 5468,
            },
            "tc": {
                "micro_f1": 0.6123,
                "network_only_f1": 0.5876,
                "ngram_only_f1": 0.4432,
                "per_technique": per_technique,
                "ngram_only_per_technique": {
                    "Loaded_Language": {"precision": 0.61, "recall": 0.7, "f1": 0.652, "support": 2123},
                    "Name_Calling,Labeling": {"precision": 0.5, "recall": 0.4, "f1": 0.444, "support": 1058},
                },
                "ece_top1": 0.0412,
                "rows": 6129,
            },
            "calibration": {
                "span_ece_raw": 0.1834,
                "span_ece": 0.0211,
                "sentence_ece_raw": 0.0977,
                "sentence_ece": 0.0153,
                "sentences": 16012,
                "spans": 4875,
            },
            "export": {"max_inside_prob_diff": 0.0187, "token_argmax_agreement": 0.9964},
        },
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    model = tmp_path / "model"
    model.mkdir()
    (model / "encoder.onnx").write_bytes(b"\0" * 2_500_000)
    (model / "heads.npz").write_bytes(b"\0" * 150_000)
    (model / "model.json").write_text("{}", encoding="utf-8")
    (model / "MODEL_CARD.md").write_text("old card", encoding="utf-8")
    (model / "notes").mkdir()  # folders are not listed
    return model


def test_card_carries_the_numbers(folder: Path) -> None:
    card = render(realistic_meta(), folder)
    assert card.startswith("# Model card: unspin-techniques 2031.02.17\n")
    assert "$" not in card  # every placeholder filled
    # Setup.
    assert "`sentence-transformers/all-MiniLM-L6-v2`" in card and "/opt/models" not in card
    assert "windows of 256 pieces, one every\n  256 pieces." in card
    assert "0.75 × network + 0.25 × word tagger" in card
    assert "reaching 0.45 that extend over neighbours above 0.2 (gaps of up to 2 pieces merged)" in card
    assert "n-gram weight\n  0.35" in card
    # Evaluation table: SI and TC with the ratio to the n-gram baseline.
    assert "5-fold cross-validation on the 371 PTC training articles (no validation set" in card
    assert "Fixed validation set" not in card and "Article score" not in card
    assert "| SI F1 | 0.464 (P 0.432, R 0.501) | 0.450 | 0.299 (P 0.261, R 0.349) | 1.55× |" in card
    assert "| TC micro-F1 | 0.612 | 0.588 | 0.443 | 1.38× |" in card
    # Per technique rows, in the order given, with the baseline's F1 (a dash where it has none).
    rows = re.findall(
        r"^\| (\S+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| ([\d.–]+) \| (\d+) \|$", card, flags=re.MULTILINE
    )
    assert rows == [
        ("Loaded_Language", "0.731", "0.812", "0.770", "0.652", "2123"),
        ("Name_Calling,Labeling", "0.640", "0.703", "0.670", "0.444", "1058"),
        ("Thought-terminating_Cliches", "0.250", "0.042", "0.071", "–", "72"),
    ]
    # Calibration.
    assert "0.183 → 0.021\n  over 4875 spans" in card
    assert "0.098 → 0.015\n  over 16012 sentences" in card
    assert "temperature 1.37): 0.041." in card
    # Export check and training settings.
    assert "inside-probability 0.019, tag agreement 0.996" in card
    assert "epochs 4, batch 16 windows, encoder learning rate 5e-05" in card
    assert "rate 0.001, seed 13." in card
    assert "--folds 5" in card


def test_card_says_whether_spans_may_cross_sentences(folder: Path) -> None:
    meta = realistic_meta()
    assert "cut where a sentence starts" not in render(meta, folder)
    meta["decode"]["within_sentences"] = True
    assert "whole words and cut where a sentence starts (the title" in render(meta, folder)


def test_card_lists_the_files_but_not_itself(folder: Path) -> None:
    card = render(realistic_meta(), folder)
    assert "| `encoder.onnx` | 2.5 MB |" in card
    assert "| `heads.npz` | 0.1 MB |" in card
    assert "| `model.json` | 0.0 MB |" in card
    assert "MODEL_CARD.md` |" not in card
    assert "`notes`" not in card
    files = card[card.index("## Files") : card.index("## How to retrain")]
    assert files.index("encoder.onnx") < files.index("heads.npz") < files.index("model.json")


@pytest.mark.parametrize("folds", [0, 1])
def test_without_cross_validation_there_are_no_held_out_metrics(folder: Path, folds: int) -> None:
    meta = realistic_meta(folds)
    for key in ("si", "tc", "calibration"):
        del meta["metrics"][key]
    card = render(meta, folder)
    assert "Trained without cross-validation: no held-out metrics, identity calibration." in card
    assert "cross-validation on the 371 PTC" not in card
    assert "| SI F1 |" not in card and "### Calibration" not in card
    assert "$" not in card
    # The sections around the evaluation are still there.
    assert "## Evaluation" in card and "## Limitations" in card and "## How to retrain" in card


def test_no_metrics_at_all(folder: Path) -> None:
    meta = realistic_meta()
    del meta["metrics"]
    card = render(meta, folder)
    assert "no held-out metrics" in card
    assert "--folds 5" in card  # the suggested retraining command still works
    assert "tag agreement –" in card  # missing numbers show as a dash


def test_missing_numbers_render_as_dashes(folder: Path) -> None:
    meta = copy.deepcopy(realistic_meta())
    del meta["metrics"]["si"]["network_only_f1"]
    meta["metrics"]["tc"]["per_technique"]["Loaded_Language"]["recall"] = None
    card = render(meta, folder)
    assert "| SI F1 | 0.464 (P 0.432, R 0.501) | – | 0.299 (P 0.261, R 0.349) | 1.55× |" in card
    assert "| Loaded_Language | 0.731 | – | 0.770 | 0.652 | 2123 |" in card


def test_write_model_card(folder: Path) -> None:
    meta = realistic_meta()
    write_model_card(folder, meta)
    written = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert written == render(meta, folder)
    assert "0.464" in written


def test_card_puts_the_untouched_validation_scores_first(folder: Path) -> None:
    meta = realistic_meta(folds=2)
    meta["metrics"]["articles"] = 297
    meta["metrics"]["validation_articles"] = 74
    meta["metrics"]["validation"] = {
        "articles": 74,
        "si": {"precision": 0.366, "recall": 0.6157, "f1": 0.4591},
        "tc": {"micro_f1": 0.6794, "per_technique": {"Slogans": {"f1": 0.6316, "support": 23}}},
    }
    meta["calibration"]["article"] = {"w": [14.24665, 0.0, 0.0], "b": [-3.50168]}
    card = render(meta, folder)
    assert "$" not in card
    evaluation = card[card.index("## Evaluation") :]
    assert evaluation.index("Fixed validation set (untouched)") < evaluation.index("cross-validation")
    assert "| SI F1 | **0.459** (P 0.366, R 0.616) |" in card
    assert "| TC micro-F1 | **0.679** |" in card and "| Slogans | 0.632 | 23 |" in card
    assert "on the 297 PTC training articles outside the 74 fixed validation articles" in card
    assert "σ(14.25 · mean calibrated sentence probability − 3.502)" in card
