"""Finding and parsing the number expressions of a parse: value, range, bound, unit or currency.

Digits, number words, vague plurals, money and percentages, with the approximators around them; dates,
times, years, ages, ordinals, list numbering and numbers inside names are excluded here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from unspin.analyzers.figures.kinds import number_kinds
from unspin.lang.en.measures import CURRENCY_CODES, CURRENCY_SYMBOLS, CURRENCY_WORDS, TIME_UNITS, UNITS
from unspin.lang.en.numbers import (
    APPROXIMATOR_BOUNDS,
    CHANGE_WORDS,
    EMPHASIS_WORDS,
    FRACTIONS,
    NAME_WORDS_BEFORE_NUMBERS,
    NOT_A_SHARE_BEFORE,
    NUMBER_WORDS,
    ONES,
    REFERENCE_WORDS,
    SCALES,
    SEVERAL,
    SUFFIXES,
    TENS,
    TENS_OF,
    TIMES_WORDS,
    VAGUE_PLURALS,
)
from unspin.lang.en.people import PERSONAL_PRONOUNS
from unspin.nlp.deps import attachment, children, first_child

BOUNDS = ("exact", "at_least", "at_most", "about", "range")

_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(k|m|mn|mln|bn|b|tn)?$", re.I)
_DIGIT_RANGE = re.compile(r"^(\d[\d,.]*)[-–](\d[\d,.]*)$")

_TIMEISH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b(?:second|minute|hour|day|week|month|year|decade|century|night|morning|evening|afternoon)s?\b"
    r"|\bago\b|\bold\b|\d:\d|\b[ap]\.?m\b|o'clock|^\d{4}s?$|\b1[89]\d\d\b|\b20\d\d\b|'s\b",
    re.I,
)


# Where a figure may start: digits, currency signs, number words, "a dozen", "half a million", "a few".
_CANDIDATE = re.compile(
    r"\d|[$€£¥₹₽₴]|\bUS\$|(?-i:\b[A-Z]{3}(?= ?\d))|\b(?:"
    + "|".join([*NUMBER_WORDS, *SCALES, "dozens?", "scores", "tens", "hundreds", "thousands", "millions"])
    + "|billions|twice|thrice|half|thirds?|quarters?"
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
            current += float(m.group(1).replace(",", "")) * SUFFIXES.get((m.group(2) or "").lower(), 1)
            seen = True
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
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
        elif word in SCALES or word in SUFFIXES:
            total += (current or 1) * SCALES.get(word, SUFFIXES.get(word, 1))
            current = 0.0
            seen = True
        elif word in ("and", "-", "of"):
            continue
        else:
            return None
    return total + current if seen else None


def as_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


def _is_number_token(tok: Any) -> bool:
    low = tok.lower_
    return (
        bool(_DIGITS.match(low) or _DIGIT_RANGE.match(low))
        or low in NUMBER_WORDS
        or low in SCALES
        or low == "dozen"
    )


@dataclass(slots=True)
class Figure:
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


# "400 parts per million": one measure, not 400 and a million
_PER_SCALE = {"million": "ppm", "billion": "ppb"}


class Scanner:
    """Finds the figures of one parsed document, token by token."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.n = len(doc)
        self.ents = list(doc.ents)
        self.kinds: dict[int, str] = {}

    def tok(self, i: int) -> Any:
        return self.doc[i] if 0 <= i < self.n else None

    def low(self, i: int) -> str:
        return self.doc[i].lower_ if 0 <= i < self.n else ""

    def figures(self) -> list[Figure]:
        out: list[Figure] = []
        if not self.n:
            return out
        self.kinds = number_kinds(self.doc)
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
        if (
            low in TENS_OF
            and self.low(i + 1) == "of"
            and self.low(i + 2) in ("thousands", "millions", "billions")
        ):
            base = VAGUE_PLURALS[self.low(i + 2)] // 2
            return i + 2, float(TENS_OF[low] * base * 2), True
        if low in VAGUE_PLURALS:
            return i, float(VAGUE_PLURALS[low]), True
        if low in SEVERAL or (low == "a" and self.low(i + 1) == "few"):
            j = i + 1 if low == "several" else i + 2
            if self.low(j) in SCALES or self.low(j) == "dozen":
                scale = 12 if self.low(j) == "dozen" else SCALES[self.low(j)]
                return j, float(SEVERAL["several" if low == "several" else "few"] * scale), True
            return None
        if low in ("a", "an", "half"):
            j = i + 1
            if low == "half" and self.low(j) in ("a", "an"):
                j += 1
            if self.low(j) in SCALES or self.low(j) == "dozen":
                i, start_parts = j, [t.text for t in self.doc[i : j + 1]]
            else:
                return None
        elif _is_number_token(self.doc[i]) and not _DIGIT_RANGE.match(low):
            start_parts = [self.doc[i].text]
            # "2 000": a space as the thousands separator joins the groups into one number
            if re.fullmatch(r"\d{1,3}", low) and self.doc[i].ent_type_ != "DATE":
                while self.doc[i].whitespace_ == " " and re.fullmatch(r"\d{3}", self.low(i + 1)):
                    i += 1
                    start_parts = [start_parts[0] + self.doc[i].text]
        else:
            return None
        j = i
        parts = start_parts
        while True:
            nxt = self.low(j + 1)
            scale = nxt in SCALES or nxt == "dozen" or (nxt in NUMBER_WORDS and self._word_continues(j))
            glued = nxt.rstrip(".") in SUFFIXES and self.doc[j].whitespace_ == "" and self.doc[j].like_num
            hyphen = nxt == "-" and (
                (self.low(j) in TENS and self.low(j + 2) in ONES) or self.low(j + 2) in ("dozen", *SCALES)
            )
            linked = (
                nxt == "and" and self.low(j) in ("hundred", "thousand") and self.low(j + 2) in NUMBER_WORDS
            )
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
        return self.low(j) in TENS and self.low(j + 1) in ONES and self.doc[j].whitespace_ != ""

    def _share(self, i: int) -> Figure | None:
        """ "half of the housing", "one-third of the island", "two-thirds of all cases": a share, in
        percent; never "the first half of the year"."""
        low, k = self.low(i), i
        numerator = None
        if low in ("one", "a", "two", "three") and self.low(i + 1) == "-":
            numerator, k = low, i + 2
        elif low in ("one", "a", "two", "three"):
            numerator, k = low, i + 1
        value = FRACTIONS.get((numerator, self.low(k)))
        if value is None or self.low(k + 1) != "of" or self.low(i - 1) in NOT_A_SHARE_BEFORE:
            return None
        return Figure(i, k, float(value), unit="percent", number_tokens=list(range(i, k + 1)))

    def _one_in(self, i: int) -> Figure | None:
        """ "one in five House Democrats", "1 in 4 adults": a rate, in percent (not "one in a million",
        "two in 10 days"; "two out of five samples" are two counts)."""
        k = i + 2
        if self.low(i + 1) != "in" or k >= self.n or not _is_number_token(self.doc[i]):
            return None
        part, whole = words_value([self.low(i)]), words_value([self.low(k)])
        after = self.tok(k + 1)
        if part is None or whole is None or not 0 < part < whole <= 1000 or not whole.is_integer():
            return None
        if after is not None and (after.lemma_.lower() in TIME_UNITS or after.like_num):
            return None
        return Figure(i, k, round(100 * part / whole, 1), unit="percent", number_tokens=[i, k])

    def _at(self, i: int) -> Figure | None:
        tok = self.doc[i]
        low = tok.lower_
        share = self._share(i) or self._one_in(i)
        if share is not None:
            self._approximator(share)
            return share
        if low in TIMES_WORDS:
            fig = Figure(i, i, float(TIMES_WORDS[low]), unit="times", number_tokens=[i])
            self._approximator(fig)
            return fig
        currency = CURRENCY_SYMBOLS.get(low) or (tok.text if tok.text in CURRENCY_CODES else None)
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
            fig = Figure(start, i, lo, hi, "range", currency, number_tokens=[i])
            fig.ratio = hi <= lo  # "2–0", "30-5": a score or a ratio, not a range of counts
        else:
            run = self._number_run(i)
            if run is None:
                return None
            last, value, vague = run
            fig = Figure(start, last, value, None, "at_least" if vague else "exact", currency, vague=vague)
            fig.number_tokens = list(range(i, last + 1))
            self._range(fig)
        self._units(fig)
        self._unit_range(fig)
        self._approximator(fig)
        return fig

    def _unit_range(self, fig: Figure) -> None:
        """ "from 25 percent to 90 percent", "between 3 km and 5 km": a range whose ends both carry the
        unit is one figure."""
        before, joiner = self.low(fig.first - 1), self.low(fig.last + 1)
        if fig.unit is None or fig.high is not None or before not in ("from", "between"):
            return
        if before == "from" and self._changed(fig.first - 1):
            return  # "rates rose from 25 percent to 90 percent": two values
        if joiner not in ("to", "and") or (joiner == "and") != (before == "between"):
            return
        run = self._number_run(fig.last + 2)
        if run is None:
            return
        last, high, _ = run
        end = Figure(fig.last + 2, last, high, number_tokens=list(range(fig.last + 2, last + 1)))
        self._units(end)
        if end.unit != fig.unit or high <= fig.value:
            return
        fig.high, fig.bound = high, "range"
        fig.number_tokens.extend(end.number_tokens)
        fig.first, fig.last = fig.first - 1, end.last

    def _range(self, fig: Figure) -> None:
        """Extend ``fig`` over "to 50", "and 50" (after "between"), "or three", "-50"."""
        j = fig.last + 1
        joiner = self.low(j)
        before = self.low(fig.first - 1)
        if joiner not in ("to", "-", "–", "or") and not (joiner == "and" and before == "between"):
            return
        k = j + 1
        currency = CURRENCY_SYMBOLS.get(self.low(k))
        if currency is not None:
            k += 1
        run = self._number_run(k)
        if run is None:
            return
        last, high, _ = run
        if joiner == "to" and before not in ("from", "between") and self.doc[fig.last].like_num is False:
            return
        # "3 to 5 million": the scale of the upper end applies to the lower one.
        if self.low(last) in SCALES and fig.value < SCALES[self.low(last)] and high >= SCALES[self.low(last)]:
            fig.value *= SCALES[self.low(last)]
        if high <= fig.value:
            # "fell from 45 to 30": two figures; "four to one", "3-1": a ratio or a score, not a count
            fig.ratio = before != "from"
            return
        if before == "from" and joiner == "to" and self._changed(fig.first - 1):
            # "raise the tax from 7 to 11 percent", "rose from 12 to 20": two values, not a range
            if (
                self.low(last + 1) in ("%", "percent", "pct")
                or self.low(last + 1) + self.low(last + 2) == "percent"
            ):
                fig.unit = "percent"
            return
        fig.high, fig.last, fig.bound = high, last, "range"
        fig.currency = fig.currency or currency
        fig.number_tokens.extend(range(k, last + 1))
        if before in ("from", "between"):
            fig.first -= 1

    def _changed(self, k: int) -> bool:
        """Does the "from" at ``k`` hang on a verb or noun of change ("rose from", "a rise from")?"""
        head = self.doc[k].head
        return head.lemma_.lower() in CHANGE_WORDS or self.low(k - 1) in CHANGE_WORDS

    def _units(self, fig: Figure) -> None:
        j = fig.last + 1
        if fig.vague and self.low(j) == "of" and fig.currency is None:
            word = self.doc[j + 1].lemma_.lower() if j + 1 < self.n else ""
            if word in CURRENCY_WORDS or self.low(j + 1) in CURRENCY_WORDS:
                j += 1  # "millions of dollars", "hundreds of billions of euros"
        low, lemma = self.low(j), (self.doc[j].lemma_.lower() if j < self.n else "")
        if j < self.n and self.doc[j].text in CURRENCY_CODES and fig.currency is None:
            fig.currency, fig.last = self.doc[j].text, j
        elif low in ("%", "percent", "pct"):
            fig.unit, fig.last = "percent", j
        elif low == "per" and self.low(j + 1) == "cent":
            fig.unit, fig.last = "percent", j + 1
        elif low == "times" and self.doc[j].is_lower:
            fig.unit, fig.last = "times", j  # "four times", "27 times the distance"
        elif low in ("part", "parts") and self.low(j + 1) == "per" and self.low(j + 2) in _PER_SCALE:
            fig.unit, fig.last = _PER_SCALE[self.low(j + 2)], j + 2  # "400 parts per million"
        elif low == "percentage" and self.low(j + 1) in ("point", "points"):
            fig.unit, fig.last = "percentage points", j + 1
        elif (lemma in CURRENCY_WORDS or low in CURRENCY_WORDS) and fig.currency is None:
            fig.currency, fig.last = CURRENCY_WORDS.get(lemma) or CURRENCY_WORDS[low], j
        elif lemma in UNITS or low in UNITS:
            fig.unit, fig.last = UNITS.get(lemma) or UNITS[low], j
        elif low == "square" and self.doc[j + 1 : j + 2].lemma_.lower() in (
            "kilometre",
            "kilometer",
            "km",
            "mile",
        ):
            fig.unit, fig.last = "sq km" if self.low(j + 1) != "miles" else "sq miles", j + 1

    def _approximator(self, fig: Figure) -> None:
        words = [self.low(fig.first - k) for k in range(4, 0, -1)]
        for phrase, bound in APPROXIMATOR_BOUNDS:
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
            if len(word) == 1 or word in TIME_UNITS or word in ("year-old", "years"):
                return True
        if not all(t.is_alpha for t in nums) or not first.is_title or first.is_sent_start:
            return False
        before = self.tok(first.i - 1)
        if before is not None and (before.is_punct or before.is_space):
            return False  # a heading or the start of a quotation
        return after is not None and after.is_title and after.pos_ == "PROPN"

    def _age_or_pronoun(self, fig: Figure, nums: list[Any]) -> bool:
        """ "who was 22", "the two are seen", "a threefold rise": not counts of anything."""
        last = nums[-1]
        after = self.low(fig.last + 1)
        if after in ("fold", "-fold") and fig.unit is None:
            return True
        if fig.unit is not None or fig.currency is not None:
            return False
        root = attachment(self.doc, [t.i for t in nums])
        if root.dep_ in ("attr", "acomp") and root.head.lemma_ == "be" and fig.value < 120:
            subject = first_child(root.head, "nsubj")
            if subject is not None and (subject.ent_type_ == "PERSON" or subject.lower_ in PERSONAL_PRONOUNS):
                return True
        before = self.low(fig.first - 1)
        return (
            before == "the" and root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and last.is_alpha
        ) and not children(root, "prep")

    def _not_a_count(self, fig: Figure, nums: list[Any]) -> bool:
        """Ages set off by commas ("Soros, 87,"), "ages ranging 18-61", decades ("her 50s"), compound
        modifiers ("two-state solution", "4-day operation"), "100% sure" and number words in names
        ("Gang of Eight")."""
        first, last = nums[0], nums[-1]
        plain = fig.unit is None and fig.currency is None
        after, nxt = self.low(fig.last + 1), self.tok(fig.last + 1)
        if plain and fig.value.is_integer() and 0 < fig.value < 120 and len(nums) == 1:
            before, name = self.tok(fig.first - 1), self.tok(fig.first - 2)
            if (
                before is not None
                and before.text == ","
                and name is not None
                and (name.pos_ == "PROPN" or name.ent_type_ == "PERSON")
                and after in (",", ")", ".", ";")
            ):
                return True
        for k in range(fig.first - 3, fig.first):
            if self.low(k) in ("aged", "age", "ages"):
                between = self.doc[k + 1 : fig.first]
                if not any(t.is_punct for t in between) and (nxt is None or nxt.tag_ not in ("NNS", "NNPS")):
                    return True  # "aged 32", "ages ranging 18-61"; not "the age of the 30 victims"
        if plain and after in ("'s", "’s", "s") and nxt is not None and self.doc[fig.last].whitespace_ == "":
            return True
        if (
            plain
            and after == "-"
            and self.doc[fig.last].whitespace_ == ""
            and self.tok(fig.last + 2) is not None
            and self.doc[fig.last + 2].is_alpha
            and not _is_number_token(self.doc[fig.last + 2])
        ):
            return True  # "two-state solution", "4-day operation": a modifier, not a count
        hundred_percent = fig.unit == "percent" and fig.value == 100 and nxt is not None
        if hundred_percent and (nxt.pos_ in ("ADJ", "ADV") or after in ("more", "sure", "certain", "behind")):
            return True  # "100% sure", "100% more than one": emphasis, not a share
        if hundred_percent and (
            self.doc[fig.last].head.lemma_.lower() in EMPHASIS_WORDS
            or (nxt.dep_ in ("nsubj", "nsubjpass") and nxt.head.i > nxt.i)
        ):
            return True  # "I agree 100 percent", "I can tell you 100% this is not": emphasis
        return (
            first.is_alpha
            and first.is_title
            and not first.is_sent_start
            and (
                self.low(first.i - 1) == "of"
                or (self.tok(first.i - 1) is not None and self.doc[first.i - 1].is_title)
            )
            and last.i == fig.last
        )

    @staticmethod
    def _year_like(value: float) -> bool:
        return value.is_integer() and 1800 <= value <= 2100

    def _excluded(self, fig: Figure) -> bool:
        """Dates, times, years, ages, ordinals, list numbers and numbers that are part of a name."""
        doc = self.doc
        nums = [doc[k] for k in fig.number_tokens]
        first = nums[0]
        if any(t.i in self.kinds for t in nums):
            return True  # a phone number, product name, score, rank, age, era or address (kinds.py)
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
        if nxt is not None and nxt.lemma_.lower() in TIME_UNITS and not fig.currency and fig.unit is None:
            return True
        if after == "of" and self.tok(fig.last + 2) is not None and fig.unit is None and not fig.currency:
            unit = self.doc[fig.last + 2]
            if unit.lemma_.lower() in TIME_UNITS and unit.tag_ == "NNS":
                return True  # "hundreds of thousands of years", "dozens of hours": a duration
        if after in ("am", "pm", "a.m.", "p.m.", "o'clock"):
            return True
        before = self.low(first.i - 1) if first.i == fig.first else self.low(fig.first - 1)
        prev = self.tok(first.i - 1)
        if before in ("aged", "age", "ages", "no.", "nos.", "#"):
            return True
        if self._not_a_count(fig, nums):
            return True
        if before == "." and self.low(first.i - 2) in ("no", "nos"):
            return True
        leading = prev is not None and first.i == fig.first
        named = prev is not None and (prev.is_title or prev.lower_ in ("no", "number", "page"))
        if leading and (
            (prev.lower_ in NAME_WORDS_BEFORE_NUMBERS and named)
            or (prev.lower_ in REFERENCE_WORDS and fig.unit is None and fig.currency is None)
        ):
            return True  # "Resolution 2231", "Route 66", "number 10", "category 4 winds", "title 8"
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


def shape_risk(doc: Any, fig: Figure) -> float:
    """How much a bare number (nothing counted after it) looks like something other than a count, 0–0.4:
    right after a capitalised word ("Kestria 12": a name or code the rules let through), a plain
    four-digit integer (a year?), inside brackets (a reference or a tally), or a single digit on its own."""
    first = doc[fig.number_tokens[0]]
    prev = doc[first.i - 1] if first.i > 0 else None
    after = doc[fig.last + 1] if fig.last + 1 < len(doc) else None
    risk = 0.0
    if fig.first == first.i and prev is not None and prev.is_title and not prev.is_sent_start:
        risk += 0.2
    if re.fullmatch(r"\d{4}", first.text) and fig.unit is None and fig.currency is None:
        risk += 0.2
    if prev is not None and prev.text == "(" and after is not None and after.text == ")":
        risk += 0.1
    if re.fullmatch(r"\d", first.text) and fig.first == fig.last:
        risk += 0.1
    return min(0.4, risk)
