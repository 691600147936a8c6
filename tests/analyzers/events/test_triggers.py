"""Trigger patterns: words through the Matcher, phrases through the DependencyMatcher, each read with
the context that makes it an event."""

from __future__ import annotations

import pytest

from unspin import Article, Pipeline
from unspin.analyzers.events.triggers import RULES, find_triggers
from unspin.nlp.parse import parse


def _triggers(text: str) -> list[tuple[str, str, str]]:
    doc = parse(Article(text))
    return [(t.token.text, t.type, t.sub_type) for _, found in find_triggers(doc) for t in found]


def _kinds(text: str) -> list[tuple[str, str]]:
    article = Pipeline(only=["events"])(Article(text, published="2026-03-14"))
    return [(a.label, a.attrs["sub_type"]) for a in article.layer("events")]


def test_phrases_are_matched_on_the_parse() -> None:
    assert _triggers("Soldiers and rebels exchanged fire near the border overnight.") == [
        ("exchanged", "battle", "armed_clash")
    ]
    assert ("shot", "strategic_development", "disrupted_weapons_use") in _triggers(
        "Air defences shot down two drones over the capital."
    )


def test_triggers_are_grouped_by_sentence_in_text_order() -> None:
    doc = parse(Article("Rebels shelled the town. Nothing happened. Police arrested two men."))
    found = find_triggers(doc)
    assert [sent.text for sent, _ in found] == ["Rebels shelled the town.", "Police arrested two men."]
    assert [[t.token.lower_ for t in ts] for _, ts in found] == [["shelled"], ["arrested"]]


def test_every_trigger_word_is_lower_case_and_has_a_rule() -> None:
    assert all(w == w.lower() and callable(rule) for w, rule in RULES.items())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gunmen opened fire on worshippers at a mosque in Kano on Friday, killing 12.",
            ("violence_against_civilians", "attack"),
        ),
        ("Troops opened fire on a rebel convoy near the river.", ("battle", "armed_clash")),
        ("The journalist was shot dead outside her home in Lagos.", ("violence_against_civilians", "attack")),
        ("A mass shooting at a school in Texas left nine dead.", ("violence_against_civilians", "attack")),
        ("Police raided the offices of the newspaper on Thursday.", ("strategic_development", "arrests")),
        (
            "Thousands of teachers marched through Nairobi on Tuesday to demand higher pay.",
            ("protest", "peaceful_protest"),
        ),
        (
            "Mourners gathered to condemn the murder of the activist Anna Reyes.",
            ("violence_against_civilians", "attack"),
        ),
        (
            "Terrorists carried out attacks against the capital's transport network.",
            ("violence_against_civilians", "attack"),
        ),
        ("FBI agents raided the offices of the lawyer on Monday.", ("strategic_development", "arrests")),
        (
            "Militants raided a village near Gao, killing 12 civilians.",
            ("violence_against_civilians", "attack"),
        ),
        (
            "A man attacked a woman with a knife in central London on Friday.",
            ("violence_against_civilians", "attack"),
        ),
        ("Residents attacked a police post in the town.", ("riot", "violent_demonstration")),
        ("Farmers protested the new tax outside parliament on Thursday.", ("protest", "peaceful_protest")),
        ("Thousands rallied in Hong Kong on Sunday against the bill.", ("protest", "peaceful_protest")),
    ],
)
def test_wire_sentences(text: str, expected: tuple[str, str]) -> None:
    assert _kinds(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Trump told supporters at a rally in Pennsylvania that the economy was booming.",
        "The candidate held a campaign rally in Ohio on Monday.",
        "He protested that he had done nothing wrong.",
        "The senator attacked the press in a speech on Tuesday.",
        "Trump's attack on the media drew criticism.",
    ],
)
def test_speeches_objections_and_criticism_are_not_events(text: str) -> None:
    assert _kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "None of his jokes were offensive, the comedian said.",  # an adjective names no act
        "Comedian Silenced For Offensive Jokes At Campus Show",  # nor in a headline's capitals
        "The premier thrived on repeated clashes with Brussels and the United Nations.",  # a quarrel
        "Migrants resumed their march north on Saturday after a week in the capital.",  # a journey
        "The cleric blasted the ministers, saying their policy would kill thousands.",  # words
    ],
)
def test_a_trigger_word_in_another_sense_is_no_event(text: str) -> None:
    assert _kinds(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Students clashed with riot police outside the university on Monday.", "riot"),
        ("Rebels clashed with soldiers near Velmar on Monday.", "battle"),
        ("The army launched an offensive against the rebels near Velmar on Monday.", "battle"),
        ("Thousands of villagers marched against the dam in Velmar on Sunday.", "protest"),
        ("A bomb blasted a police station in Velmar on Monday, killing two.", "explosion_remote_violence"),
    ],
)
def test_the_same_words_in_their_event_sense_still_count(text: str, expected: str) -> None:
    assert [label for label, _ in _kinds(text)] == [expected]
