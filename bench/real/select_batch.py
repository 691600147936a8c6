"""Pick the articles of a fresh held-out batch deterministically (the rules are in bench/real/README.md).

Prints only ids, positions and batch letters, never article text, so anyone can re-derive which PTC
training articles a held-out batch holds and who annotates which:

    python bench/real/select_batch.py --split heldout3|heldout4 [--ptc ../shared/data/ptc]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Rule:
    """What a batch takes: text length in code points, digit groups, how many articles, annotator letters."""

    min_chars: int
    max_chars: int
    min_digit_groups: int
    count: int
    batches: str


# heldout3 used up the texts of 1,200-4,500 characters with 2+ event words, so heldout4 reaches to
# 6,000 characters and 2 digit groups: 23 such texts were left, the 24th comes from the next tier.
RULES = {
    "heldout3": Rule(1200, 4500, 4, 30, "DE"),
    "heldout4": Rule(1200, 6000, 2, 24, "FGH"),
}


def _ids(path: Path, column: int) -> set[str]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.add(line.split("\t")[column].strip())
    return out


def event_tier(text: str, rule: Rule = RULES["heldout3"]) -> int | None:
    """None if the text is out of scope; else 0 with 2+ event words, 1 with one, 2 with none (first = best).

    Long enough to annotate fully, short enough to finish, with figures to find; event words go first so
    the events layer gets gold, and the later tiers fill the batch when too few texts have them.
    """
    in_scope = rule.min_chars <= len(text) <= rule.max_chars
    if not (in_scope and len(DIGIT_GROUP.findall(text)) >= rule.min_digit_groups):
        return None
    return 2 - min(len(EVENT_WORDS.findall(text)), 2)


def select(ptc: Path, listed: set[str], excluded: set[str], rule: Rule) -> list[str]:
    """The first `rule.count` training ids in scope, not listed or excluded, by event tier then id SHA-1."""
    keyed = []
    for path in (ptc / "train-articles").glob("article*.txt"):
        article_id = path.stem.removeprefix("article")
        if article_id in listed or article_id in excluded:
            continue
        with open(path, encoding="utf-8", newline="") as f:
            tier = event_tier(f.read(), rule)
        if tier is not None:
            keyed.append((tier, hashlib.sha1(article_id.encode("ascii")).hexdigest(), article_id))
    return [article_id for _, _, article_id in sorted(keyed)[: rule.count]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ptc", type=Path, default=DEFAULT_PTC)
    ap.add_argument("--split", choices=sorted(RULES), default="heldout3")
    args = ap.parse_args(argv)
    rule = RULES[args.split]
    if not (args.ptc / "train-articles").is_dir():
        print(f"select_batch: error: no train-articles under {args.ptc}", file=sys.stderr)
        return 2
    # Only the rows of earlier splits count as listed: a batch's own rows (and later ones) must not
    # shift its selection, so it can be re-derived at any time.
    earlier = set(list(RULES)[: list(RULES).index(args.split)])
    listed = {
        line.split("\t")[0]
        for line in (HERE / "articles.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip()
        and not line.startswith("#")
        and (line.split("\t")[1].strip() not in RULES or line.split("\t")[1].strip() in earlier)
    }
    excluded = _ids(VALIDATION_IDS, 0)
    for position, article_id in enumerate(select(args.ptc, listed, excluded, rule), 1):
        print(f"{position}\t{article_id}\t{rule.batches[(position - 1) % len(rule.batches)]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
