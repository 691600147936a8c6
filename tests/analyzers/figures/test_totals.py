"""Figure totals that never mislead: estimates become ranges, parts stay under wholes, sums only when safe."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from unspin import Article, Pipeline


def totals(text: str) -> dict[str, Any]:
    return dict(Pipeline(only=["figures"])(Article(text)).summary["figures"]["totals"])


def quantities(entry: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (q["counts"], q["low"], q["high"], q["sources"], q["part_of"] is not None)
        for q in entry["quantities"]
    ]


def test_distinct_things_counted_in_one_clause_are_added_with_their_evidence() -> None:
    text = "Gunmen killed 12 soldiers and 5 civilians at the checkpoint."
    kill = totals(text)["KILL"]
    assert kill["total"]["value"] == 17
    assert [text[s:e] for s, e in kill["total"]["evidence"]] == ["12", "5"]


def test_competing_estimates_from_different_sources_are_a_range_never_a_sum() -> None:
    text = (
        "The death toll rose to 100, the ministry said. Reuters put the toll at 106, "
        "while local media said 200 people were killed."
    )
    kill = totals(text)["KILL"]
    assert quantities(kill) == [(None, 100, 200, ["the ministry", "Reuters", "local media"], False)]
    assert kill["total"] is None
    assert [r["value"] for r in kill["quantities"][0]["reports"]] == [100, 106, 200]


def test_a_part_is_never_added_to_its_whole() -> None:
    text = "About 1,000 people were injured, of which 400 were hospitalised."
    wound = totals(text)["WOUND"]
    assert [q["low"] for q in wound["quantities"]] == [1000, 400]
    assert wound["quantities"][1]["part_of"]["start"] == text.index("About 1,000")
    assert wound["total"]["value"] == 1000


def test_alternatives_are_one_quantity_and_never_summed() -> None:
    arrest = totals("Police arrested 12 or 15 protesters.")["ARREST"]
    assert [(q["low"], q["high"], q["bound"]) for q in arrest["quantities"]] == [(12, 15, "range")]
    assert arrest["total"] is None


def test_a_repeated_figure_is_one_report_list_and_counts_once() -> None:
    text = "Police arrested six people on Monday. The six people were released on bail."
    arrest = totals(text)["ARREST"]
    assert arrest["total"] is not None and arrest["total"]["value"] == 6


def test_quantities_in_separate_sentences_are_listed_when_unsure() -> None:
    text = "Twelve soldiers were killed on Monday. Three civilians died in the shelling."
    kill = totals(text)["KILL"]
    assert kill["total"] is None and len(kill["quantities"]) == 2


def test_other_quantities_are_never_totalled() -> None:
    assert totals("The convoy had 40 trucks and 12 tanks.")["QUANTITY"]["total"] is None


def test_a_toll_of_unknown_people_is_no_estimate_of_a_named_group() -> None:
    text = (
        "At least 14 civilians were killed and 37 injured, the ministry said. "
        "A senior official said that 9 soldiers were hospitalised."
    )
    wound = totals(text)["WOUND"]
    assert sorted((q["low"], q["high"]) for q in wound["quantities"]) == [(9, 9), (37, 37)]
    assert wound["total"] is None


def test_totals_leave_out_figures_below_the_confidence_threshold() -> None:
    from unspin.analyzers.figures import TOTALS_THRESHOLD
    from unspin.analyzers.figures.totals import summary

    text = "Gunmen killed 12 soldiers and 5 civilians."
    article = Pipeline(only=["figures"])(Article(text))
    figures = article.layer("figures")
    assert all((a.score or 0) >= TOTALS_THRESHOLD for a in figures)
    assert summary(figures, text)["totals"]["KILL"]["total"]["value"] == 17
    doubtful = [replace(a, score=0.3) if a.text == "5" else a for a in figures]
    result = summary(doubtful, text)
    assert result["totals"]["KILL"]["total"]["value"] == 12
    assert result["below_threshold"] == 1 and result["count"] == 2
