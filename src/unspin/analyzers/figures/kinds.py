"""Numbers that are not figures, and what they are: phone numbers, product and model names, scores,
ranks, ages, eras, street addresses.

A figure counts or measures something an analyst would report. News is full of numbers that do not:
"call 020 7946 0018", "a Boeing 737", "Article 5", "won 3-1", "ranked 12", "Jane Doe, 32,", "590 BC",
"42 Elm Street". Each is recognised by a general rule — a spaCy ``Matcher`` pattern over token shapes
and lemmas, or, for phone numbers, the digit-group shapes telephone numbers are written in — and the
scanner drops every number expression that touches one (:func:`number_kinds`). Dates, times, years,
durations, ordinals and hyphenated codes ("F-16", "COVID-19") are excluded by the scanner itself
(:mod:`unspin.analyzers.figures.numbers`), from the parse's entities and the words around the number.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from unspin.lang.en.measures import CURRENCY_WORDS, UNITS
from unspin.lang.en.numbers import (
    AGE_ADJECTIVES,
    AGE_SUFFIX_WORDS,
    CALENDAR_WORDS,
    CALIBRE_WEAPONS,
    CALIBRE_WORDS,
    EMERGENCY_AFTER,
    EMERGENCY_CUES,
    EMERGENCY_NUMBERS,
    ERA_WORDS,
    FREQUENCY_WORDS,
    LEGAL_CODE_WORDS,
    LOWER_STREET_FIRST_WORDS,
    NAMING_WORDS,
    ONES,
    PHONE_CUES,
    PHONE_FILLERS,
    RANK_WORDS,
    ROOM_WORDS,
    SCALES,
    SCORE_WORDS,
    STREET_FIRST_WORDS,
    STREET_WORDS,
    TENS,
    TIME_ZONE_WORDS,
    WIDGET_WORDS,
)
from unspin.lang.en.people import AGE_GROUP_NOUNS, PEOPLE_NOUNS

KINDS = ("phone", "product", "ticker", "score", "rank", "age", "year", "date", "time", "address", "widget")

# Telephone numbers as written: "+44 20 7946 0958", "(020) 7946 0018", "020 7946 0321", "07700 900123",
# "1-800-555-0199", "202.555.0173". A plain "2 000 000" (space-grouped thousands) never matches: every
# shape has a "+", brackets, a leading zero, or the 3-3-4 grouping of North American numbers.
_PHONE = re.compile(
    r"(?<![\w.,+])(?:"
    r"\+\d{1,3}(?:[ .\-]?\(?\d{1,5}\)?){2,6}"
    r"|\(\d{2,5}\)[ .\-]?\d{3,4}[ .\-]?\d{3,4}"
    r"|0\d{2,4}[ .\-]\d{3,4}(?:[ .\-]\d{3,4})?"
    r"|(?:1[ .\-])?\d{3}[.\-]\d{3}[.\-]\d{4}"
    r")(?![\w])"
)
# Dates written in digits: "06-22-2017", "22/06/17", "2017-06-22" (one separator throughout).
_NUMERIC_DATE = re.compile(
    r"(?<![\w.,/-])(?:\d{1,2}([-/.])\d{1,2}\1(?:\d{4}|\d{2})|\d{4}([-/.])\d{1,2}\2\d{1,2})(?![\w/-]|\.\d)"
)
# Exchange tickers with digits: "7203.T", "0700.HK", "005930.KS".
_TICKER = re.compile(r"^\d{3,6}\.[A-Z]{1,2}$")
# The digits of a phone number after a cue: groups joined by spaces, dots, hyphens or brackets.
_PHONE_AFTER_CUE = re.compile(r"[+(]?\d[\d()]*(?:[ .\-]\(?\d[\d()]*)*")
_DIGIT_TOKEN = r"^[+(]?\d[\d\-.()]*$"
_SCORE_TOKEN = r"^\d{1,3}[-–]\d{1,3}$"
_PLAIN = ["d", "dd", "ddd", "dddd"]
_CODE = re.compile(r"^\d+[A-Z]$")  # "221B", "3M": a digit run with one capital letter glued on
_LETTER = re.compile(r"^[A-Z]$")
_NOT_COUNTED = frozenset(("%", "percent", "per", "pct", *SCALES, *UNITS, *CURRENCY_WORDS, "dozen", "times"))

# People described by an age limit: "children under 5", "those over 65".

_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "phone": [
        # SMS short codes: "text HELP to 85258"
        [
            {"LOWER": {"IN": ["text", "txt", "sms"]}},
            {"IS_UPPER": True, "OP": "?"},
            {"LOWER": "to"},
            {"SHAPE": {"IN": ["dddd", "ddddd", "dddddd"]}},
        ],
        [
            {"LOWER": {"IN": sorted(PHONE_CUES)}},
            {"LOWER": {"IN": sorted(PHONE_FILLERS)}, "OP": "{0,4}"},
            {"TEXT": {"REGEX": _DIGIT_TOKEN}},
        ],
    ],
    # "Boeing 737", "iPhone 8", "Windows 10", "Section 230", "Flight 17": a capitalised word, then digits
    "product": [[{"IS_ALPHA": True, "TEXT": {"REGEX": "[A-Z]"}}, {"SHAPE": {"IN": _PLAIN}}]],
    # "won 3-1", "voted 51-49", "a 2–0 defeat", "beat them 24 to 17"
    "score": [
        [
            {"LEMMA": {"IN": sorted(SCORE_WORDS)}},
            {"IS_ALPHA": True, "OP": "{0,2}"},
            {"TEXT": {"REGEX": _SCORE_TOKEN}},
        ],
        [{"TEXT": {"REGEX": _SCORE_TOKEN}}, {"LEMMA": {"IN": sorted(SCORE_WORDS)}}],
        [
            {"LEMMA": {"IN": sorted(SCORE_WORDS)}},
            {"IS_ALPHA": True, "OP": "{0,2}"},
            {"LIKE_NUM": True},
            {"LOWER": {"IN": ["-", "–", "to"]}},
            {"LIKE_NUM": True},
        ],
    ],
    # codes: "8 U.S.C. 1326", "§ 1325", "98.5 FM", "version 2"
    "product_code": [
        [{"LIKE_NUM": True}, {"LOWER": {"IN": sorted(LEGAL_CODE_WORDS)}}],
        [{"LOWER": {"IN": sorted(LEGAL_CODE_WORDS)}}, {"LIKE_NUM": True}],
        [{"ORTH": {"IN": ["§", "§§"]}}, {"LIKE_NUM": True}],
        [{"LIKE_NUM": True}, {"LOWER": {"IN": sorted(FREQUENCY_WORDS)}}],
        [{"LOWER": {"IN": ["version", "v.", "ver."]}}, {"LIKE_NUM": True}],
        # calibres: "a 12 gauge shotgun", ".45 caliber", "a 9mm pistol", "155mm shells"
        [{"LIKE_NUM": True}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": sorted(CALIBRE_WORDS)}}],
        [{"LIKE_NUM": True}, {"LOWER": "mm"}, {"LEMMA": {"IN": sorted(CALIBRE_WEAPONS)}}],
        [{"LOWER": {"REGEX": r"^\d+(\.\d+)?mm$"}}, {"LEMMA": {"IN": sorted(CALIBRE_WEAPONS)}}],
    ],
    # "what the coach calls a 9!", "she scored a 10.": a rating, not a count
    "score_rating": [
        [
            {"LOWER": {"IN": ["a", "an", "perfect"]}},
            {"SHAPE": {"IN": ["d", "dd"]}},
            {"ORTH": {"IN": ["!", ".", "?", ",", ")", '"', "”", ";"]}},
        ]
    ],
    # "53 SHARES", "1,204 Views Facebook": share counters of a web page, not news
    "widget": [
        [{"LIKE_NUM": True}, {"LOWER": {"IN": sorted(WIDGET_WORDS)}, "IS_UPPER": True}],
        [
            {"LIKE_NUM": True},
            {"LOWER": {"IN": sorted(WIDGET_WORDS)}},
            {"LOWER": {"IN": ["facebook", "twitter", "email", "whatsapp"]}},
        ],
    ],
    # "ranked 12", "seeded No. 3", "ranked number 5", "the Top 10 list" (not "the top 10 earners")
    "rank": [
        [
            {"LOWER": {"IN": sorted(RANK_WORDS)}},
            {"LOWER": {"IN": ["no", "no.", "number", "#"]}, "OP": "?"},
            {"SHAPE": {"IN": _PLAIN}},
        ],
        [{"LOWER": "top"}, {"SHAPE": {"IN": ["d", "dd", "ddd"]}}],
    ],
    "age": [
        # "Jane Doe, 32,", "the suspect, 45, was", "Smith (41)"
        [
            {"POS": {"IN": ["PROPN", "NOUN"]}},
            {"ORTH": {"IN": [",", "("]}},
            {"SHAPE": {"IN": ["d", "dd"]}},
            {"ORTH": {"IN": [",", ")", ";"]}},
        ],
        # "the men, 23 and 25, were charged"
        [
            {"POS": {"IN": ["PROPN", "NOUN"]}},
            {"ORTH": ","},
            {"SHAPE": {"IN": ["d", "dd"]}},
            {"LOWER": "and"},
            {"SHAPE": {"IN": ["d", "dd"]}},
            {"ORTH": ","},
        ],
        # "At 72, he is the oldest candidate."
        [{"LOWER": "at", "IS_SENT_START": True}, {"SHAPE": {"IN": ["d", "dd"]}}, {"ORTH": ","}],
        # "children under 5", "those over 65"
        [
            {"LEMMA": {"IN": sorted(AGE_GROUP_NOUNS)}},
            {"LOWER": {"IN": ["under", "over", "below", "above"]}},
            {"SHAPE": {"IN": ["d", "dd"]}},
        ],
        # "he turned 60"
        [{"LEMMA": "turn", "POS": "VERB"}, {"SHAPE": {"IN": ["d", "dd", "ddd"]}}],
        # "her thirty-something neighbour", "20-somethings"
        [{"LIKE_NUM": True}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": sorted(AGE_SUFFIX_WORDS)}}],
        [{"LOWER": {"REGEX": r"^\d+-?somethings?$"}}],
        # "as young as 16", "as old as 90"
        [
            {"LOWER": "as"},
            {"LOWER": {"IN": sorted(AGE_ADJECTIVES)}},
            {"LOWER": "as"},
            {"SHAPE": {"IN": ["d", "dd", "ddd"]}},
        ],
    ],
    # "590 BC", "AD 70"
    "year": [
        [{"LIKE_NUM": True}, {"LOWER": {"IN": sorted(ERA_WORDS)}}],
        [{"ORTH": {"IN": ["AD", "A.D."]}}, {"SHAPE": {"IN": _PLAIN}}],
    ],
    # "42 Elm Street", "1600 Pennsylvania Avenue", "300 Main St.", "12 Rue de Rivoli"
    "address": [
        [
            {"SHAPE": {"IN": [*_PLAIN, "ddddd"]}},
            {"IS_TITLE": True, "OP": "{1,3}"},
            {"LOWER": {"IN": sorted(STREET_WORDS)}},
        ],
        [{"SHAPE": {"IN": _PLAIN}}, {"IS_TITLE": True, "LOWER": {"IN": sorted(STREET_FIRST_WORDS)}}],
        # "near 17 rue Pelleport": a lower-case street word, then the street's name
        [
            {"SHAPE": {"IN": _PLAIN}},
            {"LOWER": {"IN": sorted(LOWER_STREET_FIRST_WORDS)}},
            {"IS_TITLE": True},
        ],
        # "room 135", "suite 400", "his room number (135)"
        [
            {"LOWER": {"IN": sorted(ROOM_WORDS)}},
            {"LOWER": {"IN": ["no", "no.", "number", "#"]}, "OP": "?"},
            {"ORTH": "(", "OP": "?"},
            {"SHAPE": {"IN": [*_PLAIN, "ddddd"]}},
        ],
    ],
    # "0630 GMT", "1400 local time"; "0630" alone: a four-digit clock time opening with a zero
    "time": [
        [{"SHAPE": "dddd"}, {"LOWER": {"IN": sorted(TIME_ZONE_WORDS)}}],
        [{"TEXT": {"REGEX": r"^0\d{3}$"}}],
    ],
}


@functools.cache
def _matcher(vocab: Any) -> Any:
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    for kind, patterns in _PATTERNS.items():
        matcher.add(kind, patterns)
    return matcher


def _is_number(tok: Any) -> bool:
    return any(ch.isdigit() for ch in tok.text)


def _counts_something(tok: Any) -> bool:
    """Is ``tok`` (right after a number) a plural noun or a unit, so that the number counts it?"""
    return tok.tag_ in ("NNS", "NNPS") or tok.lower_ in _NOT_COUNTED or tok.lemma_.lower() in _NOT_COUNTED


def _product(doc: Any, name: Any, number: Any) -> bool:
    """ "Boeing 737 crashed": a name word glued to a number that counts nothing after it; not "in March
    12 people", "Syria 400 km", "the UN 5 billion"."""
    one_name = number.ent_iob_ == "I" and number.ent_type_ == name.ent_type_  # "Windows 10" tagged as one
    if name.lower_ in CALENDAR_WORDS or name.is_stop:
        return False
    if name.ent_type_ in ("GPE", "LOC", "NORP", "DATE") and not one_name:
        return False
    if name.is_sent_start and name.pos_ not in ("PROPN", "NOUN"):
        return False  # "About 300", "Nearly 40" opening a sentence
    if name.whitespace_ != " ":
        return False
    after = doc[number.i + 1] if number.i + 1 < len(doc) else None
    return after is None or not _counts_something(after)


