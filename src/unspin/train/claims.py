"""``unspin train claims``: cross-validate, calibrate and train the check-worthiness model, export it.

Data: the ClaimBuster crowdsourced set (debate sentences; Verdict 1 = check-worthy factual claim, the
positive class; non-factual and unimportant factual sentences are negatives). Steps:

1. Every sentence is parsed once (the shared spaCy model) and embedded once (all-MiniLM-L6-v2, exported
   to ONNX and quantised to int8 first, so training sees exactly the embeddings users' machines compute).
2. Debate-grouped K-fold cross-validation of three models side by side: the TF-IDF + logistic-regression
   baseline, the n-gram model (words, characters, syntax: the ``fast`` mode) and a logistic regression
   over sentence embeddings; the ``full`` mode blends the last two.
3. Honest held-out metrics: for each fold, the blend weight, the calibration map and the F1-optimal
   threshold are chosen on the out-of-fold scores of the *other* folds and then applied to this fold.
4. Final models on all sentences; blend weight, calibration and threshold from all out-of-fold scores.

Everything is seeded; the run folder keeps ``config.json``, ``train.log`` and ``metrics.json``.
"""

from __future__ import annotations

import csv
import json
import shutil
import time
import types
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from unspin.analyzers.claims.features import BLOCKS, ClaimNgrams, doc_bags
from unspin.analyzers.claims.model import MAX_PIECES, embed, parse_texts
from unspin.errors import InputError
from unspin.ml import (
    TfidfBlock,
    base_tokenizer_file,
    calibrate,
    default_encoder,
    expected_calibration_error,
    isotonic_knots,
    load_tokenizer,
    onnx_encoder,
    roc_auc,
    sparse_rows,
)
from unspin.train.model_card import encoder_name

Log = Callable[[str], None]
DATA_FILE = "crowdsourced.csv"
WEIGHTS = tuple(round(w, 2) for w in np.arange(0.0, 1.001, 0.1))
THRESHOLDS = np.round(np.arange(0.02, 0.981, 0.01), 2)


@dataclass
class ClaimSettings:
    data: Path
    out: Path
    folds: int = 5
    seed: int = 13
    encoder: str = ""  # base encoder folder or name (default: all-MiniLM-L6-v2)
    c_ngrams: float = 4.0  # inverse regularisation of the n-gram model
    c_head: float = 2.0  # ... of the embedding head
    c_baseline: float = 4.0  # ... of the TF-IDF baseline
    min_df: int = 2
    use_encoder: bool = True
    version: str = ""
    limit: int | None = None  # only the first N sentences (smoke tests)


@dataclass
class Sentences:
    texts: list[str]
    labels: np.ndarray  # 1 = check-worthy
    groups: list[str]  # the debate of each sentence


def load_claimbuster(path: Path, limit: int | None = None) -> Sentences:
    """Read ``crowdsourced.csv`` (a folder holding it, or the file itself)."""
    file = path / DATA_FILE if path.is_dir() else path
    if not file.is_file():
        raise InputError(f"{path}: no {DATA_FILE} (expected the ClaimBuster folder)")
    with open(file, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or not {"Text", "Verdict", "File_id"} <= set(rows[0]):
        raise InputError(f"{file}: not the ClaimBuster crowdsourced CSV (needs Text, Verdict, File_id)")
    rows = rows[:limit] if limit else rows
    return Sentences(
        [r["Text"] for r in rows],
        np.asarray([r["Verdict"].strip() == "1" for r in rows], dtype=np.int64),
        [r["File_id"] for r in rows],
    )


def group_folds(groups: Sequence[str], k: int) -> list[np.ndarray]:
    """Held-out indices of each fold: whole debates, the biggest first, each to the fold with fewest
    sentences (scikit-learn's ``GroupKFold``)."""
    from sklearn.model_selection import GroupKFold

    splits = GroupKFold(n_splits=k).split(np.zeros((len(groups), 1)), groups=list(groups))
    return [np.asarray(test) for _, test in splits]


# --- models --------------------------------------------------------------------------------------------


def fit_ngrams(bags: Sequence[Sequence[Counter[str]]], y: np.ndarray, settings: ClaimSettings) -> ClaimNgrams:
    from sklearn.linear_model import LogisticRegression

    blocks = [
        TfidfBlock.fit([b[k] for b in bags], min_df=settings.min_df + (1 if name == "chars" else 0))
        for k, name in enumerate(BLOCKS)
    ]
    model = ClaimNgrams(blocks, np.zeros(0), 0.0)
    rows = [model.features(b) for b in bags]
    lr = LogisticRegression(C=settings.c_ngrams, max_iter=3000, random_state=settings.seed)
    lr.fit(sparse_rows(rows, model.width), y)
    return ClaimNgrams(blocks, lr.coef_[0].astype(np.float64), float(lr.intercept_[0]))


def fit_head(emb: np.ndarray, y: np.ndarray, settings: ClaimSettings) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=settings.c_head, max_iter=3000, random_state=settings.seed).fit(emb, y)
    return lr.coef_[0].astype(np.float64), float(lr.intercept_[0])


