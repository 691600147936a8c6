"""Value accuracy and speed of number parsers on the TUNE gold figures: ours against text2num,
number-parser and quantulum3 (#11: adopt a library only where it matches or beats our parsing).

Each parser reads the exact text of every gold figure span of the tune split (the number with its
approximator and unit, "at least 39", "$3 million", "dozens") and gives one value; it is right when the
value equals the gold ``value`` (the guidelines' conventions: "dozens" 24, "hundreds" 200). Ours is the
figures scanner (:class:`unspin.analyzers.figures.numbers.Scanner`) on the span's tokens; the libraries
turn number words into digits (text2num's ``alpha2digit``, number-parser's ``parse``) or extract
quantities (quantulum3, with its unit classifier off: the one it ships does not load with the
scikit-learn we use), and the first number of their output is read with its scale word ("3.5 million").
Only the tune split is read.

    PYTHONPATH=src python bench/real/number_parsers.py --ptc ../shared/data/ptc [--repeats 3] [--show]

The libraries are optional: a parser whose package is not installed is listed as such.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unspin.analyzers.figures.numbers import Scanner, as_number
from unspin.eval.real import NOT_FIGURE, load
from unspin.lang.en.numbers import SCALES
from unspin.nlp.parse import load_model

SET = Path(__file__).resolve().parent
_FIRST = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(" + "|".join(SCALES) + r")?\b", re.I)


def _first_number(text: str) -> float | None:
    """The first digit number of a library's output, times the scale word after it."""
    m = _FIRST.search(text)
    if m is None:
        return None
    value = float(m.group(1).replace(",", ""))
    return value * SCALES.get((m.group(2) or "").lower(), 1)


_DOCS: dict[str, Any] = {}


def ours() -> Callable[[str], float | None]:
    """The scanner on the span's spaCy parse; the parse is made before timing (in the pipeline it is
    shared with every analyzer and paid once), so the time is the scanner's own."""

    def parse(text: str) -> float | None:
        found = Scanner(_DOCS[text]).figures()
        return float(found[0].value) if found else None

    return parse


def text2num() -> Callable[[str], float | None]:
    from text_to_num import alpha2digit

    return lambda text: _first_number(alpha2digit(text, "en"))


def number_parser() -> Callable[[str], float | None]:
    from number_parser import parse

    return lambda text: _first_number(parse(text))


def quantulum3() -> Callable[[str], float | None]:
    from quantulum3 import classifier, parser

    classifier.USE_CLF = False  # the shipped classifier was pickled with another scikit-learn

    def parse(text: str) -> float | None:
        found = parser.parse(text)
        return float(found[0].value) if found else None

    return parse


PARSERS: dict[str, Callable[[], Callable[[str], float | None]]] = {
    "ours (figures scanner)": ours,
    "text2num 3.1 (alpha2digit)": text2num,
    "number-parser 0.3 (parse)": number_parser,
    "quantulum3 0.10": quantulum3,
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ptc", type=Path, required=True, help="PTC folder (train-articles/)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--show", action="store_true", help="print every wrong value")
    ap.add_argument("--only", help="run the parsers whose name contains this")
    args = ap.parse_args()
    articles, _ = load(SET, args.ptc, "tune")
    spans = [
        (a.text[g.start : g.end], float(g.attrs["value"]))
        for a in articles
        for g in a.gold.get("numbers", [])
        if g.label != NOT_FIGURE and "value" in g.attrs
    ]
    nlp = load_model()
    _DOCS.update((text, nlp(text)) for text, _ in spans)
    print(f"{len(spans)} gold figure values (tune split)")
    print(f"{'parser':<28}{'right':>8}{'accuracy':>10}{'µs/span':>10}")
    for name, make in PARSERS.items():
        if args.only and args.only not in name:
            continue
        try:
            parse = make()
        except ImportError:
            print(f"{name:<28}{'not installed':>28}")
            continue
        times, wrong = [], []
        for _ in range(args.repeats):
            wrong = []
            start = time.process_time()
            for text, value in spans:
                try:
                    got = parse(text)
                except Exception:  # a library failing on one span is a wrong value, not a crash
                    got = None
                if got is None or abs(got - value) > 1e-6 * max(1.0, abs(value)):
                    wrong.append((text, value, got))
            times.append(time.process_time() - start)
        right = len(spans) - len(wrong)
        per_span = statistics.median(times) / max(1, len(spans)) * 1e6
        print(f"{name:<28}{right:>8}{right / max(1, len(spans)):>10.3f}{per_span:>10.0f}")
        if args.show:
            for text, value, got in wrong:
                print(f"    {text!r}: gold {as_number(value)}, got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
