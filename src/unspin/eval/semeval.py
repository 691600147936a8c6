"""The official SemEval-2020 Task 11 metrics, reimplemented so results match the organisers' scorers.

SI (span identification) gives partial credit for partial overlap: after merging the overlapping spans of
each side per article, precision averages, over predicted spans, the share of each span covered by gold;
recall averages, over gold spans, the share covered by the prediction. TC (technique classification) is
micro-averaged P/R/F1 over labelled ``(article, start, end)`` rows.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from unspin.ingest.ptc import SpanRow, techniques_list

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1, with ``support`` = the number of gold items they were measured on."""

    precision: float
    recall: float
    f1: float
    support: int


def _prf(precision: float, recall: float, support: int) -> PRF:
    # The official scorers' formula and operation order, so F1 agrees with theirs to the last digit.
    f1 = 2 * (precision * recall / (precision + recall)) if precision + recall > 0 else 0.0
    return PRF(precision, recall, f1, support)


def merge_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Spans sorted, with spans that share at least one character merged into one.

    Touching spans (``[0, 10)`` and ``[10, 20)``) share no character and stay apart, as in the official
    scorer, which merges on a non-empty intersection of character sets. For the same reason empty spans
    (``start == end``) cover nothing and are dropped.
    """
    merged: list[Span] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _spans_by_article(rows: Iterable[SpanRow]) -> dict[str, list[Span]]:
    spans: defaultdict[str, list[Span]] = defaultdict(list)
    for row in rows:
        spans[row.article_id].append((row.start, row.end))
    return {article_id: merge_overlapping(s) for article_id, s in spans.items()}


def si_score(pred: Iterable[SpanRow], gold: Iterable[SpanRow]) -> PRF:
    """The official SI metric: overlap-weighted precision and recall over merged spans (techniques ignored).

    Predicted spans in articles without gold count as entirely wrong; an empty prediction scores 0.
    """
    pred_spans, gold_spans = _spans_by_article(pred), _spans_by_article(gold)
    n_pred = sum(len(s) for s in pred_spans.values())
    n_gold = sum(len(s) for s in gold_spans.values())
    precision_sum = recall_sum = 0.0
    for article_id in sorted(pred_spans.keys() & gold_spans.keys()):
        golds = gold_spans[article_id]
        gold_ends = [end for _, end in golds]
        for start, end in pred_spans[article_id]:
            # Both sides are sorted and non-overlapping, so the gold spans meeting [start, end) are
            # consecutive, from the first one ending after ``start``.
            i = bisect.bisect_right(gold_ends, start)
            while i < len(golds) and golds[i][0] < end:
                overlap = min(end, golds[i][1]) - max(start, golds[i][0])
                precision_sum += overlap / (end - start)
                recall_sum += overlap / (golds[i][1] - golds[i][0])
                i += 1
    precision = precision_sum / n_pred if n_pred else 0.0
    recall = recall_sum / n_gold if n_gold else 0.0
    return _prf(precision, recall, n_gold)


def _labels_by_span(rows: Iterable[SpanRow]) -> dict[tuple[str, int, int], Counter[str]]:
    labels: defaultdict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row.technique is None:
            raise ValueError(f"TC row {row.article_id} [{row.start}, {row.end}) has no technique")
        labels[(row.article_id, row.start, row.end)][row.technique] += 1
    return labels


def tc_score(pred: Iterable[SpanRow], gold: Iterable[SpanRow]) -> tuple[PRF, dict[str, PRF]]:
    """Micro P/R/F1 over labelled spans, and P/R/F1 per technique.

    A span may carry several techniques, listed as duplicate rows; the official scorer pairs duplicates
    to maximise matches, which amounts to counting the multiset intersection of labels per span, so row
    order never matters. The per-technique table lists every official technique, then any other label.
    """
    pred_labels, gold_labels = _labels_by_span(pred), _labels_by_span(gold)
    pred_count: Counter[str] = Counter()
    gold_count: Counter[str] = Counter()
    true_pos: Counter[str] = Counter()
    for labels in pred_labels.values():
        pred_count.update(labels)
    for span, labels in gold_labels.items():
        gold_count.update(labels)
        true_pos.update(labels & pred_labels.get(span, Counter()))
    n_pred, n_gold, tp = pred_count.total(), gold_count.total(), true_pos.total()
    micro = _prf(tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0, n_gold)
    official = techniques_list()
    others = sorted((pred_count.keys() | gold_count.keys()) - set(official))
    per_technique = {
        name: _prf(
            true_pos[name] / pred_count[name] if pred_count[name] else 0.0,
            true_pos[name] / gold_count[name] if gold_count[name] else 0.0,
            gold_count[name],
        )
        for name in (*official, *others)
    }
    return micro, per_technique


def format_report(
    overall: PRF, per_technique: Mapping[str, PRF] | None = None, *, overall_label: str = "overall"
) -> str:
    """A plain-text table for the terminal: one row per technique (if given), then the overall row.

    Six decimals, as the official scorers print them, so numbers can be compared with the leaderboard.
    """
    rows = [*(per_technique or {}).items(), (overall_label, overall)]
    width = max(len("technique"), *(len(name) for name, _ in rows))
    header = f"{'technique':<{width}}  {'precision':>9}  {'recall':>9}  {'F1':>9}  {'support':>7}"
    lines = [header, "-" * len(header)]
    for i, (name, prf) in enumerate(rows):
        if i == len(rows) - 1 and per_technique:
            lines.append("-" * len(header))
        lines.append(
            f"{name:<{width}}  {prf.precision:>9.6f}  {prf.recall:>9.6f}  {prf.f1:>9.6f}  {prf.support:>7d}"
        )
    return "\n".join(lines) + "\n"
