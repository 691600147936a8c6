"""Offline geocoding: the gazetteer, ambiguous names read in context, unknown places left unresolved."""

from __future__ import annotations

import pytest

from unspin import Article, Pipeline
from unspin.analyzers.places import resolve
from unspin.nlp.gazetteer import gazetteer, normalize


def _places(text: str) -> Article:
    article = Pipeline(only=["places"])(Article(text))
    for a in article.layer("places"):
        assert article.text[a.start : a.end] == a.text
    return article


def _first(article: Article, text: str):
    return next(a for a in article.layer("places") if a.text == text)


def test_normalize_spells_variants_alike() -> None:
    assert normalize("St. Petersburg") == normalize("Saint Petersburg") == "saint petersburg"
    assert normalize("  São  Paulo ") == "sao paulo"
    assert normalize("U.S.") == "u s"
    assert normalize("Côte d’Ivoire") == "cote d'ivoire"
    assert normalize("...") == ""


def test_gazetteer_knows_alternate_names_aliases_and_places_countries_at_their_capital() -> None:
    gaz = gazetteer()
    assert gaz is gazetteer()  # built once
    kiev = gaz.lookup("Kiev")
    assert kiev[0].place.name == "Kyiv" and not kiev[0].primary
    assert gaz.lookup("Britain")[0].place.country == "GB"
    assert gaz.lookup("U.S.")[0].place.name == "United States"
    france = gaz.countries["FR"]
    paris = next(c.place for c in gaz.lookup("Paris") if c.place.country == "FR")
    assert (france.lat, france.lon) == (paris.lat, paris.lon)
    texas = gaz.lookup("Texas")[0].place
    assert texas.kind == "region" and texas.country == "US"
    assert texas.lat is not None and 25 < texas.lat < 37 and -107 < (texas.lon or 0) < -93
    assert gaz.lookup("Valdoria") == []


def test_resolve_prefers_qualifier_then_context_then_prominence() -> None:
    gaz = gazetteer()
    plain = resolve(gaz, ["Paris"], set(), set())
    assert plain is not None and plain.place.country == "FR"
    texas = resolve(gaz, ["Paris"], set(), {("US", "TX")})
    assert texas is not None and texas.place.country == "US" and texas.place.admin1 == "TX"
    assert texas.confidence >= plain.confidence
    georgia_us = resolve(gaz, ["Georgia"], {"US"}, set())
    georgia_ge = resolve(gaz, ["Georgia"], {"GE"}, set())
    assert georgia_us is not None and georgia_us.place.kind == "region"
    assert georgia_ge is not None and georgia_ge.place.kind == "country"
    unique = resolve(gaz, ["Kyiv"], set(), set())
    assert unique is not None and unique.confidence == pytest.approx(0.9)
    assert resolve(gaz, ["Port Sarel"], set(), set()) is None


def test_qualified_cities_resolve_to_the_named_state() -> None:
    article = _places("Storms hit Birmingham, Alabama, overnight. Protesters gathered in Paris, Texas.")
    birmingham = _first(article, "Birmingham")
    assert birmingham.label == "city" and birmingham.attrs["country"] == "US"
    assert _first(article, "Paris").attrs["country"] == "US"
    assert _first(article, "Alabama").label == "region"


def test_context_countries_resolve_ambiguous_names() -> None:
    assert _first(_places("Fans went from Manchester to Birmingham."), "Birmingham").attrs["country"] == "GB"
    georgia = _first(_places("Georgia's parliament met in Tbilisi."), "Georgia")
    assert georgia.label == "country" and georgia.attrs["country"] == "GE"
    atlanta = _places("Voters in Atlanta, Georgia, waited for hours.")
    assert _first(atlanta, "Georgia").label == "region"


def test_attributes_of_a_resolved_place() -> None:
    kyiv = _first(_places("Officials in Kyiv said the sirens stopped."), "Kyiv")
    assert kyiv.label == "city"
    attrs = kyiv.attrs
    assert attrs["name"] == "Kyiv" and attrs["country"] == "UA" and attrs["kind"] == "city"
    assert attrs["lat"] == pytest.approx(50.45, abs=0.1) and attrs["lon"] == pytest.approx(30.52, abs=0.1)
    assert attrs["population"] > 1_000_000 and isinstance(attrs["geonameid"], int)
    assert 0.0 <= attrs["confidence"] <= 1.0 and kyiv.score == attrs["confidence"]


def test_fictional_places_stay_unresolved_without_coordinates() -> None:
    article = _places("Valdoria accused Kestria of arming the rebels in Port Sarel.")
    unresolved = [a for a in article.layer("places") if a.label == "unresolved"]
    assert {a.text for a in unresolved} >= {"Valdoria", "Kestria", "Port Sarel"}
    for a in unresolved:
        assert a.score is not None and a.score <= 0.5  # a place, maybe, with nothing to confirm it
        assert "lat" not in a.attrs and "country" not in a.attrs


def test_region_words_give_a_region_anchored_at_its_city() -> None:
    article = _places("Shelling continued in the Donetsk region on Monday.")
    donetsk = next(a for a in article.layer("places") if "Donetsk" in a.text)
    assert donetsk.label == "region" and donetsk.attrs["country"] == "UA"
    assert donetsk.attrs["population"] is None


def test_dateline_is_flagged_and_summarised() -> None:
    article = _places("KYIV, Ukraine — Sirens sounded across the country.\nLater Kyiv was quiet.")
    dateline = next(a for a in article.layer("places") if a.attrs["dateline"])
    assert dateline.text == "KYIV" and dateline.attrs["name"] == "Kyiv"
    summary = article.summary["places"]
    assert summary["dateline"] == "Kyiv"
    assert summary["countries"] == {"UA": 3}
    assert summary["by_label"] == {"city": 2, "country": 1}
    assert summary["resolved"] == summary["count"] == 3
    assert summary["places"][0] == {"place": "Kyiv", "label": "city", "country": "UA", "mentions": 2}


def test_no_places() -> None:
    article = _places("nobody expected the vote to pass so quickly.")
    assert article.layer("places") == []
    assert article.summary["places"]["mean_confidence"] is None


def test_a_capital_speaking_for_its_government_gets_no_point_and_countries_sit_at_their_capital() -> None:
    article = _places("Moscow denied the report. Talks in Kazakhstan continued.")
    assert "Moscow" not in {a.text for a in article.layer("places")}
    kazakhstan = _first(article, "Kazakhstan")
    astana = next(c.place for c in gazetteer().lookup("Astana") if c.place.country == "KZ")
    assert (kazakhstan.attrs["lat"], kazakhstan.attrs["lon"]) == (astana.lat, astana.lon)


def test_an_unknown_common_word_is_no_place() -> None:
    article = _places("Ukraine and Freedom were on the agenda in Dorvik.")
    assert {a.text for a in article.layer("places")} == {"Ukraine", "Dorvik"}
