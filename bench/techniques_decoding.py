"""Measure decoding and blending levers of the technique model honestly, with a fold model.

A cross-validation fold of ``unspin train techniques`` (``fold-1`` of a run with a fixed validation set)
holds a network trained on about half of the 297 training articles. Its outputs on the other half (out
of fold) are what levers are tuned on; its outputs on the 74 fixed validation articles are what they are
measured on, once, untouched by any choice. Each lever's CV figure is itself honest: its knobs are
chosen on four fifths of the out-of-fold articles and scored on the last fifth, five times, pooled.

    # 1. outputs of the fold model (torch, as the trainer's held-out outputs), kept with encoder states
    PYTHONPATH=src nice -n 10 python bench/techniques_decoding.py extract \\
        --run /work/runs/techniques-80-shipped-recipe --out /work/runs/techq/fold1_outputs.pkl
    # 2. every lever: CV on the out-of-fold articles, then the validation articles
    PYTHONPATH=src nice -n 10 python bench/techniques_decoding.py measure \\
        --run /work/runs/techniques-80-shipped-recipe --outputs /work/runs/techq/fold1_outputs.pkl

Levers. SI: hysteresis thresholds (the shipped decoder), the same kept within sentences (the title is a
sentence of its own), and Viterbi decoding of the token head's begin/inside/outside probabilities
within sentences. TC: the network/n-gram blend (shipped), plus the span head read over the span's
whole sentence (context), a per-technique span-length prior, a class-prior correction. Article score:
the logistic map from calibrated sentence probabilities, fitted on out-of-fold outputs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from unspin.analyzers.techniques.decoding import ViterbiSettings, tag_probs, viterbi_spans
from unspin.analyzers.techniques.ensemble import (
    ClassifySettings,
    DecodeSettings,
    article_probability,
    blend_inside,
    blend_techniques,
    decode,
    log_softmax,
    piece_sentences,
    sentence_peaks,
    word_probs_on_pieces,
)
from unspin.analyzers.techniques.network import EncodedArticle, TechniqueNetwork
from unspin.analyzers.techniques.priors import TechniquePriors
from unspin.eval.semeval import merge_overlapping, si_score
from unspin.ingest.ptc import SpanRow, techniques_list
from unspin.ml import load_tokenizer, piece_range
from unspin.nlp.segmentation import segment_text
from unspin.train.data import GoldArticle, folds, load_ptc, prepare, split_validation
from unspin.train.techniques import propagandistic

INNER_FOLDS = 5
INNER_SEED = 7
SHIPPED_WORD_WEIGHT = 0.4
PRIOR_WEIGHTS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5)


def _fold_split(run: Path) -> tuple[list[GoldArticle], list[GoldArticle], list[GoldArticle], dict[str, Any]]:
    """(fold-1 training, fold-1 out-of-fold, validation) articles of a run, prepared."""
    from unspin.train import neural

    cfg = json.loads((run / "config.json").read_text(encoding="utf-8"))
    encoder = neural.NeuralConfig(**cfg["neural"]).encoder
    tokenizer = load_tokenizer(Path(encoder) / "tokenizer.json")
    gold, validation = split_validation(prepare(load_ptc(Path(cfg["data"])), tokenizer), cfg["validation"])
    held = set(folds(gold, int(cfg["folds"]), int(cfg["seed"]))[0])
    train = [g for i, g in enumerate(gold) if i not in held]
    oof = [g for i, g in enumerate(gold) if i in held]
    return train, oof, validation, cfg


# --- 1. the fold model's outputs ----------------------------------------------------------------------


def extract(run: Path, out: Path) -> None:
    """The fold-1 network (its finished checkpoint) and n-gram models (refitted on the same articles,
    same seed) over the out-of-fold and validation articles."""
    import torch

    from unspin.train import neural
    from unspin.train.baseline import NgramBaseline

    started = time.monotonic()
    train, oof, validation, cfg = _fold_split(run)
    config = neural.NeuralConfig(**cfg["neural"])
    torch.set_num_threads(config.threads)
    model = neural.build_model(config, len(techniques_list()))
    state = torch.load(run / "fold-1" / "checkpoint.pt", weights_only=False)
    model.load_state_dict(state["model"])
    model.eval()
    heads = neural.head_weights(model)
    net = TechniqueNetwork(neural.torch_encoder(model), heads, config.window, config.window, batch_size=8)
    baseline = NgramBaseline(seed=int(cfg["seed"])).fit(train)
    outputs: dict[str, dict[str, Any]] = {}
    for n, g in enumerate(oof + validation):
        assert g.pieces is not None
        enc = net.encode(g.pieces)
        tokens, word_p = baseline.word_probs(g.article.text)
        rows = [(t, s, e) for t, s, e in g.tc if _pieces_of(g, s, e)[1] > _pieces_of(g, s, e)[0]]
        outputs[g.id] = {
            "split": "oof" if n < len(oof) else "validation",
            "probs": net.token_probs(enc).astype(np.float32),
            "word_inside": word_probs_on_pieces(
                g.pieces, np.asarray([s for s, _ in tokens], dtype=np.int64), word_p
            ).astype(np.float32),
            "windows": enc.windows,
            "hidden": [h.astype(np.float16) for h in enc.hidden],
            "rows": rows,
            "network_logits": net.span_logits(enc, [_pieces_of(g, s, e) for _, s, e in rows]),
            "ngram_probs": baseline.classify_spans(g.article.text, [(s, e) for _, s, e in rows]),
        }
    with open(out, "wb") as handle:
        pickle.dump({"heads": heads, "outputs": outputs, "step": state["step"]}, handle, protocol=5)
    print(f"{len(outputs)} articles in {time.monotonic() - started:.0f}s → {out}")


def _pieces_of(g: GoldArticle, start: int, end: int) -> tuple[int, int]:
    assert g.pieces is not None
    return piece_range(g.pieces, start, end)


# --- 2. scoring helpers --------------------------------------------------------------------------------


def _si_stats(pred: list[tuple[int, int]], gold: list[tuple[int, int]], headline: int) -> np.ndarray:
    """Additive SI sums of one article: precision sum, recall sum, #pred, #gold, and the recall sum and
    count of the gold spans that start in the title (first sentence, before ``headline``)."""
    score = si_score([SpanRow("a", s, e) for s, e in pred], [SpanRow("a", s, e) for s, e in gold])
    merged_pred, merged_gold = merge_overlapping(pred), merge_overlapping(gold)
    heads = [(s, e) for s, e in merged_gold if s < headline]
    head_recall = si_score([SpanRow("a", s, e) for s, e in pred], [SpanRow("a", s, e) for s, e in heads])
    return np.asarray(
        [
            score.precision * len(merged_pred),
            score.recall * len(merged_gold),
            len(merged_pred),
            len(merged_gold),
            head_recall.recall * len(heads),
            len(heads),
        ]
    )


def _prf(sums: np.ndarray) -> tuple[float, float, float]:
    p = sums[0] / sums[2] if sums[2] else 0.0
    r = sums[1] / sums[3] if sums[3] else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _tc_stats(rows: list[tuple[str, int, int]], probs: np.ndarray) -> np.ndarray:
    """Correct labels and rows of one article (one prediction per gold row; a span listed k times
    gets its k best techniques, as the official scorer pairs them)."""
    names = techniques_list()
    pred: dict[tuple[int, int], Counter[str]] = {}
    gold: dict[tuple[int, int], Counter[str]] = {}
    for (t, s, e), row in zip(rows, probs, strict=True):
        rank = sum(gold.get((s, e), Counter()).values())
        order = np.argsort(-row, kind="stable")
        pred.setdefault((s, e), Counter())[names[int(order[rank % len(names)])]] += 1
        gold.setdefault((s, e), Counter())[t] += 1
    tp = sum((gold[k] & pred[k]).total() for k in gold)
    return np.asarray([tp, len(rows)], dtype=float)


def _cv(
    stats: dict[Any, dict[str, np.ndarray]],
    oof: list[str],
    validation: list[str],
    objective: Callable[[np.ndarray], float],
) -> tuple[np.ndarray, np.ndarray, Any]:
    """Pooled inner-CV sums (knobs chosen on the other folds), validation sums with the knobs chosen
    on all out-of-fold articles, and those knobs."""

    def total(k: Any, ids: Iterable[str]) -> np.ndarray:
        return np.sum([stats[k][a] for a in ids if a in stats[k]], axis=0)

    order = np.random.default_rng(INNER_SEED).permutation(len(oof))
    pooled: np.ndarray | None = None
    for f in range(INNER_FOLDS):
        test = {oof[i] for i in order[f::INNER_FOLDS]}
        tune = [a for a in oof if a not in test]
        best = max(stats, key=lambda k: objective(total(k, tune)))
        pooled = total(best, test) if pooled is None else pooled + total(best, test)
    best = max(stats, key=lambda k: objective(total(k, oof)))
    assert pooled is not None
    return pooled, total(best, validation), best


# --- 3. levers -------------------------------------------------------------------------------------------


def _si_articles(gold: dict[str, GoldArticle]) -> Iterable[tuple[str, GoldArticle, int, np.ndarray]]:
    """Each article with the offset where its second sentence starts and each piece's sentence."""
    for n, (aid, g) in enumerate(gold.items()):
        if n % 50 == 0:
            print(f"SI levers: {n} of {len(gold)} articles", flush=True)
        assert g.pieces is not None
        headline = g.sentence_starts[1] if len(g.sentence_starts) > 1 else len(g.article.text)
        yield aid, g, headline, piece_sentences(g.pieces, g.sentence_starts)


