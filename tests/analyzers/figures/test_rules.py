"""Figure rules learnt on real news: what is not a count, toll constructions, and confidence scores."""

from __future__ import annotations

import pytest

from unspin import Article, Pipeline


def figures(text: str) -> dict[str, tuple[str, float, str | None]]:
    article = Pipeline(only=["figures"])(Article(text))
    return {a.text: (a.label, a.attrs["value"], a.attrs.get("counted")) for a in article.layer("figures")}


@pytest.mark.parametrize(
    "text",
    [
        "Mr Vell, 87, said the plan would fail.",
        "Fifteen residents, ages ranging 18-61, spoke at the meeting.",
        "His sister in her 50's also fell ill.",
        "They back a two-state solution after a 4-day operation.",
        "I am 100% sure that the report was wrong.",
        "The Gang of Eight met on Tuesday.",
    ],
)
def test_ages_decades_modifiers_emphasis_and_names_are_not_figures(text: str) -> None:
    found = figures(text)
    assert not set(found) & {"87", "18-61", "50", "two", "4", "100%", "Eight"}, found


def test_a_space_separated_thousand_is_one_number() -> None:
    assert figures("Officials recorded more than 2 000 cases of the fever.")["more than 2 000"][:2] == (
        "AFFECT",
        2000,
    )


@pytest.mark.parametrize(
    ("text", "needle", "label", "counted"),
    [
        ("The number of soldiers killed rose to 39, the army said.", "39", "KILL", "soldier"),
        ("The number of security forces killed in the clashes rose to 39.", "39", "KILL", "force"),
        ("The death toll of civilians stood at 207.", "207", "KILL", "civilian"),
        ("The shooting left 59 dead and over 500 injured.", "over 500", "WOUND", None),
        ("Health officials said 17 deaths have been recorded.", "17", "KILL", "death"),
        ("The group has killed dozens of villagers.", "dozens", "KILL", "villager"),
        ("A crowd of 5,000 gathered outside parliament.", "5,000", "PROTEST", None),
    ],
)
def test_tolls_and_crowds(text: str, needle: str, label: str, counted: str | None) -> None:
    got = figures(text)[needle]
    assert (got[0], got[2]) == (label, counted)


def test_a_population_is_not_a_toll_and_court_cases_are_not_patients() -> None:
    assert (
        figures("106 people were murdered in Sweden, a country of 10 million.")["10 million"][0] == "QUANTITY"
    )
    assert figures("The court heard five cases on Monday.")["five"][0] == "QUANTITY"


def test_money_in_vague_plurals() -> None:
    found = figures("Trade worth hundreds of billions of dollars crosses the strait.")
    assert found["hundreds of billions of dollars"][:2] == ("MONEY", 200_000_000_000)


def test_every_figure_has_a_confidence_score() -> None:
    article = Pipeline(only=["figures"])(
        Article("At least 14 soldiers were killed. The convoy had 40 trucks. It had 3.")
    )
    scores = {a.text: a.score for a in article.layer("figures")}
    assert all(s is not None and 0 < s <= 1 for s in scores.values())
    assert scores["At least 14"] > scores["40"] > scores["3"]


def test_a_number_shaped_like_a_code_or_a_year_is_less_sure() -> None:
    article = Pipeline(only=["figures"])(Article("The convoy had 2,500. The column had 2500."))
    scores = [a.score or 0 for a in article.layer("figures")]
    assert len(scores) == 2 and scores[0] > scores[1]


@pytest.mark.parametrize(
    ("text", "needle", "currency"),
    [
        ("The deal was worth USD 500 million.", "USD 500 million", "USD"),
        ("He paid 40,000 EUR for it.", "40,000 EUR", "EUR"),
        ("Fines reached 300 zlotys.", "300 zlotys", "PLN"),
        ("The grant was 2 million korunas.", "2 million korunas", "CZK"),
        ("Smugglers carried 30,000 naira.", "30,000 naira", "NGN"),
    ],
)
def test_currencies_by_iso_code_and_iso_name(text: str, needle: str, currency: str) -> None:
    article = Pipeline(only=["figures"])(Article(text))
    found = {a.text: a for a in article.layer("figures")}
    assert found[needle].label == "MONEY" and found[needle].attrs["currency"] == currency


def test_a_capitalised_word_is_no_currency_code_and_all_is_no_lek() -> None:
    article = Pipeline(only=["figures"])(Article("All 300 passengers survived."))
    assert [(a.text, a.attrs["currency"]) for a in article.layer("figures")] == [("300", None)]


def test_a_range_with_the_unit_on_both_ends_is_one_figure() -> None:
    found = figures("Rates have ranged from 30 percent to 80 percent in past years.")
    assert list(found) == ["from 30 percent to 80 percent"], found
    article = Pipeline(only=["figures"])(Article("Rates have ranged from 30 percent to 80 percent."))
    (fig,) = article.layer("figures")
    assert (fig.attrs["value"], fig.attrs["high"], fig.attrs["bound"]) == (30, 80, "range")
