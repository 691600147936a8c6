"""Named entities from the shared parse: clean spans, datelines, and linking within the article."""

from __future__ import annotations

from unspin import Article, Pipeline
from unspin.analyzers.entities import clean_span, datelines


def _entities(text: str) -> Article:
    article = Pipeline(only=["entities"])(Article(text))
    for a in article.layer("entities"):
        assert article.text[a.start : a.end] == a.text
    return article


def _by_text(article: Article) -> dict[str, list]:
    found: dict[str, list] = {}
    for a in article.layer("entities"):
        found.setdefault(a.text, []).append(a)
    return found


def test_clean_span_trims_articles_possessives_and_quotes_but_keeps_offsets() -> None:
    text = "He met the Ministry of Defence and Marsh's aides in “Velmar”."
    start = text.index("the Ministry")
    s, e = clean_span(text, start, start + len("the Ministry of Defence")) or (0, 0)
    assert text[s:e] == "Ministry of Defence"
    start = text.index("Marsh's")
    s, e = clean_span(text, start, start + len("Marsh's")) or (0, 0)
    assert text[s:e] == "Marsh"
    start = text.index("“Velmar”")
    s, e = clean_span(text, start, start + len("“Velmar”")) or (0, 0)
    assert text[s:e] == "Velmar"


def test_clean_span_drops_junk() -> None:
    text = "the nation\nKestria x"
    assert clean_span(text, 0, 10) is None  # no capital letter: not a name
    assert clean_span(text, 4, 18) is None  # runs over a line break
    assert clean_span(text, 19, 20) is None  # one character


def test_datelines_are_found_near_the_top_only() -> None:
    text = "Title of the story\n\nPORT SAREL — Shelling resumed.\nLater: KESTRIA — not a dateline."
    spans = datelines(text)
    assert [text[s:e] for s, e in spans] == ["PORT SAREL"]
    assert datelines("BREAKING — Markets fall.") == []
    assert datelines("\n".join(["line"] * 6) + "\nVELMAR — too far down.") == []
    with_country = "KYIV, Ukraine (Agency) — Sirens sounded."
    assert [with_country[s:e] for s, e in datelines(with_country)] == ["KYIV"]


def test_surnames_link_to_the_full_name() -> None:
    article = _entities(
        "Antony Blinken met Ilvo Marsh in Brussels on Tuesday. Blinken said the talks had been useful."
    )
    found = _by_text(article)
    full, short = found["Antony Blinken"][0], found["Blinken"][0]
    assert full.label == short.label == "person"
    assert short.attrs["canonical"] == "Antony Blinken"
    assert short.attrs["cluster"] == full.attrs["cluster"]
    assert full.attrs["mentions"] == 2
    assert found["Ilvo Marsh"][0].attrs["cluster"] != full.attrs["cluster"]
    assert found["Brussels"][0].label == "place"


def test_acronyms_link_to_their_names_and_missed_repeats_are_found() -> None:
    article = _entities(
        "The Valdorian Defence Forces (VDF) said its units had returned to barracks. "
        "A VDF spokesman denied the report."
    )
    vdf = [a for a in article.layer("entities") if a.text == "VDF"]
    assert len(vdf) == 2  # the second one the tagger misses is found again by name
    full = next(a for a in article.layer("entities") if a.text == "Valdorian Defence Forces")
    assert {a.attrs["cluster"] for a in vdf} == {full.attrs["cluster"]}
    assert all(a.attrs["canonical"] == "Valdorian Defence Forces" and a.label == "organisation" for a in vdf)


def test_acronym_by_initials_without_brackets() -> None:
    article = _entities("The European Union met on Monday. Later the EU said sanctions would follow.")
    found = _by_text(article)
    assert found["EU"][0].attrs["canonical"] == "European Union"


