"""The ``events`` layer: political violence, protests and strategic developments, in the spirit of ACLED.

A reader tracking a conflict wants each reported event as a record: what happened (type and sub-type),
who did it to whom, where, when and how many. Events are found by trigger patterns over the shared spaCy
parse (events/triggers.py: a Matcher for words, a DependencyMatcher for phrases such as "opened fire"),
each read with the context that makes it an event ("strike" with "air" or "drone", "seized" with a
town, "protest" that nobody "lodged"; a police raid or search is an arrest operation, never an attack).
One event per type and sub-type per sentence; casualty verbs ("killed") make an event of their own only
when nothing else in the sentence explains them (events/assemble.py). Only clauses that report a
happening count, and the mentions of one happening are merged (events/factuality.py).

Labels (event types): ``protest``, ``riot``, ``violence_against_civilians``, ``battle``,
``explosion_remote_violence``, ``strategic_development``. Each annotation spans its evidence sentence;
attrs: ``sub_type`` (ACLED's sub-event types in snake case), ``trigger`` (and ``trigger_start``),
``actors`` (names or noun phrases from the trigger's subject, agent, object and modifiers), ``place``
(the nearest place in the sentence that says where, not one in a title or "in US history", else the
dateline; with ``lat``/``lon``/``country`` when geocoded and ``place_source``: ``clause`` when it belongs
to the trigger's own clause, ``sentence``, ``dateline``), ``date`` and ``date_precision`` (the nearest
resolved date in the sentence, from the ``dates`` layer, except one that dates a statement, "police said
on Wednesday"; else the last date earlier in the paragraph that no other event's sentence holds; else the
statement's date, the day it was reported; ``date_source`` says which: ``clause``, ``sentence``,
``paragraph`` or ``statement``; an event dated after publication is a plan and is not reported);
``date_text``, the date phrase as written. A phrase no date resolves ("on Tuesday" in an article with no
publication date) is kept: ``date_text`` "Tuesday", ``date`` None, ``date_source`` ``unresolved``. Only
places and dates of the trigger's own clause keep two mentions apart when merging.
``mentions`` (spans of the other sentences about the same happening), ``hedged`` (told as "allegedly",
"reportedly"), and ``figures`` (numbers of the sentence from the ``figures`` layer, if it ran).

``score`` is the event's confidence, 0–1, for thresholding reports: the prior of its trigger rule (how
often that word in that context names such an event: 0.55 for an "attack" whose only hint of a fight
is an armed actor nearby, 0.9 for an air strike), times 0.85 when hedged and 0.8 when only a headline
tells it, plus 0.05 for every other sentence that tells the same happening (references such as "the
attack" add nothing), at most 0.95. Events from negated, modal, planned, conditional or believed
clauses are not reported at any score. A threshold of 0.7 keeps the events whose trigger needs no guess.
(``unspin eval real`` scores every emitted event whatever its score; the threshold is the reader's.)
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, ClassVar

from unspin.analyzer import register
from unspin.analyzers.events.actors import subjects_of
from unspin.analyzers.events.assemble import event_attrs, set_date, settle, statement_date
from unspin.analyzers.events.factuality import (
    Mention,
    is_factual,
    is_hedged,
    is_reference,
    is_topic,
    merge,
    starts_another,
)
from unspin.analyzers.events.triggers import (
    BATTLE,
    EXPLOSION,
    PROTEST,
    RIOT,
    STRATEGIC,
    VAC,
    find_triggers,
    sentence_lemmas,
)
from unspin.article import Annotation, Article
from unspin.lang.en.events import ANAPHORIC_EVENT_NOUNS, DEFINITE_DETERMINERS
from unspin.nlp.parse import ParsedAnalyzer, parse
from unspin.nlp.segmentation import segment

_HEDGED = 0.85  # confidence factor of a hedged mention ("allegedly opened fire")
_VIOLENT = frozenset({VAC, BATTLE, EXPLOSION})  # a headline's attack may be told as any of these
_HEADLINE = 0.8  # of a mention in the headline, which speaks loosely and in the present
# A violent mention whose type is a guess ("an attack" with an armed man nearby) may be any violent
# happening the article tells, like "the attack".
_GUESS = 0.6


def _anaphor(token: Any) -> bool:
    """ "the attack", "this massacre": a noun that may name a violent happening told with another word."""
    return token.lemma_.lower() in ANAPHORIC_EVENT_NOUNS and any(
        (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) or c.dep_ == "poss" for c in token.children
    )


def _bare(token: Any, attrs: dict[str, Any]) -> bool:
    """ "Smith was shot": a violent verb with no one doing it and no place or date of its own, so
    nothing sets it apart from the happening the article tells; it may be any violent one of them."""
    own = attrs.get("place_source") == "clause" or attrs.get("date_source") == "clause"
    return token.pos_ == "VERB" and not subjects_of(token) and not own


def _after(attrs: dict[str, Any], published: date | None) -> bool:
    """Whether the event's day comes after the publication date."""
    value = attrs.get("date")
    if published is None or attrs.get("date_precision") != "day" or not isinstance(value, str):
        return False
    return value > published.isoformat()


