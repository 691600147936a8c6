"""The ``places`` layer: the article's place mentions geocoded offline, ambiguous names read in context.

Every ``place`` mention of the ``entities`` layer is looked up in the packaged gazetteer
(:mod:`unspin.nlp.gazetteer`). A name can mean several places ("Paris", "Georgia", "Birmingham");
the reading is chosen per linked entity, in this order of evidence:

1. a qualifier right after a mention ("Birmingham, Alabama", "Paris, Texas");
2. the countries the article names, or that its unambiguous places lie in;
3. prominence: population, and countries before regions before cities of the same name.

``confidence`` is high for a unique match and drops with the margin between the best reading and the
runner-up. A name the gazetteer does not know (a village, a fictional country) stays ``unresolved``
with no coordinates (guessing a point would put it on a map where it does not belong), scored at half
its entity mention's confidence. Every annotation's ``score`` is thus a 0–1 confidence reports can
threshold. A capital speaking for its government ("Moscow denied") is an organisation in the
``entities`` layer and gets no point here.

Each annotation: label ``country``, ``city``, ``region`` or ``unresolved``; score = confidence; attrs
``name`` (gazetteer name), ``kind``, ``country`` (ISO 3166-1 alpha-2), ``lat``, ``lon``, ``population``,
``geonameid``, ``confidence``, ``cluster`` (the entity's), ``dateline``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, ClassVar

from unspin.analyzer import Analyzer, register
from unspin.article import Annotation, Article
from unspin.lang.en.places import ADMINISTRATIVE_AREA_WORDS
from unspin.nlp.gazetteer import Candidate, Gazetteer, Place, gazetteer

_REGION_WORDS = re.compile(
    r"^(?:the\s+)?(?P<name>.+?)\s+(?P<word>" + "|".join(ADMINISTRATIVE_AREA_WORDS) + ")$", re.I
)
_QUALIFIER_GAP = re.compile(r"^,\s{1,2}$")
_CONTEXT_BONUS = 2.0
_QUALIFIER_BONUS = 10.0
_PRIMARY_BONUS = 0.7
_PREFERRED_BONUS = 3.0
# An unresolved place is scored at this share of its entity mention's confidence: it may be a place,
# but nothing confirms it and it has no point.
_UNRESOLVED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Reading:
    """The chosen place for one entity, and how sure the choice is."""

    place: Place
    confidence: float
    region_of: bool = False  # "the Donetsk region": a region named after (and placed at) this city


def _base_confidence(c: Candidate) -> float:
    if c.place.kind == "country":
        return 0.95
    if c.place.lat is None:
        return 0.6  # a subdivision known by name only
    return 0.9 if c.primary else 0.8


def _variants(text: str) -> list[tuple[str, bool]]:
    """Lookup forms of a mention: as written, and without "region"/"province" (flagged)."""
    out = [(text, False)]
    m = _REGION_WORDS.match(text)
    if m:
        out.append((m.group("name"), True))
    return out


def resolve(
    gaz: Gazetteer,
    texts: list[str],
    context: set[str],
    qualifiers: set[tuple[str, str | None]],
) -> Reading | None:
    """The best reading of an entity known by ``texts``, or None when no name is in the gazetteer.

    ``context``: ISO codes of countries the article is about; ``qualifiers``: (country, US state or None)
    pairs written right after one of the mentions.
    """
    scored: dict[str, tuple[float, Candidate, bool]] = {}
    for text in dict.fromkeys(texts):
        for form, region_word in _variants(text):
            for c in gaz.lookup(form):
                if region_word and c.place.kind == "country":
                    continue
                p = c.place
                score = p.prominence + (_PRIMARY_BONUS if c.primary else 0.0)
                if p.country in context:
                    score += _CONTEXT_BONUS
                if any(p.country == q and (s is None or p.admin1 == s) for q, s in qualifiers):
                    score += _QUALIFIER_BONUS
                if gaz.is_preferred(form, p):
                    score += _PREFERRED_BONUS
                known = scored.get(p.code)
                if known is None or score > known[0]:
                    scored[p.code] = (score, c, region_word)
            if scored:
                break  # the mention as written matched: do not also try the shortened form
        if scored:
            break
    if not scored:
        return None
    ranked = sorted(scored.values(), key=lambda t: (-t[0], t[1].place.code))
    best_score, best, region_word = ranked[0]
    confidence = _base_confidence(best)
    if len(ranked) > 1:
        margin = best_score - ranked[1][0]
        confidence *= 0.55 + 0.45 * min(1.0, margin / 3.0)
    if region_word and best.place.kind == "city":
        confidence *= 0.8
    return Reading(best.place, round(confidence, 3), region_of=region_word and best.place.kind == "city")


def _qualifier(gaz: Gazetteer, text: str) -> tuple[str, str | None] | None:
    """(country, US state code) that the name ``text`` pins down when written after a city."""
    for c in gaz.lookup(text):
        if c.place.kind == "country":
            return (c.place.country or "", None)
        if c.place.kind == "region" and c.place.country == "US" and c.place.lat is not None:
            return ("US", c.place.admin1)
    return None


@register
class Places(Analyzer):
    name = "places"
    version = "1.0.0"
    description = "Place mentions geocoded offline (GeoNames, ISO 3166), ambiguous names read in context."
    requires = ("sentences", "entities")
    label_descriptions: ClassVar[dict[str, str]] = {
        "country": "A country, with the point of its capital.",
        "city": "A city or town of 15,000 people or more, with its coordinates.",
        "region": "A state, province or other region, or a continent.",
        "unresolved": "A place the offline gazetteer does not know (a village, or a fictional place).",
    }
    summary_json_only = frozenset({"places"})

    def annotate(self, article: Article) -> list[Annotation]:
        mentions = [a for a in article.layer("entities") if a.label == "place"]
        if not mentions:
            return []
        gaz = gazetteer()
        text = article.text
        clusters: dict[int, list[Annotation]] = {}
        for a in mentions:
            clusters.setdefault(int(a.attrs.get("cluster", -a.start - 1)), []).append(a)
        qualifiers: dict[int, set[tuple[str, str | None]]] = {}
        for prev, nxt in itertools.pairwise(mentions):
            if _QUALIFIER_GAP.match(text[prev.end : nxt.start]):
                q = _qualifier(gaz, nxt.text)
                if q is not None:
                    qualifiers.setdefault(int(prev.attrs.get("cluster", -prev.start - 1)), set()).add(q)

        # First pass without context: the countries the article is plainly about.
        first = {
            cid: resolve(gaz, [m.text for m in ms], set(), qualifiers.get(cid, set()))
            for cid, ms in clusters.items()
        }
        readings: dict[int, Reading | None] = {}
        for cid, ms in clusters.items():
            context = {
                r.place.country
                for other, r in first.items()
                if other != cid and r is not None and r.place.country and r.confidence >= 0.75
            }
            readings[cid] = (
                resolve(gaz, [m.text for m in ms], context, qualifiers.get(cid, set()))
                if context
                else first[cid]
            )

        out = []
        for cid, ms in clusters.items():
            reading = readings[cid]
            for m in ms:
                attrs: dict[str, Any] = {"cluster": cid, "dateline": m.attrs.get("ner") == "DATELINE"}
                if reading is None:
                    score = round(_UNRESOLVED_SHARE * (m.score if m.score is not None else 0.8), 3)
                    out.append(self.make(article, m.start, m.end, "unresolved", score=score, attrs=attrs))
                    continue
                p = reading.place
                kind = "region" if reading.region_of else p.kind
                attrs.update(
                    name=p.name,
                    kind=kind,
                    country=p.country,
                    lat=p.lat,
                    lon=p.lon,
                    population=None if reading.region_of else p.population or None,
                    geonameid=p.geonameid,
                    confidence=reading.confidence,
                )
                out.append(self.make(article, m.start, m.end, kind, score=reading.confidence, attrs=attrs))
        return out

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        by_label = Counter(a.label for a in annotations)
        countries = Counter(a.attrs["country"] for a in annotations if a.attrs.get("country"))
        places: dict[tuple[Any, ...], dict[str, Any]] = {}
        for a in annotations:
            key = (a.attrs.get("name") or a.text.casefold(), a.label, a.attrs.get("country"))
            entry = places.setdefault(
                key,
                {
                    "place": a.attrs.get("name") or a.text,
                    "label": a.label,
                    "country": a.attrs.get("country"),
                    "mentions": 0,
                    "first": a.start,
                },
            )
            entry["mentions"] += 1
        ranked = sorted(places.values(), key=lambda p: (-p["mentions"], p["first"]))
        dateline = next((a for a in annotations if a.attrs.get("dateline")), None)
        resolved = [a for a in annotations if a.label != "unresolved"]
        return {
            "count": len(annotations),
            "resolved": len(resolved),
            "by_label": dict(sorted(by_label.items(), key=lambda kv: (-kv[1], kv[0]))),
            "countries": dict(sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))),
            "dateline": None if dateline is None else (dateline.attrs.get("name") or dateline.text),
            "mean_confidence": (
                round(math.fsum(a.score or 0.0 for a in resolved) / len(resolved), 3) if resolved else None
            ),
            "places": [{k: p[k] for k in ("place", "label", "country", "mentions")} for p in ranked],
        }
