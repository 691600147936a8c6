"""The places of an article, or of a filtered set of stored articles, on a world map drawn offline.

The backdrop is Natural Earth's 1:110m country outlines (public domain; ``geo/countries.json`` and its
``geo/NOTICE.md``), shipped in the package: no tile server, no request leaves the page. The map is one
inline SVG made here (equirectangular, the whole world), so it needs no script and passes the pages'
strict Content-Security-Policy: countries the places lie in are shaded, each geocoded place is a dot
sized by how often it is named, with its name and count as the dot's ``<title>`` (escaped, as all text).
The view frames the places (at least a 40° by 20° window, the whole world at most), so a story told in
one region is not a few dots on a globe.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup, escape

from unspin.article import Article

WIDTH, HEIGHT = 720, 360  # the world from 84°N to 60°S (little news comes from nearer the poles)
TOP, BOTTOM = 84.0, -60.0
MIN_VIEW = 80.0  # the narrowest view: 40° of longitude


@dataclass(frozen=True)
class Place:
    """One geocoded place and how many times the article(s) name it."""

    name: str
    lat: float
    lon: float
    country: str | None
    mentions: int = 1


def _x(lon: float) -> float:
    return round((lon + 180.0) * WIDTH / 360.0, 1)


def _y(lat: float) -> float:
    return round((TOP - max(BOTTOM, min(TOP, lat))) * HEIGHT / (TOP - BOTTOM), 1)


@functools.cache
def outlines() -> dict[str, tuple[str, str | None]]:
    """Each country's SVG path data (and ISO alpha-2 code) by name, projected once."""
    data = json.loads((resources.files("unspin.serve.ui") / "geo" / "countries.json").read_text("utf-8"))
    paths: dict[str, tuple[str, str | None]] = {}
    for country in data["countries"]:
        rings = (
            "M" + "L".join(f"{_x(lon)} {_y(lat)}" for lon, lat in ring) + "Z" for ring in country["rings"]
        )
        paths[country["name"]] = ("".join(rings), country["iso2"])
    return paths


def places_of(article: Article) -> list[Place]:
    """The article's geocoded places, one per (name, position), counted."""
    counts: dict[tuple[str, float, float, str | None], int] = {}
    for span in article.layer("places") or []:
        lat, lon = span.attrs.get("lat"), span.attrs.get("lon")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            continue
        name = str(span.attrs.get("name") or span.text)
        key = (name, float(lat), float(lon), span.attrs.get("country"))
        counts[key] = counts.get(key, 0) + 1
    return [Place(n, la, lo, c, k) for (n, la, lo, c), k in counts.items()]


def svg(places: Iterable[Place], label: str = "Places named") -> Markup:
    """The map as inline SVG markup; an empty string when no place has coordinates."""
    shown = sorted(places, key=lambda p: (-p.mentions, p.name))
    if not shown:
        return Markup("")
    countries = {p.country for p in shown if p.country}
    most = max(p.mentions for p in shown)
    x, y, width = frame(shown)
    scale = width / WIDTH
    parts = [
        f'<svg class="worldmap" viewBox="{x} {y} {width} {round(width / 2, 1)}" role="img" '
        f'aria-label="{escape(label)}: {len(shown)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(label)}</title>",
        f'<rect class="sea" x="0" y="0" width="{WIDTH}" height="{HEIGHT}"/>',
    ]
    for name, (path, iso2) in outlines().items():
        cls = "land named" if iso2 in countries else "land"
        parts.append(f'<path class="{cls}" d="{path}"><title>{escape(name)}</title></path>')
    for place in reversed(shown):  # the most named drawn last, on top
        radius = round((2.5 + 4.0 * math.sqrt(place.mentions / most)) * scale, 2)
        times = "once" if place.mentions == 1 else f"{place.mentions} times"
        parts.append(
            f'<circle class="place" cx="{_x(place.lon)}" cy="{_y(place.lat)}" r="{radius}">'
            f"<title>{escape(place.name)}: named {times}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def frame(places: list[Place]) -> tuple[float, float, float]:
    """The view (left, top, width; height is half the width) framing ``places`` with a margin."""
    xs, ys = [_x(p.lon) for p in places], [_y(p.lat) for p in places]
    width = min(float(WIDTH), max(MIN_VIEW, (max(xs) - min(xs)) * 1.4, (max(ys) - min(ys)) * 2.8))
    height = width / 2
    left = min(max(0.0, (max(xs) + min(xs) - width) / 2), WIDTH - width)
    top = min(max(0.0, (max(ys) + min(ys) - height) / 2), HEIGHT - height)
    return round(left, 1), round(top, 1), round(width, 1)
