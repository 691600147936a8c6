"""``unspin train techniques``: cross-validate, tune, calibrate, train the final model, export it.

1. Article-grouped K-fold cross-validation of the network and of the n-gram baseline, side by side; the
   held-out (out-of-fold) outputs of every article are kept.
2. On those held-out outputs only: the blend weights, the span thresholds, the temperature and the
   isotonic calibration maps are chosen, and SI/TC metrics and calibration errors are measured.
3. The network and the n-gram models are trained on all articles and written as a model folder (ONNX
   int8 encoder, head and n-gram weights, tokenizer, ``model.json``, ``MODEL_CARD.md``).

Everything is seeded; the run folder keeps the configuration, a log and ``metrics.json``.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from unspin.analyzers.techniques.ensemble import (
    PROPAGANDISTIC_SHARE,
    Calibration,
    ClassifySettings,
    DecodeSettings,
    article_features,
    article_probability,
    blend_inside,
    blend_techniques,
    decode,
    log_softmax,
    sentence_peaks,
    word_probs_on_pieces,
)
from unspin.analyzers.techniques.network import TechniqueNetwork
from unspin.analyzers.techniques.priors import TechniquePriors
from unspin.eval.semeval import PRF, si_score, tc_score
from unspin.ingest.ptc import SpanRow, techniques_list
from unspin.ml import (
    base_tokenizer_file,
    calibrate,
    default_encoder,
    expected_calibration_error,
    isotonic_knots,
    load_tokenizer,
    onnx_encoder,
    piece_range,
)
from unspin.train import neural
from unspin.train.baseline import NgramBaseline
from unspin.train.data import GoldArticle, folds, load_ptc, prepare, split_validation
from unspin.train.model_card import encoder_name, write_model_card
from unspin.train.onnx_graph import drop_attention_mask_file, fuse_attention_file

Log = Callable[[str], None]


@dataclass
class HeldOut:
    """Out-of-fold outputs for one article (with the encoder states, kept for later experiments)."""

    network_inside: np.ndarray  # per piece
    word_inside: np.ndarray  # per piece (n-gram tagger, spread onto pieces)
    network_logits: np.ndarray  # per gold TC row with pieces
    ngram_probs: np.ndarray  # per gold TC row with pieces
    rows: list[tuple[str, int, int]]  # those gold TC rows
    fold: int = 0
    windows: list[tuple[int, int]] = field(default_factory=list)
    network_begin: np.ndarray | None = None  # per piece: P(begin), for decoders that read B and I apart


@dataclass
class TrainSettings:
    data: Path
    out: Path
    folds: int = 5
    seed: int = 13
    neural: neural.NeuralConfig = field(default_factory=neural.NeuralConfig)
    quantize: bool = True
    version: str = ""
    limit: int | None = None  # use only the first N articles (smoke tests)
    keep_held_out: bool = True  # write held_out.pkl (the held-out outputs) to the run
    # Ids of the fixed validation articles (never trained or tuned on, scored at the end); None: none.
    validation: list[str] | None = None
    checkpoint_seconds: float = 300.0
    stop_after_steps: int | None = None  # simulate a kill after this many steps of a stage (tests)

    @classmethod
    def load(cls, run_dir: Path) -> TrainSettings:
        """The settings of an existing run (its ``config.json``), to resume it."""
        raw = json.loads((run_dir / "config.json").read_text(encoding="utf-8"))
        raw["neural"] = neural.NeuralConfig(**raw["neural"])
        raw["data"], raw["out"] = Path(raw["data"]), run_dir
        raw.pop("stop_after_steps", None)
        return cls(**raw)


# --- held-out predictions --------------------------------------------------------------------------


def held_out(
    model_net: TechniqueNetwork, baseline: NgramBaseline, articles: list[GoldArticle], fold: int = 0
) -> dict[str, HeldOut]:
    out = {}
    for g in articles:
        assert g.pieces is not None
        encoded = model_net.encode(g.pieces)
        probs = model_net.token_probs(encoded)
        tokens, word_p = baseline.word_probs(g.article.text)
        starts = np.asarray([s for s, _ in tokens], dtype=np.int64)
        rows = [
            (t, s, e) for t, s, e in g.tc if piece_range(g.pieces, s, e)[1] > piece_range(g.pieces, s, e)[0]
        ]
        ranges = [piece_range(g.pieces, s, e) for _, s, e in rows]
        out[g.id] = HeldOut(
            network_inside=probs[:, 1] + probs[:, 2],
            word_inside=word_probs_on_pieces(g.pieces, starts, word_p),
            network_logits=model_net.span_logits(encoded, ranges),
            ngram_probs=baseline.classify_spans(g.article.text, [(s, e) for _, s, e in rows]),
            rows=rows,
            fold=fold,
            windows=encoded.windows,
            network_begin=probs[:, 1].astype(np.float32),
        )
    return out


def _fold_network(model: Any, settings: TrainSettings) -> TechniqueNetwork:
    return TechniqueNetwork(
        neural.torch_encoder(model),
        neural.head_weights(model),
        window=settings.neural.window,
        stride=settings.neural.window,
        batch_size=8,
    )


def _load_pickle(path: Path) -> Any:
    import pickle

    with open(path, "rb") as handle:
        return pickle.load(handle)


def _save_pickle(value: Any, path: Path) -> None:
    """Pickle to a temporary file, then rename (a kill while writing leaves no half file)."""
    import os
    import pickle

    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def cross_validate(settings: TrainSettings, gold: list[GoldArticle], log: Log) -> dict[str, HeldOut]:
    """Out-of-fold outputs of every article of ``gold``; each fold is a stage of the run folder
    (``fold-K/``: a training checkpoint, then its held-out outputs) and is skipped once done."""
    outputs: dict[str, HeldOut] = {}
    heads: dict[int, dict[str, np.ndarray]] = {}
    for f, test_idx in enumerate(folds(gold, settings.folds, settings.seed)):
        stage = settings.out / f"fold-{f + 1}"
        done = stage / "held_out.pkl"
        if done.is_file():
            saved = _load_pickle(done)
            outputs.update(saved["outputs"])
            heads[f] = saved["heads"]
            log(f"fold {f + 1}/{settings.folds}: already done ({done})")
            continue
        held = set(test_idx)
        train = [g for i, g in enumerate(gold) if i not in held]
        test = [g for i, g in enumerate(gold) if i in held]
        started = time.monotonic()
        log(f"fold {f + 1}/{settings.folds}: training on {len(train)} articles, holding out {len(test)}")
        model = neural.train(
            settings.neural,
            train,
            len(techniques_list()),
            log,
            checkpoint=stage / "checkpoint.pt",
            every_seconds=settings.checkpoint_seconds,
            stop_after=settings.stop_after_steps,
        )
        baseline = NgramBaseline(seed=settings.seed).fit(train)
        fold_outputs = held_out(_fold_network(model, settings), baseline, test, f)
        heads[f] = neural.head_weights(model)
        _save_pickle({"outputs": fold_outputs, "heads": heads[f]}, done)
        outputs.update(fold_outputs)
        log(f"fold {f + 1}: done in {time.monotonic() - started:.0f}s")
    if settings.keep_held_out:
        _save_pickle({"outputs": outputs, "heads": heads}, settings.out / "held_out.pkl")
    return outputs


# --- tuning and metrics on held-out outputs ---------------------------------------------------------


def _si_rows(gold: list[GoldArticle], outputs: dict[str, HeldOut], d: DecodeSettings) -> list[SpanRow]:
    rows: list[SpanRow] = []
    for g in gold:
        assert g.pieces is not None
        h = outputs[g.id]
        inside = blend_inside(h.network_inside, h.word_inside, d.word_weight)
        rows.extend(SpanRow(g.id, s, e) for s, e, _ in decode(g.pieces, inside, d, g.sentence_starts))
    return rows


def _best_decoding(
    gold: list[GoldArticle], outputs: dict[str, HeldOut], grid: list[DecodeSettings]
) -> tuple[DecodeSettings, PRF]:
    gold_rows = [SpanRow(g.id, s, e) for g in gold for s, e in g.si]
    scored = [(si_score(_si_rows(gold, outputs, d), gold_rows), d) for d in grid]
    score, best = max(scored, key=lambda pair: pair[0].f1)
    return best, score


def tune_decoding(
    gold: list[GoldArticle], outputs: dict[str, HeldOut], log: Log
) -> tuple[DecodeSettings, dict[str, Any]]:
    """Choose blend weight and thresholds on held-out outputs; also score each model alone.

    Spans always stay within sentences: crossing ones won a few thousandths of F1 on CV but read as
    one claim glued to the next (BENCHMARKS.md, decoding levers), which analysts flagged."""
    grid = [
        DecodeSettings(w, high, low, gap, within)
        for w in (0.0, 0.2, 0.3, 0.4)
        for high in (0.25, 0.3, 0.35, 0.4, 0.45)
        for low in (0.1, 0.15, 0.2, 0.25)
        for gap in (0, 1, 2, 3)
        for within in (True,)
        if low <= high
    ]
    best, score = _best_decoding(gold, outputs, grid)
    _, network_only = _best_decoding(gold, outputs, [d for d in grid if d.word_weight == 0.0])
    # The baseline alone: words scoring above one threshold, no hysteresis, no merging.
    _, ngram_only = _best_decoding(
        gold, outputs, [DecodeSettings(1.0, t, t, 0) for t in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)]
    )
    log(
        f"SI decoding: {best} → F1 {score.f1:.4f} (network alone {network_only.f1:.4f}, "
        f"n-gram baseline {ngram_only.f1:.4f})"
    )
    metrics = {
        "precision": score.precision,
        "recall": score.recall,
        "f1": score.f1,
        "network_only_f1": network_only.f1,
        "ngram_only_f1": ngram_only.f1,
        "ngram_only": {"precision": ngram_only.precision, "recall": ngram_only.recall, "f1": ngram_only.f1},
        "gold_spans": score.support,
    }
    return best, metrics


def _tc_arrays(
    gold: list[GoldArticle], outputs: dict[str, HeldOut]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    index = {t: i for i, t in enumerate(techniques_list())}
    logits = np.concatenate([outputs[g.id].network_logits for g in gold])
    ngram = np.concatenate([outputs[g.id].ngram_probs for g in gold])
    y = np.asarray([index[t] for g in gold for t, _, _ in outputs[g.id].rows])
    return logits, ngram, y


def _tc_score(
    gold: list[GoldArticle], outputs: dict[str, HeldOut], probs: np.ndarray
) -> tuple[PRF, dict[str, PRF]]:
    names = techniques_list()
    pred, truth = [], []
    k = 0
    for g in gold:
        seen: dict[tuple[int, int], int] = {}
        rows = outputs[g.id].rows
        for t, s, e in rows:
            rank = seen.get((s, e), 0)
            seen[(s, e)] = rank + 1
            order = np.argsort(-probs[k], kind="stable")
            pred.append(SpanRow(g.id, s, e, names[int(order[rank % len(names)])]))
            truth.append(SpanRow(g.id, s, e, t))
            k += 1
    return tc_score(pred, truth)


# Class-prior weights tried on held-out outputs (0: none); see analyzers/techniques/priors.py.
PRIOR_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


def tune_classification(
    gold: list[GoldArticle], outputs: dict[str, HeldOut], log: Log
) -> tuple[ClassifySettings, TechniquePriors, dict[str, Any]]:
    """Blend weight and class-prior weight (jointly, by held-out accuracy), then the temperature (by
    held-out log-likelihood, with the prior correction applied)."""
    logits, ngram, y = _tc_arrays(gold, outputs)
    priors = TechniquePriors.fit([row for g in gold for row in g.tc], techniques_list())
    correction = -np.log(priors.prior)[None, :]
    best: tuple[float, float, float] | None = None
    for w in np.round(np.arange(0.0, 0.75, 0.05), 2):
        for tau in PRIOR_WEIGHTS:
            blended = blend_techniques(logits + tau * correction, ngram, ClassifySettings(float(w), 1.0))
            acc = float(np.mean(np.argmax(blended, 1) == y))
            if best is None or acc > best[0] + 1e-9:
                best = (acc, float(w), tau)
    assert best is not None
    weight, priors.prior_weight = best[1], best[2]
    shifted = logits + priors.prior_weight * correction  # the network's scores as the model reads them
    # Temperature: minimise the held-out negative log-likelihood of the blended scores.
    temps = np.exp(np.linspace(np.log(0.3), np.log(3.0), 61))
    nll = [
        -np.mean(
            np.log(
                blend_techniques(shifted, ngram, ClassifySettings(weight, float(t)))[np.arange(len(y)), y]
                + 1e-12
            )
        )
        for t in temps
    ]
    settings = ClassifySettings(weight, float(temps[int(np.argmin(nll))]))
    probs = blend_techniques(shifted, ngram, settings)
    micro, per = _tc_score(gold, outputs, probs)
    network_only = _tc_score(gold, outputs, np.exp(log_softmax(logits)))[0]
    ngram_only, ngram_per = _tc_score(gold, outputs, ngram)
    conf = probs.max(1)
    correct = (np.argmax(probs, 1) == y).astype(float)
    log(
        f"TC: n-gram weight {weight}, class-prior weight {priors.prior_weight}, "
        f"temperature {settings.temperature:.3f} → micro-F1 {micro.f1:.4f}"
    )
    metrics = {
        "micro_f1": micro.f1,
        "network_only_f1": network_only.f1,
        "ngram_only_f1": ngram_only.f1,
        "per_technique": {k: asdict(v) for k, v in per.items()},
        "ngram_only_per_technique": {k: asdict(v) for k, v in ngram_per.items()},
        "ece_top1": expected_calibration_error(conf, correct),
        "rows": len(y),
        "prior_weight": priors.prior_weight,
    }
    return settings, priors, metrics


def propagandistic(g: GoldArticle) -> bool:
    """The article-level label: a quarter or more of the sentences hold (part of) a gold span."""
    from unspin.nlp.segmentation import segment_text

    covered = _covered(g)
    sentences = segment_text(g.article.text).sentences
    share = np.mean([covered[s:e].any() for s, e in sentences]) if sentences else 0.0
    return bool(share >= PROPAGANDISTIC_SHARE)


def _covered(g: GoldArticle) -> np.ndarray:
    mask = np.zeros(len(g.article.text) + 1, dtype=np.int32)
    for s, e in g.si:
        mask[s] += 1
        mask[e] -= 1
    return np.asarray(np.cumsum(mask[:-1]) > 0)


def fit_article_map(
    sentence_probs: list[np.ndarray], labels: list[bool]
) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Logistic map to P(propagandistic), with its in-sample calibration error and Brier score.

    It reads the mean sentence probability only (the other :func:`article_features` get weight 0):
    monotone (a more loaded sentence never lowers the score) and, weakly regularised, as good in CV as
    all three features (BENCHMARKS.md, "Decoding and blending levers")."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray([article_features(p)[:1] for p in sentence_probs])
    y = np.asarray(labels, dtype=int)
    if len(set(y.tolist())) < 2:
        return {}, {"articles": len(y), "positive": int(y.sum())}
    model = LogisticRegression(C=100.0, max_iter=1000).fit(x, y)
    weights = [float(model.coef_[0][0]), 0.0, 0.0]
    knots = {"w": [round(v, 5) for v in weights], "b": [round(float(model.intercept_[0]), 5)]}
    p = np.asarray([article_probability(knots, q) for q in sentence_probs])
    metrics = {
        "articles": len(y),
        "positive": int(y.sum()),
        "ece": expected_calibration_error(p, y.astype(float)),
        "brier": float(np.mean((p - y) ** 2)),
        "brier_base_rate": float(np.mean((y.mean() - y) ** 2)),
    }
    return knots, metrics


def calibrate_scores(
    gold: list[GoldArticle], outputs: dict[str, HeldOut], d: DecodeSettings, log: Log
) -> tuple[Calibration, dict[str, Any]]:
    """Span score → P(most of the span lies inside a gold span); sentence peak → P(sentence has one);
    sentence probabilities → P(article is propagandistic)."""
    from unspin.nlp.segmentation import segment_text

    span_x: list[float] = []
    span_y: list[float] = []
    sent_x: list[float] = []
    sent_y: list[float] = []
    peaks: list[np.ndarray] = []
    for g in gold:
        assert g.pieces is not None
        h = outputs[g.id]
        inside = blend_inside(h.network_inside, h.word_inside, d.word_weight)
        covered = _covered(g)
        for s, e, raw in decode(g.pieces, inside, d, g.sentence_starts):
            span_x.append(raw)
            span_y.append(float(covered[s:e].mean() >= 0.5))
        sentences = segment_text(g.article.text).sentences
        peaks.append(sentence_peaks(g.pieces, inside, sentences))
        sent_x.extend(peaks[-1].tolist())
        sent_y.extend(float(covered[s:e].any()) for s, e in sentences)
    cal = Calibration(
        span=isotonic_knots(np.asarray(span_x), np.asarray(span_y)),
        sentence=isotonic_knots(np.asarray(sent_x), np.asarray(sent_y)),
    )
    cal.article, article_metrics = fit_article_map(
        [calibrate(cal.sentence, p) for p in peaks], [propagandistic(g) for g in gold]
    )
    metrics: dict[str, Any] = {
        "span_ece_raw": expected_calibration_error(np.asarray(span_x), np.asarray(span_y)),
        "span_ece": expected_calibration_error(calibrate(cal.span, np.asarray(span_x)), np.asarray(span_y)),
        "sentence_ece_raw": expected_calibration_error(np.asarray(sent_x), np.asarray(sent_y)),
        "sentence_ece": expected_calibration_error(
            calibrate(cal.sentence, np.asarray(sent_x)), np.asarray(sent_y)
        ),
        "sentences": len(sent_x),
        "spans": len(span_x),
        "article": article_metrics,
    }
    log(
        f"calibration: span ECE {metrics['span_ece_raw']:.3f} → {metrics['span_ece']:.3f}, "
        f"sentence ECE {metrics['sentence_ece_raw']:.3f} → {metrics['sentence_ece']:.3f}, "
        f"article map {cal.article or 'not fitted (one class only)'}"
    )
    return cal, metrics


def article_map_for_model(
    folder: Path, gold: list[GoldArticle]
) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Fit the article map of an existing model folder from its sentence probabilities on ``gold``
    (through the analyzer). Honest only on articles the model never saw: say which ones were used."""
    from unspin.analyzers.techniques import Techniques
    from unspin.nlp.segmentation import segment

    analyzer = Techniques(model=folder)
    probs = []
    for g in gold:
        article = g.article
        run = analyzer._pass(article)
        probs.append(analyzer.model.sentence_probabilities(run, list(segment(article).sentences)))
        article.cache.clear()
    return fit_article_map(probs, [propagandistic(g) for g in gold])


