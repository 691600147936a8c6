"""The figures summary, with totals that never mislead: per category the distinct quantities reported,
and a sum only when adding is safe.

A newsroom reader adds "12 soldiers and 5 civilians were killed" to 17 killed, but never adds a toll to its
own update ("39 killed … the toll rose to 45"), competing estimates of one toll ("100, the ministry said";
"106, Reuters reported"), alternatives ("12 or 15") or a part to its whole ("1,000 injured, of which 400
hospitalised"). So, per category:

- a *quantity* is one thing counted (the category and the counted noun's lemma); every figure about it is a
  *report* with its value, bound, evidence span and source; reports that disagree make the quantity a range
  ``low``–``high`` with each source named;
- a figure introduced by "of which", "of whom", "including", "among them" is a *part* of the previous figure
  of its category: it is listed with ``part_of`` and never added;
- ``total`` is set only when adding is safe: distinct things counted, each reported once, in one sentence,
  with no part among them; otherwise it is null and the quantities are listed instead.

Totals read only figures whose confidence (their ``score``) is at least ``TOTALS_THRESHOLD`` (0.5): a
number that may be a code, a year or a reference is shown in the layer, never summed or listed as a
quantity. ``below_threshold`` says how many figures were left out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from unspin.analyzers.figures.classify import CATEGORIES, PEOPLE_CATEGORIES
from unspin.analyzers.figures.numbers import as_number
from unspin.article import Annotation
from unspin.lang.en.people import GENERIC_COUNTED

_PART = re.compile(
    r"\b(of (which|whom|them|those)|including|includes|included|among (them|whom|those|the dead))\b", re.I
)
_ALTERNATIVE = re.compile(r"^\W*(or|to|and/or|-|–|—)\W*$", re.I)
# Categories whose figures may be added up (counts of people, money lost); never QUANTITY or PERCENT.
_ADDABLE = frozenset((*PEOPLE_CATEGORIES, "DAMAGE"))
# How far back (characters) a part cue may point to its whole.
_PART_REACH = 300
# Figures below this confidence stay out of the totals (see the module docstring).
TOTALS_THRESHOLD = 0.5


# Counted nouns that say nothing about who was counted: "100 people", "a toll of 100".


def counted(a: Annotation) -> str | None:
    """The counted thing of a figure: its ``counted`` lemma, None when unknown or generic ("people")."""
    value = a.attrs.get("counted")
    return str(value) if value and value not in GENERIC_COUNTED else None


@dataclass
class _Quantity:
    counts: str | None
    reports: list[Annotation] = field(default_factory=list)
    part_of: Annotation | None = None

    def values(self) -> tuple[float, float]:
        lows = [float(a.attrs["value"]) for a in self.reports]
        highs = [float(a.attrs.get("high") or a.attrs["value"]) for a in self.reports]
        return min(lows), max(highs)


def _report(a: Annotation) -> dict[str, Any]:
    return {
        "value": a.attrs["value"],
        "high": a.attrs.get("high"),
        "bound": a.attrs.get("bound"),
        "text": a.text,
        "start": a.start,
        "end": a.end,
        "source": a.attrs.get("source"),
    }


def _is_part(text: str, whole: Annotation, part: Annotation) -> bool:
    gap = text[whole.end : part.start]
    return len(gap) <= _PART_REACH and bool(_PART.search(gap))


def _same_quantity(q: _Quantity, a: Annotation, key: str | None) -> bool:
    """Is ``a`` another report of ``q``? Same thing counted (or either unknown), and then either the same
    value (a repeat) or, when both count the same known or unknown thing, a different source (a competing
    estimate). The same source with a new value may be
    an update or another happening: kept apart, and then nothing is added."""
    if q.part_of is not None or (key is not None and q.counts is not None and key != q.counts):
        return False
    value = float(a.attrs["value"])
    if any(float(r.attrs["value"]) == value for r in q.reports):
        return True
    if key != q.counts:  # one counted thing unknown: "37 injured" vs "9 soldiers hospitalised" stay apart
        return False
    source = a.attrs.get("source")
    return source is not None and all(r.attrs.get("source") not in (None, source) for r in q.reports)


def _quantities(text: str, figures: list[Annotation]) -> list[_Quantity]:
    out: list[_Quantity] = []
    previous: Annotation | None = None
    for a in sorted(figures, key=lambda f: f.start):
        key = counted(a)
        target: _Quantity | None = None
        if previous is not None and _is_part(text, previous, a):
            out.append(_Quantity(key, [a], part_of=previous))
        elif previous is not None and _ALTERNATIVE.match(text[previous.end : a.start]):
            target = next(q for q in out if previous in q.reports)  # "12 or 15": one quantity
        else:
            same = [q for q in out if _same_quantity(q, a, key)]
            if len(same) == 1:
                target = same[0]
            else:
                out.append(_Quantity(key, [a]))
        if target is not None:
            target.reports.append(a)
            target.counts = target.counts or key
        previous = a
    return out


def _bound(reports: list[Annotation]) -> str:
    """The bound of agreeing reports: exact only if all are; "at least" if any is, and so on."""
    bounds = {a.attrs.get("bound") or "exact" for a in reports}
    if len(bounds) == 1:
        return bounds.pop()
    bounds.discard("exact")
    return bounds.pop() if len(bounds) == 1 else "about"


def _safe_total(quantities: list[_Quantity]) -> dict[str, Any] | None:
    wholes = [q for q in quantities if q.part_of is None]
    if not wholes:
        return None
    for q in wholes:
        low, high = q.values()
        if low != high:
            return None  # disagreeing reports or a range: list, do not add
    if len(wholes) == 1:
        q = wholes[0]
        return {
            "value": as_number(q.values()[0]),
            "bound": _bound(q.reports),
            "evidence": [[a.start, a.end] for a in q.reports],
        }
    if any(len(q.reports) != 1 for q in wholes):
        return None
    keys = [q.counts for q in wholes]
    if None in keys or len(set(keys)) != len(keys):
        return None
    sentences = {q.reports[0].attrs.get("sentence") for q in wholes}
    if len(sentences) != 1 or None in sentences:
        return None
    return {
        "value": as_number(sum(q.values()[0] for q in wholes)),
        "bound": _bound([q.reports[0] for q in wholes]),
        "evidence": [[q.reports[0].start, q.reports[0].end] for q in wholes],
    }


def totals(text: str, annotations: list[Annotation], categories: tuple[str, ...]) -> dict[str, Any]:
    """Per category (in ``categories`` order): its quantities with sources and evidence, and a safe total."""
    out: dict[str, Any] = {}
    for category in categories:
        figures = [a for a in annotations if a.label == category]
        if not figures:
            continue
        quantities = _quantities(text, figures)
        listed = []
        for q in quantities:
            low, high = q.values()
            bound = "range" if low != high else _bound(q.reports)
            sources: list[str | None] = []
            for a in q.reports:
                if a.attrs.get("source") not in sources:
                    sources.append(a.attrs.get("source"))
            listed.append(
                {
                    "counts": q.counts,
                    "low": as_number(low),
                    "high": as_number(high),
                    "bound": bound,
                    "sources": sources,
                    "reports": [_report(a) for a in q.reports],
                    "part_of": None
                    if q.part_of is None
                    else {"counts": counted(q.part_of), "start": q.part_of.start, "end": q.part_of.end},
                }
            )
        total = _safe_total(quantities) if category in _ADDABLE else None
        out[category] = {"quantities": listed, "total": total}
    return out


def summary(annotations: list[Annotation], text: str) -> dict[str, Any]:
    """Counts by category, the quantities of each category with safe totals, and the unsourced share.

    ``killed``/``injured`` and ``people_totals`` hold only safe totals: null (or absent) means "not one
    number", and the quantities in ``totals`` say why."""
    counts = Counter(a.label for a in annotations)
    sure = [a for a in annotations if (a.score if a.score is not None else 1.0) >= TOTALS_THRESHOLD]
    per_category = totals(text, sure, CATEGORIES)
    safe = {
        cat: per_category[cat]["total"]["value"]
        for cat in PEOPLE_CATEGORIES
        if cat in per_category and per_category[cat]["total"] is not None
    }
    unsourced = sum(1 for a in annotations if a.attrs.get("attribution") == "none")
    return {
        "count": len(annotations),
        "by_category": {cat: counts[cat] for cat in CATEGORIES if counts[cat]},
        "killed": safe.get("KILL"),
        "injured": safe.get("WOUND"),
        "people_totals": safe,
        "totals": per_category,
        "threshold": TOTALS_THRESHOLD,
        "below_threshold": len(annotations) - len(sure),
        "unsourced": unsourced,
        "unsourced_share": round(unsourced / len(annotations), 3) if annotations else None,
    }
