"""Figures: every reported number, normalised, typed by what it counts, and tied to its source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from unspin import Article, Pipeline
from unspin.analyzers.figures import BOUNDS, CATEGORIES, Figures
from unspin.eval.layers import evaluate, load_cases

SETS = Path(__file__).resolve().parents[3] / "bench" / "sets"


def _figures(text: str) -> Article:
    article = Pipeline(only=["figures"])(Article(text, published="2026-03-14"))
    for a in article.layer("figures"):
        assert article.text[a.start : a.end] == a.text
        assert a.label in CATEGORIES and a.attrs["bound"] in BOUNDS
    return article


def _one(text: str) -> tuple[str, str, dict[str, Any]]:
    (figure,) = _figures(text).layer("figures")
    return figure.text, figure.label, figure.attrs


@pytest.mark.parametrize(
    ("text", "span", "label", "expected"),
    [
        (
            "At least 14 civilians were killed in the shelling.",
            "At least 14",
            "KILL",
            {
                "value": 14,
                "bound": "at_least",
                "unit": "people",
                "counts": "people killed",
                "noun": "civilians",
            },
        ),
        (
            "About 250 people were hospitalised overnight.",
            "About 250",
            "WOUND",
            {"value": 250, "bound": "about", "counts": "people hospitalised"},
        ),
        (
            "Police arrested more than five hundred protesters.",
            "more than five hundred",
            "ARREST",
            {"value": 500, "bound": "at_least", "counts": "people arrested"},
        ),
        ("Dozens of people were injured.", "Dozens", "WOUND", {"value": 24, "bound": "at_least"}),
        (
            "Tens of thousands of people marched on Sunday.",
            "Tens of thousands",
            "PROTEST",
            {"value": 20_000, "bound": "at_least", "counts": "protesters"},
        ),
        (
            "Damage to the harbour is estimated at $12.5 million.",
            "$12.5 million",
            "DAMAGE",
            {"value": 12_500_000, "currency": "USD", "unit": None, "counts": "damage"},
        ),
        (
            "The government pledged 3.5 million dollars in aid.",
            "3.5 million dollars",
            "MONEY",
            {"value": 3_500_000, "currency": "USD", "counts": "money"},
        ),
        ("The fund lost €40m.", "€40m", "MONEY", {"value": 40_000_000, "currency": "EUR"}),
        ("The bank lent 2.3bn dollars.", "2.3bn dollars", "MONEY", {"value": 2.3e9, "currency": "USD"}),
        ("Unemployment rose to 15%.", "15%", "PERCENT", {"value": 15, "unit": "percent"}),
        ("Only 3.5 per cent voted.", "3.5 per cent", "PERCENT", {"value": 3.5, "unit": "percent"}),
        (
            "Between 40 and 50 houses burned.",
            "Between 40 and 50",
            "QUANTITY",
            {"value": 40, "high": 50, "bound": "range", "counts": "buildings"},
        ),
        ("They claim 40-50 villages.", "40-50", "QUANTITY", {"value": 40, "high": 50, "bound": "range"}),
        ("A dozen rockets hit the base.", "A dozen", "QUANTITY", {"value": 12, "counts": "weapons"}),
        ("The army sent 1,200 troops.", "1,200", "QUANTITY", {"value": 1200, "counts": "soldiers"}),
        (
            "The fire spread across 2,000 hectares.",
            "2,000 hectares",
            "QUANTITY",
            {"value": 2000, "unit": "hectares"},
        ),
        (
            "Nearly 300 families were displaced.",
            "Nearly 300",
            "AFFECT",
            {"bound": "at_most", "counts": "families displaced"},
        ),
        (
            "Some 1,200 residents were evacuated.",
            "Some 1,200",
            "AFFECT",
            {"bound": "about", "counts": "people evacuated"},
        ),
        (
            "Rebels kidnapped seven aid workers.",
            "seven",
            "KIDNAP",
            {"value": 7, "counts": "people kidnapped"},
        ),
        ("Gunmen seized 14 passengers.", "14", "KIDNAP", {"value": 14}),
        ("Officers seized 300 rifles.", "300", "SEIZE", {"counts": "weapons seized"}),
        ("Border guards confiscated 2 tonnes of cocaine.", "2 tonnes", "SEIZE", {"unit": "tonnes"}),
        ("Gunmen abducted as many as 80 schoolgirls.", "as many as 80", "KIDNAP", {"bound": "at_most"}),
        ("Twenty-five soldiers were killed.", "Twenty-five", "KILL", {"value": 25}),
        ("Half a million people were displaced.", "Half a million", "AFFECT", {"value": 500_000}),
    ],
)
def test_figure_span_category_and_attributes(
    text: str, span: str, label: str, expected: dict[str, Any]
) -> None:
    got_span, got_label, attrs = _one(text)
    assert (got_span, got_label) == (span, label)
    for key, value in expected.items():
        assert attrs[key] == (pytest.approx(value) if isinstance(value, float) else value), key


def test_two_counts_in_one_sentence() -> None:
    article = _figures("At least 14 civilians were killed and 37 injured when shells hit the market.")
    assert [(a.text, a.label, a.attrs["value"]) for a in article.layer("figures")] == [
        ("At least 14", "KILL", 14),
        ("37", "WOUND", 37),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "A 34-year-old man was among the victims.",
        "Resolution 2231 was adopted in 2015.",
        "The meeting began at 10:30 and lasted two hours.",
        "The march on March 3 drew the largest crowd since 1989.",
        "The brigade lost its third commander in a month.",
        "Flight 17 was shot down over the eastern provinces.",
        "The F-16 jets returned to base.",
        "Prices have doubled in two years.",
        "Crowds cheered the Million Man March.",
        "The margin was about four to one.",
        "He told Lewinsky, who was 22, to stay quiet.",
        "Not one step back, the general said.",
    ],
)
def test_dates_times_names_ages_and_ratios_are_not_figures(text: str) -> None:
    assert _figures(text).layer("figures") == []


def test_list_numbering_is_not_a_figure() -> None:
    article = _figures("Demands:\n1. Free the 12 prisoners\n2. Open the border")
    assert [a.text for a in article.layer("figures")] == ["12"]


def test_figures_carry_the_attribution_of_their_sentence() -> None:
    text = (
        "About 250 people were hospitalised, according to the health ministry. "
        "Hundreds more are missing. "
        "Damage is estimated at $40 million."
    )
    found = {a.text: a.attrs for a in _figures(text).layer("figures")}
    assert found["About 250"]["attribution"] == "named_organisation"
    assert found["About 250"]["source"] == "the health ministry"
    assert found["Hundreds"]["attribution"] == "none" and found["Hundreds"]["source"] is None
    assert found["$40 million"]["attribution"] == "vague"
    assert found["About 250"]["sentence"] == 0 and found["$40 million"]["sentence"] == 2


def test_a_source_in_a_clause_coordinated_after_the_figure_is_not_its_source() -> None:
    text = (
        "The fever has killed 97 people, and doctors are warning that it will spread. "
        "The ministry said 12 people died and 40 were hurt. "
        "A fever broke out in the north and nine cases were found, the ministry confirmed."
    )
    found = {a.text: a.attrs["source"] for a in _figures(text).layer("figures")}
    assert found == {"97": None, "12": "The ministry", "40": "The ministry", "nine": "the ministry"}


def test_with_two_sources_a_figure_takes_the_one_that_governs_it() -> None:
    text = "Police said 46 people were detained, while organisers said 300 people were arrested."
    found = {a.text: a.attrs["source"] for a in _figures(text).layer("figures")}
    assert found == {"46": "Police", "300": "organisers"}


def test_summary_totals_people_and_the_unsourced_share() -> None:
    text = (
        "At least 14 civilians were killed and 37 injured, the army said. "
        "Six people died in a second attack. "
        "The government pledged 3.5 million dollars."
    )
    summary = _figures(text).summary["figures"]
    assert summary["count"] == 4
    assert summary["by_category"] == {"KILL": 2, "WOUND": 1, "MONEY": 1}
    # 14 civilians and six people in another sentence may overlap: listed, not added
    assert summary["killed"] is None and summary["injured"] == 37
    assert summary["people_totals"] == {"WOUND": 37}
    assert [q["low"] for q in summary["totals"]["KILL"]["quantities"]] == [14, 6]
    assert summary["unsourced"] == 2 and summary["unsourced_share"] == 0.5


def test_article_without_numbers() -> None:
    article = _figures("Nothing was counted here.")
    assert article.layer("figures") == []
    assert article.summary["figures"]["unsourced_share"] is None


def test_every_category_is_described_for_readers() -> None:
    assert set(Figures.label_descriptions) == set(CATEGORIES)


def test_own_evaluation_set_precision_and_recall() -> None:
    scores = evaluate(load_cases([SETS / "figures.jsonl"]), Pipeline(only=["figures"]))
    layer = scores["figures"]
    assert layer.spans.gold >= 90
    assert layer.spans.precision >= 0.95 and layer.spans.recall >= 0.95
    assert layer.labelled.precision >= 0.9 and layer.labelled.recall >= 0.9
    correct, checked = layer.attrs["value"]
    assert checked >= 90 and correct / checked >= 0.95
