"""Attribution: who vouches for each statement, found by rules over the shared spaCy parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin import Article, Pipeline
from unspin.analyzers.attribution import LABELS, Attribution
from unspin.eval.layers import evaluate, load_cases

SETS = Path(__file__).resolve().parents[3] / "bench" / "sets"


def _attributions(text: str) -> Article:
    article = Pipeline(only=["attribution"])(Article(text))
    for a in article.layer("attribution"):
        assert article.text[a.start : a.end] == a.text
        assert a.label in LABELS
        assert article.text[a.attrs["cue_start"] : a.attrs["cue_end"]] == a.attrs["cue"]
    return article


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(a.text, a.label) for a in _attributions(text).layer("attribution")]


@pytest.mark.parametrize(
    ("text", "source", "label"),
    [
        (
            "The Ministry of Health said 250 people were taken to hospital.",
            "The Ministry of Health",
            "named_organisation",
        ),
        (
            "Secretary of State Anna Ridley told reporters the truce would hold.",
            "Secretary of State Anna Ridley",
            "named_person",
        ),
        ("State broadcaster VTV reported that the dam had burst.", "State broadcaster VTV", "media"),
        ("A leaked report shows that the army used cluster bombs.", "A leaked report", "document"),
        ("A senior official said the convoy was delayed.", "A senior official", "anonymous"),
        (
            "Sources close to the government said the cabinet would resign.",
            "Sources close to the government",
            "anonymous",
        ),
        ("Experts say the currency will fall.", "Experts", "vague"),
        ("It has been confirmed that the bridge was destroyed.", "It has been confirmed that", "vague"),
        ("The rebels reportedly seized the airport.", "reportedly", "vague"),
        ("Damage is estimated at 3 million euros.", "is estimated", "vague"),
        ("It is known that foreign fighters are in the hills.", "It is known that", "vague"),
        ("Many believe the vote was rigged.", "Many", "vague"),
        ("According to the Red Crescent, the camp has no water.", "the Red Crescent", "named_organisation"),
        (
            "The toll was put at 312 by the civil defence agency.",
            "the civil defence agency",
            "named_organisation",
        ),
        (
            "A doctor at the clinic, who asked not to be named, said most were children.",
            "A doctor at the clinic",
            "anonymous",
        ),
        ("Mayor Ines Kader said she had asked for ambulances.", "Mayor Ines Kader", "named_person"),
        (
            "Human rights group Civic Watch said detainees were beaten.",
            "Human rights group Civic Watch",
            "named_organisation",
        ),
        ("Aid agencies said the road was closed.", "Aid agencies", "anonymous"),
        ("The interior minister said the protesters had been paid.", "The interior minister", "named_person"),
    ],
)
def test_source_phrase_and_type(text: str, source: str, label: str) -> None:
    assert _pairs(text) == [(source, label)]


@pytest.mark.parametrize(
    "text",
    [
        "Heavy rain flooded the lower town on Sunday.",
        "Valdoria will never surrender.",
        "Nobody was able to confirm the figure independently.",
        "The ministry did not say how many people had been arrested.",
        "The ministry denied the claims.",
    ],
)
def test_unattributed_sentences_get_no_annotation(text: str) -> None:
    assert _pairs(text) == []


def test_indirect_statement_records_cue_sentence_and_hedges() -> None:
    text = (
        "Fighting resumed at dawn. Police said at least 46 people were detained, reportedly in the old port."
    )
    article = _attributions(text)
    police = next(a for a in article.layer("attribution") if a.text == "Police")
    assert police.label == "named_organisation"
    assert police.attrs["sentence"] == 1
    assert police.attrs["cue"] == "said"
    assert police.attrs["quote"] == "indirect"
    assert "quote_start" not in police.attrs
    assert police.attrs["hedges"] == ["at least", "reportedly"]
    sentences = article.layer("sentences")
    assert sentences[1].start <= police.start < sentences[1].end


def test_direct_quote_span_and_pronoun_resolved_to_the_named_speaker() -> None:
    text = 'Interior Minister Lena Vasko toured the port. "The situation is under control," she said.'
    article = _attributions(text)
    (she,) = article.layer("attribution")
    assert she.text == "she" and she.label == "named_person"
    assert she.attrs["refers_to"] == "Lena Vasko"
    assert she.attrs["quote"] == "direct"
    quoted = article.text[she.attrs["quote_start"] : she.attrs["quote_end"]]
    assert quoted == "The situation is under control"


def test_quote_split_over_two_sentences_is_one_statement_of_the_speaker_of_the_second() -> None:
    text = '"We have lost everything. Our homes, our fields," said Mira Tal, a farmer from Lorn.'
    article = _attributions(text)
    (found,) = article.layer("attribution")
    assert (found.text, found.label, found.attrs["quote"]) == (
        "Mira Tal, a farmer from Lorn",
        "named_person",
        "direct",
    )
    assert found.attrs["sentence"] == 1 and found.attrs["sentences"] == [0, 1]
    quoted = article.text[found.attrs["quote_start"] : found.attrs["quote_end"]]
    assert quoted == "We have lost everything. Our homes, our fields"


def test_it_refers_back_to_the_organisation() -> None:
    text = 'The army said the village had been cleared. "No civilians were harmed," it added.'
    found = _attributions(text).layer("attribution")
    assert [(a.text, a.label) for a in found] == [
        ("The army", "named_organisation"),
        ("it", "named_organisation"),
    ]
    assert found[1].attrs["refers_to"] == "The army"


def test_cues_inside_a_quotation_belong_to_the_quoted_speaker() -> None:
    text = '"Experts say we will lose," General Tomas Brandt said.'
    assert _pairs(text) == [("General Tomas Brandt", "named_person")]


def test_two_sources_in_one_sentence() -> None:
    text = "The president said the vote would go ahead, while opposition leaders said it would be boycotted."
    assert _pairs(text) == [("The president", "named_person"), ("opposition leaders", "anonymous")]


def test_a_name_keeps_its_type_later_in_the_article() -> None:
    text = "State broadcaster VTV said the port had reopened. VTV later reported that ships were waiting."
    assert _pairs(text) == [("State broadcaster VTV", "media"), ("VTV", "media")]


def test_summary_counts_types_and_the_weak_share() -> None:
    text = (
        "The Ministry of Health said 40 people died. Witnesses said the shelling lasted all night. "
        "Experts say the toll will rise. Tanks rolled in at dawn."
    )
    article = _attributions(text)
    summary = article.summary["attribution"]
    assert summary["count"] == 3
    assert summary["by_type"]["named_organisation"] == 1
    assert summary["by_type"]["anonymous"] == 1 and summary["by_type"]["vague"] == 1
    assert summary["attributed_sentences"] == 3 and summary["sentences"] == 4
    assert summary["vague_or_anonymous_share"] == pytest.approx(0.667)


def test_empty_article_has_an_empty_layer() -> None:
    article = _attributions(" ")
    assert article.layer("attribution") == []
    assert article.summary["attribution"]["vague_or_anonymous_share"] is None


def test_output_is_deterministic() -> None:
    text = (Path(__file__).resolve().parents[3] / "examples" / "valdoria-report.txt").read_text(
        encoding="utf-8"
    )
    runs = [[a.to_dict() for a in _attributions(text).layer("attribution")] for _ in range(2)]
    assert runs[0] == runs[1] and runs[0]


def test_every_label_is_described_for_readers() -> None:
    assert set(Attribution.label_descriptions) == set(LABELS)


def test_own_evaluation_set_precision_and_recall() -> None:
    scores = evaluate(load_cases([SETS / "attribution.jsonl"]), Pipeline(only=["attribution"]))
    layer = scores["attribution"]
    assert layer.spans.gold >= 80
    assert layer.spans.precision >= 0.95 and layer.spans.recall >= 0.95
    assert layer.labelled.precision >= 0.9 and layer.labelled.recall >= 0.9


@pytest.mark.parametrize(
    ("text", "source", "label", "cue"),
    [
        (
            "The Free Coast Brigade claimed responsibility for the bombing of the depot.",
            "The Free Coast Brigade",
            "named_organisation",
            "claimed responsibility",
        ),
        ("Rebels in the north took credit for the raid.", "Rebels in the north", "anonymous", "took credit"),
    ],
)
def test_responsibility_claims_are_attributed_to_the_group(
    text: str, source: str, label: str, cue: str
) -> None:
    (found,) = _attributions(text).layer("attribution")
    assert (found.text, found.label, found.attrs["cue"]) == (source, label, cue)


def test_a_denied_or_reported_responsibility_is_no_claim_of_its_own() -> None:
    assert _pairs("The group has never claimed responsibility for attacks it did not carry out.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The index added 20 points to close at 4,310.",
        "Shares in the bank added 3 percent on Tuesday.",
        "Who can really say what happened?",
        "Does anyone really think the talks will work?",
        "They want the public to believe the war is over.",
        "The disease is known as the Marburg virus.",
        "All the cases were reported from a clinic near the lake.",
        "The note was written by an agent.",
        "After the fly-by, the spacecraft continued into the Kuiper Belt.",
        "Students who had criticized the plan were voted down.",
        "Article posted with permission from the author.",
        "I don't think he can say it in public.",
    ],
)
def test_movements_questions_and_non_statements_are_not_attributions(text: str) -> None:
    assert _pairs(text) == []


def test_a_second_cue_of_the_same_speaker_is_a_second_statement() -> None:
    text = "Sean Ragan said nobody was hurt, adding that the case was still being investigated."
    found = _attributions(text).layer("attribution")
    assert [(a.text, a.attrs["cue"]) for a in found] == [("Sean Ragan", "said"), ("Sean Ragan", "adding")]


def test_pronoun_skips_names_inside_quotes_and_names_that_are_not_subjects() -> None:
    text = (
        "Kristian Saucier said the pardon had changed his life. "
        "He recalled the scandal over Hillary Clinton's emails. "
        '"They used me as an example because of Hillary Clinton," he said.'
    )
    found = _attributions(text).layer("attribution")
    last = found[-1]
    assert last.text == "he" and last.label == "named_person"
    assert last.attrs["refers_to"] == "Kristian Saucier"
    s, e = last.attrs["refers_to_start"], last.attrs["refers_to_end"]
    assert text[s:e] == "Kristian Saucier"


def test_she_is_not_resolved_to_a_man_named_with_a_title() -> None:
    text = "Ms Ana Lind met Mr Oren Vale on Monday. Mr Vale said the deal was off. She said it was not."
    found = _attributions(text).layer("attribution")
    assert [(a.text, a.attrs.get("refers_to")) for a in found] == [("Mr Vale", None), ("She", "Ms Ana Lind")]


def test_they_refers_back_to_the_organisation() -> None:
    text = "Local and state police said the gunman acted alone. They added that the case was closed."
    found = _attributions(text).layer("attribution")
    assert found[1].text == "They" and found[1].label == "named_organisation"
    assert found[1].attrs["refers_to"] == "Local and state police"


def test_a_repeated_description_is_credited_to_the_named_body() -> None:
    text = (
        "The Ministry of Defence of Valdoria said 14 civilians were killed. "
        "According to the ministry, 212 fighters were neutralised."
    )
    found = _attributions(text).layer("attribution")
    assert [(a.text, a.label, a.attrs.get("refers_to")) for a in found] == [
        ("The Ministry of Defence of Valdoria", "named_organisation", None),
        ("the ministry", "named_organisation", "The Ministry of Defence of Valdoria"),
    ]


def test_embedded_post_signatures_credit_the_display_name() -> None:
    text = (
        "The senator posted again on Friday.\n"
        "This is a disgrace and it has to stop now!\n"
        "— Jane Doe (@janedoe) August 1, 2018\n"
        "The post was shared widely."
    )
    found = _attributions(text).layer("attribution")
    signature = next(a for a in found if a.text == "Jane Doe")
    assert signature.label == "named_person" and signature.attrs["cue"] == "@janedoe"


def test_every_attribution_has_a_confidence_between_0_and_1() -> None:
    text = (
        "The Ministry of Health said 40 people died. Witnesses said the shelling lasted all night. "
        "According to the army, the road is open. It is believed that the rebels fled. "
        'Rebel forces reportedly withdrew. "We will return," he said.'
    )
    found = _attributions(text).layer("attribution")
    assert len(found) >= 5
    scores = {a.text: a.score for a in found}
    assert all(0.0 < s <= 1.0 for s in scores.values())
    assert scores["he"] < scores["The Ministry of Health"]  # an unresolved pronoun is weaker


def test_a_dateline_glued_to_the_sentence_is_not_part_of_the_source() -> None:
    text = (
        "MEROVAN — At least 23 civilians were killed on Sunday when artillery shelled the market "
        "district of Merovan, the Ministry of Interior of Ardelia said in a statement."
    )
    assert _pairs(text) == [("the Ministry of Interior of Ardelia", "named_organisation")]


@pytest.mark.parametrize(
    "text",
    [
        "Police will confirm that the man was arrested.",
        "Officers would have known where the gunman was hiding.",
        "The motion notes that the council opposes the visit.",
        "The bill says that every school must report incidents.",
        "The Home Office welcomed him into Britain in 2016.",
        "The tape was given to the broadcaster by a lawyer for the families.",
        "She found out that day that she had been infected.",
    ],
)
def test_future_texts_entry_handing_over_and_discovery_are_not_attributions(text: str) -> None:
    assert _pairs(text) == []


def test_the_speech_twins_of_those_verbs_still_count() -> None:
    assert _pairs("The Home Office welcomed the decision on Monday.") == [
        ("The Home Office", "named_organisation")
    ]
    assert [s for s, _ in _pairs("A toll of 12 dead was given by the health ministry.")] == [
        "the health ministry"
    ]
    assert [s for s, _ in _pairs("The minister said the bill would pass.")] == ["The minister"]


def test_a_participle_before_a_noun_is_an_adjective_not_a_vague_cue() -> None:
    text = "Six of the men had convictions; two were known gang leaders. These slogans are thought crimes."
    assert _pairs(text) == []
    assert _pairs("The rebels are thought to have left the city.") == [("are thought", "vague")]