def head_proba(emb: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-(emb.astype(np.float64) @ w + b))))


def baseline_proba(
    train_texts: list[str], y: np.ndarray, test_texts: list[str], settings: ClaimSettings
) -> np.ndarray:
    """The reference point: TF-IDF word 1-2-grams (scikit-learn's vectoriser) + logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=settings.min_df)
    lr = LogisticRegression(C=settings.c_baseline, max_iter=3000, random_state=settings.seed)
    lr.fit(vec.fit_transform(train_texts), y)
    return np.asarray(lr.predict_proba(vec.transform(test_texts))[:, 1])


# --- choosing settings on held-out scores --------------------------------------------------------------


def f1_at(scores: np.ndarray, y: np.ndarray, threshold: float) -> tuple[float, float, float]:
    pred = scores >= threshold
    tp = float(np.sum(pred & (y == 1)))
    p = tp / max(1.0, float(pred.sum()))
    r = tp / max(1.0, float(y.sum()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(scores: np.ndarray, y: np.ndarray) -> float:
    f1s = [f1_at(scores, y, float(t))[2] for t in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmax(f1s))])


def best_weight(ngram: np.ndarray, head: np.ndarray, y: np.ndarray) -> float:
    """The encoder's share in the blend that maximises held-out ROC-AUC (the smaller on ties)."""
    aucs = [roc_auc((1 - w) * ngram + w * head, y) for w in WEIGHTS]
    return float(WEIGHTS[int(np.argmax(np.round(aucs, 5)))])


@dataclass
class ModeSettings:
    encoder_weight: float
    calibration: dict[str, list[float]]
    threshold: float


def choose(ngram: np.ndarray, head: np.ndarray | None, y: np.ndarray) -> ModeSettings:
    """Blend weight (when there is an encoder), isotonic calibration and F1-optimal threshold."""
    weight = best_weight(ngram, head, y) if head is not None else 0.0
    raw = ngram if head is None else (1 - weight) * ngram + weight * head
    cal = isotonic_knots(raw, y.astype(float))
    return ModeSettings(weight, cal, best_threshold(calibrate(cal, raw), y))


def apply(settings: ModeSettings, ngram: np.ndarray, head: np.ndarray | None) -> np.ndarray:
    w = settings.encoder_weight
    raw = ngram if head is None or w == 0.0 else (1 - w) * ngram + w * head
    return np.clip(calibrate(settings.calibration, raw), 0.0, 1.0)


def held_out_metrics(
    name: str,
    folds: list[np.ndarray],
    y: np.ndarray,
    ngram: np.ndarray,
    head: np.ndarray | None = None,
    calibrated: bool = True,
) -> dict[str, Any]:
    """F1 (threshold, blend and calibration chosen on the other folds), ROC-AUC and calibration error."""
    scores = np.zeros(len(y))
    pred = np.zeros(len(y), dtype=bool)
    thresholds, weights, fold_f1 = [], [], []
    for test in folds:
        rest = np.setdiff1d(np.arange(len(y)), test)
        if calibrated:
            chosen = choose(ngram[rest], None if head is None else head[rest], y[rest])
            scores[test] = apply(chosen, ngram[test], None if head is None else head[test])
            threshold, weight = chosen.threshold, chosen.encoder_weight
        else:
            scores[test] = ngram[test]
            threshold, weight = best_threshold(ngram[rest], y[rest]), 0.0
        pred[test] = scores[test] >= threshold
        thresholds.append(threshold)
        weights.append(weight)
        fold_f1.append(f1_at(scores[test], y[test], threshold)[2])
    tp = float(np.sum(pred & (y == 1)))
    p, r = tp / max(1.0, float(pred.sum())), tp / max(1.0, float(y.sum()))
    metrics: dict[str, Any] = {
        "name": name,
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "roc_auc": round(roc_auc(scores, y), 4),
        "f1_per_fold": [round(f, 4) for f in fold_f1],
        "thresholds": thresholds,
        "ece": round(expected_calibration_error(scores, y.astype(float)), 4),
    }
    if head is not None:
        metrics["encoder_weights"] = weights
    return metrics