# --- final model ----------------------------------------------------------------------------------------


def export_model(
    settings: TrainSettings,
    model: Any,
    baseline: NgramBaseline,
    meta: dict[str, Any],
    tokenizer_file: Path,
    folder: Path,
    log: Log,
) -> None:
    """Write the model folder: encoder (int8 ONNX), heads, n-gram weights, tokenizer, model.json."""
    folder.mkdir(parents=True, exist_ok=True)
    # The fp32 export stays in the run folder (beside, not inside, the model) for re-quantising.
    fp32 = folder.parent / "encoder.fp32.onnx"
    neural.export_onnx(model, fp32)
    if settings.quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(
            str(fp32), str(folder / "encoder.onnx"), weight_type=QuantType.QInt8, per_channel=True
        )
    else:
        shutil.copyfile(fp32, folder / "encoder.onnx")
    # Inference runs one unpadded window a call, so the shipped encoder needs no attention mask, and
    # onnxruntime's own attention kernel can take each layer's attention.
    drop_attention_mask_file(folder / "encoder.onnx")
    fused = fuse_attention_file(folder / "encoder.onnx", model.encoder.config.num_attention_heads)
    log(f"encoder: attention fused in {fused} layers")
    heads: dict[str, Any] = neural.head_weights(model)
    np.savez_compressed(folder / "heads.npz", **heads)
    np.savez_compressed(
        folder / "ngrams.npz",
        **baseline.tagger.to_arrays("tagger_"),
        **baseline.classifier.to_arrays("classifier_"),
    )
    shutil.copyfile(tokenizer_file, folder / "tokenizer.json")
    (folder / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log(f"model written to {folder}")


def check_export(model: Any, folder: Path, gold: list[GoldArticle], log: Log) -> dict[str, float]:
    """Compare the exported (quantised) encoder with the torch model on a few articles."""
    heads = neural.head_weights(model)
    reference = TechniqueNetwork(neural.torch_encoder(model), heads)
    shipped = TechniqueNetwork(onnx_encoder(folder / "encoder.onnx", 2), heads)
    diffs, agree, total = [], 0, 0
    for g in gold[:8]:
        assert g.pieces is not None
        a = reference.token_probs(reference.encode(g.pieces))
        b = shipped.token_probs(shipped.encode(g.pieces))
        diffs.append(float(np.abs((a[:, 1] + a[:, 2]) - (b[:, 1] + b[:, 2])).max()))
        agree += int(np.sum(np.argmax(a, 1) == np.argmax(b, 1)))
        total += len(a)
    result = {"max_inside_prob_diff": max(diffs), "token_argmax_agreement": agree / max(1, total)}
    log(f"export check: {result}")
    return result


def score_model(folder: Path, gold: list[GoldArticle]) -> dict[str, Any]:
    """SI and TC scores of a model folder on ``gold``, through the analyzer exactly as users run it
    (ONNX encoder, shipped settings): how the fixed validation set is scored, for any model."""
    from unspin.analyzers.techniques import Techniques

    analyzer = Techniques(model=folder)
    names = analyzer.techniques
    si_pred: list[SpanRow] = []
    tc_pred: list[SpanRow] = []
    for g in gold:
        article = g.article
        si_pred.extend(SpanRow(g.id, s, e) for s, e, _ in analyzer.predict_spans(article))
        spans = sorted({(s, e) for _, s, e in g.tc})
        ranked = {
            span: np.argsort(-row, kind="stable")
            for span, row in zip(spans, analyzer.classify_spans(article, spans), strict=True)
        }
        seen: dict[tuple[int, int], int] = {}
        for _, s, e in g.tc:
            k = seen.get((s, e), 0)
            seen[(s, e)] = k + 1
            tc_pred.append(SpanRow(g.id, s, e, names[int(ranked[(s, e)][k % len(names)])]))
        article.cache.clear()
    si = si_score(si_pred, [SpanRow(g.id, s, e) for g in gold for s, e in g.si])
    micro, per = tc_score(tc_pred, [SpanRow(g.id, s, e, t) for g in gold for t, s, e in g.tc])
    return {
        "articles": len(gold),
        "si": {"precision": si.precision, "recall": si.recall, "f1": si.f1, "gold_spans": si.support},
        "tc": {
            "micro_f1": micro.f1,
            "rows": micro.support,
            "per_technique": {k: asdict(v) for k, v in per.items()},
        },
    }


def _final_model(settings: TrainSettings, gold: list[GoldArticle], log: Log) -> Any:
    return neural.train(
        settings.neural,
        gold,
        len(techniques_list()),
        log,
        checkpoint=settings.out / "final" / "checkpoint.pt",
        every_seconds=settings.checkpoint_seconds,
        stop_after=settings.stop_after_steps,
    )


def run(settings: TrainSettings, log: Log, resume: bool = False) -> Path:
    """The whole training run; returns the model folder inside ``settings.out``.

    The run folder holds one stage per fold and one for the final model, each checkpointed; with
    ``resume`` the run continues from what the folder holds (stages done are read back, the stage under
    way continues from its checkpoint) and ends as an uninterrupted run would.
    """
    started = time.monotonic()
    out = settings.out
    out.mkdir(parents=True, exist_ok=True)
    if not settings.neural.encoder:
        settings.neural.encoder = default_encoder()
    if resume:
        log(f"resuming the run in {out}")
    else:
        (out / "config.json").write_text(
            json.dumps(
                {**asdict(settings), "data": str(settings.data), "out": str(out)}, indent=2, default=str
            )
            + "\n",
            encoding="utf-8",
        )
    tokenizer_file = base_tokenizer_file(settings.neural.encoder)
    everything = prepare(load_ptc(settings.data)[: settings.limit], load_tokenizer(tokenizer_file))
    gold, validation = split_validation(everything, settings.validation)
    n_si, n_tc = sum(len(g.si) for g in gold), sum(len(g.tc) for g in gold)
    log(
        f"{len(gold)} training articles, {n_si} SI spans, {n_tc} TC rows; "
        f"{len(validation)} validation articles set aside"
    )
    metrics: dict[str, Any] = {
        "folds": settings.folds,
        "articles": len(gold),
        "validation_articles": len(validation),
    }
    decode_settings, classify_settings, calibration = DecodeSettings(), ClassifySettings(), Calibration()
    priors: TechniquePriors | None = None
    if settings.folds >= 2:
        outputs = cross_validate(settings, gold, log)
        decode_settings, metrics["si"] = tune_decoding(gold, outputs, log)
        classify_settings, priors, metrics["tc"] = tune_classification(gold, outputs, log)
        calibration, metrics["calibration"] = calibrate_scores(gold, outputs, decode_settings, log)
        metrics["cv_seconds"] = round(time.monotonic() - started)
    else:
        log("no cross-validation (--folds < 2): default blend, thresholds and an identity calibration")
    final_started = time.monotonic()
    log(f"final model: training on all {len(gold)} training articles")
    model = _final_model(settings, gold, log)
    baseline = NgramBaseline(seed=settings.seed).fit(gold)
    metrics["final_training_seconds"] = round(time.monotonic() - final_started)
    version = settings.version or datetime.now(UTC).strftime("%Y.%m.%d")
    meta = {
        "name": "unspin-techniques",
        "version": version,
        "base_encoder": encoder_name(settings.neural.encoder),
        "window": settings.neural.window,
        "stride": settings.neural.window,
        "techniques": list(techniques_list()),
        "decode": asdict(decode_settings),
        "classify": asdict(classify_settings),
        "calibration": asdict(calibration),
        "training": {"seed": settings.seed, "folds": settings.folds, "neural": asdict(settings.neural)},
        "metrics": metrics,
    }
    if priors is not None:
        meta["technique_priors"] = priors.to_meta()
    folder = out / "model"
    export_model(settings, model, baseline, meta, tokenizer_file, folder, log)
    metrics["export"] = check_export(model, folder, gold, log)
    if validation:
        metrics["validation"] = score_model(folder, validation)
        v = metrics["validation"]
        log(
            f"fixed validation set ({len(validation)} articles, untouched until now): "
            f"SI F1 {v['si']['f1']:.4f}, TC micro-F1 {v['tc']['micro_f1']:.4f}"
        )
    metrics["total_seconds"] = round(time.monotonic() - started)
    meta["metrics"] = metrics
    (folder / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    write_model_card(folder, meta)
    log(f"done in {metrics['total_seconds']}s: {folder}")
    return folder


# --- ensembles of runs --------------------------------------------------------------------------------


def combine(runs: list[Path], out: Path, data: Path, log: Log, limit: int | None = None) -> Path:
    """One model from several training runs: their networks averaged, settings re-tuned.

    Each run's held-out outputs come from models that never saw the article, whatever its fold split,
    so averaging them gives held-out outputs of the ensemble, on which blend weights, thresholds and
    calibration are chosen again. The n-gram models and tokenizer are the first run's.
    """
    import pickle

    from unspin.analyzers.techniques.ensemble import average_log_probs

    started = time.monotonic()
    members: list[dict[str, HeldOut]] = []
    metas: list[dict[str, Any]] = []
    for run_dir in runs:
        with open(run_dir / "held_out.pkl", "rb") as handle:
            members.append(pickle.load(handle)["outputs"])
        metas.append(json.loads((run_dir / "model" / "model.json").read_text(encoding="utf-8")))
    first = runs[0] / "model"
    gold = prepare(load_ptc(data)[:limit], load_tokenizer(first / "tokenizer.json"))
    merged: dict[str, HeldOut] = {}
    for g in gold:
        parts = [m[g.id] for m in members]
        merged[g.id] = HeldOut(
            network_inside=np.mean([p.network_inside for p in parts], axis=0),
            word_inside=parts[0].word_inside,
            network_logits=average_log_probs([p.network_logits for p in parts]),
            ngram_probs=parts[0].ngram_probs,
            rows=parts[0].rows,
        )
    metrics: dict[str, Any] = {"folds": metas[0]["metrics"].get("folds", 0), "articles": len(gold)}
    decode_settings, metrics["si"] = tune_decoding(gold, merged, log)
    classify_settings, priors, metrics["tc"] = tune_classification(gold, merged, log)
    calibration, metrics["calibration"] = calibrate_scores(gold, merged, decode_settings, log)
    metrics["members"] = [
        {"run": str(r), "si_f1": m["metrics"]["si"]["f1"], "tc_micro_f1": m["metrics"]["tc"]["micro_f1"]}
        for r, m in zip(runs, metas, strict=True)
    ]
    metrics["export"] = metas[0]["metrics"].get("export", {})
    folder = out / "model"
    folder.mkdir(parents=True, exist_ok=True)
    networks = []
    for k, run_dir in enumerate(runs, start=1):
        source = run_dir / "model"
        names = {"encoder": f"encoder-{k}.onnx", "heads": f"heads-{k}.npz"}
        shutil.copyfile(source / "encoder.onnx", folder / names["encoder"])
        shutil.copyfile(source / "heads.npz", folder / names["heads"])
        networks.append(names)
    for name in ("ngrams.npz", "tokenizer.json"):
        shutil.copyfile(first / name, folder / name)
    metrics["combine_seconds"] = round(time.monotonic() - started)
    meta = {
        **metas[0],
        "networks": networks,
        "base_encoder": encoder_name(str(metas[0].get("base_encoder", ""))),
        "decode": asdict(decode_settings),
        "classify": asdict(classify_settings),
        "technique_priors": priors.to_meta(),
        "calibration": asdict(calibration),
        "training": {**metas[0]["training"], "seeds": [m["training"]["seed"] for m in metas]},
        "metrics": metrics,
    }
    (folder / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    write_model_card(folder, meta)
    log(f"ensemble of {len(runs)} networks written to {folder}")
    return folder
