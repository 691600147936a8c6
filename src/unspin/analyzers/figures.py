"""The ``figures`` layer: every number an article reports, normalised, typed, and tied to its source.

"At least 14 civilians were killed", "damage is estimated at 3.5 million dollars", "tens of thousands
marched": casualty counts, crowd sizes and sums are what readers remember and what propaganda inflates.
Each figure gets a value a machine can compare, what it counts, and who vouches for it (the attribution of
its sentence), so a reader sees at once which numbers nobody stands behind.

Numbers are found token by token in the shared spaCy parse: digits ("1,200", "2.3bn", "10–12"), number
words ("more than five hundred"), vague plurals ("dozens", "tens of thousands"), money ("$12.5 million",
"3.5 million dollars") and percentages. Dates, times, years, ages, ordinals, list numbering and numbers
inside names ("Resolution 2231", "Route 66", "F-16") are skipped.

Conventions. ``value`` is the number as written, or the low end of a range (``high`` the top end). Vague
plurals take their smallest plausible reading with bound ``at_least``: dozens 24, scores 40, hundreds 200,
thousands 2,000, tens of thousands 20,000, hundreds of thousands 200,000, millions 2,000,000; "several
hundred" 300 and "a few hundred" 200. "Nearly", "almost", "up to", "as many as" give ``at_most``; "more
than", "over", "at least" give ``at_least``; "about", "some", "an estimated" give ``about``.

Label = GDELT-style category: KILL, WOUND, ARREST, PROTEST, SEIZE, AFFECT (displaced, evacuated,
affected, missing), KIDNAP, DAMAGE (money lost to damage), MONEY, PERCENT, QUANTITY (anything else).
attrs: ``value``, ``high``, ``bound``, ``unit``, ``currency`` (ISO code), ``counts``, ``noun`` (the counted
word as written), ``sentence``, ``attribution`` (label of the sentence's attribution, or "none") and
``source`` (that attribution's text, or null).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from unspin.analyzers.parse import ParsedAnalyzer, parse
from unspin.analyzers.segmentation import segment
from unspin.article import Annotation, Article
from unspin.pipeline import register

CATEGORIES = (
    "KILL",
    "WOUND",
    "ARREST",
    "PROTEST",
    "SEIZE",
    "AFFECT",
    "KIDNAP",
    "DAMAGE",
    "MONEY",
    "PERCENT",
    "QUANTITY",
)
BOUNDS = ("exact", "at_least", "at_most", "about", "range")
# Categories that count people: their sums are reported in the summary.
PEOPLE_CATEGORIES = ("KILL", "WOUND", "ARREST", "PROTEST", "AFFECT", "KIDNAP")

_ONES = {
    w: n
    for n, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
        sixteen seventeen eighteen nineteen""".split()
    )
}
_TENS = {
    w: 10 * n
    for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if n > 1
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9, "trillion": 10**12}
_SUFFIXES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "bn": 10**9,
    "b": 10**9,
    "tn": 10**12,
}
_WORDS = {**_ONES, **_TENS}
_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(k|m|mn|mln|bn|b|tn)?$", re.I)
_DIGIT_RANGE = re.compile(r"^(\d[\d,.]*)[-–](\d[\d,.]*)$")
# Vague plurals: (lower bound, scale word they multiply when followed by "of <scale>s").
_VAGUE = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
    "billions": 2 * 10**9,
}
_TENS_OF = {"tens": 10, "hundreds": 100}
_SEVERAL = {"several": 3, "few": 2}

