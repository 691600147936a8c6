"""CPU time of each spaCy component in the shared parse, over a folder of articles (the PTC dev texts).

The parse (:mod:`unspin.nlp.parse`) is the largest cost of the factual analyzers, and it moves
with spaCy's releases: 3.8.8 to 3.8.18 made named-entity recognition twice as slow with the same model.
Run this before allowing a new spaCy release, in an environment with each version, and compare the rows.

Usage::

    python bench/bench_parse.py                      # median of 3 passes over ../shared's dev articles
    python bench/bench_parse.py --compare-blis       # also on thinc's BLIS, as spaCy loads it: same parses?
    python bench/bench_parse.py --articles DIR --repeats 5

CPU time of this process (not wall time), so a busy machine disturbs it less; still quote ratios
between runs made side by side.
"""

from __future__ import annotations

import os

# CPU time means something only if numpy's BLAS runs on one thread (worker processes set the same).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV_ARTICLES = ROOT.parent / "shared" / "data" / "ptc" / "dev-articles"


def time_components(nlp: Any, articles: list[Any], repeats: int, batch_size: int) -> tuple[dict, list]:
    """Median CPU seconds of each step over ``articles``, and the parsed documents of the last pass."""
    from unspin.nlp.parse import unparsed

    seconds: dict[str, list[float]] = defaultdict(list)
    docs: list[Any] = []
    for _ in range(repeats):
        started = time.process_time()
        docs = [unparsed(nlp, a) for a in articles]
        seconds["make_doc + sentence starts"].append(time.process_time() - started)
        for name, component in nlp.pipeline:
            started = time.process_time()
            docs = list(component.pipe(docs, batch_size=batch_size))
            seconds[name].append(time.process_time() - started)
    return {name: statistics.median(values) for name, values in seconds.items()}, docs


def layers(docs: list[Any]) -> list[tuple[Any, ...]]:
    """Everything the analyzers read from a parse, token by token."""
    return [
        (
            t.idx,
            t.tag_,
            t.pos_,
            str(t.morph),
            t.lemma_,
            t.dep_,
            t.head.i,
            t.ent_iob_,
            t.ent_type_,
            t.is_sent_start,
        )
        for doc in docs
        for t in doc
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=DEV_ARTICLES, help="Folder of article*.txt files.")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=8, help="Documents per batch, as the parse uses.")
    parser.add_argument(
        "--compare-blis",
        action="store_true",
        help="Also time the pipeline on thinc's own BLIS (spaCy's default) and check both parse alike.",
    )
    args = parser.parse_args()
    paths = sorted(args.articles.glob("*.txt")) if args.articles.is_dir() else []
    if not paths:
        sys.exit(f"{args.articles}: no article texts (the PTC dev articles live in ../shared)")

    import spacy

    from unspin import Article
    from unspin.nlp.parse import load_model

    articles = [Article(text=p.read_text(encoding="utf-8")) for p in paths]
    runs = {"unspin (numpy BLAS)": load_model()}
    if args.compare_blis:
        runs["spaCy default (BLIS)"] = load_model(blis=True)
    results = {
        label: time_components(nlp, articles, args.repeats, args.batch_size) for label, nlp in runs.items()
    }
    nlp = runs["unspin (numpy BLAS)"]
    tokens = sum(len(d) for d in results["unspin (numpy BLAS)"][1])
    print(
        f"spaCy {spacy.__version__}, {nlp.meta['name']} {nlp.meta['version']}: {len(articles)} articles, "
        f"{tokens} tokens, median CPU seconds of {args.repeats} passes"
    )
    labels = list(results)
    print(f"{'step':<28}" + "".join(f"{label:>24}" for label in labels))
    for step in results[labels[0]][0]:
        print(f"{step:<28}" + "".join(f"{results[label][0][step]:>24.2f}" for label in labels))
    totals = [sum(results[label][0].values()) for label in labels]
    print(f"{'total':<28}" + "".join(f"{total:>24.2f}" for total in totals))
    print(f"{'tokens/s':<28}" + "".join(f"{tokens / total:>24.0f}" for total in totals))
    if args.compare_blis:
        same = layers(results[labels[0]][1]) == layers(results[labels[1]][1])
        print(f"same tags, lemmas, dependencies and entities: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
