"""Measure cheap technique levers on the n-gram models, honestly: CV on the training part, then the
fixed validation set once.

Levers: the repetition and length features of the span classifier (old substring count, whole-word
lemma recurrences, plus a squared log-length: a per-technique length prior), and span decoding kept
within sentences. The n-gram models train in minutes, so each variant is cross-validated on the 297
training articles (3 folds grouped by article) and then trained on all 297 and scored on the 74 fixed
validation articles (never seen before).

    PYTHONPATH=src python bench/techniques_ngram_levers.py --data /work/shared/data/ptc
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from unspin.analyzers.techniques import ngrams
from unspin.analyzers.techniques.ensemble import DecodeSettings, decode, word_probs_on_pieces
from unspin.eval.semeval import si_score, tc_score
from unspin.ingest.ptc import SpanRow, techniques_list
from unspin.ml import load_tokenizer
from unspin.train.baseline import NgramBaseline
from unspin.train.data import (
    GoldArticle,
    committed_validation_ids,
    folds,
    load_ptc,
    prepare,
    split_validation,
)

TOKENIZER = (
    Path(__file__).resolve().parents[1] / "src" / "unspin" / "models" / "techniques" / "tokenizer.json"
)


def _substring_numeric(article_text: str, start: int, end: int) -> list[float]:
    """The feature before the fix: substring counts ('war' found in 'software')."""
    span = article_text[start:end].strip().lower()
    repeats = article_text.lower().count(span) if span else 0
    length = math.log1p(end - start)
    return [length, math.log1p(max(0, repeats - 1)), float(repeats > 1), length * length / 10.0]


VARIANTS: dict[str, tuple[Callable[[str, int, int], list[float]], int]] = {
    "substring count (shipped)": (_substring_numeric, 3),
    "whole-word lemma recurrences": (ngrams.span_numeric, 3),
    "recurrences + length prior": (ngrams.span_numeric, 4),
}


def _with_variant(name: str) -> None:
    function, width = VARIANTS[name]
    ngrams.span_numeric = lambda text, s, e: function(text, s, e)[:width]  # type: ignore[assignment]
    ngrams.NUMERIC_FEATURES = width
    import unspin.train.baseline as baseline

    baseline.NUMERIC_FEATURES = width  # type: ignore[attr-defined]


def _tc(model: NgramBaseline, gold: list[GoldArticle]) -> float:
    names = techniques_list()
    pred, truth = [], []
    for g in gold:
        spans = sorted({(s, e) for _, s, e in g.tc})
        probs = model.classify_spans(g.article.text, spans)
        ranked = {sp: np.argsort(-row, kind="stable") for sp, row in zip(spans, probs, strict=True)}
        seen: dict[tuple[int, int], int] = {}
        for t, s, e in g.tc:
            k = seen.get((s, e), 0)
            seen[(s, e)] = k + 1
            pred.append(SpanRow(g.id, s, e, names[int(ranked[(s, e)][k % len(names)])]))
            truth.append(SpanRow(g.id, s, e, t))
    return tc_score(pred, truth)[0].f1


def _word_inside(model: NgramBaseline, gold: list[GoldArticle]) -> dict[str, np.ndarray]:
    out = {}
    for g in gold:
        assert g.pieces is not None
        tokens, p = model.word_probs(g.article.text)
        out[g.id] = word_probs_on_pieces(g.pieces, np.asarray([s for s, _ in tokens]), p)
    return out


def _si(gold: list[GoldArticle], inside: dict[str, np.ndarray], d: DecodeSettings) -> float:
    rows = []
    for g in gold:
        assert g.pieces is not None
        rows.extend(SpanRow(g.id, s, e) for s, e, _ in decode(g.pieces, inside[g.id], d, g.sentence_starts))
    return si_score(rows, [SpanRow(g.id, s, e) for g in gold for s, e in g.si]).f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    started = time.monotonic()
    everything = prepare(load_ptc(args.data), load_tokenizer(TOKENIZER))
    gold, validation = split_validation(everything, committed_validation_ids())
    report: dict[str, Any] = {"train_articles": len(gold), "validation_articles": len(validation)}
    parts = folds(gold, args.folds, 13)
    # SI: the word tagger does not depend on the span features; decoding within sentences or not.
    inside: dict[str, np.ndarray] = {}
    for test_idx in parts:
        held = set(test_idx)
        model = NgramBaseline().fit([g for i, g in enumerate(gold) if i not in held])
        inside.update(_word_inside(model, [g for i, g in enumerate(gold) if i in held]))
    grid = [DecodeSettings(1.0, t, t, 0) for t in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)]
    report["si"] = {}
    full = NgramBaseline().fit(gold)
    valid_inside = _word_inside(full, validation)
    for within in (False, True):
        cv = {d.high: _si(gold, inside, DecodeSettings(1.0, d.high, d.low, 0, within)) for d in grid}
        best = max(cv, key=cv.__getitem__)
        chosen = DecodeSettings(1.0, best, best, 0, within)
        report["si"][f"within_sentences={within}"] = {
            "threshold": best,
            "cv_f1": round(cv[best], 4),
            "validation_f1": round(_si(validation, valid_inside, chosen), 4),
        }
        print(json.dumps(report["si"]), flush=True)
    report["tc"] = {}
    for name in VARIANTS:
        _with_variant(name)
        scores = []
        for test_idx in parts:
            held = set(test_idx)
            model = NgramBaseline().fit([g for i, g in enumerate(gold) if i not in held])
            scores.append(_tc(model, [g for i, g in enumerate(gold) if i in held]))
        cv_f1 = float(np.mean(scores))
        model = NgramBaseline().fit(gold)
        report["tc"][name] = {
            "cv_micro_f1": round(cv_f1, 4),
            "validation_micro_f1": round(_tc(model, validation), 4),
        }
        print(name, report["tc"][name], flush=True)
    report["seconds"] = round(time.monotonic() - started)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