def _model_number(doc: Any, tok: Any) -> bool:
    """ "the 787 Dreamliner was grounded": a determiner, digits, then a singular proper name that the
    number does not count (no plural noun after it)."""
    if not tok.is_digit or tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    name, det = doc[tok.i + 1], doc[tok.i - 1]
    after = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
    return (
        det.lower_ in ("the", "its", "their", "his", "her", "a", "an", "this", "that")
        and name.tag_ == "NNP"
        and name.ent_type_ not in ("NORP", "GPE", "LOC", "PERSON")
        and not name.is_sent_start
        and (after is None or after.tag_ not in ("NNS", "NNPS"))
    )


def _phones(doc: Any, kinds: dict[int, str]) -> None:
    text = doc.text
    for m in _PHONE.finditer(text):
        if sum(ch.isdigit() for ch in m.group()) >= 7:
            _mark(doc, m.start(), m.end(), "phone", kinds)
    for tok in doc:
        if tok.text not in EMERGENCY_NUMBERS:
            continue
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        before = {t.lemma_.lower() for t in doc[max(0, tok.i - 2) : tok.i]}
        counted = (
            after is not None and _counts_something(after) and after.lemma_.lower() not in EMERGENCY_AFTER
        )
        if not counted and (
            (after is not None and after.lemma_.lower() in EMERGENCY_AFTER) or before & EMERGENCY_CUES
        ):
            kinds.setdefault(tok.i, "phone")  # "called 911", "a 999 call", "the 911 dispatcher"


