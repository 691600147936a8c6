"""The GeoJSON export of an article's geocoded places."""

from __future__ import annotations

import json

import pytest

from unspin import Article, Pipeline
from unspin.errors import InputError
from unspin.report.geojson import features, render

TEXT = (
    "KYIV, Ukraine — Russian drones struck Kharkiv overnight, officials in Kyiv said on Tuesday.\n"
    "Later Kyiv and Valdoria traded accusations."
)


@pytest.fixture(scope="module")
def analysed() -> Article:
    article = Article(TEXT, title="Drones over Kharkiv", url="https://example.org/a", published="2026-03-14")
    return Pipeline(only=["events"])(article)


def test_feature_collection_of_resolved_places(analysed: Article) -> None:
    doc = json.loads(render(analysed))
    assert doc["type"] == "FeatureCollection"
    names = [f["properties"]["name"] for f in doc["features"]]
    assert names == ["Kyiv", "Ukraine", "Kharkiv"]  # distinct places, in order of first mention
    kyiv = doc["features"][0]
    assert kyiv["type"] == "Feature" and kyiv["geometry"]["type"] == "Point"
    lon, lat = kyiv["geometry"]["coordinates"]
    assert lon == pytest.approx(30.52, abs=0.1) and lat == pytest.approx(50.45, abs=0.1)
    props = kyiv["properties"]
    assert props["mentions"] == 3 and props["dateline"] is True
    assert (props["text"], props["start"], props["end"]) == ("KYIV", 0, 4)
    assert props["kind"] == "city" and props["country"] == "UA" and 0 < props["confidence"] <= 1
    assert props["article_id"] == analysed.id and props["title"] == "Drones over Kharkiv"
    assert props["url"] == "https://example.org/a"


def test_unresolved_places_are_counted_not_mapped(analysed: Article) -> None:
    doc = json.loads(render(analysed))
    assert all(f["properties"]["name"] != "Valdoria" for f in doc["features"])
    assert doc["properties"]["unresolved"] == 1
    assert doc["properties"]["published"] == "2026-03-14"


def test_events_are_attached_to_their_place(analysed: Article) -> None:
    kharkiv = next(f for f in features(analysed) if f["properties"]["name"] == "Kharkiv")
    (event,) = kharkiv["properties"]["events"]
    assert event["type"] == "explosion_remote_violence" and event["sub_type"] == "air_drone_strike"
    assert event["date"] == "2026-03-10"


def test_output_is_deterministic_and_survives_a_json_round_trip(analysed: Article) -> None:
    again = Article.from_json(analysed.to_json())
    assert render(again) == render(analysed)
    assert render(analysed).endswith("}\n")


def test_needs_the_places_layer() -> None:
    with pytest.raises(InputError, match="places"):
        render(Article("Nothing analysed here."))
    empty = Pipeline(only=["places"])(Article("nobody went anywhere."))
    assert json.loads(render(empty))["features"] == []
