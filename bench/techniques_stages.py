"""Where the techniques analyzer spends its CPU: seconds per stage over a folder of articles, one process.

Each stage's function is wrapped with a CPU-time counter (``time.process_time``; no profiler, so Python
code is not slowed more than the encoder), after a warm-up article that loads the models::

    UNSPIN_THREADS=1 python bench/techniques_stages.py --articles ../shared/data/ptc/dev-articles

Stages nest (``annotate`` holds the encoder pass, the n-gram models, decoding), so shares do not add up.
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
    args = parser.parse_args()
    paths = sorted(args.articles.glob("*.txt"))
    if not paths:
        sys.exit(f"{args.articles}: no article texts (the PTC dev articles live in ../shared)")

    import unspin.analyzers.techniques as analyzer
    import unspin.analyzers.techniques.model as model
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
    for owner, attribute, name in stages:
        setattr(owner, attribute, timed(name, getattr(owner, attribute)))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    pipeline = Pipeline(only=["techniques"])
    pipeline(Article(text="Warm-up: the models load once. A second sentence."))
    seconds.clear()
    started = time.process_time()
    for text in texts:
        pipeline(Article(text=text))
    total = time.process_time() - started
    print(f"{len(texts)} articles: {total:.2f} s CPU after the warm-up")
    for name, value in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"{name:<30}{value:8.2f} s{100 * value / total:7.1f} %")


if __name__ == "__main__":
    main()