def _inside(o: dict[str, Any], w: float) -> np.ndarray:
    probs = o["probs"].astype(float)
    return blend_inside(probs[:, 1] + probs[:, 2], o["word_inside"].astype(float), w)


def hysteresis_levers(
    gold: dict[str, GoldArticle], outputs: dict[str, dict[str, Any]]
) -> dict[str, dict[Any, dict[str, np.ndarray]]]:
    """Per lever, per knob setting (word weight, high, low, gap), per article: the SI sums."""
    levers: dict[str, dict[Any, dict[str, np.ndarray]]] = {
        "hysteresis (shipped decoder)": {},
        "hysteresis within sentences": {},
    }
    for aid, g, headline, _ in _si_articles(gold):
        assert g.pieces is not None
        for w in (0.0, 0.2, 0.3, 0.4):
            inside = _inside(outputs[aid], w)
            for high, low, gap, within in itertools.product(
                (0.25, 0.3, 0.35, 0.4, 0.45), (0.1, 0.15, 0.2, 0.25), (0, 1, 2, 3), (False, True)
            ):
                if low > high:
                    continue
                d = DecodeSettings(w, high, low, gap, within)
                spans = [(s, e) for s, e, _ in decode(g.pieces, inside, d, g.sentence_starts)]
                name = "hysteresis within sentences" if within else "hysteresis (shipped decoder)"
                levers[name].setdefault((w, high, low, gap), {})[aid] = _si_stats(spans, g.si, headline)
    return levers


