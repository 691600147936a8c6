"""The ``attribution`` layer: who vouches for each statement, and how.

"About 250 people were hospitalised, according to the health ministry" is sourced; "it is known that
foreign fighters are operating in the south" is not. Fact-checkers and teachers need to see, sentence by
sentence, whether a statement is put on someone's record and whose. Rules over the shared spaCy parse
(:func:`unspin.nlp.parse.parse`) find the cues: reporting verbs and their subjects ("the ministry
said", "told reporters that"), passive agents ("was confirmed by the police"), "according to", agentless
passives ("it has been confirmed", "is estimated"), adverbs ("reportedly") and "put the toll at". A
direct quotation whose speaker stands in a neighbouring sentence ('"...," she said.') goes to that
speaker; a pronoun goes to the nearest preceding named person or source.

One annotation per attributed statement, over the SOURCE phrase (or over the cue when there is none).
Label = source type: ``named_person``, ``named_organisation``, ``media``, ``document``, ``anonymous``,
``vague``. attrs: ``sentence`` (index in the ``sentences`` layer), ``cue`` with ``cue_start``/``cue_end``,
``quote`` ("direct", "indirect" or null) with ``quote_start``/``quote_end`` for direct quotes, ``hedges``
(hedge words of the sentence), and ``refers_to`` for a pronoun, with the antecedent's text. Sentences with
no attribution get no annotation: other layers read that as "unsourced".
"""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from unspin.analyzer import register
from unspin.analyzers.attribution.cues import Finder, cue_candidates
from unspin.analyzers.attribution.hedges import hedges
from unspin.analyzers.attribution.quotes import link_quotes, quote_spans
from unspin.analyzers.attribution.sources import LABELS
from unspin.article import Annotation, Article
from unspin.nlp.parse import ParsedAnalyzer, parse
from unspin.nlp.segmentation import segment

__all__ = ["LABELS", "Attribution", "hedges", "quote_spans"]


@register
class Attribution(ParsedAnalyzer):
    name = "attribution"
    version = "1.0.0"
    description = "Who vouches for each statement: the source, its type, the cue, quotes and hedges."
    requires = ("sentences",)
    label_descriptions: ClassVar[dict[str, str]] = {
        "named_person": "Attributed to a person the article names (or to a named office holder).",
        "named_organisation": "Attributed to a named organisation or official body: ministry, army, police.",
        "media": "Attributed to a newspaper, broadcaster or news agency.",
        "document": "Attributed to a document: a report, study, statement, leaked file or video.",
        "anonymous": "Attributed to someone described but not named: 'a senior official', 'witnesses'.",
        "vague": "Vague or faceless source: 'reportedly', 'experts say', 'it is estimated', 'it is known'.",
    }

    def annotate(self, article: Article) -> list[Annotation]:
        doc = parse(article)
        seg = segment(article)
        sentences = seg.sentences
        finder = Finder(doc, quote_spans(article.text))
        for i in cue_candidates(doc):
            tok = doc[i]
            index = seg.sentence_at(tok.idx)
            if index is not None:
                finder.token(tok, index)
        link_quotes(finder, sentences)
        out = []
        for index in sorted(finder.by_sentence):
            s0, s1 = sentences[index]
            hedge_list = hedges(article.text[s0:s1])
            for f in finder.by_sentence[index]:
                attrs: dict[str, Any] = {
                    "sentence": index,
                    "cue": article.text[f.cue_start : f.cue_end],
                    "cue_start": f.cue_start,
                    "cue_end": f.cue_end,
                    "quote": f.quote,
                    "hedges": hedge_list,
                }
                if f.quote_span is not None:
                    attrs["quote_start"], attrs["quote_end"] = f.quote_span
                if f.refers_to is not None:
                    attrs["refers_to"] = article.text[f.refers_to[0] : f.refers_to[1]]
                out.append(self.make(article, f.start, f.end, f.label, attrs=attrs))
        return out

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        counts = Counter(a.label for a in annotations)
        weak = counts["vague"] + counts["anonymous"]
        return {
            "count": len(annotations),
            "by_type": {label: counts[label] for label in LABELS},
            "attributed_sentences": len({a.attrs["sentence"] for a in annotations}),
            "sentences": len(segment(article).sentences),
            "direct_quotes": sum(1 for a in annotations if a.attrs.get("quote") == "direct"),
            "vague_or_anonymous_share": round(weak / len(annotations), 3) if annotations else None,
        }