def _tickers_and_zips(doc: Any, kinds: dict[int, str]) -> None:
    """ "(7203.T)", "0700.HK": an exchange ticker; "OH 43215": a postal code after a state's code."""
    for tok in doc:
        if _TICKER.match(tok.text):
            kinds.setdefault(tok.i, "ticker")
        elif (
            re.fullmatch(r"\d{5}(?:-\d{4})?", tok.text)
            and tok.i
            and re.fullmatch(r"[A-Z]{2}", doc[tok.i - 1].text)
            and tok.i >= 2
            and doc[tok.i - 2].text == ","
        ):
            kinds.setdefault(tok.i, "address")


def _dates(doc: Any, kinds: dict[int, str]) -> None:
    """ "Processing date: 06-22-2017": a date in digits, month and day each within their range."""
    for m in _NUMERIC_DATE.finditer(doc.text):
        parts = [int(p) for p in re.findall(r"\d+", m.group())]
        day_month = parts[1:] if parts[0] > 31 else parts[:2]
        if min(day_month) >= 1 and min(day_month) <= 12 and max(day_month) <= 31:
            _mark(doc, m.start(), m.end(), "date", kinds)


def _names(doc: Any, kinds: dict[int, str]) -> None:
    """Numbers that open a name: "an asteroid named 3200 Phaethon" (and that name again later in the
    article, "3200 Phaethon will pass"), "reported by 9 News Australia" (a number opening a name the
    parse tags as an organisation, a work or a facility, with two more capitalised words)."""
    named: set[tuple[str, str]] = set()
    for tok in doc:
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if not tok.is_digit or nxt is None or not _singular_name(nxt):
            continue
        prev = doc[tok.i - 1] if tok.i else None
        if prev is not None and prev.lower_ in NAMING_WORDS:
            named.add((tok.text, nxt.text))
        ent = next((e for e in doc.ents if e.start == tok.i), None)
        if (
            ent is not None
            and ent.label_ in ("ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT")
            and len(ent) >= 3
            and all(_singular_name(t) for t in ent[1:])
        ):
            kinds.setdefault(tok.i, "product")
    for tok in doc[:-1]:
        if (tok.text, doc[tok.i + 1].text) in named:
            kinds.setdefault(tok.i, "product")


