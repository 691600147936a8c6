"""ACLED-style events: type and sub-type from triggers in the parse, with actors, place, date, figures."""

from __future__ import annotations

import pytest

from unspin import Article, Pipeline

PUBLISHED = "2026-03-14"  # a Saturday


def _events(text: str, published: str | None = PUBLISHED) -> Article:
    article = Pipeline(only=["events"])(Article(text, published=published))
    for a in article.layer("events"):
        assert article.text[a.start : a.end] == a.text
    return article


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(a.label, a.attrs["sub_type"]) for a in _events(text).layer("events")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thousands of farmers protested outside parliament on Monday.", ("protest", "peaceful_protest")),
        ("Dock workers went on strike over unpaid salaries.", ("protest", "peaceful_protest")),
        (
            "Police fired tear gas to disperse students who marched through the city.",
            ("protest", "protest_with_intervention"),
        ),
        (
            "Soldiers opened fire on protesters on Wednesday, killing six of them.",
            ("protest", "excessive_force_against_protesters"),
        ),
        ("Protesters threw stones at police and set fire to cars.", ("riot", "violent_demonstration")),
        ("A mob beat a suspected thief to death in the market.", ("riot", "mob_violence")),
        (
            "Gunmen abducted 23 schoolgirls from a village.",
            ("violence_against_civilians", "abduction_forced_disappearance"),
        ),
        ("Soldiers executed five civilians in the village square.", ("violence_against_civilians", "attack")),
        (
            "Fighters raped several women during the occupation.",
            ("violence_against_civilians", "sexual_violence"),
        ),
        ("Government troops and rebels clashed near the border.", ("battle", "armed_clash")),
        (
            "Rebels seized the town after two days of heavy fighting.",
            ("battle", "non_state_actor_overtakes_territory"),
        ),
        ("Government troops recaptured the airport on Friday.", ("battle", "government_regains_territory")),
        (
            "Militants shelled the eastern district on Tuesday.",
            ("explosion_remote_violence", "shelling_artillery_missile"),
        ),
        ("An air strike hit a fuel depot on Thursday.", ("explosion_remote_violence", "air_drone_strike")),
        (
            "A roadside bomb killed four soldiers.",
            ("explosion_remote_violence", "remote_explosive_landmine_ied"),
        ),
        ("A suicide bomber blew himself up at a checkpoint.", ("explosion_remote_violence", "suicide_bomb")),
        ("Police arrested the opposition leader at his home.", ("strategic_development", "arrests")),
        (
            "Armed men looted shops in the abandoned town.",
            ("strategic_development", "looting_property_destruction"),
        ),
        ("The two sides signed a ceasefire agreement on Thursday.", ("strategic_development", "agreement")),
        (
            "The army deployed 3,000 troops to the north.",
            ("strategic_development", "change_to_group_activity"),
        ),
        (
            "Air defences intercepted twelve drones overnight.",
            ("strategic_development", "disrupted_weapons_use"),
        ),
        (
            "Government forces withdrew from the town without a fight.",
            ("strategic_development", "non_violent_transfer_of_territory"),
        ),
    ],
)
def test_event_types_and_sub_types(text: str, expected: tuple[str, str]) -> None:
    assert _kinds(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Kestria lodged a formal protest with the embassy.",
        "Stocks rallied on Wednesday after the central bank cut interest rates.",
        "The government promised to fight corruption and attack poverty.",
        "The March edition of the magazine sold out within a day.",
        "Firefighters said a gas leak caused the explosion at the bakery.",
        "Riot police stood by as the market opened.",
    ],
)
def test_words_that_are_not_events(text: str) -> None:
    assert _kinds(text) == []


def test_casualties_belong_to_the_event_that_caused_them() -> None:
    # "killed" is the shelling's toll, not a second event; arrests at a riot are its intervention
    assert _kinds("Ten civilians were killed when militants shelled the market.") == [
        ("explosion_remote_violence", "shelling_artillery_missile")
    ]
    assert _kinds("Police arrested 46 people after rioters set fire to the town hall.") == [
        ("riot", "violent_demonstration")
    ]


def test_event_attributes_from_the_other_layers() -> None:
    article = _events(
        "At least 14 civilians were killed and 37 injured on Tuesday when militants shelled Kharkiv."
    )
    (event,) = article.layer("events")
    attrs = event.attrs
    assert event.start == 0 and event.end == len(article.text)
    assert attrs["trigger"] == "shelled" and article.text[attrs["trigger_start"] :].startswith("shelled")
    assert attrs["actors"] == ["militants"]
    assert attrs["place"] == "Kharkiv" and attrs["place_source"] == "clause" and attrs["country"] == "UA"
    assert attrs["lat"] == pytest.approx(49.98, abs=0.1)
    assert attrs["date"] == "2026-03-10" and attrs["date_precision"] == "day"
    figures = {f["text"]: f for f in attrs["figures"]}
    assert figures["At least 14"]["label"] == "KILL" and figures["At least 14"]["value"] == 14
    assert figures["37"]["label"] == "WOUND"
    assert 0.0 < event.score <= 1.0


def test_week_precision_and_unpublished_articles() -> None:
    (event,) = _events("Protesters threw stones at police last week.").layer("events")
    assert event.attrs["date"] == "2026-W10" and event.attrs["date_precision"] == "week"
    assert event.attrs["date_text"] == "last week" and event.attrs["date_source"] == "clause"
    (undated,) = _events("Protesters threw stones at police last week.", published=None).layer("events")
    assert undated.attrs["date"] is None and undated.attrs["date_precision"] is None
    # the phrase is kept when nothing resolves it, for a reader to place
    assert undated.attrs["date_text"] == "last week" and undated.attrs["date_source"] == "unresolved"


def test_an_unresolved_date_phrase_outranks_an_earlier_date_of_the_paragraph() -> None:
    text = "The talks began on 3 March 2026. Militants shelled the harbour of Velmar on Tuesday."
    (event,) = _events(text, published=None).layer("events")
    assert event.attrs["date"] is None and event.attrs["date_text"] == "Tuesday"
    (none,) = _events("Militants shelled the harbour of Velmar.", published=None).layer("events")
    assert none.attrs["date_text"] is None and none.attrs["date_source"] is None


def test_dateline_is_the_place_when_the_sentence_names_none() -> None:
    article = _events("KYIV, Ukraine — Air defences intercepted twelve drones overnight.\nNothing else.")
    (event,) = article.layer("events")
    assert event.attrs["place"] == "Ukraine"  # the nearest place in the same sentence wins
    article = _events("KYIV — Officials spoke.\nDrones struck a power station overnight.")
    (event,) = article.layer("events")
    assert event.attrs["place"] == "KYIV" and event.attrs["place_source"] == "dateline"
    assert event.attrs["country"] == "UA"


def test_actors_are_names_from_the_entities_layer() -> None:
    (event,) = _events("The Valdorian Defence Forces (VDF) shelled the village of Dolna.").layer("events")
    assert event.attrs["actors"][0] == "Valdorian Defence Forces"


def test_summary_counts_events_by_type() -> None:
    article = _events(
        "Gunmen abducted an aid worker on Friday. Police arrested two suspects on Saturday. "
        "Militants shelled the port."
    )
    summary = article.summary["events"]
    assert summary["count"] == 3
    assert summary["by_type"] == {
        "explosion_remote_violence": 1,
        "strategic_development": 1,
        "violence_against_civilians": 1,
    }
    assert summary["dated"] == 2
    assert [e["type"] for e in summary["events"]] == [a.label for a in article.layer("events")]