def test_dateline_links_with_the_same_name_in_any_case() -> None:
    text = "Raid on Port Sarel\n\nPORT SAREL — Militants shelled Port Sarel on Tuesday."
    article = _entities(text)
    places = [a for a in article.layer("entities") if a.text.casefold() == "port sarel"]
    assert len(places) == 3
    assert {a.attrs["cluster"] for a in places} == {places[0].attrs["cluster"]}
    assert {a.label for a in places} == {"place"}
    assert places[1].attrs["ner"] == "DATELINE"
    assert places[1].attrs["canonical"] == "Port Sarel"  # not the capitals of the dateline


def test_cities_the_tagger_mislabels_or_misses_become_places() -> None:
    article = _entities("Russian drones struck Kharkiv and Odesa overnight.")
    found = _by_text(article)
    assert found["Kharkiv"][0].label == "place"
    assert found["Odesa"][0].label == "place"
    assert found["Russian"][0].label == "group"


def test_generic_words_do_not_link_organisations() -> None:
    article = _entities(
        "The Ministry of Finance of Kestria and the Ministry of Health of Valdoria disagreed. "
        "Ministry officials declined to comment."
    )
    clusters = {a.attrs["cluster"] for a in article.layer("entities") if a.label == "organisation"}
    assert len(clusters) >= 2


def test_summary_ranks_entities_by_mentions() -> None:
    article = _entities(
        "Antony Blinken met Ilvo Marsh in Brussels on Tuesday. Blinken said the talks had been useful."
    )
    summary = article.summary["entities"]
    assert summary["count"] == len(article.layer("entities"))
    assert summary["top"][0] == {"entity": "Antony Blinken", "label": "person", "mentions": 2}
    assert summary["by_label"]["person"] == 2
    assert len(summary["clusters"]) == summary["entities"]


def test_text_without_names_gives_an_empty_layer() -> None:
    article = _entities("nobody expected the vote to pass so quickly.")
    assert article.layer("entities") == []
    assert article.summary["entities"]["count"] == 0
    assert article.summary["entities"]["top"] == []


def test_output_is_deterministic() -> None:
    text = "KYIV, Ukraine — Officials in Kyiv and Lviv met Antony Blinken. Blinken left for Warsaw."
    first = [a.to_dict() for a in _entities(text).layer("entities")]
    second = [a.to_dict() for a in _entities(text).layer("entities")]
    assert first == second


def _labels(text: str) -> dict[str, tuple[str, str | None]]:
    return {a.text: (a.label, a.attrs.get("country")) for a in _entities(text).layer("entities")}


def test_a_capital_speaking_for_its_state_is_its_government() -> None:
    found = _labels("Washington said the sanctions would stay. Moscow denied the claim.")
    assert found["Washington"] == ("organisation", "US")
    assert found["Moscow"] == ("organisation", "RU")
    assert _labels("Beijing warned the neighbours on Monday.")["Beijing"] == ("organisation", "CN")
    assert _labels("Officials in Washington met protesters in Moscow.")["Moscow"] == ("place", None)


def test_demonyms_are_groups_of_their_country_not_organisations() -> None:
    found = _labels("Kazakh officials met Polish diplomats in Astana.")
    assert found["Kazakh"] == ("group", "KZ")
    assert found["Polish"] == ("group", "PL")


def test_ideologies_are_groups_not_places() -> None:
    found = _labels("Pan-Arabism was popular in the 1960s, and Zionism was discussed in Berlin.")
    assert found["Pan-Arabism"][0] == "group"
    assert found["Berlin"][0] == "place"


def test_unknown_names_coordinated_with_places_are_places() -> None:
    found = _labels("Troops entered Olvana or Dressk, and then Kazakhstan.")
    assert found["Olvana"][0] == found["Dressk"][0] == "place"


def test_every_entity_carries_a_confidence() -> None:
    article = _entities("Ilvo Marsh met the mayor in Port Sarel. Marsh left in Dorvik later.")
    scores = [a.score for a in article.layer("entities")]
    assert scores and all(s is not None and 0 < s <= 1 for s in scores)
    marsh = [a for a in article.layer("entities") if "Marsh" in a.text]
    assert all(a.score is not None and a.score >= 0.8 for a in marsh)  # tagged, mentioned twice