def _singular_name(tok: Any) -> bool:
    """A capitalised singular name word that counts nobody ("Phaethon", "News"; not "Marines", "Kurds")."""
    return (
        tok.is_title
        and tok.tag_ in ("NNP", "NN")
        and tok.ent_type_ not in ("NORP", "GPE", "LOC")
        and tok.lemma_.lower() not in PEOPLE_NOUNS
    )


def _age_governed(tok: Any) -> bool:
    """ "raising the age to buy a gun from 18 to 21", "a minimum age of 16": the number is the value of
    an age, through the prepositions above it, the noun or verb they hang on, or that verb's object."""
    if not tok.like_num or not re.fullmatch(r"\d{1,2}|1[01]\d|[a-z]+", tok.lower_):
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ in ("from", "to", "at"):
        k = tok.i - 1
        while k >= max(0, tok.i - 10) and not tok.doc[k].is_punct:
            if tok.doc[k].lemma_.lower() == "age":
                return True  # "raising the age to buy a rifle from 18 to 21"
            k -= 1
    head = tok
    while head.dep_ in ("pobj", "prep", "attr", "conj") and head.head.i != head.i:
        head = head.head
        if head.lemma_.lower() == "age":
            return True
    owners = [head, head.head] if head.dep_ in ("xcomp", "acl", "relcl") else [head]
    return any(
        c.lemma_.lower() == "age"
        for owner in owners
        for c in owner.children
        if c.dep_ in ("dobj", "nsubj", "nsubjpass", "compound")
    )


