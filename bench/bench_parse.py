"""CPU time of each spaCy component in the shared parse, over a folder of articles (the PTC dev texts).

The parse (:mod:`unspin.analyzers.parse`) is the largest cost of the factual analyzers, and it moves
with spaCy's releases: 3.8.8 to 3.8.18 made named-entity recognition twice as slow with the same model.
Run this before allowing a new spaCy release, in an environment with each version, and compare the rows.

Usage::

    python bench/bench_parse.py                      # median of 3 passes over ../shared's dev articles
    python bench/bench_parse.py --articles DIR --repeats 5

CPU time of this process (not wall time), so a busy machine disturbs it less; still quote ratios
between runs made side by side.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_ARTICLES = ROOT.parent / "shared" / "data" / "ptc" / "dev-articles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=DEV_ARTICLES, help="Folder of article*.txt files.")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=8, help="Documents per batch, as the parse uses.")
    args = parser.parse_args()
    paths = sorted(args.articles.glob("*.txt")) if args.articles.is_dir() else []
    if not paths:
        sys.exit(f"{args.articles}: no article texts (the PTC dev articles live in ../shared)")

    import spacy

    from unspin import Article
    from unspin.analyzers.parse import load_model, unparsed

    nlp = load_model()
    articles = [Article(text=p.read_text(encoding="utf-8")) for p in paths]
    seconds: dict[str, list[float]] = defaultdict(list)
    tokens = 0
    for _ in range(args.repeats):
        started = time.process_time()
        docs = [unparsed(nlp, a) for a in articles]
        seconds["make_doc + sentence starts"].append(time.process_time() - started)
        tokens = sum(len(d) for d in docs)
        for name, component in nlp.pipeline:
            started = time.process_time()
            docs = list(component.pipe(docs, batch_size=args.batch_size))
            seconds[name].append(time.process_time() - started)
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    total = sum(medians.values())
    print(
        f"spaCy {spacy.__version__}, {nlp.meta['name']} {nlp.meta['version']}: {len(articles)} articles, "
        f"{tokens} tokens, median CPU seconds of {args.repeats} passes"
    )
    for name, value in medians.items():
        print(f"{name:<28}{value:>8.2f}{value / total:>8.0%}")
    print(f"{'total':<28}{total:>8.2f}{'':>8}{tokens / total:>10.0f} tokens/s")


if __name__ == "__main__":
    main()