_CURRENCY_SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₴": "UAH",
}
_CURRENCY_WORDS = {
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
_UNITS = {
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
_TIME_UNITS = frozenset("second minute hour day week month year decade century night".split())
_APPROX: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        [
            (("at", "least"), "at_least"),
            (("more", "than"), "at_least"),
            (("over",), "at_least"),
            (("upwards", "of"), "at_least"),
            (("in", "excess", "of"), "at_least"),
            (("no", "fewer", "than"), "at_least"),
            (("no", "less", "than"), "at_least"),
            (("at", "most"), "at_most"),
            (("up", "to"), "at_most"),
            (("fewer", "than"), "at_most"),
            (("less", "than"), "at_most"),
            (("under",), "at_most"),
            (("no", "more", "than"), "at_most"),
            (("as", "many", "as"), "at_most"),
            (("nearly",), "at_most"),
            (("almost",), "at_most"),
            (("just", "under"), "at_most"),
            (("about",), "about"),
            (("around",), "about"),
            (("approximately",), "about"),
            (("roughly",), "about"),
            (("some",), "about"),
            (("an", "estimated"), "about"),
            (("estimated",), "about"),
            (("circa",), "about"),
            (("close", "to"), "about"),
        ],
        key=lambda a: -len(a[0]),
    )
)
# Words before a number that make it part of a name or a reference, not a count.
_NAME_WORDS = frozenset(
    """no number resolution article route flight highway road page section chapter room gate platform line
    item paragraph clause point level grade category phase stage code zone sector unit bus tram
    block lot apartment building floor district ward box""".split()
)
_TIMEISH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b(?:second|minute|hour|day|week|month|year|decade|century|night|morning|evening|afternoon)s?\b"
    r"|\bago\b|\bold\b|\d:\d|\b[ap]\.?m\b|o'clock|^\d{4}s?$|\b1[89]\d\d\b|\b20\d\d\b|'s\b",
    re.I,
)

# What a figure counts, from words around it in the parse (lemmas). Events first, then roles.
_EVENTS: dict[str, tuple[str, str]] = {}
for _cat, _counts, _words in (
    (
        "KILL",
        "people killed",
        """kill die dead death slay slain murder execute execution massacre fatality fatal perish drown
        neutralise neutralize eliminate liquidate behead lynch life toll""",
    ),
    ("WOUND", "people injured", "injure injured wound wounded hurt injury maim casualty treat"),
    ("WOUND", "people hospitalised", "hospitalise hospitalize hospitalised hospitalized hospital"),
    ("ARREST", "people arrested", "arrest detain detention jail imprison custody apprehend round"),
    ("PROTEST", "protesters", "protest rally march demonstrate demonstration gather strike picket riot"),
    ("SEIZE", "seized", "seize confiscate impound intercept seizure haul capture"),
    ("AFFECT", "people displaced", "displace flee homeless uproot"),
    ("AFFECT", "people evacuated", "evacuate evacuation"),
    ("AFFECT", "people affected", "affect strand trap without"),
    ("AFFECT", "people missing", "missing"),
    ("KIDNAP", "people kidnapped", "kidnap abduct abduction kidnapping"),
):
    for _w in _words.split():
        _EVENTS[_w] = (_cat, _counts)
_ROLES: dict[str, tuple[str, str]] = {}
for _cat, _counts, _words in (
    ("KILL", "people killed", "victim body corpse"),
    ("PROTEST", "protesters", "protester protestor demonstrator marcher striker"),
    ("ARREST", "people arrested", "detainee arrestee"),
    ("AFFECT", "people displaced", "refugee evacuee"),
    ("KIDNAP", "people kidnapped", "hostage captive"),
):
    for _w in _words.split():
        _ROLES[_w] = (_cat, _counts)
_DAMAGE = frozenset("damage destruction repair reconstruction rebuild".split())
_PEOPLE = frozenset(
    """people person civilian resident child woman man soldier troop fighter militant rebel protester
    demonstrator officer policeman policemen journalist student patient refugee migrant worker villager
    passenger victim casualty member supporter insurgent settler prisoner detainee hostage evacuee
    individual citizen national pilgrim miner farmer teacher doctor nurse staff employee inhabitant youth
    teenager boy girl infant baby adult they them other mercenary volunteer marcher striker recruit
    conscript reservist guard sailor pilot crew voter gunman gunmen schoolgirl schoolboy foreigner
    tourist pupil suspect opponent dissident activist leader official minister lawmaker blogger monk
    priest fisherman shepherd herder trader seeker wounded dead injured""".split()
)
_PERSONAL = frozenset(["he", "she", "who", "i", "you", "they", "we"])
_WEIGHTS = frozenset(["tonnes", "kg"])
_SECURITY = frozenset(
    "police officer army soldier troop force authority guard agent security military".split()
)
_HOUSEHOLDS = frozenset(["family", "household"])
_NOUN_CLASSES: dict[str, str] = {}
for _cls, _words in (
    ("soldiers", "soldier troop marine paratrooper reservist conscript recruit serviceman servicemen"),
    (
        "weapons",
        """weapon gun rifle rocket missile shell grenade bomb drone mortar ammunition munition round
        launcher explosive mine pistol""",
    ),
    ("buildings", "building house home school hospital shop apartment structure dwelling church mosque"),
    ("vehicles", "vehicle car truck bus tank lorry boat ship aircraft plane helicopter jet"),
):
    for _w in _words.split():
        _NOUN_CLASSES[_w] = _cls


