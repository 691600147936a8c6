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


def _scored(text: str) -> list[tuple[str, str, float]]:
    article = Pipeline(only=["events"])(Article(text, published="2026-03-14"))
    return [(a.label, a.attrs["sub_type"], a.score) for a in article.layer("events")]


@pytest.mark.parametrize(
    "text",
    [
        "The army could attack the rebel stronghold within days, analysts said.",
        "The militia vowed to strike back at government positions.",
        "The ministry said it has the authority to detain suspects for 48 hours.",
        "A man was charged with assault after the match.",
        "Police are investigating the attack.",
        "The court sentenced him to life in prison for the murder of a shopkeeper.",
        "Officials denied that troops had fired on protesters.",
        "Residents fear a new offensive on the city.",
        "A wave of shootings has shaken the capital.",
        "Every time a man runs for office, some woman crawls out from a line of protesters.",
        "With the Democrats now regaining control of the House, the agenda will change.",
        "One of the members of the mob that removed the three directors was a student.",
        "The talk show host appeared on The Blast with a series of shocking comments.",
    ],
)
def test_no_event_from_plans_charges_investigations_and_references(text: str) -> None:
    assert events(text) == []


def test_an_arrest_on_suspicion_of_murder_is_one_arrest_and_no_killing() -> None:
    assert _scored("Police arrested a man on suspicion of murder.") == [
        ("strategic_development", "arrests", 0.8)
    ]


def test_a_prisoner_swap_is_an_agreement_not_a_kidnapping() -> None:
    found = _scored("Hamas released three hostages in exchange for 90 Palestinian prisoners on Sunday.")
    assert [(label, sub) for label, sub, _ in found] == [("strategic_development", "agreement")]


def test_a_responsibility_claim_confirms_the_attack() -> None:
    found = _scored(
        "Islamic State claimed responsibility for the bombing, which killed 30 people at a market in "
        "Baghdad on Thursday."
    )
    assert [label for label, _, _ in found] == ["explosion_remote_violence"]


def test_another_attack_is_another_event_and_references_are_merged() -> None:
    text = (
        "Gunmen attacked a village in Borno on Monday, killing 10 people. The attack lasted two hours. "
        "In another attack, militants killed four farmers near Maiduguri."
    )
    article = Pipeline(only=["events"])(Article(text, published="2026-03-14"))
    first, second = article.layer("events")
    assert first.text.startswith("Gunmen attacked") and len(first.attrs["mentions"]) == 1
    assert first.attrs["date"] == "2026-03-09" and first.attrs["place"] == "Borno"
    assert second.text.startswith("In another attack") and second.attrs["mentions"] == []


def test_a_reference_alone_is_no_event_but_a_named_one_is() -> None:
    assert events("Footage captured on the night of the massacre was shown again.") == []
    assert [label for label, _, _ in events("Footage of the October 1 massacre was shown again.")] == [
        "violence_against_civilians"
    ]


def test_two_kinds_of_violence_in_two_sentences_are_two_events() -> None:
    text = (
        "Four people were shot dead in the first week of the year. One man died after picking up a "
        "hand grenade outside a subway station."
    )
    assert [label for label, _, _ in events(text)] == [
        "violence_against_civilians",
        "explosion_remote_violence",
    ]


def test_confidence_is_lower_for_hedged_and_headline_only_events() -> None:
    (plain,) = _scored("Gunmen abducted 20 passengers from a bus near Kaduna.")
    (hedged,) = _scored("Gunmen allegedly abducted 20 passengers from a bus near Kaduna.")
    assert plain[2] == 0.85 and hedged[2] == pytest.approx(0.85 * 0.85, abs=0.01)
    (told_twice,) = _scored(
        "Gunmen abducted 20 passengers near Kaduna on Monday. "
        "The passengers were abducted as the bus stopped at a checkpoint, police said."
    )
    assert told_twice[2] == 0.9
    (headline,) = _scored("Gunmen abduct 20 bus passengers\n\nThe governor visited Kaduna on Monday.")
    assert headline[2] == pytest.approx(0.85 * 0.8, abs=0.01)


@pytest.mark.parametrize(
    "text",
    [
        "Nobody was arrested and no protesters were hurt.",
        "Unions announced a planned rally in the capital.",
        "Teachers will march in Nairobi on Tuesday.",
        "Opposition supporters rally in Nairobi on Monday, March 16.",  # after publication: planned
    ],
)
def test_no_event_when_nobody_is_hit_or_it_is_still_to_come(text: str) -> None:
    assert _scored(text) == []


