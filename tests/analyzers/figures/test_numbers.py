"""Written numbers: digits, words, suffixes and scales to one value."""

from __future__ import annotations

import pytest

from unspin import Article, Pipeline
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


@pytest.mark.parametrize(
    ("text", "span", "label", "value"),
    [
        ("Officials say about half of the housing was built without permits.", "about half", "PERCENT", 50),
        ("About one-third of the island is without power.", "About one-third", "PERCENT", 33.33),
        ("The lung form caused two-thirds of all infections.", "two-thirds", "PERCENT", 66.67),
        ("The embassy withdrew more than half of its staff.", "more than half", "PERCENT", 50),
        ("Police had visited the house three times since May.", "three times", "QUANTITY", 3),
        ("He squeezed her arm at least twice.", "at least twice", "QUANTITY", 2),
        ("The comet passes 27 times farther than the moon.", "27 times", "QUANTITY", 27),
    ],
)
def test_shares_and_repetitions_are_figures(text: str, span: str, label: str, value: float) -> None:
    (fig,) = Pipeline(only=["figures"])(Article(text)).layer("figures")
    assert (fig.text, fig.label) == (span, label)
    assert fig.attrs["value"] == pytest.approx(value)


def test_the_half_of_a_period_is_no_share() -> None:
    article = Pipeline(only=["figures"])(Article("In the first half of the year sales fell."))
    assert article.layer("figures") == []
