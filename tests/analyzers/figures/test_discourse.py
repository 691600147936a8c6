"""Bare numbers take what they count from the figure they refer to (figures/discourse.py)."""

from __future__ import annotations

import pytest

from unspin import Article, Pipeline


def figures(text: str) -> dict[str, tuple[str, float, str | None]]:
    article = Pipeline(only=["figures"])(Article(text))
    return {a.text: (a.label, a.attrs["value"], a.attrs.get("counted")) for a in article.layer("figures")}


@pytest.mark.parametrize(
    ("text", "needle", "label", "counted"),
    [
        # a demonstrative and a partitive refer back to the figure before
        ("Agents detained 60 migrants. Of those 60, 25 had criminal records.", "25", "ARREST", "migrant"),
        ("Agents detained 60 migrants. Of those 60, 25 had criminal records.", "60", "ARREST", "migrant"),
        # a tally in brackets takes its list's lead clause, and the noun of the figure before
        (
            "Troops detained 14 smugglers. Smugglers detained in the sweep come from these countries: "
            "Peru (4), Chile (2) and Cuba (7).",
            "7",
            "ARREST",
            "smuggler",
        ),
        (
            "Police detained 9 dealers. Officers made arrests in Lindon (3) and Ashby (6).",
            "6",
            "ARREST",
            "dealer",
        ),
        # or the earlier tally of its sentence that names its noun
        (
            "Topics were 'Gender' (40 mentions, 5% of all), 'Class' (31) and 'Faith' (12).",
            "31",
            "QUANTITY",
            "mention",
        ),
        # lives and proper plurals count people
        ("The outbreak has claimed at least 165 lives.", "at least 165", "KILL", "person"),
    ],
)
def test_numbers_take_what_they_count_from_the_figure_they_refer_to(
    text: str, needle: str, label: str, counted: str | None
) -> None:
    got = figures(text)[needle]
    assert (got[0], got[2]) == (label, counted), figures(text)


def test_a_list_of_tallies_goes_on_in_the_next_sentence() -> None:
    text = "Topics were 'Gender' (40 mentions, 5% of all) and 'Class' (31). Last came 'Faith' (12)."
    assert figures(text)["12"][2] == "mention"