# --- the run -------------------------------------------------------------------------------------------


def export_encoder(encoder: str, folder: Path, log: Log) -> Path:
    """The base encoder as ONNX (ids, mask → hidden states), quantised to int8, in ``folder``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    from unspin.train import neural

    fp32 = folder.parent / "encoder.fp32.onnx"
    wrapper = types.SimpleNamespace(encoder=AutoModel.from_pretrained(encoder).eval())
    neural.export_onnx(wrapper, fp32)
    target = folder / "encoder.onnx"
    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True)
    log(f"encoder exported and quantised: {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return fp32


def check_export(fp32: Path, int8: Path, tokenizer: Any, texts: list[str]) -> dict[str, float]:
    """How far the int8 encoder's sentence embeddings are from the fp32 export's (cosine)."""
    a = embed(tokenizer, onnx_encoder(fp32, 2), texts)
    b = embed(tokenizer, onnx_encoder(int8, 2), texts)
    cos = np.sum(a * b, axis=1)
    return {"mean_cosine": round(float(cos.mean()), 4), "min_cosine": round(float(cos.min()), 4)}


def run(settings: ClaimSettings, log: Log) -> Path:
    """The whole training run; returns the model folder inside ``settings.out``."""
    started = time.monotonic()
    out = settings.out
    out.mkdir(parents=True, exist_ok=True)
    folder = out / "model"
    folder.mkdir(parents=True, exist_ok=True)
    settings.encoder = settings.encoder or default_encoder()
    config = {**asdict(settings), "data": str(settings.data), "out": str(out)}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    data = load_claimbuster(settings.data, settings.limit)
    y = data.labels
    log(f"{len(y)} sentences from {len(set(data.groups))} debates, {int(y.sum())} check-worthy")

    t = time.monotonic()
    bags = [doc_bags(doc) for doc in parse_texts(data.texts)]
    log(f"parsed in {time.monotonic() - t:.0f}s")
    emb: np.ndarray | None = None
    tokenizer = None
    fp32 = None
    if settings.use_encoder:
        fp32 = export_encoder(settings.encoder, folder, log)
        tokenizer = load_tokenizer(base_tokenizer_file(settings.encoder))
        t = time.monotonic()
        emb = embed(tokenizer, onnx_encoder(folder / "encoder.onnx", 2), data.texts)
        log(f"embedded in {time.monotonic() - t:.0f}s")

    metrics: dict[str, Any] = {"sentences": len(y), "positives": int(y.sum()), "folds": settings.folds}
    modes: dict[str, ModeSettings] = {}
    n = len(y)
    if settings.folds >= 2:
        if len(set(data.groups)) < settings.folds:
            raise InputError(
                f"{settings.folds} folds need at least {settings.folds} debates (File_id values)"
            )
        folds = group_folds(data.groups, settings.folds)
        oof = {"baseline": np.zeros(n), "ngrams": np.zeros(n), "encoder": np.zeros(n)}
        for f, test in enumerate(folds):
            t = time.monotonic()
            train = np.setdiff1d(np.arange(n), test)
            oof["baseline"][test] = baseline_proba(
                [data.texts[i] for i in train], y[train], [data.texts[i] for i in test], settings
            )
            ngrams = fit_ngrams([bags[i] for i in train], y[train], settings)
            oof["ngrams"][test] = ngrams.predict_proba([bags[i] for i in test])
            if emb is not None:
                w, b = fit_head(emb[train], y[train], settings)
                oof["encoder"][test] = head_proba(emb[test], w, b)
            log(f"fold {f + 1}/{len(folds)}: {len(test)} held out, {time.monotonic() - t:.0f}s")
        cv: dict[str, Any] = {
            "baseline": held_out_metrics(
                "TF-IDF + logistic regression", folds, y, oof["baseline"], None, False
            ),
            "fast": held_out_metrics("n-grams + syntax (fast)", folds, y, oof["ngrams"]),
        }
        if emb is not None:
            cv["encoder"] = held_out_metrics("sentence embeddings alone", folds, y, oof["encoder"])
            cv["full"] = held_out_metrics("blend (full)", folds, y, oof["ngrams"], oof["encoder"])
        cv["raw_ece"] = {
            "fast": round(expected_calibration_error(oof["ngrams"], y.astype(float)), 4),
        }
        for key in ("baseline", "fast", "encoder", "full"):
            if key in cv:
                m = cv[key]
                log(
                    f"{m['name']}: F1 {m['f1']:.4f} (P {m['precision']:.3f} R {m['recall']:.3f}), "
                    f"ROC-AUC {m['roc_auc']:.4f}, ECE {m['ece']:.4f}"
                )
        metrics["cv"] = cv
        modes["fast"] = choose(oof["ngrams"], None, y)
        if emb is not None:
            modes["full"] = choose(oof["ngrams"], oof["encoder"], y)
            share = modes["full"].encoder_weight
            blend = (1 - share) * oof["ngrams"] + share * oof["encoder"]
            cv["raw_ece"]["full"] = round(expected_calibration_error(blend, y.astype(float)), 4)
        metrics["cv_seconds"] = round(time.monotonic() - started)
    else:
        log("no cross-validation (--folds < 2): identity calibration, threshold 0.5")
        identity = {"x": [0.0, 1.0], "y": [0.0, 1.0]}
        modes["fast"] = ModeSettings(0.0, identity, 0.5)
        if emb is not None:
            modes["full"] = ModeSettings(0.5, identity, 0.5)
    if "full" not in modes:  # trained without the encoder: both modes are the n-gram model
        modes["full"] = modes["fast"]

    t = time.monotonic()
    final = fit_ngrams(bags, y, settings)
    head_w, head_b = fit_head(emb, y, settings) if emb is not None else (np.zeros(1), 0.0)
    metrics["final_training_seconds"] = round(time.monotonic() - t)
    np.savez_compressed(
        folder / "ngrams.npz",
        **final.to_arrays(),
        head_w=head_w.astype(np.float32),
        head_b=np.asarray([head_b], dtype=np.float32),
    )
    if emb is not None and tokenizer is not None and fp32 is not None:
        shutil.copyfile(base_tokenizer_file(settings.encoder), folder / "tokenizer.json")
        metrics["export"] = check_export(fp32, folder / "encoder.onnx", tokenizer, data.texts[:200])
        log(f"export check (int8 vs fp32 sentence embeddings): {metrics['export']}")
    metrics["total_seconds"] = round(time.monotonic() - started)
    meta = {
        "name": "unspin-claims",
        "version": settings.version or datetime.now(UTC).strftime("%Y.%m.%d"),
        "base_encoder": encoder_name(settings.encoder) if emb is not None else None,
        "max_pieces": MAX_PIECES,
        "modes": {k: asdict(v) for k, v in sorted(modes.items())},
        "training": {
            "seed": settings.seed,
            "folds": settings.folds,
            "c_ngrams": settings.c_ngrams,
            "c_head": settings.c_head,
            "min_df": settings.min_df,
            "sentences": len(y),
        },
        "metrics": metrics,
    }
    (folder / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    write_model_card(folder, meta)
    log(f"done in {metrics['total_seconds']}s: {folder}")
    return folder


# --- model card ----------------------------------------------------------------------------------------


def _row(m: dict[str, Any] | None) -> str:
    if not m:
        return "| – | – | – | – | – | – |"
    per_fold = ", ".join(f"{f:.3f}" for f in m["f1_per_fold"])
    return (
        f"| {m['name']} | **{m['f1']:.3f}** | {m['precision']:.3f} | {m['recall']:.3f} | "
        f"**{m['roc_auc']:.3f}** | {m['ece']:.3f} | {per_fold} |"
    )


def _sizes(folder: Path) -> str:
    rows = [
        f"| `{p.name}` | {p.stat().st_size / 1e6:.1f} MB |"
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "MODEL_CARD.md"
    ]
    return "\n".join(["| file | size |", "|---|---|", *rows])


def render_model_card(folder: Path, meta: dict[str, Any]) -> str:
    m = meta.get("metrics", {})
    cv = m.get("cv", {})
    modes = meta.get("modes", {})
    full, fast = modes.get("full", {}), modes.get("fast", {})
    if cv:
        table = "\n".join(
            [
                "| model | F1 (check-worthy) | precision | recall | ROC-AUC | ECE | F1 per fold |",
                "|---|---|---|---|---|---|---|",
                *(_row(cv.get(k)) for k in ("baseline", "fast", "encoder", "full") if k in cv),
            ]
        )
        raw = cv.get("raw_ece", {})
        n, pos = m.get("sentences"), m.get("positives")
        evaluation = f"""{m.get("folds")}-fold cross-validation on the {n} sentences ({pos} check-worthy),