# Where a figure may start: digits, currency signs, number words, "a dozen", "half a million", "a few".
_CANDIDATE = re.compile(
    r"\d|[$€£¥₹₽₴]|\bUS\$|\b(?:"
    + "|".join([*_WORDS, *_SCALES, "dozens?", "scores", "tens", "hundreds", "thousands", "millions"])
    + "|billions"
    + r"|several|half\s+an?|an?\s+(?:few\s+)?(?:dozen|hundred|thousand|million|billion))\b",
    re.I,
)


def words_value(parts: list[str]) -> float | None:
    """The value of a written number: digits, words or both ("3.5 million", "two hundred and fifty")."""
    total, current, seen = 0.0, 0.0, False
    for k, raw in enumerate(parts):
        word, prev = raw.lower(), parts[k - 1].lower() if k else ""
        m = _DIGITS.match(word)
        if m:
            current += float(m.group(1).replace(",", "")) * _SUFFIXES.get((m.group(2) or "").lower(), 1)
            seen = True
        elif word in _WORDS:
            current += _WORDS[word]
            seen = True
        elif word in ("a", "an"):
            current += 0 if prev == "half" else 1
            seen = True
        elif word == "half":
            current += 0.5
            seen = True
        elif word == "dozen":
            current = (current or 1) * 12
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in _SCALES or word in _SUFFIXES:
            total += (current or 1) * _SCALES.get(word, _SUFFIXES.get(word, 1))
            current = 0.0
            seen = True
        elif word in ("and", "-", "of"):
            continue
        else:
            return None
    return total + current if seen else None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


def _is_number_token(tok: Any) -> bool:
    low = tok.lower_
    return (
        bool(_DIGITS.match(low) or _DIGIT_RANGE.match(low))
        or low in _WORDS
        or low in _SCALES
        or low == "dozen"
    )


@dataclass(slots=True)
class _Figure:
    """A figure being built: token range, value and the words that shaped it."""

    first: int  # token index of the first token of the expression
    last: int  # token index of the last token (inclusive)
    value: float
    high: float | None = None
    bound: str = "exact"
    currency: str | None = None
    unit: str | None = None
    vague: bool = False
    ratio: bool = False
    number_tokens: list[int] = field(default_factory=list)


