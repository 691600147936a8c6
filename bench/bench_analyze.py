"""Speed and memory of `unspin analyze`, with a baseline measured in the same run.

Times the pipeline over articles of several lengths, built by repeating the example article (our own
text), and reports medians over repeats:

* baseline: the ``sentences`` analyzer alone (tokenising and segmentation);
* full: the default pipeline (every default analyzer: techniques, claims, attribution, figures, entities,
  places, events, dates, over the shared segmentation and spaCy parse);
* model load: the first use of the technique model in a fresh process.

Usage: ``python bench/bench_analyze.py [--repeats 5] [--json out.json]``; results and the command go in
BENCHMARKS.md. The machine is noisy: compare ratios within one run, not absolute numbers across runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "valdoria-report.txt"


def _article(words: int) -> str:
    """About ``words`` words: paragraphs of the example article, repeated as needed."""
    paragraphs = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out: list[str] = []
    while sum(len(p.split()) for p in out) < words:
        out.append(paragraphs[len(out) % len(paragraphs)])
    return "\n\n".join(out)


def _time(fn: Callable[[], object], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def model_load_seconds() -> float:
    """First analysis in a fresh interpreter minus the same interpreter's start-up and import."""
    code = (
        "import time; t=time.perf_counter(); from unspin import Article, Pipeline; "
        "p=Pipeline(); a=Pipeline(only=['sentences']); i=time.perf_counter(); "
        "p(Article('Warm-up sentence. Another one.')); print(time.perf_counter()-i)"
    )
    runs = [float(subprocess.check_output([sys.executable, "-c", code], text=True)) for _ in range(3)]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from unspin import Article, Pipeline

    baseline, full = Pipeline(only=["sentences"]), Pipeline()
    if "techniques" not in full.names:
        sys.exit("the techniques model is not installed; nothing to benchmark")
    full(Article("Warm-up. The model loads once per process."))
    rows = []
    for words in (300, 1000, 3000):
        text = _article(words)
        n_words = len(text.split())
        t_base = _time(lambda text=text: baseline(Article(text)), args.repeats)
        t_full = _time(lambda text=text: full(Article(text)), args.repeats)
        rows.append(
            {
                "words": n_words,
                "baseline_s": round(t_base, 4),
                "full_s": round(t_full, 4),
                "full_words_per_s": round(n_words / t_full),
                "ratio_full_to_baseline": round(t_full / t_base, 1),
            }
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "repeats": args.repeats,
        "rows": rows,
        "peak_rss_mb": round(peak_mb),
        "model_load_s": round(model_load_seconds(), 2),
    }
    print(f"{'words':>6} {'baseline s':>11} {'full s':>8} {'words/s':>8} {'full/baseline':>14}")
    for r in rows:
        print(
            f"{r['words']:>6} {r['baseline_s']:>11.4f} {r['full_s']:>8.3f} {r['full_words_per_s']:>8} "
            f"{r['ratio_full_to_baseline']:>13}×"
        )
    print(f"peak RSS {result['peak_rss_mb']} MB; model load + first article {result['model_load_s']} s")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
