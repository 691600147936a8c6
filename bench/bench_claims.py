"""Check-worthy claims: the cross-validated comparison with the TF-IDF baseline, as a Markdown table.

One command runs the debate-grouped cross-validation of ``unspin train claims`` (baseline, n-gram model,
sentence-embedding model and their blend, all measured in the same run) and prints the table for
BENCHMARKS.md, then the cost of the ``claims`` analyzer per article in both modes. It skips cleanly when
the ClaimBuster data (``../shared/data/claimbuster``) is absent.

Usage::

    python bench/bench_claims.py [--data ../shared/data/claimbuster] [--folds 5] [--no-encoder]
    python bench/bench_claims.py --from-run runs/claims      # the table of a finished training run

The own evaluation set is scored by the generic command: ``unspin eval layers bench/sets/claims.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "claimbuster"
EXAMPLE = ROOT / "examples" / "valdoria-report.txt"
ROWS = ("baseline", "fast", "encoder", "full")


def table(metrics: dict[str, Any]) -> str:
    cv = metrics["cv"]
    lines = [
        f"Debate-grouped {metrics['folds']}-fold CV on ClaimBuster crowdsourced ({metrics['sentences']} "
        f"sentences, {metrics['positives']} check-worthy); threshold, blend and calibration chosen on the "
        "other folds.",
        "",
        "| model | F1 (check-worthy) | precision | recall | ROC-AUC | ECE |",
        "|---|---|---|---|---|---|",
    ]
    for key in ROWS:
        if key in cv:
            m = cv[key]
            lines.append(
                f"| {m['name']} | {m['f1']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | "
                f"{m['roc_auc']:.3f} | {m['ece']:.3f} |"
            )
    return "\n".join(lines)


def article_text(chars: int = 4600) -> str:
    """About ``chars`` characters of our own example article, paragraphs repeated as needed."""
    paragraphs = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out: list[str] = []
    while sum(len(p) + 2 for p in out) < chars:
        out.append(paragraphs[len(out) % len(paragraphs)])
    return "\n\n".join(out)


def analyzer_cost(model: Path | None, repeats: int = 5) -> dict[str, float]:
    """CPU milliseconds the claims analyzer adds to an article whose shared parse is already done."""
    from unspin import Article
    from unspin.analyzers.claims import Claims
    from unspin.nlp.parse import parse

    text = article_text()
    out: dict[str, float] = {"chars": len(text)}
    for mode in ("fast", "full"):
        analyzer = Claims(model=model, mode=mode)
        if not analyzer.available().ok:
            continue
        analyzer.annotate(Article("Warm-up: the model loads once per process."))
        samples = []
        for _ in range(repeats):
            article = Article(text)
            parse(article)
            started = time.process_time()  # CPU time: the machine is shared, wall time is noise
            analyzer.summarize(article, analyzer.annotate(article))
            samples.append(time.process_time() - started)
        out[f"{mode}_ms"] = round(1000 * statistics.median(samples), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-encoder", action="store_true", help="Only the baseline and n-gram model.")
    parser.add_argument("--from-run", type=Path, help="Read metrics.json of a finished training run.")
    parser.add_argument("--model", type=Path, help="Model folder for the speed measurement.")
    args = parser.parse_args()

    if args.from_run:
        metrics = json.loads((args.from_run / "metrics.json").read_text(encoding="utf-8"))
        model = args.model or args.from_run / "model"
    else:
        if not (args.data / "crowdsourced.csv").is_file():
            print(f"skipped: {args.data}/crowdsourced.csv is absent (the ClaimBuster data is not here)")
            return
        from unspin.train.claims import ClaimSettings, run

        with tempfile.TemporaryDirectory(prefix="bench-claims-") as tmp:
            settings = ClaimSettings(
                data=args.data, out=Path(tmp), folds=args.folds, use_encoder=not args.no_encoder
            )
            run(settings, lambda message: print(message, file=sys.stderr))
            metrics = json.loads((Path(tmp) / "metrics.json").read_text(encoding="utf-8"))
        model = args.model
    print(table(metrics))
    cost = analyzer_cost(model)
    print()
    print(
        f"claims analyzer on a {int(cost['chars'])}-character article, shared parse done (CPU time): "
        + ", ".join(f"{m} mode {cost[f'{m}_ms']} ms" for m in ("fast", "full") if f"{m}_ms" in cost)
    )


if __name__ == "__main__":
    main()
