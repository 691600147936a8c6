"""Events only from clauses that report a happening, and one event per happening."""

from __future__ import annotations

import pytest

from unspin import Article, Pipeline


def events(text: str) -> list[tuple[str, str, list[list[int]]]]:
    article = Pipeline(only=["events"])(Article(text))
    return [(a.label, a.text, a.attrs["mentions"]) for a in article.layer("events")]


@pytest.mark.parametrize(
    "text",
    [
        "Should the army be deployed to stop the marchers?",
        "The government does not want to send the army to the border.",
        "If the rebels attack the town, the army will respond.",
        "The militia threatened to attack the convoy.",
        "An alien may be arrested and detained pending a decision.",
        "People are shot to death in restaurants here, the opposition leader said.",
        "An outbreak of plague has killed more than 200 people since August.",
        "She attacked the man who criticised her tweet.",
        "He made another sexual assault allegation against the nominee.",
    ],
)
def test_no_event_from_clauses_that_report_no_happening(text: str) -> None:
    assert events(text) == []


def test_a_police_raid_is_an_arrest_operation_not_an_attack() -> None:
    found = events("Police raided a house in Velmar on Monday with a search warrant.")
    assert [label for label, _, _ in found] == ["strategic_development"]


def test_mentions_of_one_happening_are_merged() -> None:
    text = (
        "Gunmen attack checkpoint\n\nGunmen attacked a police checkpoint in Velmar on Monday. "
        "The attack on the checkpoint lasted an hour. Police arrested six suspects. "
        "Two more suspects were arrested later."
    )
    found = events(text)
    assert [label for label, _, _ in found] == ["battle", "strategic_development"]
    battle = found[0]
    assert battle[1].startswith("Gunmen attacked") and len(battle[2]) >= 1
    assert len(found[1][2]) == 1


def test_a_purpose_clause_and_an_agreement_still_count() -> None:
    assert events(
        "Hundreds of taxi drivers blocked the main avenue of Velmar to protest against fuel prices."
    )
    assert events("Government and rebel negotiators agreed on a prisoner exchange on Wednesday.")
