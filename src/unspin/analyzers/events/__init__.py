"""The ``events`` layer: political violence, protests and strategic developments, in the spirit of ACLED.

A reader tracking a conflict wants each reported event as a record: what happened (type and sub-type),
who did it to whom, where, when and how many. Events are found by a trigger lexicon read through the
shared spaCy parse (lemmas, parts of speech, dependents), tuned for precision: a word triggers an event
only with the context that makes it one ("strike" with "air" or "drone", "seized" with a town, "protest"
that nobody "lodged"). One event per type and sub-type per sentence; casualty verbs ("killed") make an
event of their own only when nothing else in the sentence explains them. Only clauses that report a
happening count, and the mentions of one happening are merged (events/factuality.py).

Labels (event types): ``protest``, ``riot``, ``violence_against_civilians``, ``battle``,
``explosion_remote_violence``, ``strategic_development``. Each annotation spans its evidence sentence;
attrs: ``sub_type`` (ACLED's sub-event types in snake case), ``trigger`` (and ``trigger_start``),
``actors`` (names or noun phrases from the trigger's subject, agent, object and modifiers), ``place``
(the nearest place in the sentence, else the dateline; with ``lat``/``lon``/``country`` when geocoded
and ``place_source``), ``date`` and ``date_precision`` (the nearest resolved date in the sentence, from
the ``dates`` layer, else the last date earlier in the paragraph), ``mentions`` (spans of the other
sentences about the same happening), and ``figures`` (numbers of the sentence from the ``figures`` layer,
if it ran).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from unspin.analyzer import register
from unspin.analyzers.events.actors import singular
from unspin.analyzers.events.assemble import event_attrs, settle
from unspin.analyzers.events.factuality import Mention, is_factual, merge
from unspin.analyzers.events.triggers import (
    BATTLE,
    EXPLOSION,
    PROTEST,
    RIOT,
    RULES,
    STRATEGIC,
    VAC,
    find_triggers,
    sentence_lemmas,
)
from unspin.article import Annotation, Article
from unspin.nlp.parse import ParsedAnalyzer, parse
from unspin.nlp.segmentation import segment


def _paragraph_date(text: str, start: int, dates: list[Annotation], attrs: dict[str, Any]) -> None:
    """No date in the sentence: take the last date given earlier in its paragraph."""
    para = text.rfind("\n", 0, start) + 1
    earlier = [d for d in dates if para <= d.start and d.end <= start]
    if earlier:
        attrs["date"] = earlier[-1].attrs["value"]
        attrs["date_precision"] = earlier[-1].attrs.get("granularity")


@register
class Events(ParsedAnalyzer):
    name = "events"
    version = "1.0.0"
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
        dates = [d for d in article.layer("dates") if d.attrs.get("value")]
        figures = article.layer("figures")
        dateline = next((p for p in places if p.attrs.get("dateline")), None)
        text = article.text
        title_end = text.find("\n") if "\n" in text.strip() else -1
        mentions = []
        for sent in doc.sents:
            if not any(t.lemma_.lower() in RULES or singular(t) in RULES for t in sent):
                continue
            for trig in settle(find_triggers(sent), sentence_lemmas(sent)):
                index = seg.sentence_at(trig.token.idx)
                if index is None:
                    continue
                start, end = seg.sentences[index]
                if not is_factual(trig.token, headline=start < title_end):
                    continue
                attrs = event_attrs(trig, start, end, entities, places, dates, figures, dateline)
                noun = trig.token.pos_ in ("NOUN", "PROPN")
                mentions.append(
                    Mention(trig.type, start, end, trig.score, attrs, start < title_end, noun=noun)
                )
        told = [(m.start, m.end) for m in mentions]
        for m in mentions:
            if m.attrs["date"] is None:
                # dates of sentences that tell another event are theirs, not this one's
                free = [d for d in dates if not any(s <= d.start < e for s, e in told)]
                _paragraph_date(text, m.start, free, m.attrs)
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
