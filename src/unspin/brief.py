"""The analyst's brief: what a reader should see first, computed once from an analysed article.

A pure function of the article's layers and summaries (no model, no I/O): how hard the piece pushes and
with what, which check-worthy claims stand on whose word, the tolls and key figures as a careful reader
states them, the main events, and the principal actors and places. Every item carries the offsets of
its evidence in ``Article.text``, so each line of every rendering (terminal, Markdown, HTML, JSON under
``summary.brief``) can be traced to the words it rests on. Missing layers give empty sections, never
an error, so a brief of a ``--only techniques`` run is just shorter.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from unspin.article import Annotation, Article

TOP_TECHNIQUES = 5  # strongest technique spans quoted
TOP_SENTENCES = 3  # most propagandistic sentences quoted (and averaged for the fallback score)
TOP_CLAIMS = 3  # unsourced and weakly sourced claims quoted
TOP_FIGURES = 8
TOP_EVENTS = 5
TOP_NAMES = 5  # actors, places
SENTENCE_FLOOR = 0.5  # a sentence is quoted as loaded only from this propaganda probability up

# (lower bound, band, plain verdict); the first band whose bound the score reaches.
BANDS = (
    (0.7, "very high", "Heavy use of propaganda techniques"),
    (0.5, "high", "Marked use of propaganda techniques"),
    (0.3, "moderate", "Some persuasive or loaded passages"),
    (0.0, "low", "Little sign of propaganda techniques"),
)
# How each attribution label counts in the sourcing line.
SOURCING = {
    "named_person": "named",
    "named_organisation": "named",
    "media": "named",
    "document": "named",
    "vague": "vague",
    "anonymous": "anonymous",
    "none": "none",
}
SOURCING_ORDER = ("named", "vague", "anonymous", "none")
# Figure categories in the order a reader asks about them: human tolls first.
FIGURE_ORDER = (
    "KILL",
    "WOUND",
    "KIDNAP",
    "ARREST",
    "AFFECT",
    "PROTEST",
    "SEIZE",
    "DAMAGE",
    "MONEY",
    "PERCENT",
    "QUANTITY",
)
FIGURE_NAMES = {
    "KILL": "killed",
    "WOUND": "injured",
    "KIDNAP": "kidnapped",
    "ARREST": "arrested",
    "AFFECT": "affected",
    "PROTEST": "protesters",
    "SEIZE": "seized",
    "DAMAGE": "damage",
    "MONEY": "money",
    "PERCENT": "share",
    "QUANTITY": "quantity",
}
_ACTOR_LABELS = ("person", "organisation", "group")


@dataclass(frozen=True, slots=True)
class Span:
    """Evidence: ``[start, end)`` of the article text and the words there."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, a: Annotation) -> Span:
        return cls(a.start, a.end, a.text)


@dataclass(frozen=True, slots=True)
class Verdict:
    score: float | None  # article-level propaganda probability, None without the techniques layer
    band: str | None
    says: str
    basis: str  # how the score was obtained, for the reader who wants to weigh it


@dataclass(frozen=True, slots=True)
class Technique:
    technique: str
    score: float | None
    evidence: Span


@dataclass(frozen=True, slots=True)
class Sentence:
    score: float
    evidence: Span


@dataclass(frozen=True, slots=True)
class Claim:
    score: float | None
    sourcing: str  # named / vague / anonymous / none
    source: str | None  # the source phrase or vague cue, as written
    evidence: Span


@dataclass(frozen=True, slots=True)
class Sourcing:
    claims: int
    counts: dict[str, int]  # SOURCING_ORDER keys
    unsourced: tuple[Claim, ...]  # most check-worthy claims standing on nothing
    weakly_sourced: tuple[Claim, ...]  # most check-worthy ones on a vague cue or an anonymous source
    evidence: tuple[Claim, ...]  # every claim, so each count can be traced


@dataclass(frozen=True, slots=True)
class Figure:
    category: str
    value: float | None
    high: float | None
    bound: str | None
    counts: str | None  # what the number counts ("people killed")
    noun: str | None  # who or what ("civilians")
    unit: str | None
    currency: str | None
    source: str | None  # who says so, as written; None when nobody does
    attribution: str | None  # the source's kind (attribution label) or "none"
    evidence: tuple[Span, ...]  # every report of this figure
    part_of: str | None = None  # what the whole counts, when this figure is a part of it


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    sub_type: str | None
    place: str | None
    date: str | None
    date_precision: str | None
    actors: tuple[str, ...]
    evidence: Span
    # the date phrase as written when no date resolves it ("Tuesday" in an undated article)
    date_text: str | None = None