class _Scanner:
    """Finds the figures of one parsed document, token by token."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.n = len(doc)
        self.ents = list(doc.ents)

    def tok(self, i: int) -> Any:
        return self.doc[i] if 0 <= i < self.n else None

    def low(self, i: int) -> str:
        return self.doc[i].lower_ if 0 <= i < self.n else ""

    def figures(self) -> list[_Figure]:
        out: list[_Figure] = []
        if not self.n:
            return out
        starts = self.doc.to_array(["IDX"])
        offsets = [m.start() for m in _CANDIDATE.finditer(self.doc.text)]
        done = -1
        candidates = sorted({int(k) for k in np.searchsorted(starts, offsets, side="right") - 1})
        for i in candidates:
            if i <= done:
                continue
            fig = self._at(i)
            if fig is None:
                continue
            if not self._excluded(fig):
                out.append(fig)
            done = fig.last
        return out

    def _number_run(self, i: int) -> tuple[int, float, bool] | None:
        """(last token, value, vague?) of a number starting at token ``i``."""
        low = self.low(i)
        if low in _TENS_OF and self.low(i + 1) == "of" and self.low(i + 2) in ("thousands", "millions"):
            base = _VAGUE[self.low(i + 2)] // 2
            return i + 2, float(_TENS_OF[low] * base * 2), True
        if low in _VAGUE:
            return i, float(_VAGUE[low]), True
        if low in _SEVERAL or (low == "a" and self.low(i + 1) == "few"):
            j = i + 1 if low == "several" else i + 2
            if self.low(j) in _SCALES or self.low(j) == "dozen":
                scale = 12 if self.low(j) == "dozen" else _SCALES[self.low(j)]
                return j, float(_SEVERAL["several" if low == "several" else "few"] * scale), True
            return None
        if low in ("a", "an", "half"):
            j = i + 1
            if low == "half" and self.low(j) in ("a", "an"):
                j += 1
            if self.low(j) in _SCALES or self.low(j) == "dozen":
                i, start_parts = j, [t.text for t in self.doc[i : j + 1]]
            else:
                return None
        elif _is_number_token(self.doc[i]) and not _DIGIT_RANGE.match(low):
            start_parts = [self.doc[i].text]
        else:
            return None
        j = i
        parts = start_parts
        while True:
            nxt = self.low(j + 1)
            scale = nxt in _SCALES or nxt == "dozen" or (nxt in _WORDS and self._word_continues(j))
            glued = nxt.rstrip(".") in _SUFFIXES and self.doc[j].whitespace_ == "" and self.doc[j].like_num
            hyphen = nxt == "-" and (
                (self.low(j) in _TENS and self.low(j + 2) in _ONES) or self.low(j + 2) in ("dozen", *_SCALES)
            )
            linked = nxt == "and" and self.low(j) in ("hundred", "thousand") and self.low(j + 2) in _WORDS
            if scale or glued:
                j += 1
            elif hyphen or linked:
                j += 2
            else:
                break
            parts.append(self.doc[j].text.rstrip(".") if glued else self.doc[j].text)
        value = words_value(parts)
        return None if value is None else (j, value, False)

    def _word_continues(self, j: int) -> bool:
        """Does a number word at ``j + 1`` continue the number at ``j`` ("twenty five", not "five, six")?"""
        return self.low(j) in _TENS and self.low(j + 1) in _ONES and self.doc[j].whitespace_ != ""

    def _at(self, i: int) -> _Figure | None:
        tok = self.doc[i]
        low = tok.lower_
        currency = _CURRENCY_SYMBOLS.get(low)
        start = i
        if currency is not None:
            i += 1
            if i >= self.n:
                return None
            low = self.low(i)
        if low in ("us", "u.s.") and self.low(i + 1) == "$":
            currency, i = "USD", i + 2
            low = self.low(i)
        ranged = _DIGIT_RANGE.match(low)
        if ranged:
            lo = words_value([ranged.group(1)])
            hi = words_value([ranged.group(2)])
            if lo is None or hi is None or self._year_like(lo) or self._year_like(hi):
                return None
            fig = _Figure(start, i, lo, hi, "range", currency, number_tokens=[i])
        else:
            run = self._number_run(i)
            if run is None:
                return None
            last, value, vague = run
            fig = _Figure(start, last, value, None, "at_least" if vague else "exact", currency, vague=vague)
            fig.number_tokens = list(range(i, last + 1))
            self._range(fig)
        self._units(fig)
        self._approximator(fig)
        return fig

    def _range(self, fig: _Figure) -> None:
        """Extend ``fig`` over "to 50", "and 50" (after "between"), "or three", "-50"."""
        j = fig.last + 1
        joiner = self.low(j)
        before = self.low(fig.first - 1)
        if joiner not in ("to", "-", "–", "or") and not (joiner == "and" and before == "between"):
            return
        k = j + 1
        currency = _CURRENCY_SYMBOLS.get(self.low(k))
        if currency is not None:
            k += 1
        run = self._number_run(k)
        if run is None:
            return
        last, high, _ = run
        if joiner == "to" and before not in ("from", "between") and self.doc[fig.last].like_num is False:
            return
        # "3 to 5 million": the scale of the upper end applies to the lower one.
        if (
            self.low(last) in _SCALES
            and fig.value < _SCALES[self.low(last)]
            and high >= _SCALES[self.low(last)]
        ):
            fig.value *= _SCALES[self.low(last)]
        if high <= fig.value:
            fig.ratio = True  # "four to one", "3-1": a ratio or a score, not a count
            return
        fig.high, fig.last, fig.bound = high, last, "range"
        fig.currency = fig.currency or currency
        fig.number_tokens.extend(range(k, last + 1))
        if before in ("from", "between"):
            fig.first -= 1

    def _units(self, fig: _Figure) -> None:
        j = fig.last + 1
        low, lemma = self.low(j), (self.doc[j].lemma_.lower() if j < self.n else "")
        if low in ("%", "percent", "pct"):
            fig.unit, fig.last = "percent", j
        elif low == "per" and self.low(j + 1) == "cent":
            fig.unit, fig.last = "percent", j + 1
        elif low == "percentage" and self.low(j + 1) in ("point", "points"):
            fig.unit, fig.last = "percentage points", j + 1
        elif (lemma in _CURRENCY_WORDS or low in _CURRENCY_WORDS) and fig.currency is None:
            fig.currency, fig.last = _CURRENCY_WORDS.get(lemma) or _CURRENCY_WORDS[low], j
        elif lemma in _UNITS or low in _UNITS:
            fig.unit, fig.last = _UNITS.get(lemma) or _UNITS[low], j
        elif low == "square" and self.doc[j + 1 : j + 2].lemma_.lower() in (
            "kilometre",
            "kilometer",
            "km",
            "mile",
        ):
            fig.unit, fig.last = "sq km" if self.low(j + 1) != "miles" else "sq miles", j + 1

    def _approximator(self, fig: _Figure) -> None:
        words = [self.low(fig.first - k) for k in range(4, 0, -1)]
        for phrase, bound in _APPROX:
            if tuple(words[-len(phrase) :]) == phrase:
                if phrase == ("some",) and fig.vague:
                    continue
                if phrase in (("over",), ("under",)) and self.doc[fig.first - 1].dep_ not in (
                    "advmod",
                    "quantmod",
                    "amod",
                ):
                    continue
                fig.first -= len(phrase)
                if fig.bound != "range":
                    fig.bound = bound
                return

    def _in_name(self, nums: list[Any]) -> bool:
        """ "Three Girls", "the Million Man March", "3-D": number words inside a title-case name."""
        first, last = nums[0], nums[-1]
        after = self.tok(last.i + 1)
        if after is not None and after.text == "-":
            word = self.low(last.i + 2)
            if len(word) == 1 or word in _TIME_UNITS or word in ("year-old", "years"):
                return True
        if not all(t.is_alpha for t in nums) or not first.is_title or first.is_sent_start:
            return False
        before = self.tok(first.i - 1)
        if before is not None and (before.is_punct or before.is_space):
            return False  # a heading or the start of a quotation
        return after is not None and after.is_title and after.pos_ == "PROPN"

    def _age_or_pronoun(self, fig: _Figure, nums: list[Any]) -> bool:
        """ "who was 22", "the two are seen", "three times as many": not counts of anything."""
        last = nums[-1]
        after = self.low(fig.last + 1)
        if after in ("times", "fold", "-fold") and fig.unit is None:
            return True
        if fig.unit is not None or fig.currency is not None:
            return False
        root = _root(self.doc, [t.i for t in nums])
        if root.dep_ in ("attr", "acomp") and root.head.lemma_ == "be" and fig.value < 120:
            subject = next((c for c in root.head.children if c.dep_ == "nsubj"), None)
            if subject is not None and (subject.ent_type_ == "PERSON" or subject.lower_ in _PERSONAL):
                return True
        before = self.low(fig.first - 1)
        return (
            before == "the" and root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and last.is_alpha
        ) and not any(c.dep_ == "prep" for c in root.children)

    @staticmethod
    def _year_like(value: float) -> bool:
        return value.is_integer() and 1800 <= value <= 2100

    def _excluded(self, fig: _Figure) -> bool:
        """Dates, times, years, ages, ordinals, list numbers and numbers that are part of a name."""
        doc = self.doc
        nums = [doc[k] for k in fig.number_tokens]
        first = nums[0]
        if fig.ratio or self._in_name(nums) or self._age_or_pronoun(fig, nums):
            return True
        for tok in nums:
            if tok.ent_type_ in ("DATE", "TIME"):
                ent = next((e for e in self.ents if e.start <= tok.i < e.end), None)
                if ent is not None and _TIMEISH.search(ent.text):
                    return True
            if tok.ent_type_ in ("ORDINAL", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "EVENT", "PERSON"):
                return True
            if tok.ent_type_ == "ORG" and not fig.currency and tok.ent_iob_ != "B":
                return True
        after = self.low(fig.last + 1)
        nxt = doc[fig.last + 1] if fig.last + 1 < self.n else None
        if nxt is not None and (after in ("st", "nd", "rd", "th", ":") or after.startswith("-year")):
            return True
        if nxt is not None and nxt.lemma_.lower() in _TIME_UNITS and not fig.currency and fig.unit is None:
            return True
        if after in ("am", "pm", "a.m.", "p.m.", "o'clock"):
            return True
        before = self.low(first.i - 1) if first.i == fig.first else self.low(fig.first - 1)
        prev = self.tok(first.i - 1)
        if before in ("aged", "age", "ages", "no.", "nos.", "#"):
            return True
        if before == "." and self.low(first.i - 2) in ("no", "nos"):
            return True
        leading = prev is not None and first.i == fig.first
        if (
            leading
            and prev.lower_ in _NAME_WORDS
            and (prev.is_title or prev.lower_ in ("no", "number", "page"))
        ):
            return True  # "Resolution 2231", "Route 66", "number 10"
        if leading and prev.pos_ == "PROPN" and first.dep_ in ("nummod", "appos") and first.head.i == prev.i:
            return True
        if (
            prev is not None
            and first.i == fig.first
            and (prev.text[-1:] == "-" or (prev.text == "-" and first.i >= 2 and doc[first.i - 2].is_alpha))
        ):
            return True  # "F-16", "COVID-19"
        # List numbering: "1." or "2)" opening a line.
        if (
            (first.i == 0 or "\n" in doc[first.i - 1].text_with_ws)
            and after in (".", ")")
            and fig.currency is None
            and fig.unit is None
        ):
            return True
        value = fig.value
        plain_year = (
            len(nums) == 1 and re.fullmatch(r"\d{4}", first.text) is not None and self._year_like(value)
        )
        return plain_year and fig.currency is None and fig.unit is None and (nxt is None or nxt.tag_ != "NNS")


def _span_root(doc: Any, fig: _Figure) -> Any:
    """The token of the expression (number and unit, not "at least") whose head lies outside it."""
    return _root(doc, list(range(fig.number_tokens[0], fig.last + 1)))


def _root(doc: Any, tokens: list[int]) -> Any:
    """The token of the figure whose head lies outside it (the figure's attachment point)."""
    inside = set(tokens)
    for k in reversed(tokens):
        if doc[k].head.i not in inside or doc[k].head.i == k:
            return doc[k]
    return doc[tokens[-1]]


def _chain(doc: Any, root: Any) -> tuple[Any | None, list[Any]]:
    """(counted noun, context tokens nearest first) for a figure attached at ``root``."""
    noun = None
    of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if pobj is not None:
        noun = pobj
    elif root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and root.head.pos_ in (
        "NOUN",
        "PROPN",
        "ADJ",
        "PRON",
    ):
        noun = root.head
    anchor = noun if noun is not None else root
    context: list[Any] = [anchor]
    context.extend(c for c in anchor.children if c.dep_ in ("amod", "acl", "relcl", "compound"))
    context.extend(c for c in root.children if c.dep_ in ("amod", "acl", "prep"))
    context.extend(c for c in anchor.children if c.lower_ == "without")
    tok = anchor
    for _ in range(6):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        context.append(tok)
        context.extend(c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != anchor.i)
        # "17 hostages, including four foreigners": "including" passes the count on to its head.
        if tok.pos_ in ("VERB", "AUX") and tok.lower_ != "including":
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass", "oprd", "acomp", "dobj") and c.i != anchor.i:
                    context.append(c)
                    context.extend(g for g in c.children if g.dep_ in ("compound", "amod"))
                elif c.lower_ == "without":
                    context.append(c)
            break
    return noun, context


def classify(doc: Any, fig: _Figure) -> tuple[str, str | None, Any | None]:
    """(category, counts, counted noun) of one figure, from the words that govern it."""
    root = _span_root(doc, fig)
    noun, context = _chain(doc, root)
    if noun is not None and fig.first <= noun.i <= fig.last:
        noun = None
    if fig.currency is not None:
        around = {t.lemma_.lower() for t in context}
        for child in root.children:
            if child.dep_ == "prep":
                around.update(g.lemma_.lower() for g in child.children)
        if noun is not None:
            around.update(c.lemma_.lower() for c in noun.children)
        return ("DAMAGE", "damage", noun) if around & _DAMAGE else ("MONEY", "money", noun)
    if fig.unit in ("percent", "percentage points"):
        subject = next((t for t in context if t.dep_ in ("nsubj", "nsubjpass") and t.i != root.i), None)
        what = noun if noun is not None else subject
        counts = what.lemma_.lower() if what is not None and what.pos_ in ("NOUN", "PROPN") else "percent"
        return "PERCENT", counts, noun
    noun_lemma = noun.lemma_.lower() if noun is not None else None
    if fig.unit is None or fig.unit in _WEIGHTS:
        people = noun is None or noun_lemma in _PEOPLE or noun.lower_ in _PEOPLE
        for t in _following_verb(doc, noun) if people and noun is not None else ():
            context = [*context[:1], t, *context[1:]]
        for t in context:
            lemma = t.lemma_.lower()
            hit = _EVENTS.get(lemma) or _EVENTS.get(t.lower_)
            if lemma == "force" and any(c.lower_ == "from" for c in t.children):
                hit = ("AFFECT", "people displaced")  # "forced 40,000 people from their homes"
            if hit is None or (fig.unit is not None and hit[0] != "SEIZE"):
                continue
            if hit[0] == "SEIZE" or lemma == "capture":
                if noun_lemma in _PEOPLE and noun_lemma not in ("body", "corpse"):
                    captor = {c.lemma_.lower() for c in t.children if c.dep_ in ("nsubj", "agent")}
                    captor |= {g.lemma_.lower() for c in t.children if c.dep_ == "agent" for g in c.children}
                    if captor & _SECURITY:
                        return "ARREST", "people arrested", noun
                    return "KIDNAP", "people kidnapped", noun
                what = _NOUN_CLASSES.get(noun_lemma or "", noun_lemma)
                return "SEIZE", f"{what} seized" if what else "seized", noun
            if noun_lemma in _HOUSEHOLDS:
                return hit[0], hit[1].replace("people", noun.lower_ if noun is not None else "people"), noun
            if noun_lemma is not None and not people and noun_lemma not in ("life", "toll"):
                continue  # an event word near "12 houses" or "300 rifles" does not make them people
            return hit[0], hit[1], noun
        for t in context:
            hit = _ROLES.get(t.lemma_.lower())
            if hit is not None:
                return hit[0], hit[1], noun
    if fig.unit is not None:
        what = _NOUN_CLASSES.get(noun_lemma or "", noun_lemma)
        return "QUANTITY", what or fig.unit, noun
    if noun is None or noun_lemma is None:
        return "QUANTITY", None, None
    if noun_lemma in _NOUN_CLASSES:
        return "QUANTITY", _NOUN_CLASSES[noun_lemma], noun
    if noun_lemma in _PEOPLE:
        return "QUANTITY", "people", noun
    return "QUANTITY", noun.lower_ if noun.pos_ == "NOUN" else None, noun


def _following_verb(doc: Any, noun: Any) -> list[Any]:
    """The verb right after "N people" ("were hurt", "have fled"), when the parse attached it elsewhere."""
    k = noun.i + 1
    while k < len(doc) and doc[k].pos_ in ("AUX", "PART", "ADV") and k - noun.i <= 3:
        k += 1
    if k < len(doc) and doc[k].pos_ == "VERB" and doc[k].i != noun.head.i:
        return [doc[k]]
    return []


def _pick_attribution(doc: Any, root: Any, candidates: list[Annotation]) -> Annotation | None:
    """The attribution of a figure's sentence; with several, the one whose cue governs the figure."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    by_cue = {a.attrs.get("cue_start"): a for a in reversed(candidates)}
    for t in root.ancestors:  # nearest first
        if t.idx in by_cue:
            return by_cue[t.idx]
    return candidates[0]


@register
class Figures(ParsedAnalyzer):
    name = "figures"
    version = "1.0.0"
    description = "Every number reported: value, bound, unit or currency, what it counts, and its source."
    requires = ("sentences", "attribution")
    label_descriptions: ClassVar[dict[str, str]] = {
        "KILL": "A count of people killed.",
        "WOUND": "A count of people injured or taken to hospital.",
        "ARREST": "A count of people arrested or detained.",
        "PROTEST": "A count of protesters, marchers or strikers.",
        "SEIZE": "A count of things seized or confiscated.",
        "AFFECT": "A count of people displaced, evacuated, affected or missing.",
        "KIDNAP": "A count of people kidnapped or taken hostage.",
        "DAMAGE": "An amount of money lost to damage or destruction.",
        "MONEY": "An amount of money.",
        "PERCENT": "A percentage.",
        "QUANTITY": "Any other number: troops, weapons, buildings, distances.",
    }

    def annotate(self, article: Article) -> list[Annotation]:
        doc = parse(article)
        seg = segment(article)
        by_sentence: dict[int, list[Annotation]] = {}
        for a in article.layer("attribution"):
            by_sentence.setdefault(int(a.attrs.get("sentence", -1)), []).append(a)
        out = []
        for fig in _Scanner(doc).figures():
            last = doc[fig.last]
            end = last.idx + len(last.text.rstrip(".") if last.lower_.rstrip(".") in _SUFFIXES else last.text)
            start = doc[fig.first].idx
            category, counts, noun = classify(doc, fig)
            if (
                category == "QUANTITY"
                and fig.value == 1
                and doc[fig.number_tokens[0]].lower_ in ("one", "a", "an")
            ):
                continue  # "one of the reasons", "not one step": rarely a reported count
            unit = fig.unit
            if unit is None and fig.currency is None:
                noun_lemma = noun.lemma_.lower() if noun is not None else None
                if noun_lemma in _PEOPLE or (noun is None and category in PEOPLE_CATEGORIES):
                    unit = "people"
                elif noun is not None and noun.pos_ == "NOUN":
                    unit = noun.lower_
            sentence = seg.sentence_at(start)
            source = _pick_attribution(
                doc, _span_root(doc, fig), by_sentence.get(-1 if sentence is None else sentence, [])
            )
            attrs: dict[str, Any] = {
                "value": _number(fig.value),
                "bound": fig.bound,
                "unit": unit,
                "currency": fig.currency,
                "counts": counts,
                "noun": noun.text if noun is not None else None,
                "sentence": sentence,
                "attribution": source.label if source is not None else "none",
                "source": source.text if source is not None else None,
            }
            if fig.high is not None:
                attrs["high"] = _number(fig.high)
            out.append(self.make(article, start, end, category, attrs=attrs))
        return out

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        counts = Counter(a.label for a in annotations)
        totals = {
            cat: _number(sum(float(a.attrs["value"]) for a in annotations if a.label == cat))
            for cat in PEOPLE_CATEGORIES
            if counts[cat]
        }
        unsourced = sum(1 for a in annotations if a.attrs.get("attribution") == "none")
        return {
            "count": len(annotations),
            "by_category": {cat: counts[cat] for cat in CATEGORIES if counts[cat]},
            "killed": totals.get("KILL", 0),
            "injured": totals.get("WOUND", 0),
            "people_totals": totals,
            "unsourced": unsourced,
            "unsourced_share": round(unsourced / len(annotations), 3) if annotations else None,
        }