def _paragraph_date(text: str, start: int, dates: list[Annotation], attrs: dict[str, Any]) -> None:
    """No date in the sentence: take the last date given earlier in its paragraph."""
    para = text.rfind("\n", 0, start) + 1
    earlier = [d for d in dates if para <= d.start and d.end <= start]
    if earlier:
        set_date(attrs, earlier[-1], "paragraph")


@register
class Events(ParsedAnalyzer):
    name = "events"
    version = "1.2.0"
    description = "Conflict and protest events (ACLED types): actors, place, date and figures, with evidence."
    requires = ("sentences", "entities", "places", "dates", "figures")
    label_descriptions: ClassVar[dict[str, str]] = {
        PROTEST: "A protest: a demonstration, march, rally or strike, peaceful or met with force.",
        RIOT: "A riot: a violent demonstration or mob violence.",
        VAC: "Violence against civilians: an attack, abduction or sexual violence against unarmed people.",
        BATTLE: "A battle: armed groups fighting, or territory taken or retaken.",
        EXPLOSION: "Explosions or remote violence: air or drone strikes, shelling, missiles, bombs, mines.",
        STRATEGIC: "A strategic development: arrests, looting, agreements, deployments, bases, withdrawals.",
    }
    summary_json_only = frozenset({"events"})

    def annotate(self, article: Article) -> list[Annotation]:
        doc = parse(article)
        seg = segment(article)
        entities = article.layer("entities")
        places = article.layer("places")
        phrases = article.layer("dates")  # with the unresolved ones ("on Tuesday", no publication date)
        dates = [d for d in phrases if d.attrs.get("value")]
        figures = article.layer("figures")
        dateline = next((p for p in places if p.attrs.get("dateline")), None)
        published = article.published_date
        text = article.text
        title_end = text.find("\n") if "\n" in text.strip() else -1
        mentions = []
        said: dict[int, Annotation] = {}  # the statement date of a mention, its date of last resort
        for sent, triggers in find_triggers(doc):
            for trig in settle(triggers, sentence_lemmas(sent)):
                index = seg.sentence_at(trig.token.idx)
                if index is None:
                    continue
                start, end = seg.sentences[index]
                if not is_factual(trig.token, headline=start < title_end):
                    continue
                attrs = event_attrs(trig, start, end, entities, places, phrases, figures, dateline)
                if _after(attrs, published):
                    continue  # "the rally on Saturday" in Friday's paper: planned, not reported
                statement = statement_date(trig, start, end, dates)
                title = start < title_end
                attrs["hedged"] = is_hedged(trig.token)
                score = trig.score * (_HEDGED if attrs["hedged"] else 1.0) * (_HEADLINE if title else 1.0)
                mention = Mention(
                    trig.type,
                    start,
                    end,
                    round(score, 2),
                    attrs,
                    title,
                    noun=trig.token.pos_ in ("NOUN", "PROPN"),
                    reference=is_reference(trig.token),
                    anaphor=_anaphor(trig.token) or (title and trig.type in _VIOLENT),
                    loose=trig.type in _VIOLENT and (trig.score <= _GUESS or _bare(trig.token, attrs)),
                    another=starts_another(trig.token),
                    topic=is_topic(trig.token),
                )
                mentions.append(mention)
                if statement is not None:
                    said[id(mention)] = statement
        told = [(m.start, m.end) for m in mentions]
        for m in mentions:
            if m.attrs["date"] is None and m.attrs["date_text"] is None:
                # dates of sentences that tell another event are theirs, not this one's
                free = [d for d in dates if not any(s <= d.start < e for s, e in told)]
                _paragraph_date(text, m.start, free, m.attrs)
            if m.attrs["date"] is None and m.attrs["date_text"] is None and id(m) in said:
                set_date(m.attrs, said[id(m)], "statement")
        out = []
        for m in merge(mentions):
            m.attrs["mentions"] = [list(span) for span in m.others]
            out.append(self.make(article, m.start, m.end, m.type, score=m.score, attrs=m.attrs))
        return out

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        by_type = Counter(a.label for a in annotations)
        by_sub = Counter(f"{a.label}/{a.attrs['sub_type']}" for a in annotations)
        return {
            "count": len(annotations),
            "by_type": dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
            "by_sub_type": dict(sorted(by_sub.items(), key=lambda kv: (-kv[1], kv[0]))),
            "dated": sum(1 for a in annotations if a.attrs.get("date")),
            "placed": sum(1 for a in annotations if a.attrs.get("place")),
            "events": [
                {
                    "type": a.label,
                    "sub_type": a.attrs["sub_type"],
                    "date": a.attrs.get("date"),
                    "place": a.attrs.get("place"),
                    "actors": ", ".join(a.attrs.get("actors", [])),
                }
                for a in annotations
            ],
        }
