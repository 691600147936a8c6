"""Units of measure: currencies (signs and words, to ISO codes), units of quantity and of time."""

from __future__ import annotations

CURRENCY_SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₴": "UAH",
}

CURRENCY_WORDS = {
    "dollar": "USD",
    "usd": "USD",
    "euro": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "sterling": "GBP",
    "gbp": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rouble": "RUB",
    "ruble": "RUB",
    "rupee": "INR",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "shekel": "ILS",
    "franc": "CHF",
    "lira": "TRY",
    "rand": "ZAR",
    "naira": "NGN",
}

UNITS = {
    "km": "km",
    "kilometre": "km",
    "kilometer": "km",
    "mile": "miles",
    "metre": "m",
    "meter": "m",
    "tonne": "tonnes",
    "ton": "tonnes",
    "kg": "kg",
    "kilogram": "kg",
    "kilo": "kg",
    "hectare": "hectares",
    "acre": "acres",
    "litre": "litres",
    "liter": "litres",
    "barrel": "barrels",
    "megawatt": "MW",
    "mw": "MW",
}

TIME_UNITS = frozenset("second minute hour day week month year decade century night".split())
