"""Written numbers: digits, words, suffixes and scales to one value."""

from __future__ import annotations

import pytest

from unspin.analyzers.figures.numbers import words_value


@pytest.mark.parametrize(
    ("parts", "value"),
    [
        (["1,200"], 1200),
        (["2.3bn"], 2.3e9),
        (["3.5", "million"], 3_500_000),
        (["five", "hundred"], 500),
        (["two", "hundred", "and", "fifty"], 250),
        (["twenty", "-", "five"], 25),
        (["a", "dozen"], 12),
        (["half", "a", "million"], 500_000),
        (["12.5", "m"], 12_500_000),
        (["three", "dozen"], 36),
    ],
)
def test_written_numbers_have_their_value(parts: list[str], value: float) -> None:
    assert words_value(parts) == pytest.approx(value)


def test_words_that_are_not_numbers_have_no_value() -> None:
    assert words_value(["many"]) is None
    assert words_value([]) is None
