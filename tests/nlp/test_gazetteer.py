"""The offline gazetteer places a country at its current capital, whatever name the data gives it."""

from __future__ import annotations

import pytest

from unspin.nlp.gazetteer import gazetteer


@pytest.mark.parametrize(
    ("iso", "capital"),
    [("KZ", "Astana"), ("MN", "Ulan Bator"), ("BI", "Gitega"), ("MM", "Nay Pyi Taw"), ("FR", "Paris")],
)
def test_countries_are_placed_at_their_current_capital(iso: str, capital: str) -> None:
    gaz = gazetteer()
    city = next(c.place for c in gaz.lookup(capital) if c.place.country == iso and c.place.kind == "city")
    country = gaz.countries[iso]
    assert (country.lat, country.lon) == (city.lat, city.lon)
