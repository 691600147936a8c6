"""Where the techniques analyzer (or the whole pipeline) spends its CPU: seconds per stage over a folder
of articles, one process.

Each stage's function is wrapped with a CPU-time counter (``time.process_time``; no profiler, so Python
code is not slowed more than the encoder), after a warm-up article that loads the models::

    UNSPIN_THREADS=1 python bench/techniques_stages.py --articles ../shared/data/ptc/dev-articles
    UNSPIN_THREADS=1 python bench/techniques_stages.py --all --n 60 \
        --articles ../shared/data/ptc/train-articles

Stages nest (``annotate`` holds the encoder pass, the n-gram models, decoding), so shares do not add up.
``--all`` runs every default analyzer in batches of 4 (as ``unspin analyze`` does) and adds each one's
``prepare``/``annotate``/``summarize`` and the shared spaCy parse (inside the first ``prepare``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=Path, default=ROOT.parent / "shared" / "data" / "ptc" / "dev-articles"
    )
    parser.add_argument("--all", action="store_true", help="Every default analyzer, not techniques alone.")
    parser.add_argument("--n", type=int, default=0, help="Only the first N articles (0: all).")
    args = parser.parse_args()
    paths = sorted(args.articles.glob("*.txt"))[: args.n or None]
    if not paths:
        sys.exit(f"{args.articles}: no article texts (the PTC dev articles live in ../shared)")

    import unspin.analyzers.techniques as analyzer
    import unspin.analyzers.techniques.model as model
    import unspin.nlp.parse as parse
    import unspin.nlp.segmentation as segmentation
    from unspin import Article
    from unspin.pipeline import Pipeline

    seconds: dict[str, float] = defaultdict(float)

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*a: Any, **k: Any) -> Any:
            started = time.process_time()
            try:
                return function(*a, **k)
            finally:
                seconds[name] += time.process_time() - started

        return wrapper

    stages: list[tuple[Any, str, str]] = [
        (analyzer.Techniques, "annotate", "annotate (all of the layer)"),
        (analyzer.Techniques, "summarize", "summary"),
        (model.TechniqueNetwork, "encode", "encoder (onnxruntime)"),
        (model.TechniqueNetwork, "token_probs", "token head"),
        (model.WordTagger, "predict_proba", "n-gram word tagger"),
        (model.SpanClassifier, "predict_proba", "n-gram span classifier"),
        (model, "encode", "word pieces"),
        (model, "decode", "decoding"),
        (segmentation, "segment_text", "tokens and sentences"),
    ]
    pipeline = Pipeline() if args.all else Pipeline(only=["techniques"])
    if args.all:
        stages[0:2] = [(parse, "parse_many", "spaCy parse (in prepare)")]
        for each in pipeline.analyzers:
            for method in ("prepare", "annotate", "summarize"):
                if method in type(each).__dict__:
                    stages.append((type(each), method, f"{each.name}.{method}"))
    for owner, attribute, name in stages:
        setattr(owner, attribute, timed(name, getattr(owner, attribute)))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    list(pipeline.pipe([Article(text="Warm-up: 3 people were hurt in Paris on Monday, officials said.")]))
    seconds.clear()
    started = time.process_time()
    for _ in pipeline.pipe((Article(text=text) for text in texts), batch_size=4):
        pass
    total = time.process_time() - started
    print(f"{len(texts)} articles: {total:.2f} s CPU after the warm-up")
    for name, value in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"{name:<30}{value:8.2f} s{100 * value / total:7.1f} %")


if __name__ == "__main__":
    main()
