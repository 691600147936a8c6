"""Calendar words: every month once by name, abbreviations that the splitter and the dates layer share."""

from __future__ import annotations

from unspin.lang.en.abbreviations import ABBREVIATIONS
from unspin.lang.en.dates import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTHS, WEEKDAYS


def test_every_month_and_weekday_has_its_number() -> None:
    assert [MONTHS[name] for name in MONTH_NAMES] == list(range(1, 13))
    assert sorted(set(MONTHS.values())) == list(range(1, 13))
    assert MONTHS["sept"] == MONTHS["sep"] == 9 and WEEKDAYS["monday"] == 0 and WEEKDAYS["sunday"] == 6


def test_month_abbreviations_do_not_end_sentences_and_may_is_a_word() -> None:
    assert set(MONTH_ABBREVIATIONS) <= ABBREVIATIONS
    assert "may" not in ABBREVIATIONS  # "in May. The" ends a sentence
