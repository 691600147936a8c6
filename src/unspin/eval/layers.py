"""Precision and recall of any annotation layer against hand-written evaluation cases.

An evaluation set is JSONL, one case per line::

    {"id": "fig-001", "text": "...", "published": "2026-03-14",
     "expect": {"figures": [{"text": "about 250", "label": "WOUND", "attrs": {"value": 250}}]}}

For every layer named in ``expect`` the list is the complete gold for that text, so an extra prediction is a
false positive and an empty list says "nothing here". A gold item is located by its ``text`` (first
occurrence, or the one at ``start``). ``attrs`` lists only the attributes to check.

Predictions match gold one to one, by overlap: a *span* match ignores labels, a *labelled* match needs
the same label. Attribute accuracy is counted over span matches, attribute by attribute.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.article import Annotation, Article
from unspin.errors import InputError


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One gold span; ``mentions`` are further spans of the same item (a happening told twice)."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    mentions: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    text: str
    published: str | None
    expect: dict[str, list[GoldItem]]


def _gold_item(text: str, raw: Any, where: str) -> GoldItem:
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("text"), str)
        or not isinstance(raw.get("label"), str)
    ):
        raise InputError(f"{where}: each expected item needs a 'text' and a 'label' string")
    needle = raw["text"]
    if "start" in raw:
        start = raw["start"]
        if not isinstance(start, int) or text[start : start + len(needle)] != needle:
            raise InputError(f"{where}: {needle!r} is not at start {start}")
    else:
        start = text.find(needle)
        if start < 0 or not needle:
            raise InputError(f"{where}: {needle!r} does not occur in the text")
    attrs = raw.get("attrs", {})
    if not isinstance(attrs, dict):
        raise InputError(f"{where}: 'attrs' must be an object")
    return GoldItem(start, start + len(needle), raw["label"], attrs)


def parse_case(raw: Any, where: str) -> Case:
    """One evaluation case from its decoded JSON line; errors name the file and line."""
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
        raise InputError(f"{where}: a case needs a non-empty 'text' string")
    expect = raw.get("expect")
    if not isinstance(expect, dict) or not expect:
        raise InputError(f"{where}: a case needs an 'expect' object of layer → list of items")
    text = raw["text"]
    layers: dict[str, list[GoldItem]] = {}
    for layer, items in expect.items():
        if not isinstance(items, list):
            raise InputError(f"{where}: expect[{layer!r}] must be a list")
        layers[layer] = [_gold_item(text, item, where) for item in items]
    published = raw.get("published")
    if published is not None and not isinstance(published, str):
        raise InputError(f"{where}: 'published' must be an ISO date string")
    return Case(str(raw.get("id", where)), text, published, layers)


def load_cases(paths: Iterable[Path]) -> list[Case]:
    cases: list[Case] = []
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text") from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not JSON ({exc.msg})") from None
            cases.append(parse_case(raw, f"{path}:{n}"))
    if not cases:
        raise InputError("no evaluation cases found")
    return cases


@dataclass
class Counts:
    """True positives, predictions and gold items: precision, recall and F1 follow."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass
class LayerScore:
    spans: Counts = field(default_factory=Counts)
    labelled: Counts = field(default_factory=Counts)
    per_label: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    # attribute → [correct, checked]
    attrs: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "spans": self.spans.as_dict(),
            "labelled": self.labelled.as_dict(),
            "per_label": {k: v.as_dict() for k, v in sorted(self.per_label.items())},
            "attrs": {
                k: {"accuracy": round(c / n, 4) if n else 0.0, "checked": n}
                for k, (c, n) in sorted(self.attrs.items())
            },
        }


def _overlap(g: GoldItem, p: Annotation) -> int:
    """Overlap with the gold span or, failing that, with the best of its other mentions."""
    return max(max(0, min(e, p.end) - max(s, p.start)) for s, e in ((g.start, g.end), *g.mentions))


def match(
    gold: Sequence[GoldItem], pred: Sequence[Annotation], same_label: bool
) -> list[tuple[GoldItem, Annotation]]:
    """Pair gold and predicted spans one to one, most-overlapping (and same-label) pairs first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = _overlap(g, p)
            if ov and (not same_label or g.label == p.label):
                candidates.append((-(g.label == p.label), -ov, abs(g.start - p.start), gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for *_, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
    return pairs


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, int | float) and isinstance(got, int | float) and not isinstance(got, bool):
        return math.isclose(float(expected), float(got), rel_tol=1e-6, abs_tol=1e-9)
    if isinstance(expected, str) and isinstance(got, str):
        return expected.casefold() == got.casefold()
    if isinstance(expected, list) and isinstance(got, list):
        return len(expected) == len(got) and all(_same(e, g) for e, g in zip(expected, got, strict=True))
    return bool(expected == got)


def score_case(case: Case, article: Article, scores: dict[str, LayerScore]) -> None:
    """Add one analysed case to the running scores of each layer it has gold for."""
    for layer, gold in case.expect.items():
        pred = article.layers.get(layer, [])
        s = scores[layer]
        s.spans.predicted += len(pred)
        s.spans.gold += len(gold)
        s.labelled.predicted += len(pred)
        s.labelled.gold += len(gold)
        for p in pred:
            s.per_label[p.label].predicted += 1
        for g in gold:
            s.per_label[g.label].gold += 1
        span_pairs = match(gold, pred, same_label=False)
        s.spans.tp += len(span_pairs)
        labelled_pairs = match(gold, pred, same_label=True)
        s.labelled.tp += len(labelled_pairs)
        for g, _ in labelled_pairs:
            s.per_label[g.label].tp += 1
        for g, p in span_pairs:
            for key, expected in g.attrs.items():
                tally = s.attrs[key]
                tally[1] += 1
                if _same(expected, p.attrs.get(key)):
                    tally[0] += 1
                else:
                    s.errors.append(
                        f"{case.id} {layer} {case.text[g.start : g.end]!r}: {key} expected {expected!r},"
                        f" got {p.attrs.get(key)!r}"
                    )
        matched_g = {id(g) for g, _ in labelled_pairs}
        matched_p = {id(p) for _, p in labelled_pairs}
        for g in gold:
            if id(g) not in matched_g:
                s.errors.append(f"{case.id} {layer} missed {case.text[g.start : g.end]!r} [{g.label}]")
        for p in pred:
            if id(p) not in matched_p:
                s.errors.append(f"{case.id} {layer} extra {p.text!r} [{p.label}]")


def evaluate(cases: Sequence[Case], analyze: Callable[[Article], Article]) -> dict[str, LayerScore]:
    """Analyse every case and score the layers it has gold for."""
    scores: dict[str, LayerScore] = defaultdict(LayerScore)
    for case in cases:
        article = analyze(Article(text=case.text, published=case.published))
        score_case(case, article, scores)
    return dict(sorted(scores.items()))


def format_scores(scores: dict[str, LayerScore]) -> str:
    """A plain-text table: per layer span and labelled P/R/F1, per label, per attribute."""
    lines = [f"{'layer / label':<34}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]

    def row(name: str, c: Counts) -> str:
        return f"{name:<34}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.gold:>7}{c.predicted:>7}"

    for layer, s in scores.items():
        lines.append(row(f"{layer} (spans)", s.spans))
        lines.append(row(f"{layer} (labelled)", s.labelled))
        for label, c in sorted(s.per_label.items()):
            lines.append(row(f"  {label}", c))
        for key, (correct, n) in sorted(s.attrs.items()):
            lines.append(f"  attr {key:<27}{correct / n if n else 0.0:>8.3f}{'':>16}{n:>7}")
    return "\n".join(lines)
