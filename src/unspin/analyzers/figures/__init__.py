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

from typing import Any, ClassVar

from unspin.analyzer import register
from unspin.analyzers.attribution import sentences_of
from unspin.analyzers.figures.classify import CATEGORIES, PEOPLE_CATEGORIES, classify, span_root
from unspin.analyzers.figures.discourse import Reading, resolve
from unspin.analyzers.figures.numbers import BOUNDS, Scanner, as_number, shape_risk, words_value
from unspin.analyzers.figures.totals import TOTALS_THRESHOLD, summary
from unspin.article import Annotation, Article
from unspin.lang.en.numbers import AMBIGUOUS_TOLLS, SUFFIXES
from unspin.lang.en.people import PEOPLE_NOUNS
from unspin.nlp.parse import ParsedAnalyzer, parse
from unspin.nlp.segmentation import segment

__all__ = ["BOUNDS", "CATEGORIES", "PEOPLE_CATEGORIES", "TOTALS_THRESHOLD", "Figures", "words_value"]


def confidence(category: str, noun: Any, vague: bool, sourced: bool, risk: float = 0.0) -> float:
    """How sure the figure's reading is, 0–1 (reports threshold on it; the summary's totals use only
    figures at or above ``TOTALS_THRESHOLD``): money and percentages 0.9; a count of people with its
    counted noun 0.9, without 0.8; another quantity with its noun 0.75, a bare number 0.6. Vague plurals
    ("dozens") lose 0.1, unsourced figures 0.05, and a number whose shape is that of a code, a year or a
    reference (``risk``, from :func:`unspin.analyzers.figures.numbers.shape_risk`) loses that much.
    "Casualties" count the dead and the wounded together: such figures stay under the totals threshold."""
    if category in ("MONEY", "DAMAGE", "PERCENT"):
        score = 0.9
    elif category == "QUANTITY":
        score = 0.75 if noun is not None else 0.6
    else:
        score = 0.9 if noun is not None else 0.8
    score -= (0.1 if vague else 0.0) + (0.0 if sourced else 0.05) + risk
    return round(max(0.05, score), 2)


def counted_lemma(noun: Any) -> str | None:
    """The counted noun as a lower-case lemma ("civilians" → "civilian", "lives" → "person",
    "Guardsmen" → "guardsman"): what totals group by."""
    if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = str(noun.lemma_).lower()
    if lemma == "life":
        return "person"  # "claimed 165 lives"
    if noun.tag_ == "NNPS" and lemma == noun.lower_:  # proper plurals keep their form: "Guardsmen"
        for plural, singular in (("men", "man"), ("ies", "y"), ("s", "")):
            if lemma.endswith(plural) and len(lemma) > len(plural) + 2:
                return lemma[: -len(plural)] + singular
    return lemma or None


def _other_clause(doc: Any, root: Any, cue_start: Any) -> bool:
    """Is the attribution's cue in a clause coordinated after the figure's by "and" or "but" ("has killed
    97 people, and doctors are warning that ...")? Then it vouches for its own clause, not for the figure
    (unlike a reporting clause after it: "... and five cases were found, the ministry confirmed")."""
    if not isinstance(cue_start, int):
        return False
    span = doc.char_span(cue_start, cue_start + 1, alignment_mode="expand")
    if span is None:
        return False
    tok = span[0]
    above = {t.i for t in root.ancestors} | {root.i}
    if tok.i in above:
        return False  # the cue governs the figure ("said 97 people died")
    while tok.head.i != tok.i and tok.i not in above:
        if tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and tok.left_edge.i > 0:
            joined = doc[tok.left_edge.i - 1]
            if joined.dep_ == "cc" or joined.lower_ in ("and", "but", "while", "yet"):
                return True  # ", and doctors warn": not ", the ministry said" after the figure
        tok = tok.head
    return False


def _pick_attribution(doc: Any, root: Any, candidates: list[Annotation]) -> Annotation | None:
    """The attribution of a figure's sentence; with several, the one whose cue governs the figure; none
    whose cue is in a clause coordinated after the figure's."""
    candidates = [a for a in candidates if not _other_clause(doc, root, a.attrs.get("cue_start"))]
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
            for k in sentences_of(a):
                by_sentence.setdefault(k, []).append(a)
        readings = []
        for fig in Scanner(doc).figures():
            category, counts, noun = classify(doc, fig)
            if (
                category == "QUANTITY"
                and fig.value == 1
                and doc[fig.number_tokens[0]].lower_ in ("one", "a", "an")
            ):
                continue  # "one of the reasons", "not one step": rarely a reported count
            readings.append(Reading(fig, category, counts, noun))
        resolve(doc, readings)
        out = []
        for reading in readings:
            fig, category, counts, noun = reading.fig, reading.category, reading.counts, reading.noun
            last = doc[fig.last]
            end = last.idx + len(last.text.rstrip(".") if last.lower_.rstrip(".") in SUFFIXES else last.text)
            start = doc[fig.first].idx
            unit = fig.unit
            if unit is None and fig.currency is None:
                noun_lemma = noun.lemma_.lower() if noun is not None else None
                if noun_lemma in PEOPLE_NOUNS or (noun is None and category in PEOPLE_CATEGORIES):
                    unit = "people"
                elif noun is not None and noun.pos_ == "NOUN":
                    unit = noun.lower_
            sentence = seg.sentence_at(start)
            source = _pick_attribution(
                doc, span_root(doc, fig), by_sentence.get(-1 if sentence is None else sentence, [])
            )
            attrs: dict[str, Any] = {
                "value": as_number(fig.value),
                "bound": fig.bound,
                "unit": unit,
                "currency": fig.currency,
                "counts": counts,
                "noun": noun.text if noun is not None else None,
                "counted": counted_lemma(noun),
                "sentence": sentence,
                "attribution": source.label if source is not None else "none",
                "source": source.text if source is not None else None,
            }
            if fig.high is not None:
                attrs["high"] = as_number(fig.high)
            risk = shape_risk(doc, fig) if noun is None and category != "MONEY" else 0.0
            score = confidence(category, noun, fig.vague, source is not None, risk)
            if attrs["counted"] in AMBIGUOUS_TOLLS:
                score = min(score, round(TOTALS_THRESHOLD - 0.05, 2))  # dead and wounded together
            out.append(self.make(article, start, end, category, score=score, attrs=attrs))
        return out

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        return summary(annotations, article.text)
