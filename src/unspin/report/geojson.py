"""The map export: an article's geocoded places as one GeoJSON FeatureCollection (RFC 7946).

One Point feature per distinct place the ``places`` layer resolved to coordinates, in order of first
mention, so a map shows where the article is about and how often it names each place. Unresolved names
have no coordinates and are left out (their count is in ``unresolved``). Properties carry the evidence
(the first mention's text and offsets), the gazetteer reading (name, kind, country, confidence), the
number of mentions, the events placed there (when the ``events`` layer ran) and the article's id, title
and url, so features from many articles can be merged and still traced back. Output is deterministic.
"""

from __future__ import annotations

import json
from typing import Any

from unspin.article import Annotation, Article
from unspin.errors import InputError
from unspin.report.writers import Writer, register_writer


def _key(a: Annotation) -> tuple[Any, ...]:
    geonameid = a.attrs.get("geonameid")
    if geonameid is not None:
        return ("geonames", geonameid)
    return ("point", a.attrs.get("name"), a.label, a.attrs.get("lat"), a.attrs.get("lon"))


def _events_at(article: Article, mentions: list[Annotation]) -> list[dict[str, Any]]:
    texts = {m.text for m in mentions}
    point = (mentions[0].attrs.get("lat"), mentions[0].attrs.get("lon"))
    return [
        {
            "type": e.label,
            "sub_type": e.attrs.get("sub_type"),
            "date": e.attrs.get("date"),
            "start": e.start,
            "end": e.end,
        }
        for e in article.layer("events")
        if e.attrs.get("place") in texts and (e.attrs.get("lat"), e.attrs.get("lon")) == point
    ]


def features(article: Article) -> list[dict[str, Any]]:
    """The Point features of the article's resolved places (see the module docstring)."""
    if "places" not in article.layers:
        raise InputError("GeoJSON output needs the 'places' layer: run the places analyzer")
    groups: dict[tuple[Any, ...], list[Annotation]] = {}
    for a in sorted(article.layer("places"), key=lambda a: (a.start, a.end)):
        if a.label == "unresolved" or a.attrs.get("lat") is None or a.attrs.get("lon") is None:
            continue
        groups.setdefault(_key(a), []).append(a)
    meta = article.metadata()
    out = []
    for mentions in groups.values():
        first = mentions[0]
        attrs = first.attrs
        out.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(float(attrs["lon"]), 5), round(float(attrs["lat"]), 5)],
                },
                "properties": {
                    "name": attrs.get("name") or first.text,
                    "text": first.text,
                    "start": first.start,
                    "end": first.end,
                    "kind": attrs.get("kind", first.label),
                    "country": attrs.get("country"),
                    "confidence": max(float(m.attrs.get("confidence") or 0.0) for m in mentions),
                    "mentions": len(mentions),
                    "geonameid": attrs.get("geonameid"),
                    "population": attrs.get("population"),
                    "dateline": any(bool(m.attrs.get("dateline")) for m in mentions),
                    "events": _events_at(article, mentions),
                    "article_id": meta["id"],
                    "title": meta["title"],
                    "url": meta["url"],
                },
            }
        )
    return out


def render(article: Article) -> str:
    """The article's places as a GeoJSON FeatureCollection, one JSON document ending in a newline."""
    collection = {
        "type": "FeatureCollection",
        "features": features(article),
        "properties": {
            "article_id": article.id,
            "title": article.title,
            "url": article.url,
            "published": article.published,
            "unresolved": sum(1 for a in article.layer("places") if a.label == "unresolved"),
        },
    }
    return json.dumps(collection, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


@register_writer
class GeojsonWriter(Writer):
    name = "geojson"
    suffix = ".geojson"
    description = "The geocoded places of each article as a GeoJSON FeatureCollection."
    per_article = True
    requires = ("places",)

    def render(self, article: Article) -> str:
        return render(article)
