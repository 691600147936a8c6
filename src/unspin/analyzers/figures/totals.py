"""The figures summary: counts by category, people totals and how many figures nobody vouches for."""

from __future__ import annotations

from collections import Counter
from typing import Any

from unspin.analyzers.figures.classify import CATEGORIES, PEOPLE_CATEGORIES
from unspin.analyzers.figures.numbers import as_number
from unspin.article import Annotation


def summary(annotations: list[Annotation]) -> dict[str, Any]:
    """Counts by category, sums of the people counts (killed, injured, ...) and the unsourced share."""
    counts = Counter(a.label for a in annotations)
    totals = {
        cat: as_number(sum(float(a.attrs["value"]) for a in annotations if a.label == cat))
        for cat in PEOPLE_CATEGORIES
        if counts[cat]
    }
    unsourced = sum(1 for a in annotations if a.attrs.get("attribution") == "none")
    return {
        "count": len(annotations),
        "by_category": {cat: counts[cat] for cat in CATEGORIES if counts[cat]},
        "killed": totals.get("KILL", 0),
        "injured": totals.get("WOUND", 0),
        "people_totals": totals,
        "unsourced": unsourced,
        "unsourced_share": round(unsourced / len(annotations), 3) if annotations else None,
    }
