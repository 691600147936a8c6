"""Our date resolution (analyzers/dates.py) against ``dateparser`` with the publication date as its base.

Two questions, asked of both on the same inputs:

* **resolve**: given a date expression as news writes it ("on Tuesday", "last month", "December 28") and
  the publication date, which calendar date (or week, month, year) does it stand for? Cases written here
  (below), each with the value a careful reader gives it; news reports the past, so a weekday is the
  latest such day on or before publication.
* **gold**: the date expressions of the real-news TUNE half (``bench/real``, events' ``date_span``): PTC
  gives no publication date, so an expression with a gold ``date`` must resolve to it, and one without
  (a relative "Thursday") must stay unresolved rather than be guessed from today.

A value is right when it names the expected day, week (ISO ``YYYY-Www``), month or year; dateparser's
answer (always a day) is compared at the expected granularity. Speed: median wall time of one pass over
the resolve cases (both do the whole work, text to value).

Usage::

    PYTHONPATH=src python bench/bench_dates.py [--ptc ../shared/data/ptc] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PUBLISHED = date(2026, 3, 14)  # a Saturday
# (expression, expected value at its granularity, in our notation)
CASES: list[tuple[str, str | None]] = [
    ("on Tuesday", "2026-03-10"),
    ("Tuesday", "2026-03-10"),
    ("last Tuesday", "2026-03-10"),
    ("on Saturday", "2026-03-14"),
    ("on Friday", "2026-03-13"),
    ("Monday morning", "2026-03-09"),
    ("on Wednesday night", "2026-03-11"),
    ("next Friday", "2026-03-20"),
    ("yesterday", "2026-03-13"),
    ("today", "2026-03-14"),
    ("tomorrow", "2026-03-15"),
    ("two days ago", "2026-03-12"),
    ("3 days ago", "2026-03-11"),
    ("a week ago", "2026-W10"),
    ("three weeks ago", "2026-W08"),
    ("last week", "2026-W10"),
    ("this week", "2026-W11"),
    ("last month", "2026-02"),
    ("earlier this month", "2026-03"),
    ("two months ago", "2026-01"),
    ("last year", "2025"),
    ("in 2014", "2014"),
    ("March 3", "2026-03-03"),
    ("on March 3rd", "2026-03-03"),
    ("3 March", "2026-03-03"),
    ("December 28", "2025-12-28"),
    ("Feb. 26, 2018", "2018-02-26"),
    ("5 January 2025", "2025-01-05"),
    ("October 1, 2017", "2017-10-01"),
    ("2026-02-01", "2026-02-01"),
    ("September 2019", "2019-09"),
    ("Sept. 12", "2025-09-12"),
]


def granular(value: str, day: date) -> str:
    """``day`` written at the granularity of ``value`` (a day, ISO week, month or year)."""
    if "-W" in value:
        iso = day.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    return day.isoformat()[: len(value)]


def ours(expression: str, published: date | None) -> str | None:
    from unspin import Article
    from unspin.analyzers.dates import Dates

    article = Article(expression, published=published.isoformat() if published else None)
    found = Dates().annotate(article)
    return str(found[0].attrs["value"]) if found and found[0].attrs.get("value") else None


def theirs(expression: str, published: date | None) -> date | None:
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    parsed = dateparser.parse(expression, languages=["en"], settings=settings)
    return None if parsed is None else parsed.date()


def right(expected: str | None, got_ours: str | None, got_theirs: date | None) -> tuple[bool, bool]:
    if expected is None:
        return got_ours is None, got_theirs is None
    return got_ours == expected, got_theirs is not None and granular(expected, got_theirs) == expected


def gold_cases(ptc: Path) -> list[tuple[str, str | None]]:
    """The TUNE half's event date expressions with their gold absolute date (None: relative only)."""
    from unspin.eval.real import load

    articles, _ = load(ROOT / "bench" / "real", ptc, "tune")
    out = []
    for article in articles:
        for item in article.gold.get("events", []):
            span = item.attrs.get("date_span")
            if isinstance(span, list) and len(span) == 2:
                text = article.text[span[0] : span[1]]
                out.append((text, item.attrs.get("date") or None))
    return out


def timed(fn: Callable[[str, date | None], object], repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for expression, _ in CASES:
            fn(expression, PUBLISHED)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ptc", type=Path, default=ROOT.parent / "shared" / "data" / "ptc")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--show", action="store_true", help="print every case where the two differ")
    args = parser.parse_args(argv)

    rows = [("resolve (written here)", CASES, PUBLISHED)]
    if (args.ptc / "train-articles").is_dir():
        rows.append(("gold date spans (tune)", gold_cases(args.ptc), None))
    print(f"{'set':<26}{'cases':>6}{'ours':>7}{'dateparser':>12}")
    for name, cases, published in rows:
        score = [0, 0]
        for expression, expected in cases:
            got_ours, got_theirs = ours(expression, published), theirs(expression, published)
            ok = right(expected, got_ours, got_theirs)
            score[0] += ok[0]
            score[1] += ok[1]
            if args.show and ok[0] != ok[1]:
                print(f"  {expression!r}: expected {expected}, ours {got_ours}, dateparser {got_theirs}")
        print(f"{name:<26}{len(cases):>6}{score[0]:>7}{score[1]:>12}")
    ours(CASES[0][0], PUBLISHED), theirs(CASES[0][0], PUBLISHED)  # warm both up
    t_ours, t_theirs = timed(ours, args.repeats), timed(theirs, args.repeats)
    per = 1000 / len(CASES)
    print(
        f"median ms per expression: ours {t_ours * per:.3f}, dateparser {t_theirs * per:.3f} "
        f"(×{t_theirs / t_ours:.0f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
