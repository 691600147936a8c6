"""Calendar words: month and weekday names, the words of relative dates, and the abbreviations that
end in a dot without ending a sentence ("Jan.", "Gen.")."""

from __future__ import annotations

MONTH_NAMES = "january february march april may june july august september october november december".split()
# Written with a dot in news ("Jan. 5", "Sept. 12"); "May" is never shortened.
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9}
MONTH_ABBREVIATIONS.update({"sept": 9, "oct": 10, "nov": 11, "dec": 12})

# Month name or abbreviation → month number (1–12).
MONTHS = {name: n for n, name in enumerate(MONTH_NAMES, 1)} | MONTH_ABBREVIATIONS

# Weekday name → Python's weekday number (Monday 0).
WEEKDAYS = {
    name: n for n, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
}

# Days named relative to the publication day, with their offset in days.
DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

# "last week", "next month", "this year": the direction each word points in.
DIRECTION_WORDS = {"last": -1, "next": 1, "this": 0}

DATE_UNITS = ("day", "week", "month", "year")

# Articles that count one ("a week ago", "an hour ago").
ARTICLE_COUNTS = {"a": 1, "an": 1}
