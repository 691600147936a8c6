"""Hedge words, and approximators only before a number."""

from __future__ import annotations

from unspin.analyzers.attribution.hedges import hedges


def test_hedges_count_approximators_only_before_numbers() -> None:
    assert hedges("We talked about the war.") == []
    assert hedges("About 250 people were allegedly hurt, up to 40 of them badly.") == [
        "about",
        "allegedly",
        "up to",
    ]
    assert hedges("An estimated 10,000 fled.") == ["an estimated", "estimated"]