folds grouped by debate (no debate is in two folds). For each held-out fold, the blend weight, the
isotonic calibration map and the F1-optimal threshold were chosen on the out-of-fold scores of the
*other* folds only, then applied to this fold; F1 is pooled over all held-out sentences. The
baseline (TF-IDF word 1-2-grams + logistic regression, scikit-learn) was measured in the same run, its
threshold chosen the same way (uncalibrated: its ECE is that of its raw probabilities).

{table}

Calibration: expected calibration error (10 equal-width bins) of held-out scores before calibration
(raw logistic-regression probabilities or their blend): fast {raw.get("fast", "–")}, full
{raw.get("full", "–")}; after the isotonic map chosen on the other folds: see the ECE column. The
shipped maps are fitted on all out-of-fold scores."""
    else:
        evaluation = "Trained without cross-validation: no held-out metrics, identity calibration."
    export = m.get("export", {})
    w_enc = float(full.get("encoder_weight", 0.0))
    return f"""# Model card: {meta.get("name")} {meta.get("version")}

Scores how likely an English sentence is to state a verifiable fact worth checking (a *check-worthy
factual claim*), as a probability in [0, 1]. Used by the `claims` analyzer of unspin and by
`unspin claims score`.

## What it is

- **n-gram model** (mode `fast`): logistic regression over three tf-idf blocks of a sentence: word 1-2-
  grams, within-word character 2-4-grams, and syntax from spaCy `en_core_web_sm` (part-of-speech tags and
  tag bigrams, dependency labels, named-entity types, entity count and length buckets). Inside
  `unspin analyze` the syntax comes from the article's shared parse, so this costs a few milliseconds.