def title_levers(
    gold: dict[str, GoldArticle], outputs: dict[str, dict[str, Any]]
) -> dict[str, dict[Any, dict[str, np.ndarray]]]:
    """Hysteresis with the title's inside-probabilities multiplied by a boost (1: none), around the
    shipped knobs: (word weight, high, low, gap, boost)."""
    levers: dict[str, dict[Any, dict[str, np.ndarray]]] = {"hysteresis, title boosted": {}}
    for aid, g, headline, sentence in _si_articles(gold):
        assert g.pieces is not None
        for w in (0.3, 0.4):
            inside = _inside(outputs[aid], w)
            for high, low, gap, boost in itertools.product(
                (0.3, 0.35), (0.15, 0.2), (2, 3), (1.0, 1.15, 1.3, 1.5, 1.75)
            ):
                boosted = np.where(sentence == 0, np.minimum(1.0, inside * boost), inside)
                d = DecodeSettings(w, high, low, gap)
                spans = [(s, e) for s, e, _ in decode(g.pieces, boosted, d, g.sentence_starts)]
                key = (w, high, low, gap, boost)
                levers["hysteresis, title boosted"].setdefault(key, {})[aid] = _si_stats(
                    spans, g.si, headline
                )
    return levers


def viterbi_levers(
    gold: dict[str, GoldArticle], outputs: dict[str, dict[str, Any]]
) -> dict[str, dict[Any, dict[str, np.ndarray]]]:
    """Per knob setting (word weight, outside bias, score floor), per article: the SI sums."""
    levers: dict[str, dict[Any, dict[str, np.ndarray]]] = {
        "Viterbi BIO within sentences": {},
        f"Viterbi, shipped blend weight {SHIPPED_WORD_WEIGHT}": {},
    }
    for aid, g, headline, sentence in _si_articles(gold):
        assert g.pieces is not None
        for w in (0.0, 0.2, 0.3, 0.4):
            tags = tag_probs(outputs[aid]["probs"], _inside(outputs[aid], w))
            for bias in (0.06, 0.1, 0.14, 0.18, 0.22, 0.26, 0.3):
                found = viterbi_spans(g.pieces, tags, sentence, ViterbiSettings(bias, 0.0))
                for floor in (0.0, 0.25, 0.3, 0.35, 0.4):
                    spans = [(s, e) for s, e, score in found if score >= floor]
                    stats = _si_stats(spans, g.si, headline)
                    levers["Viterbi BIO within sentences"].setdefault((w, bias, floor), {})[aid] = stats
                    if w == SHIPPED_WORD_WEIGHT:
                        name = f"Viterbi, shipped blend weight {SHIPPED_WORD_WEIGHT}"
                        levers[name].setdefault((w, bias, floor), {})[aid] = stats
    return levers