_APOSTROPHES = frozenset("'’‘")  # the marks a clipped year is written with


def _clipped_years(doc: Any, kinds: dict[int, str]) -> None:
    """ "BC '22", "the class of ’19", "the ’90s": two digits glued to an apostrophe are a clipped year."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.text in _APOSTROPHES and prev.whitespace_ == "" and re.fullmatch(r"\d\ds?", tok.text):
            kinds.setdefault(tok.i, "year")


def _clock_words(doc: Any, kinds: dict[int, str]) -> None:
    """ "at ten-thirty-two", "ten-fifteen p.m.": an hour word hyphenated to a minutes word is a time, as
    no count is written that way ("twenty-five" has no hour before its hyphen)."""
    for tok in doc[: len(doc) - 2]:
        hyphen, minutes = doc[tok.i + 1], doc[tok.i + 2]
        if (
            1 <= ONES.get(tok.lower_, 0) <= 12
            and hyphen.text == "-"
            and tok.whitespace_ == hyphen.whitespace_ == ""
            and (ONES.get(minutes.lower_, 0) >= 10 or minutes.lower_ in TENS)
        ):
            end = tok.i + 3
            if end + 1 < len(doc) and doc[end].text == "-" and minutes.whitespace_ == "":
                end += 2  # "ten-thirty-two"
            for k in range(tok.i, end):
                kinds.setdefault(k, "time")


def _mark(doc: Any, start: int, end: int, kind: str, kinds: dict[int, str]) -> None:
    span = doc.char_span(start, end, alignment_mode="expand")
    for tok in span if span is not None else ():
        kinds.setdefault(tok.i, kind)


def number_kinds(doc: Any) -> dict[int, str]:
    """Token index → kind (one of :data:`KINDS`) for the tokens of numbers that are not figures."""
    kinds: dict[int, str] = {}
    _phones(doc, kinds)
    _dates(doc, kinds)
    _tickers_and_zips(doc, kinds)
    _names(doc, kinds)
    _clipped_years(doc, kinds)
    _clock_words(doc, kinds)
    for tok in doc:
        if tok.i and doc[tok.i - 1].text in ("$", "€", "£", "¥"):
            continue
        if tok.i != tok.head.i and _age_governed(tok):
            kinds.setdefault(tok.i, "age")
            continue
        if _CODE.match(tok.text):
            kinds.setdefault(tok.i, "product")
        elif (
            tok.is_digit
            and tok.whitespace_ == ""
            and tok.i + 1 < len(doc)
            and _LETTER.match(doc[tok.i + 1].text)
        ):
            kinds.setdefault(tok.i, "product")  # "5G", "4K" split into two tokens
        elif _model_number(doc, tok):
            kinds.setdefault(tok.i, "product")
    matches = _matcher(doc.vocab)(doc)
    for match_id, start, end in sorted(matches, key=lambda m: (m[1], -m[2])):
        rule = doc.vocab.strings[match_id]
        kind = rule.split("_")[0]  # "product_code" → "product", "score_rating" → "score"
        span = doc[start:end]
        numbers = [t for t in span if _is_number(t) or (kind == "age" and t.like_num)]
        if not numbers:
            continue
        if kind == "phone":
            number = numbers[0]
            after = doc[number.i + 1] if number.i + 1 < len(doc) else None
            if (after is not None and _counts_something(after)) or "," in number.text:
                continue
            m = _PHONE_AFTER_CUE.match(doc.text, number.idx)
            end_char = m.end() if m else number.idx + len(number.text)
            _mark(doc, number.idx, end_char, kind, kinds)
            continue
        if rule == "product" and not _product(doc, span[0], span[1]):
            continue
        counted_after = span[-1].i + 1 < len(doc) and _counts_something(doc[span[-1].i + 1])
        if (
            kind in ("rank", "age", "address")
            and counted_after
            and (kind != "age" or span[-1].text not in ",);")
        ):
            continue  # "ranked 12 countries", "children under 5 million", "a room 40 people shared"
        if kind == "age" and span[1].text == "(" and (span[0].ent_type_ != "PERSON" or len(span[2]) < 2):
            continue  # "Belton (1)", "the budget (12)": a tally or a reference, not an age
        if kind == "age" and span[0].ent_type_ in ("GPE", "LOC", "ORG", "NORP", "FAC"):
            continue  # "arrests in Belton, 1, and ...": not a person's age
        plural = span[0].pos_ == "NOUN" and span[0].tag_ != "NN"
        if kind == "age" and plural and span[1].text == "," and len(numbers) == 1:
            continue  # "the victims, 12, were": a plural noun's number is a count
        for t in numbers:
            kinds.setdefault(t.i, kind)
    return kinds