- **Sentence encoder** (used by mode `full`): `{meta.get("base_encoder") or "none"}` (all-MiniLM-L6-v2,
  Apache-2.0, not fine-tuned), exported to ONNX (attention graph simplified: same outputs) and quantised
  to int8; its states are mean-pooled over a sentence (at most {meta.get("max_pieces")} word pieces) and
  L2-normalised, then a logistic regression reads them. Int8 vs fp32 sentence embeddings: mean cosine
  {export.get("mean_cosine", "–")}, minimum {export.get("min_cosine", "–")} (200 training sentences).
  Training used the int8 embeddings.
- **Mode `full`** = {1 - w_enc:.1f} × n-gram + {w_enc:.1f} × encoder probability, then an
  isotonic calibration map; a sentence is a claim when its calibrated score is at least
  **{full.get("threshold")}**. **Mode `fast`**: the n-gram probability through its own map;
  threshold **{fast.get("threshold")}**.
- Runtime: numpy, onnxruntime, `tokenizers` (and the spaCy parse unspin already runs); no torch, no
  scikit-learn, no network access.

## Training data

ClaimBuster crowdsourced set: 22,501 sentences from US presidential debates 1960–2016, labelled by
crowd workers as non-factual, unimportant factual or check-worthy factual (the positive class here).
Research use; cite F. Arslan, N. Hassan, C. Li, M. Tremayne, *A Benchmark Dataset of Check-worthy
Factual Claims*, ICWSM 2020. The data are not redistributed: the folder holds learned weights and
vocabularies (short word, character and tag sequences seen in the data), no sentences. The expert-
labelled ClaimBuster test set was not used. The CLEF CheckThat! 2020 debates were not used for this
model (their labels mark the few sentences professionals chose to check, a different, sparser notion).

## Evaluation

{evaluation}

## Limitations

- Trained on spoken political debate (US, 1960–2016), applied to written news: sentence length,
  register and topics differ, so scores and the threshold will drift; treat the score as a ranking aid.
- "Check-worthy" is the crowd's judgment of importance, not truth: a true, sourced sentence can score
  high, a false but vague one low. Opinions, promises and questions are meant to score low.
- One sentence at a time: no context, so "It rose by 40 percent" scores without knowing what "it" is.
- Calibrated on held-out debate folds; on news the probabilities are indicative only.

## Files

{_sizes(folder)}

## How to retrain

```
pip install -e ".[train]"        # torch (CPU), transformers, onnx, scikit-learn
unspin train claims --data ../shared/data/claimbuster --folds {m.get("folds") or 5} --out runs/claims
```

Seed {meta.get("training", {}).get("seed")}; n-gram C {meta.get("training", {}).get("c_ngrams")}, head C
{meta.get("training", {}).get("c_head")}. Training took {m.get("total_seconds", "–")} s on 2 shared CPU cores.
Copy `runs/claims/model/` to `src/unspin/models/claims/` to ship it, or point `UNSPIN_CLAIMS_MODEL` at it.
"""


def write_model_card(folder: Path, meta: dict[str, Any]) -> None:
    (folder / "MODEL_CARD.md").write_text(render_model_card(folder, meta), encoding="utf-8")
