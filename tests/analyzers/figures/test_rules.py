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


@pytest.mark.parametrize(
    ("text", "needle", "label"),
    [
        # arrests: the verb acting on the counted noun decides, whatever the noun
        ("Police arrested more than 80 illegals in the city.", "more than 80", "ARREST"),
        ("The border agency detained 20 criminal aliens in the town.", "20", "ARREST"),
        ("The raid led to the arrest of 45 illegal migrants.", "45", "ARREST"),
        ("The operation netted 12 arrests.", "12", "ARREST"),
        ("Eight of the violators arrested in the sweep had records.", "Eight", "ARREST"),
        ("All six remain in police custody.", "six", "ARREST"),
        ("ICE Arrests Over 300 in Ohio", "300", "ARREST"),
        # injuries and deaths from the harm done
        ("A man stabbed three people at the station.", "three", "WOUND"),
        ("A man stabbed two guards to death.", "two", "KILL"),
        ("A man fatally shot three officers on Sunday.", "three", "KILL"),
        ("Police named a suspect in the fatal shooting of two deputies.", "two", "KILL"),
        ("Twelve envoys fell victim to an attack that left them with injuries.", "Twelve", "WOUND"),
        ("Twelve people fell victim to an attack that killed them.", "Twelve", "KILL"),
        # the whole of a partitive is not what the part suffered
        ("Of the nine men given the drug, four have died.", "nine", "QUANTITY"),
        ("Of the nine men given the drug, four have died.", "four", "KILL"),
        # the whole of a partitive says what befell a part said to be some people
        ("Three of the dead were soldiers.", "Three", "KILL"),
        # police and troops finding things seize them; anyone else finds them
        ("Officers found 3 kilograms of heroin in the car.", "3 kilograms", "SEIZE"),
        ("Hikers found 3 kilograms of gold in the river.", "3 kilograms", "QUANTITY"),
        ("Police found 12 bodies in the house.", "12", "KILL"),
        # the subject of an active verb with an object did it: the object is the toll
        ("About 40 gunmen killed 12 villagers on Sunday.", "About 40", "QUANTITY"),
        ("About 40 gunmen killed 12 villagers on Sunday.", "12", "KILL"),
        ("Some 300 soldiers arrested 25 suspects.", "Some 300", "QUANTITY"),
        ("Some 300 soldiers arrested 25 suspects.", "25", "ARREST"),
        ("The magnitude 6.4 quake killed 12.", "6.4", "QUANTITY"),
        ("Twenty migrants died at sea.", "Twenty", "KILL"),
        ("An estimated 40,000 people have fled their homes.", "An estimated 40,000", "AFFECT"),
        ("About 5,000 workers protested the new law.", "About 5,000", "PROTEST"),
        # the people a verb's subject names, and the noun an estimate is of
        ("Those killed included 12 women.", "12", "KILL"),
        ("The crowd, estimated at 20,000, chanted slogans.", "20,000", "PROTEST"),
        # "struck down" with a disease is no labour strike
        ("Dozens of nurses have been struck down with the fever.", "Dozens", "AFFECT"),
        # a country is not what a toll counts
        ("The plague has already killed more than 40 Kestria.", "more than 40", "KILL"),
        # bare vague sums given or fined
        ("The treaty gave billions to the regime.", "billions", "MONEY"),
    ],
)
def test_categories_from_the_counted_noun_and_its_verb(text: str, needle: str, label: str) -> None:
    assert figures(text)[needle][0] == label, figures(text)


def test_health_cases_need_an_article_about_health() -> None:
    text = (
        "An outbreak of the fever hit the north. The virus spread fast. "
        "At least ten more cases were suspected in the town. Officials reported 21 patients in the area."
    )
    found = figures(text)
    assert (found["At least ten"][0], found["21"][0]) == ("AFFECT", "AFFECT")
    assert figures("The court heard 40 cases and 12 witnesses testified.")["40"][0] == "QUANTITY"


def test_money_counts_no_day_or_pronoun() -> None:
    article = Pipeline(only=["figures"])(Article("The aid signed on Friday - around $90 billion - is small."))
    (fig,) = article.layer("figures")
    assert fig.attrs["counted"] is None


@pytest.mark.parametrize(
    ("text", "needle", "counted"),
    [
        ("The virus has a fatality rate of almost 90%.", "almost 90%", "rate"),
        ("He wants to raise the sales tax from 7 to 11 percent.", "11 percent", "tax"),
        ("Set the playback speed to 25% to see it.", "25%", "speed"),
    ],
)
def test_a_percentage_counts_the_rate_it_measures(text: str, needle: str, counted: str) -> None:
    article = Pipeline(only=["figures"])(Article(text))
    got = {a.text: a.attrs["counts"] for a in article.layer("figures")}
    assert got[needle] == counted, got


@pytest.mark.parametrize(
    ("text", "needle", "label"),
    [
        ("At least 30 people were taken to hospital.", "At least 30", "WOUND"),
        ("Tens of thousands took to the streets on Sunday.", "Tens of thousands", "PROTEST"),
        ("About 300 workers went on strike.", "About 300", "PROTEST"),
        ("Police said 45 people had been arrested and 12 charged.", "12", "ARREST"),
        ("The army said it had captured 20 militants.", "20", "ARREST"),
        ("He faces 12 charges of fraud.", "12", "QUANTITY"),
        ("About 40 nurses work in the hospital.", "About 40", "QUANTITY"),
    ],
)
def test_where_the_counted_people_end_up(text: str, needle: str, label: str) -> None:
    assert figures(text)[needle][0] == label, figures(text)


def test_casualties_stay_under_the_totals_threshold() -> None:
    from unspin.analyzers.figures import TOTALS_THRESHOLD

    (fig,) = Pipeline(only=["figures"])(Article("The attack caused 14 casualties.")).layer("figures")
    assert fig.score is not None and fig.score < TOTALS_THRESHOLD


@pytest.mark.parametrize(
    ("text", "needle", "value", "counted"),
    [
        ("The firm ran the email of one in five Senate aides.", "one in five", 20, "aide"),
        ("Two in three voters backed the plan.", "Two in three", 66.7, "voter"),
        ("The survey found 1 in 10 children go hungry.", "1 in 10", 10, "child"),
    ],
)
def test_one_in_five_is_a_share(text: str, needle: str, value: float, counted: str) -> None:
    article = Pipeline(only=["figures"])(Article(text))
    found = {a.text: a for a in article.layer("figures")}
    fig = found[needle]
    assert (fig.label, fig.attrs["value"], fig.attrs["counted"]) == ("PERCENT", value, counted)


@pytest.mark.parametrize(
    "text", ["They scored two in 10 minutes.", "Tests found the virus in two out of five samples."]
)
def test_counts_over_a_time_or_out_of_a_few_are_no_share(text: str) -> None:
    article = Pipeline(only=["figures"])(Article(text))
    assert all(a.label != "PERCENT" for a in article.layer("figures"))