def _sentence_ranges(g: GoldArticle) -> list[tuple[int, int]]:
    starts = g.sentence_starts
    return [(s, starts[k + 1] if k + 1 < len(starts) else len(g.article.text)) for k, s in enumerate(starts)]


def _context_logits(g: GoldArticle, o: dict[str, Any], heads: dict[str, np.ndarray]) -> np.ndarray:
    """The span head read over the sentences each gold row lies in (its context)."""
    enc = EncodedArticle(o["windows"], [h.astype(np.float32) for h in o["hidden"]], len(o["probs"]))
    net = TechniqueNetwork(lambda ids, mask: ids, heads)
    ranges = []
    sentences = _sentence_ranges(g)
    starts = np.asarray(g.sentence_starts)
    for _, s, e in o["rows"]:
        first = max(0, int(np.searchsorted(starts, s, side="right")) - 1)
        last = max(first, int(np.searchsorted(starts, max(s, e - 1), side="right")) - 1)
        ranges.append(_pieces_of(g, sentences[first][0], sentences[last][1]))
    return net.span_logits(enc, ranges)


def tc_levers(
    gold: dict[str, GoldArticle],
    outputs: dict[str, dict[str, Any]],
    heads: dict[str, np.ndarray],
    train: list[GoldArticle],
) -> dict[str, dict[Any, dict[str, np.ndarray]]]:
    stats = TechniquePriors.fit([row for g in train for row in g.tc], techniques_list())
    prior = stats.prior
    levers: dict[str, dict[Any, dict[str, np.ndarray]]] = {
        "blend (shipped)": {},
        "+ sentence context": {},
        "+ length prior": {},
        "+ class-prior correction": {},
        "+ class-prior correction + length prior": {},
    }
    weights = np.round(np.arange(0.0, 0.75, 0.05), 2)
    for aid, g in gold.items():
        o = outputs[aid]
        if not o["rows"]:
            continue
        net = log_softmax(np.asarray(o["network_logits"], dtype=float))
        ctx = log_softmax(_context_logits(g, o, heads))
        length = stats.length_loglik([(s, e) for _, s, e in o["rows"]])
        for w in weights:
            # each lever: what is added to the network's log-probabilities (a direction) and its weights
            for name, direction, knobs in (
                ("blend (shipped)", np.zeros_like(net), (0.0,)),
                ("+ sentence context", ctx, (0.1, 0.2, 0.3, 0.5, 0.75, 1.0)),
                ("+ length prior", length, (0.1, 0.2, 0.3, 0.5, 0.75, 1.0)),
                ("+ class-prior correction", -np.log(prior)[None, :] + np.zeros_like(net), PRIOR_WEIGHTS),
            ):
                for k in knobs:
                    probs = blend_techniques(
                        net + k * direction, o["ngram_probs"], ClassifySettings(float(w), 1.0)
                    )
                    levers[name].setdefault((float(w), k), {})[aid] = _tc_stats(o["rows"], probs)
            for a, b in itertools.product(PRIOR_WEIGHTS, (0.1, 0.2, 0.3, 0.5)):
                probs = blend_techniques(
                    net - a * np.log(prior) + b * length, o["ngram_probs"], ClassifySettings(float(w), 1.0)
                )
                name = "+ class-prior correction + length prior"
                levers[name].setdefault((float(w), a, b), {})[aid] = _tc_stats(o["rows"], probs)
    return levers