def test_the_day_of_a_statement_is_not_the_day_of_the_event() -> None:
    def dated(text: str) -> list[tuple[str | None, str | None]]:
        article = Pipeline(only=["events"])(Article(text, published="2026-03-14"))
        return [(a.attrs["date"], a.attrs["date_source"]) for a in article.layer("events")]

    assert dated("Police said on Wednesday that gunmen killed five villagers on Monday.") == [
        ("2026-03-09", "clause")
    ]
    # the day of the report is the last resort, after a date earlier in the paragraph
    assert dated("Gunmen killed five villagers in Zamfara, police said on Wednesday.") == [
        ("2026-03-11", "statement")
    ]
    assert dated("On Monday the army left. Gunmen killed five villagers, police said on Wednesday.") == [
        ("2026-03-09", "paragraph")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # the consequence of a condition
        "If they get here and the mayor does nothing but arrest them and send them off, he failed.",
        # a capitalised headline whose verb of threat the tagger reads as a name
        "Mayor Vows To Send Troops To Stop Protest\n\nThe mayor spoke on Monday.",
        # what some believe a video shows, and a choice left open
        "Many believe the clips show drones conducting an attack on the camp.",
        "The footage shows soldiers either attacking the village or guarding it.",
        # a label, a role, a promise
        "After joining the group, he agreed to be a suicide bomber, prosecutors said.",
        # one man's war, an accident, a figure of speech, a thing named after an event
        "Ali admitted to having fought with the militants in Syria.",
        "A student was killed in an accidental shooting at a school in Velmar.",
        "The pension debt is a ticking time bomb, the minister said.",
        "Soldiers found rocket launchers and a bomb shelter in the tunnels.",
        "The army executed the plan without delay.",
        "The president struck a deal with Mexico on Monday.",
    ],
)
def test_no_event_from_conditions_beliefs_roles_accidents_and_figures_of_speech(text: str) -> None:
    assert events(text) == []


def test_what_is_still_an_event_beside_those() -> None:
    assert [label for label, _, _ in events("Rebels fought government troops near the airport.")] == [
        "battle"
    ]
    assert [label for label, _, _ in events("Rocket fire hit the town of Velmar overnight.")]
    assert [label for label, _, _ in events("The rebels agreed to release the hostages in Velmar.")]


def test_one_attacker_is_violence_against_civilians_not_a_riot() -> None:
    for text in (
        "A man attacked a teenager outside a restaurant in Velmar.",
        "He was attacked by a 19-year-old man who hit him on the head.",
    ):
        assert [label for label, _, _ in events(text)] == ["violence_against_civilians"], text


def test_a_place_in_a_title_or_a_record_is_not_where_it_happened() -> None:
    article = Pipeline(only=["events"])(
        Article("Seventeen people were killed in the worst school shooting in US history.")
    )
    assert [a.attrs["place"] for a in article.layer("events")] == [None]


def test_a_place_elsewhere_in_the_sentence_does_not_split_one_happening() -> None:
    text = (
        "Fresh gun rules for Texas passed weeks after one of the worst school shootings in years. "
        "Seventeen people were killed at a high school in Houston on 14 February."
    )
    found = events(text)
    assert len(found) == 1 and len(found[0][2]) == 1


def test_the_first_full_telling_is_the_evidence_not_a_caption_or_the_talk_about_it() -> None:
    text = (
        "Questions grow\n\n"
        "New footage raises questions about the Kharkiv market massacre.\n\n"
        "Gunmen killed twelve shoppers at a market on Saturday, police said. "
        "The gunman shot a guard at 9 p.m., shortly before the attack on the stalls began.\n\n"
        "Twelve shoppers were shot dead at the market in Kharkiv on May 3, 2026, in an attack by gunmen."
    )
    found = events(text)
    assert len(found) == 1
    assert found[0][1].startswith("Gunmen killed twelve shoppers")


def test_whose_arrest_it_was_makes_no_new_arrest() -> None:
    text = (
        "Immigration agents arrested Jon Kessler at a check-in. "
        "A judge in Boston ruled on Wednesday that Kessler's detention violated his rights."
    )
    found = events(text)
    assert [label for label, _, _ in found] == ["strategic_development"]
    assert found[0][1].startswith("Immigration agents arrested")


def test_a_riot_of_another_year_leaves_the_arrest_in_the_sentence() -> None:
    found = events("Kessler, who fled deadly riots in 1998, was arrested by immigration agents in Boston.")
    assert sorted(label for label, _, _ in found) == ["riot", "strategic_development"]


