"""Pick the articles of the `heldout3` batch deterministically (the rule is in bench/real/README.md).

Prints only ids, positions and batch letters, never article text, so anyone can re-derive which PTC
training articles the fresh held-out batch holds and who annotates which:

    python bench/real/select_batch.py [--ptc ../shared/data/ptc] [--count 30]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_PTC = ROOT / ".." / "shared" / "data" / "ptc"
VALIDATION_IDS = ROOT / "src" / "unspin" / "train" / "techniques_validation_ids.txt"

EVENT_WORDS = re.compile(
    r"\b(?:killed|attack|arrested|protest|bomb|shot|troops|police|clashes|raid|wounded|injured|dead)\b",
    re.IGNORECASE,
)
DIGIT_GROUP = re.compile(r"\d+")
MIN_CHARS, MAX_CHARS = 1200, 4500


def _ids(path: Path, column: int) -> set[str]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.add(line.split("\t")[column].strip())
    return out


def event_tier(text: str) -> int | None:
    """None if the text is out of scope; else 0 with 2+ event words, 1 with one, 2 with none (first = best).

    Long enough to annotate fully, short enough to finish, with figures to find; event words go first so
    the events layer gets gold, but only 9 unlisted texts have 2+ of them, so the tiers fill the batch.
    """
    if not (MIN_CHARS <= len(text) <= MAX_CHARS and len(DIGIT_GROUP.findall(text)) >= 4):
        return None
    return 2 - min(len(EVENT_WORDS.findall(text)), 2)


def select(ptc: Path, listed: set[str], excluded: set[str], count: int) -> list[str]:
    """The first `count` training ids in scope, not listed or excluded, by event tier then SHA-1 of the id."""
    keyed = []
    for path in (ptc / "train-articles").glob("article*.txt"):
        article_id = path.stem.removeprefix("article")
        if article_id in listed or article_id in excluded:
            continue
        with open(path, encoding="utf-8", newline="") as f:
            tier = event_tier(f.read())
        if tier is not None:
            keyed.append((tier, hashlib.sha1(article_id.encode("ascii")).hexdigest(), article_id))
    return [article_id for _, _, article_id in sorted(keyed)[:count]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ptc", type=Path, default=DEFAULT_PTC)
    ap.add_argument("--count", type=int, default=30)
    args = ap.parse_args(argv)
    if not (args.ptc / "train-articles").is_dir():
        print(f"select_batch: error: no train-articles under {args.ptc}", file=sys.stderr)
        return 2
    # Only the rows of earlier splits count as listed: heldout3's own rows must not shift the selection.
    listed = {
        line.split("\t")[0]
        for line in (HERE / "articles.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and line.split("\t")[1].strip() != "heldout3"
    }
    excluded = _ids(VALIDATION_IDS, 0)
    for position, article_id in enumerate(select(args.ptc, listed, excluded, args.count), 1):
        print(f"{position}\t{article_id}\t{'D' if position % 2 else 'E'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
