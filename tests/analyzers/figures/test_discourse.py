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
        # the same group again: the earlier figure of the same value, else the one kind of people named
        (
            "Agents detained 80 smugglers. Of the 80 detained, 31 had records; 12 were held at the port.",
            "31",
            "ARREST",
            "smuggler",
        ),
        (
            "Agents detained 80 smugglers. Of the 80 detained, 31 had records; 12 were detained at the port.",
            "12",
            "ARREST",
            "smuggler",
        ),
        ("Police arrested 9 students and 4 teachers. In all, 13 were arrested.", "13", "ARREST", None),
        ("Clinics reported 40 new cases. Around 300 had been infected by May.", "Around 300", "AFFECT", None),
        ("The 6.4 quake killed 12.", "12", "KILL", None),
        # a part said to be some kind of people, and the whole before or after it
        ("Of the 40 killed in the raid, 15 were children.", "15", "KILL", "child"),
        ("Nine of the 30 detained at the border were minors.", "Nine", "ARREST", "minor"),
        ("The list names nine victims, three of whom died in hospital.", "three", "KILL", "victim"),
        # what the part underwent comes before what the whole did
        ("The fever killed six of the 20 people infected last year.", "six", "KILL", "people"),
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