def test_an_attack_of_guessed_type_is_the_happening_already_told() -> None:
    text = (
        "A gunman killed twelve shoppers at a market in Velmar on Saturday. He shot the guard first, "
        "shortly before raining bullets on the stalls in an attack that lasted ten minutes."
    )
    found = events(text)
    assert [label for label, _, _ in found] == ["violence_against_civilians"] and len(found[0][2]) == 1


def test_the_fight_that_followed_is_a_happening_of_its_own() -> None:
    text = (
        "Militants shelled the port of Velmar on Tuesday, killing nine civilians. "
        "Forty rebels were neutralised in the counter-attack that followed."
    )
    assert [label for label, _, _ in events(text)] == ["explosion_remote_violence", "battle"]


@pytest.mark.parametrize(
    "text",
    [
        "Attacks on journalists are rising across Europe.",
        "Sweden has seen a sharp rise in grenade attacks.",
        "Protests against the war have become common in Europe.",
    ],
)
def test_a_trend_of_many_happenings_is_no_event(text: str) -> None:
    assert events(text) == []


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "A man stabbed three people at a train station near Munich on Friday.",
            "violence_against_civilians",
        ),
        ("Hundreds marched through London on Saturday to demand his release.", "protest"),
        ("Israel struck Hamas targets in Gaza overnight, the army said.", "explosion_remote_violence"),
        # a relative clause is told as fact whatever noun it hangs on (here a misparse puts it on "threat")
        ("To deal with the threat the US has deployed 5,200 troops to the border.", "strategic_development"),
    ],
)
def test_stabbings_crowds_marching_strikes_on_targets_and_relative_clauses(text: str, label: str) -> None:
    assert [found for found, _, _ in events(text)] == [label]


def test_officers_shot_dead_are_a_fight_told_once_whoever_tells_it() -> None:
    text = (
        "Velmar officers Ana Ruiz and Tom Berger were killed on Saturday while answering a call. "
        "The chief said Ruiz, a 16-year veteran, and Berger were shot as they entered the house."
    )
    found = events(text)
    assert [label for label, _, _ in found] == ["battle"] and len(found[0][2]) == 1


@pytest.mark.parametrize(
    "text",
    [
        "A bomb attack killed five people at a market in Kabul on Monday.",
        "A suicide bomb attack hit a checkpoint in Mosul.",
        "Rebels launched a rocket attack on the town.",
    ],
)
def test_a_weapon_before_attack_says_what_kind_of_attack(text: str) -> None:
    assert [label for label, _, _ in events(text)] == ["explosion_remote_violence"]


@pytest.mark.parametrize(
    "text",
    [
        # a kind of crime, not a happening: a record, a list, a cause of deaths
        "Most of the men held had earlier convictions for burglary, assault, kidnapping and fraud.",
        "The reforms cut the toll from murder by a fifth in two years.",
        # the future with a typographic apostrophe
        "The president said he\u2019ll mobilize the army to close the border.",
        "The mayor said they won\u2019t deploy troops to the square.",
        # an infinitive under an adjective: a power, not an act
        "All of the men were liable to arrest under the new law.",
    ],
)
def test_no_event_from_kinds_of_acts_or_unmarked_futures(text: str) -> None:
    assert events(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Dock workers in Velmar went on strike over unpaid salaries on Monday.",
        "Thousands of workers marched in protest at the closure of the mine in Velmar on Monday.",
        "Two men were arrested after the assault on a bus driver in Velmar on Monday.",
    ],
)
def test_a_state_entered_or_a_definite_act_still_counts(text: str) -> None:
    assert events(text)


def test_a_relative_clause_is_as_real_as_its_indefinite_noun() -> None:
    # an indefinite noun under a modal exists only in the guess, and so does what its clause tells
    assert events("The minister might have encouraged a mob that attacked a bus in Velmar.") == []
    # a definite one is taken as true whatever is said of it
    assert events("The gang that attacked a bus in Velmar on Monday may have had help.")


def test_a_gerund_takes_the_tense_of_the_verb_it_hangs_on() -> None:
    # a habit or a mission: the gerund hangs on a simple present
    assert events("Our officers strive to keep the city safe by arresting dangerous criminals.") == []
    # a happening: on a past verb, or progressive with an auxiliary of its own
    assert events("Troops began shelling the town of Velmar on Monday.")
    assert events("Police are arresting protesters in the centre of Velmar, witnesses said.")
