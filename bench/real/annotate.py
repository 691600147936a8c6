"""Turn an annotator's draft (spans given by quoting) into offset-only gold, and show gold back.

The real-news evaluation set (bench/real/README.md) must never contain article text: PTC is third-party
text, read at run time from ../shared. Annotators write drafts that quote the text (kept outside the
repository), and this tool resolves every quote to code-point offsets into the exact article text.

    python bench/real/annotate.py resolve DRAFT.jsonl --article ID [--ptc ../shared/data/ptc]
    python bench/real/annotate.py show ID [--layer figures]

A draft line: ``{"layer": ..., "quote": ..., "context": ..., "occurrence": n, "label": ..., "attrs": {...}}``.
``context`` (optional) is a longer exact passage that contains ``quote``; it must occur once in the article
unless ``occurrence`` (1-based) picks one. Inside ``attrs``, any value that is an object with a ``quote``
(or a list of them) is resolved the same way, to ``[start, end]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold"
DEFAULT_PTC = HERE.parents[1] / ".." / "shared" / "data" / "ptc"


class DraftError(ValueError):
    pass


def article_text(article_id: str, ptc: Path) -> str:
    path = ptc / "train-articles" / f"article{article_id}.txt"
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0 and needle:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def locate(text: str, ref: dict[str, Any], where: str) -> list[int]:
    quote = ref.get("quote")
    if not isinstance(quote, str) or not quote:
        raise DraftError(f"{where}: needs a non-empty 'quote'")
    context = ref.get("context") or quote
    if quote not in context:
        raise DraftError(f"{where}: quote {quote!r} is not inside its context {context!r}")
    hits = _all(text, context)
    if not hits:
        raise DraftError(f"{where}: context {context!r} is not in the article")
    occurrence = ref.get("occurrence")
    if occurrence is None:
        if len(hits) > 1:
            raise DraftError(
                f"{where}: {context!r} occurs {len(hits)} times; give a longer context or 'occurrence'"
            )
        base = hits[0]
    else:
        if not isinstance(occurrence, int) or not 1 <= occurrence <= len(hits):
            raise DraftError(f"{where}: occurrence {occurrence!r} out of 1..{len(hits)}")
        base = hits[occurrence - 1]
    inner = _all(context, quote)
    if len(inner) > 1:
        raise DraftError(f"{where}: quote {quote!r} occurs {len(inner)} times inside its context")
    start = base + inner[0]
    return [start, start + len(quote)]


def _resolve_attr(text: str, value: Any, where: str) -> Any:
    if isinstance(value, dict) and "quote" in value:
        return locate(text, value, where)
    if isinstance(value, list) and value and all(isinstance(v, dict) and "quote" in v for v in value):
        return [locate(text, v, f"{where}[{i}]") for i, v in enumerate(value)]
    return value


def resolve(text: str, draft: list[dict[str, Any]]) -> list[dict[str, Any]]:
    gold = []
    for n, item in enumerate(draft, 1):
        where = f"draft line {n}"
        for key in ("layer", "label"):
            if not isinstance(item.get(key), str):
                raise DraftError(f"{where}: needs a '{key}' string")
        start, end = locate(text, item, where)
        raw = item.get("attrs") or {}
        attrs = {k: _resolve_attr(text, v, f"{where} attrs.{k}") for k, v in raw.items()}
        layer, label = item["layer"], item["label"]
        gold.append({"layer": layer, "start": start, "end": end, "label": label, "attrs": attrs})
    gold.sort(key=lambda g: (g["layer"], g["start"], g["end"]))
    return gold


def _is_span(v: Any) -> bool:
    return isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ptc", type=Path, default=DEFAULT_PTC)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("resolve", help="draft with quotes -> bench/real/gold/ID.jsonl (offsets only)")
    r.add_argument("draft", type=Path)
    r.add_argument("--article", required=True)
    s = sub.add_parser("show", help="print gold with the text it points at (to check; never commit this)")
    s.add_argument("article")
    s.add_argument("--layer")
    args = ap.parse_args(argv)
    if args.cmd == "resolve":
        text = article_text(args.article, args.ptc)
        lines = [json.loads(x) for x in args.draft.read_text(encoding="utf-8").splitlines() if x.strip()]
        try:
            gold = resolve(text, lines)
        except DraftError as e:
            print(f"annotate: error: {e}", file=sys.stderr)
            return 2
        GOLD.mkdir(exist_ok=True)
        out = GOLD / f"{args.article}.jsonl"
        out.write_text("".join(json.dumps(g, sort_keys=True) + "\n" for g in gold), encoding="utf-8")
        print(f"{out}: {len(gold)} items")
        return 0
    text = article_text(args.article, args.ptc)
    for line in (GOLD / f"{args.article}.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        if args.layer and g["layer"] != args.layer:
            continue
        shown = {k: (text[v[0] : v[1]] if _is_span(v) else v) for k, v in g["attrs"].items()}
        print(f"{g['layer']:<12} {g['label']:<28} {text[g['start'] : g['end']]!r}  {json.dumps(shown)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
