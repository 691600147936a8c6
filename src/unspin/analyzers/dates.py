"""The ``dates`` layer: date expressions in the text, resolved against the publication date.

News writes "on Tuesday", "last week", "March 3" and "two days ago"; a reader (and every later layer that
places events in time) needs calendar dates. Absolute dates resolve on their own; relative ones need
``Article.published`` (``--published``), and without it keep ``value: null``. A weekday name means the
most recent such day on or before publication, as news reports past events.

Each annotation: label ``date``; attrs ``value`` (ISO date, or ``YYYY-MM`` / ``YYYY`` for coarser
expressions), ``granularity`` (day, week, month, year) and ``relative`` (needed the publication date).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, ClassVar

from unspin.analyzer import Analyzer, register
from unspin.article import Annotation, Article
from unspin.lang.en.dates import ARTICLE_COUNTS, DATE_UNITS, DAY_WORDS, DIRECTION_WORDS, MONTHS, WEEKDAYS
from unspin.lang.en.numbers import NUMBER_WORDS

_COUNTS = NUMBER_WORDS | ARTICLE_COUNTS  # "two days ago", "a week ago"


def _either(words: Any) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH = rf"(?P<month>{_either(MONTHS)})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WHICH = rf"(?P<which>{_either(DIRECTION_WORDS)})"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day_year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("day_month_year", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*\d)", re.I)),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", re.I)),
    ("month_year", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I)),
    ("weekday", re.compile(rf"\b(?:{_WHICH}\s+)?(?P<weekday>{_either(WEEKDAYS)})\b", re.I)),
    ("today", re.compile(rf"\b(?P<word>{_either(DAY_WORDS)})\b", re.I)),
    (
        "ago",
        re.compile(rf"\b(?P<count>\d+|{_either(_COUNTS)})\s+(?P<unit>{_either(DATE_UNITS)})s?\s+ago\b", re.I),
    ),
    ("last_unit", re.compile(rf"\b{_WHICH}\s+(?P<unit>{_either(DATE_UNITS[1:])})\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|until|by|of)\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def resolve(kind: str, m: re.Match[str], published: date | None) -> tuple[str | None, str, bool] | None:
    """(ISO value or None, granularity, relative?) for one match; None when it is not a real date."""
    g = m.groupdict()
    month = MONTHS.get((g.get("month") or "").lower().rstrip(".")) if kind != "iso" else int(g["month"])
    if kind in ("iso", "month_day_year", "day_month_year"):
        d = _safe_date(int(g["year"]), int(month or 0), int(g["day"]))
        return (d.isoformat(), "day", False) if d else None
    if kind in ("month_day", "day_month"):
        if not month or not 1 <= int(g["day"]) <= 31:
            return None
        if published is None:
            return None, "day", True
        d = _safe_date(published.year, month, int(g["day"]))
        if d and d > published + timedelta(days=31):  # "December 28" in a January article: last year
            d = _safe_date(published.year - 1, month, int(g["day"]))
        return (d.isoformat(), "day", True) if d else None
    if kind == "month_year":
        return (f"{int(g['year']):04d}-{month:02d}", "month", False) if month else None
    if kind == "year":
        return g["year"], "year", False
    if published is None:
        return None, "week" if "week" in m.group(0).lower() else "day", True
    if kind == "weekday":
        target = WEEKDAYS[g["weekday"].lower()]
        back = (published.weekday() - target) % 7
        if (g.get("which") or "").lower() == "last" and back == 0:
            back = 7
        d = published - timedelta(days=back)
        if (g.get("which") or "").lower() == "next":
            d = published + timedelta(days=(target - published.weekday()) % 7 or 7)
        return d.isoformat(), "day", True
    if kind == "today":
        offset = DAY_WORDS[g["word"].lower()]
        return (published + timedelta(days=offset)).isoformat(), "day", True
    count_text = g.get("count") or "1"
    count = int(count_text) if count_text.isdigit() else _COUNTS[count_text.lower()]
    unit = g["unit"].lower()
    sign = DIRECTION_WORDS.get((g.get("which") or "").lower(), -1)
    if kind == "ago":
        sign = -1
    else:
        count = 1 if sign else 0
    if unit == "day":
        return (published + timedelta(days=sign * count)).isoformat(), "day", True
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=sign * count)
        iso = monday.isocalendar()
        return f"{iso.year}-W{iso.week:02d}", "week", True
    if unit == "month":
        d = _shift_months(published, sign * count)
        return f"{d.year:04d}-{d.month:02d}", "month", True
    return str(published.year + sign * count), "year", True


@register
class Dates(Analyzer):
    name = "dates"
    version = "1.0.0"
    description = "Date expressions (absolute and relative), resolved against the publication date."
    label_descriptions: ClassVar[dict[str, str]] = {
        "date": "A date or time reference, with the calendar date it stands for."
    }

    def annotate(self, article: Article) -> list[Annotation]:
        published = article.published_date
        taken: list[tuple[int, int]] = []
        out: list[Annotation] = []
        for kind, pattern in _PATTERNS:  # most specific first; later patterns skip covered text
            for m in pattern.finditer(article.text):
                start, end = m.span("year") if kind == "year" else m.span()
                if any(start < e and s < end for s, e in taken):
                    continue
                resolved = resolve(kind, m, published)
                if resolved is None:
                    continue
                value, granularity, relative = resolved
                taken.append((start, end))
                attrs: dict[str, Any] = {"value": value, "granularity": granularity, "relative": relative}
                out.append(self.make(article, start, end, "date", attrs=attrs))
        return out

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        values = sorted(
            {
                str(a.attrs["value"])
                for a in annotations
                if a.attrs.get("granularity") == "day" and a.attrs.get("value")
            }
        )
        return {
            "count": len(annotations),
            "unresolved": sum(1 for a in annotations if a.attrs.get("value") is None),
            "earliest_day": values[0] if values else None,
            "latest_day": values[-1] if values else None,
            "published": article.published,
        }
