"""Hedge words of a sentence: "reportedly", "allegedly", and approximators before a number ("about 250")."""

from __future__ import annotations

import re

# Hedge words anywhere in the sentence; the approximators only count before a number ("about 250").
_HEDGE_WORDS = frozenset(
    """allegedly reportedly apparently possibly probably likely perhaps purportedly supposedly seemingly
    unconfirmed estimated suspected may might""".split()
)
_APPROXIMATORS = (
    "at least",
    "at most",
    "up to",
    "more than",
    "less than",
    "fewer than",
    "as many as",
    "as few as",
    "an estimated",
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "some",
    "over",
    "under",
    "circa",
)
_NUMBER_START = (
    r"(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|a hundred|hundreds|a dozen|dozens|a thousand|thousands|tens"
    r"|half|a third|a quarter|scores|millions|billions)\b|[$€£¥])"
)
_APPROX_RE = re.compile(
    r"\b(" + "|".join(re.escape(a) for a in _APPROXIMATORS) + r")\s+(?=" + _NUMBER_START + ")", re.I
)
_HEDGE_RE = re.compile(r"\b(" + "|".join(sorted(_HEDGE_WORDS)) + r")\b", re.I)


def hedges(text: str) -> list[str]:
    """Hedge words of a sentence, lower-cased, in order ("about" and the like only before a number)."""
    found = [(m.start(), m.group(1).lower()) for m in _APPROX_RE.finditer(text)]
    found += [(m.start(), m.group(1).lower()) for m in _HEDGE_RE.finditer(text)]
    out: list[str] = []
    for _, word in sorted(found):
        if word not in out:
            out.append(word)
    return out
