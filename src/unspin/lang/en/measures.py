"""Units of measure: currencies (signs and words, to ISO codes), units of quantity and of time."""

from __future__ import annotations

import pycountry

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

# News readings of the words several currencies share ("dollar" is USD, "pound" GBP) and of English
# names ISO does not use ("rouble", "shekel"); the other currencies come from ISO 4217 below.
_NEWS_CURRENCY_WORDS = dict(CURRENCY_WORDS)

# Words ISO 4217 names that are no currency in running text ("gold", "sum", "real", "won", "mark").
_NOT_CURRENCY_WORDS = frozenset(
    """account involved purposes gold silver platinum palladium mark sum sol oro sucre fomento previsional
    uruguayo mvdol colon real won som day) right) (udi) (ui) bceao beac omani""".split()
)


def _iso_currency_words() -> dict[str, str]:
    """The last word of each ISO 4217 currency name that names one currency only ("zloty" → PLN,
    "koruna" → CZK), from pycountry."""
    owners: dict[str, set[str]] = {}
    for c in pycountry.currencies:
        owners.setdefault(c.name.split()[-1].lower(), set()).add(c.alpha_3)
    return {
        word: codes.pop()
        for word, codes in owners.items()
        if len(codes) == 1 and word.isalpha() and word not in _NOT_CURRENCY_WORDS
    }


CURRENCY_WORDS = {**_iso_currency_words(), **_NEWS_CURRENCY_WORDS}

# ISO 4217 codes written in capitals beside an amount ("500 USD", "CZK 7.1bn"); not the funds, metals
# and test codes (X..), and matched case-sensitively ("ALL" is the lek, "all" is a word).
CURRENCY_CODES = frozenset(c.alpha_3 for c in pycountry.currencies if not c.alpha_3.startswith("X"))

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

# Verbs whose bare vague amount is money ("gave billions to", "fined the company millions").
MONEY_VERBS = frozenset("give pay fine spend cost raise owe lend invest donate transfer send funnel".split())

TIME_UNITS = frozenset("second minute hour day week month year decade century night".split())
