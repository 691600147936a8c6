"""Hedge words of a sentence: "reportedly", "allegedly", and approximators before a number ("about 250")."""

from __future__ import annotations

import re

from unspin.lang.en.hedges import HEDGE_WORDS
from unspin.lang.en.numbers import HEDGING_APPROXIMATORS, NUMBER_STARTS

_NUMBER_START = r"(?:\d|(?:" + "|".join(NUMBER_STARTS) + r")\b|[$€£¥])"
_APPROX_RE = re.compile(
    r"\b(" + "|".join(re.escape(a) for a in HEDGING_APPROXIMATORS) + r")\s+(?=" + _NUMBER_START + ")", re.I
)
_HEDGE_RE = re.compile(r"\b(" + "|".join(sorted(HEDGE_WORDS)) + r")\b", re.I)


def hedges(text: str) -> list[str]:
    """Hedge words of a sentence, lower-cased, in order ("about" and the like only before a number)."""
    found = [(m.start(), m.group(1).lower()) for m in _APPROX_RE.finditer(text)]
    found += [(m.start(), m.group(1).lower()) for m in _HEDGE_RE.finditer(text)]
    out: list[str] = []
    for _, word in sorted(found):
        if word not in out:
            out.append(word)
    return out
