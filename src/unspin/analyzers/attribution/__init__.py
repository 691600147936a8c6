"""The ``attribution`` layer: who vouches for each statement, and how.

"About 250 people were hospitalised, according to the health ministry" is sourced; "it is known that
foreign fighters are operating in the south" is not. Fact-checkers and teachers need to see, sentence by
sentence, whether a statement is put on someone's record and whose. Rules over the shared spaCy parse
(:func:`unspin.nlp.parse.parse`) find the cues: reporting verbs and their subjects ("the ministry
said", "told reporters that"), passive agents ("was confirmed by the police"), "according to", agentless
passives ("it has been confirmed", "is estimated"), adverbs ("reportedly"), "put the toll at",
responsibility claims ("the group claimed responsibility") and embedded-post signatures (patterns.py).
A direct quotation whose speaker stands in a neighbouring sentence ('"...," she said.') goes to that
speaker; a pronoun or a repeated description ("the ministry") goes to a compatible earlier source
(resolve.py). Market movements ("the index added 20 points"), questions, negated, infinitival and
modal verbs are not statements.

One annotation per attributed statement, over the SOURCE phrase (or over the cue when there is none).
Label = source type: ``named_person``, ``named_organisation``, ``media``, ``document``, ``anonymous``,
``vague``. attrs: ``sentence`` (index in the ``sentences`` layer), ``cue`` with ``cue_start``/``cue_end``,
``quote`` ("direct", "indirect" or null) with ``quote_start``/``quote_end`` for direct quotes, ``hedges``
(hedge words of the sentence), ``found_by`` (how the cue was found, see confidence.py), ``sentences``
when a quotation runs over several sentences (the statement is one annotation), and ``refers_to`` with
``refers_to_start``/``refers_to_end`` for a pronoun or repeated description: the antecedent, whose label
the annotation takes. ``score`` is a confidence in [0, 1] (confidence.py) that reports can threshold.
Sentences with no attribution get no annotation: other layers read that as "unsourced".
"""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from unspin.analyzer import register
from unspin.analyzers.attribution.confidence import confidence
from unspin.analyzers.attribution.cues import Finder, Found, cue_candidates, hypothetical
from unspin.analyzers.attribution.hedges import hedges
from unspin.analyzers.attribution.patterns import responsibility_claims, signatures
from unspin.analyzers.attribution.quotes import link_quotes, quote_spans
from unspin.analyzers.attribution.resolve import Resolver
from unspin.analyzers.attribution.sources import LABELS
from unspin.article import Annotation, Article
from unspin.nlp.deps import first_child
from unspin.nlp.parse import ParsedAnalyzer, parse
from unspin.nlp.segmentation import segment

__all__ = ["LABELS", "Attribution", "confidence", "hedges", "quote_spans", "sentences_of"]


def sentences_of(annotation: Annotation) -> list[int]:
    """The sentences an attribution vouches for: its own, and those its quotation runs on into."""
    more = annotation.attrs.get("sentences")
    if isinstance(more, list) and more:
        return [int(k) for k in more]
    sentence = annotation.attrs.get("sentence")
    return [sentence] if isinstance(sentence, int) else []


@register
class Attribution(ParsedAnalyzer):
    name = "attribution"
    version = "1.1.0"
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
        _patterns(finder, seg)
        link_quotes(finder, sentences)
        Resolver(finder).resolve()
        out = []
        for index in sorted(finder.by_sentence):
            s0, s1 = sentences[index]
            hedge_list = hedges(article.text[s0:s1])
            for f in sorted(finder.by_sentence[index], key=lambda f: (f.start, f.cue_start)):
                attrs: dict[str, Any] = {
                    "sentence": index,
                    "cue": article.text[f.cue_start : f.cue_end],
                    "cue_start": f.cue_start,
                    "cue_end": f.cue_end,
                    "quote": f.quote,
                    "hedges": hedge_list,
                    "found_by": f.kind,
                }
                if f.more_sentences:
                    attrs["sentences"] = sorted({index, *f.more_sentences})
                if f.quote_span is not None:
                    attrs["quote_start"], attrs["quote_end"] = f.quote_span
                if f.refers_to is not None:
                    attrs["refers_to"] = article.text[f.refers_to[0] : f.refers_to[1]]
                    attrs["refers_to_start"], attrs["refers_to_end"] = f.refers_to
                score = confidence(f)
                out.append(self.make(article, f.start, f.end, f.label, score=score, attrs=attrs))
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


def _patterns(finder: Finder, seg: Any) -> None:
    """Cues that are fixed patterns (patterns.py): responsibility claims and embedded-post signatures."""
    for verb, obj in responsibility_claims(finder.doc):
        index = seg.sentence_at(verb.idx)
        if index is None or finder.quoted(verb.idx) or hypothetical(verb):
            continue
        if verb.dep_ in ("ccomp", "xcomp", "relcl", "advcl", "pcomp", "acl") or verb.tag_ == "VBG":
            continue  # "said she takes full responsibility": part of what someone else says
        subject = first_child(verb, "nsubj")
        if subject is not None:
            end = obj.idx + len(obj.text)
            finder.source(index, subject, verb.idx, end, obj.idx, kind="responsibility")
    for (start, end), (cue_start, cue_end) in signatures(finder.text):
        index = seg.sentence_at(start)
        span = finder.doc.char_span(start, end, alignment_mode="expand")
        if index is None or span is None:
            continue
        label = finder.classifier.label(span.root)
        if label not in ("named_person", "named_organisation", "media"):
            label = "named_person"
        finder.add(Found(index, start, end, label, cue_start, cue_end, quote="direct", kind="tweet"))