def article_map_lever(
    gold: dict[str, GoldArticle],
    outputs: dict[str, dict[str, Any]],
    oof: list[str],
    validation: list[str],
    word_weight: float,
    shipped: dict[str, list[float]],
    c: float = 1.0,
    columns: tuple[int, ...] = (0, 1, 2),
) -> dict[str, Any]:
    """The article map refitted on out-of-fold outputs (sentence isotonic + logistic map), with its
    inner-CV and validation Brier score and AUC, beside the shipped provisional map on the same inputs."""
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from unspin.analyzers.techniques.ensemble import article_features

    peaks: dict[str, np.ndarray] = {}
    covered: dict[str, np.ndarray] = {}
    label: dict[str, int] = {}
    for aid, g in gold.items():
        assert g.pieces is not None
        o = outputs[aid]
        p = o["probs"].astype(float)
        inside = blend_inside(p[:, 1] + p[:, 2], o["word_inside"].astype(float), word_weight)
        sentences = segment_text(g.article.text).sentences
        peaks[aid] = sentence_peaks(g.pieces, inside, sentences)
        mask = np.zeros(len(g.article.text) + 1, dtype=np.int32)
        for s, e in g.si:
            mask[s] += 1
            mask[e] -= 1
        inside_chars = np.cumsum(mask[:-1]) > 0
        covered[aid] = np.asarray([inside_chars[s:e].any() for s, e in sentences], dtype=float)
        label[aid] = int(propagandistic(g))

    def fit(ids: Iterable[str]) -> tuple[Any, Any]:
        ids = list(ids)
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(
            np.concatenate([peaks[a] for a in ids]), np.concatenate([covered[a] for a in ids])
        )
        x = np.asarray([article_features(iso.predict(peaks[a]))[list(columns)] for a in ids])
        return iso, LogisticRegression(C=c, max_iter=1000).fit(x, [label[a] for a in ids])

    def scores(iso: Any, lr: Any, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
        x = np.asarray([article_features(iso.predict(peaks[a]))[list(columns)] for a in ids])
        refit = lr.predict_proba(x)[:, 1]
        old = np.asarray([article_probability(shipped, iso.predict(peaks[a])) for a in ids])
        return refit, old

    order = np.random.default_rng(INNER_SEED).permutation(len(oof))
    cv_refit: list[float] = []
    cv_old: list[float] = []
    cv_y: list[int] = []
    for f in range(INNER_FOLDS):
        test = [oof[i] for i in sorted(order[f::INNER_FOLDS])]
        iso, lr = fit(a for a in oof if a not in set(test))
        refit, old = scores(iso, lr, test)
        cv_refit.extend(refit)
        cv_old.extend(old)
        cv_y.extend(label[a] for a in test)
    iso, lr = fit(oof)
    val_refit, val_old = scores(iso, lr, validation)
    val_y = [label[a] for a in validation]

    def summary(p: Iterable[float], y: list[int]) -> dict[str, float]:
        q = np.asarray(list(p))
        return {
            "brier": round(float(np.mean((q - np.asarray(y)) ** 2)), 4),
            "auc": round(float(roc_auc_score(y, q)), 4),
            "base_rate_brier": round(float(np.mean((np.mean(y) - np.asarray(y)) ** 2)), 4),
        }

    return {
        "refit": {"cv": summary(cv_refit, cv_y), "validation": summary(val_refit, val_y)},
        "shipped provisional map": {"cv": summary(cv_old, cv_y), "validation": summary(val_old, val_y)},
        "map": {  # as model.json stores it: a weight for every feature, 0 for those not used
            "w": [
                round(float(dict(zip(columns, lr.coef_[0], strict=True)).get(k, 0.0)), 5) for k in range(3)
            ],
            "b": [round(float(lr.intercept_[0]), 5)],
        },
        "positives": {"oof": int(sum(label[a] for a in oof)), "validation": int(sum(val_y))},
    }


def measure(run: Path, outputs_file: Path, out: Path | None, only: set[str]) -> dict[str, Any]:
    started = time.monotonic()
    train, oof_gold, validation_gold, _ = _fold_split(run)
    with open(outputs_file, "rb") as handle:
        saved = pickle.load(handle)
    outputs, heads = saved["outputs"], saved["heads"]
    gold = {g.id: g for g in oof_gold + validation_gold}
    oof = [g.id for g in oof_gold]
    validation = [g.id for g in validation_gold]
    report: dict[str, Any] = {"oof_articles": len(oof), "validation_articles": len(validation), "si": {}}
    si: dict[str, dict[Any, dict[str, np.ndarray]]] = {}
    if "hysteresis" in only:
        si.update(hysteresis_levers(gold, outputs))
    if "title" in only:
        si.update(title_levers(gold, outputs))
    if "viterbi" in only:
        si.update(viterbi_levers(gold, outputs))
    for name, stats in si.items():
        cv, val, best = _cv(stats, oof, validation, lambda s: _prf(s)[2])
        report["si"][name] = {
            "cv": [round(v, 4) for v in _prf(cv)],
            "validation": [round(v, 4) for v in _prf(val)],
            "cv_headline_recall": round(cv[4] / cv[5], 4) if cv[5] else None,
            "validation_headline_recall": round(val[4] / val[5], 4) if val[5] else None,
            "knobs": str(best),
        }
        print(name, report["si"][name], f"({time.monotonic() - started:.0f}s)", flush=True)
    report["tc"] = {}
    tc = tc_levers(gold, outputs, heads, train) if "tc" in only else {}
    for name, stats in tc.items():
        cv, val, best = _cv(stats, oof, validation, lambda s: s[0] / s[1])
        report["tc"][name] = {
            "cv": round(cv[0] / cv[1], 4),
            "validation": round(val[0] / val[1], 4),
            "knobs": str(best),
        }
        print(name, report["tc"][name], f"({time.monotonic() - started:.0f}s)", flush=True)
    shipped = json.loads(
        (Path(__file__).resolve().parents[1] / "src/unspin/models/techniques/model.json").read_text(
            encoding="utf-8"
        )
    )
    if "article" in only:  # the shipped model's sentence probabilities use its own blend weight
        report["article"] = {
            f"C={c:g}, features {columns}": article_map_lever(
                gold,
                outputs,
                oof,
                validation,
                shipped["decode"]["word_weight"],
                shipped["calibration"]["article"],
                c,
                columns,
            )
            for c in (1.0, 100.0)
            for columns in ((0, 1, 2), (0,))
        }
        print("article", report["article"], flush=True)
    if out:
        out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract")
    ex.add_argument("--run", type=Path, required=True)
    ex.add_argument("--out", type=Path, required=True)
    me = sub.add_parser("measure")
    me.add_argument("--run", type=Path, required=True)
    me.add_argument("--outputs", type=Path, required=True)
    me.add_argument("--json", type=Path)
    me.add_argument(
        "--only", default="hysteresis,viterbi,tc,article", help="lever groups, comma-separated (default: all)"
    )
    args = parser.parse_args()
    if args.command == "extract":
        extract(args.run, args.out)
    else:
        measure(args.run, args.outputs, args.json, set(args.only.split(",")))


if __name__ == "__main__":
    main()