@dataclass(frozen=True, slots=True)
class Name:
    """A principal actor or place: canonical name, kind, how often named, first mention as evidence."""

    name: str
    kind: str
    mentions: int
    country: str | None
    evidence: Span


@dataclass(frozen=True, slots=True)
class Brief:
    verdict: Verdict
    techniques: tuple[Technique, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    technique_counts: dict[str, int] = field(default_factory=dict)
    sourcing: Sourcing | None = None
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    actors: tuple[Name, ...] = ()
    places: tuple[Name, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The brief as plain JSON data (``summary.brief`` in ``unspin/1``)."""
        data = asdict(self)
        return _rounded(data)

    def evidence(self) -> list[Span]:
        """Every evidence span the brief cites, in text order without repeats (for anchors)."""
        spans: list[Span] = [t.evidence for t in self.techniques] + [s.evidence for s in self.sentences]
        if self.sourcing:
            spans += [c.evidence for c in self.sourcing.evidence]
        for f in self.figures:
            spans += f.evidence
        spans += [e.evidence for e in self.events] + [n.evidence for n in self.actors + self.places]
        return sorted(set(spans), key=lambda s: (s.start, -s.end))


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


# --- the score --------------------------------------------------------------------------------------


def article_score(article: Article) -> tuple[float | None, str]:
    """The article-level propaganda probability and how it was obtained.

    Prefers an article-level score from the techniques summary; without one, the mean of the
    ``TOP_SENTENCES`` highest sentence probabilities (one loaded paragraph is enough to mark a piece,
    one borderline sentence is not).
    """
    summary = article.summary.get("techniques")
    if not isinstance(summary, dict):
        return None, "no techniques analysis"
    for key in ("article_score", "propaganda_probability"):
        value = summary.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0.0 <= value <= 1.0:
            return float(value), "calibrated article-level probability"
    scores = [float(s) for s in summary.get("sentence_scores") or [] if isinstance(s, int | float)]
    if not scores:
        return None, "no sentence scores"
    top = sorted(scores, reverse=True)[:TOP_SENTENCES]
    return sum(top) / len(top), f"mean of the {len(top)} highest sentence probabilities"


def verdict(score: float | None, basis: str) -> Verdict:
    if score is None:
        return Verdict(None, None, "Not scored: the techniques analysis did not run", basis)
    for floor, band, says in BANDS:
        if score >= floor:
            return Verdict(score, band, says, basis)
    raise AssertionError("BANDS must end at 0.0")


def _sentences(article: Article) -> tuple[Sentence, ...]:
    summary = article.summary.get("techniques")
    scores = summary.get("sentence_scores") if isinstance(summary, dict) else None
    sentences = article.layer("sentences")
    if not isinstance(scores, list) or len(scores) != len(sentences):
        return ()
    ranked = sorted(
        (i for i, s in enumerate(scores) if isinstance(s, int | float) and s >= SENTENCE_FLOOR),
        key=lambda i: (-scores[i], i),
    )[:TOP_SENTENCES]
    return tuple(Sentence(float(scores[i]), Span.of(sentences[i])) for i in ranked)


def _techniques(article: Article) -> tuple[tuple[Technique, ...], dict[str, int]]:
    spans = sorted(article.layer("techniques"), key=lambda a: (-(a.score or 0.0), a.start, a.label))
    chosen: list[Technique] = []
    for a in spans:
        if any(t.evidence.start == a.start and t.evidence.end == a.end for t in chosen):
            continue  # one span under two techniques: quote it once, under the likelier
        chosen.append(Technique(a.label, a.score, Span.of(a)))
        if len(chosen) == TOP_TECHNIQUES:
            break
    counts = Counter(a.label for a in article.layer("techniques"))
    return tuple(chosen), dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# --- sourcing ---------------------------------------------------------------------------------------


def _sourcing(article: Article) -> Sourcing | None:
    if "claims" not in article.layers:
        return None
    claims = []
    antecedents = _antecedents(article)
    for a in article.layer("claims"):
        kind = SOURCING.get(str(a.attrs.get("attribution") or "none"), "named")
        source = a.attrs.get("source")
        source = _credit(source, a.start, antecedents) if isinstance(source, str) else None
        claims.append(Claim(a.score, kind, source, Span.of(a)))
    counts = Counter(c.sourcing for c in claims)

    def strongest(kinds: tuple[str, ...]) -> tuple[Claim, ...]:
        picked = sorted(
            (c for c in claims if c.sourcing in kinds), key=lambda c: (-(c.score or 0.0), c.evidence.start)
        )
        return tuple(picked[:TOP_CLAIMS])

    return Sourcing(
        len(claims),
        {k: counts.get(k, 0) for k in SOURCING_ORDER},
        strongest(("none",)),
        strongest(("vague", "anonymous")),
        tuple(claims),
    )


# --- who is credited -------------------------------------------------------------------------------


def _antecedents(article: Article) -> list[tuple[int, int, str, str]]:
    """(start, end) of each sentence a pronoun or repeated description vouches for, the source as
    written there ("it", "the ministry") and the name the attribution layer resolved it to."""
    sentences = article.layer("sentences")
    out = []
    for a in article.layer("attribution"):
        named = a.attrs.get("refers_to")
        if not isinstance(named, str) or not named.strip():
            continue
        indices = a.attrs.get("sentences") or [a.attrs.get("sentence")]
        for k in indices if isinstance(indices, list) else []:
            if isinstance(k, int) and 0 <= k < len(sentences):
                out.append((sentences[k].start, sentences[k].end, a.text, " ".join(named.split())))
    return out


def _credit(source: str, at: int, antecedents: list[tuple[int, int, str, str]]) -> str:
    """Who a source phrase found at offset ``at`` stands for: "the ministry" → "the Ministry of Defence of
    Valdoria" when the attribution layer linked them, else the phrase as written."""
    for start, end, written, named in antecedents:
        if start <= at < end and written == source:
            return named
    return source


# --- figures ----------------------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    """A finite number (integral ones as ``int``, so JSON says 14 and not 14.0), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return int(value) if float(value).is_integer() and abs(value) < 1e15 else float(value)
    return None


def _figure(category: str, mention: Annotation, evidence: tuple[Span, ...], **reading: Any) -> Figure:
    at = mention.attrs

    def text(key: str) -> str | None:
        value = reading.get(key, at.get(key))
        return value if isinstance(value, str) else None

    return Figure(
        category,
        _number(reading.get("value", at.get("value"))),
        _number(reading.get("high", at.get("high"))),
        text("bound"),
        text("counts"),
        text("noun"),
        text("unit"),
        text("currency"),
        text("source"),
        str(at.get("attribution") or "none"),
        evidence,
        text("part_of"),
    )


def figure_totals(article: Article, limit: int | None = TOP_FIGURES) -> tuple[Figure, ...]:
    """The reported figures as the figures analyzer totals them, tolls first (the first ``limit``; all
    with ``None``).

    One line per quantity of ``summary.figures.totals``: one thing counted, competing reports as a range
    with every source named, parts marked with their whole; nothing is ever added up here. Without those
    totals (an older analysis), every figure span is listed as it stands.
    """
    by_span = {(a.start, a.end): a for a in article.layer("figures")}
    antecedents = _antecedents(article)

    def credited(sources: list[str], reports: list[Annotation]) -> list[str]:
        """The sources as named: a pronoun or repeat ("the ministry") replaced by what it stands for."""
        named: dict[str, str] = {}
        for r in reports:
            written = r.attrs.get("source")
            if isinstance(written, str):
                named.setdefault(written, _credit(written, r.start, antecedents))
        return list(dict.fromkeys(named.get(x, x) for x in sources))

    summary = article.summary.get("figures")
    totals = summary.get("totals") if isinstance(summary, dict) else None
    figures: list[Figure] = []
    if isinstance(totals, dict):
        for category, entry in totals.items():
            for q in entry.get("quantities") or [] if isinstance(entry, dict) else []:
                reports = [r for r in q.get("reports") or [] if (r.get("start"), r.get("end")) in by_span]
                if not reports:
                    continue
                first = by_span[(reports[0]["start"], reports[0]["end"])]
                low, high = _number(q.get("low")), _number(q.get("high"))
                spans = [by_span[(r["start"], r["end"])] for r in reports]
                sources = credited([str(x) for x in q.get("sources") or [] if x], spans)
                part_of = q.get("part_of")
                figures.append(
                    _figure(
                        str(category),
                        first,
                        tuple(Span.of(by_span[(r["start"], r["end"])]) for r in reports),
                        value=low,
                        high=high if high != low else None,
                        bound=q.get("bound"),
                        source="; ".join(sources) if sources else None,
                        part_of=part_of.get("counts") if isinstance(part_of, dict) else None,
                    )
                )
    else:
        figures = []
        for a in article.layer("figures"):
            written = a.attrs.get("source")
            source = _credit(written, a.start, antecedents) if isinstance(written, str) else None
            figures.append(_figure(a.label, a, (Span.of(a),), source=source))
    figures = [f for f in figures if f.category != "QUANTITY" or f.counts]  # counts nothing identifiable
    rank = {c: i for i, c in enumerate(FIGURE_ORDER)}
    figures.sort(key=lambda f: (rank.get(f.category, len(rank)), f.evidence[0].start))
    return tuple(figures[:limit])


# --- events, actors, places -------------------------------------------------------------------------


def events_of(article: Article, limit: int | None = TOP_EVENTS) -> tuple[Event, ...]:
    """The article's events, dated ones in date order first, then the rest in text order."""
    events = []
    for a in article.layer("events"):
        at = a.attrs
        actors = at.get("actors")
        events.append(
            Event(
                a.label,
                at.get("sub_type") if isinstance(at.get("sub_type"), str) else None,
                at.get("place") if isinstance(at.get("place"), str) else None,
                at.get("date") if isinstance(at.get("date"), str) else None,
                at.get("date_precision") if isinstance(at.get("date_precision"), str) else None,
                tuple(str(x) for x in actors) if isinstance(actors, list) else (),
                Span.of(a),
                at.get("date_text")
                if not isinstance(at.get("date"), str) and isinstance(at.get("date_text"), str)
                else None,
            )
        )
    # Dated events in date order, then undated ones in text order.
    events.sort(key=lambda e: (e.date is None, e.date or "", e.evidence.start, e.type))
    return tuple(events[:limit])


def _display_name(mentions: list[Annotation]) -> str:
    """The canonical name if an analyzer gave one, else the commonest written form (not ALL CAPS)."""
    for m in mentions:
        for key in ("canonical", "name"):
            value = m.attrs.get(key)
            if isinstance(value, str) and value.strip():
                return value
    forms = Counter(" ".join(m.text.split()) for m in mentions)
    return max(forms, key=lambda f: (not f.isupper(), forms[f], -mentions[0].start))


def _principal(article: Article) -> Callable[[list[Annotation]], bool]:
    """Is an entity a principal actor: named more than once, or speaking (a source or the antecedent of
    one in the attribution layer), or taking part in an event? A name dropped once in passing ("a word
    printed in Olvana or Dressk") is not."""
    spoken: list[tuple[int, int]] = []
    for a in article.layer("attribution"):
        spoken.append((a.start, a.end))
        start, end = a.attrs.get("refers_to_start"), a.attrs.get("refers_to_end")
        if isinstance(start, int) and isinstance(end, int):
            spoken.append((start, end))
    acting: set[str] = set()
    for e in article.layer("events"):
        actors = e.attrs.get("actors")
        if isinstance(actors, list):
            acting.update(" ".join(str(x).split()).casefold() for x in actors)

    def principal(mentions: list[Annotation]) -> bool:
        if len(mentions) >= 2:
            return True
        for m in mentions:
            if any(s < m.end and m.start < e for s, e in spoken):
                return True
            if " ".join(m.text.split()).casefold() in acting:
                return True
        return False

    return principal


def _names(
    annotations: list[Annotation],
    kinds: tuple[str, ...] | None,
    keep: Callable[[list[Annotation]], bool] | None = None,
) -> tuple[Name, ...]:
    groups: dict[Any, list[Annotation]] = {}
    for a in annotations:
        if kinds is not None and a.label not in kinds:
            continue
        cluster = a.attrs.get("cluster")
        key = ("cluster", cluster) if cluster is not None else ("text", a.text.casefold())
        groups.setdefault(key, []).append(a)
    names = []
    for mentions in groups.values():
        mentions.sort(key=lambda m: m.start)
        if keep is not None and not keep(mentions):
            continue
        country = mentions[0].attrs.get("country")
        kind = str(mentions[0].attrs.get("kind") or mentions[0].label)
        names.append(
            Name(
                _display_name(mentions),
                kind,
                len(mentions),
                country if isinstance(country, str) else None,
                Span.of(mentions[0]),
            )
        )
    names.sort(key=lambda n: (-n.mentions, n.evidence.start))
    return tuple(names[:TOP_NAMES])


def build_brief(article: Article) -> Brief:
    """The brief of an analysed article (see the module docstring); same article in, same brief out."""
    techniques, counts = _techniques(article)
    places_layer = article.layer("places") or [a for a in article.layer("entities") if a.label == "place"]
    return Brief(
        verdict=verdict(*article_score(article)),
        techniques=techniques,
        sentences=_sentences(article),
        technique_counts=counts,
        sourcing=_sourcing(article),
        figures=figure_totals(article),
        events=events_of(article),
        actors=_names(article.layer("entities"), _ACTOR_LABELS, _principal(article)),
        places=_names(places_layer, None),
    )
