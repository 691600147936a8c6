"""Attribution cues: reporting verbs and their subjects, passive agents, "according to", agentless
passives, adverbs; each found cue becomes a :class:`Found` with its source phrase."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import numpy as np

from unspin.analyzers.attribution.sources import LABELS, PRIORITY, Classifier, phrase
from unspin.lang.en.people import PERSON_PRONOUNS, RELATIVE_PRONOUNS
from unspin.lang.en.sources import (
    ADVERB_CUES,
    BARE_REPORTING_VERBS,
    FIGURE_NOUNS,
    FIGURE_OBJECT_VERBS,
    PASSIVE_NEEDS_CLAUSE,
    REPORTING_VERBS,
    VAGUE_PASSIVE_VERBS,
)


@dataclass(slots=True)
class Found:
    """One attribution before it becomes an annotation."""

    sentence: int
    start: int
    end: int
    label: str
    cue_start: int
    cue_end: int
    complement: int | None = None  # character offset of the reported clause's head, if any
    refers_to: tuple[int, int] | None = None
    quote: str | None = "indirect"
    quote_span: tuple[int, int] | None = None


def cue_candidates(doc: Any) -> list[int]:
    """Indices of tokens that may be cues: reporting verbs, "according", "reportedly", "citing"."""
    strings = doc.vocab.strings
    lemmas = {strings[v] for w in REPORTING_VERBS | {"cite"} for v in (w, w.capitalize())}
    lowers = {strings[w] for w in ADVERB_CUES | {"according"}}
    if not len(doc):
        return []
    table = doc.to_array(["LEMMA", "LOWER"])
    hits = np.isin(table[:, 0], np.array(sorted(lemmas), dtype=table.dtype)) | np.isin(
        table[:, 1], np.array(sorted(lowers), dtype=table.dtype)
    )
    return [int(i) for i in np.flatnonzero(hits)]


class Finder:
    """Walks the sentences of one parse and collects attributions (``by_sentence``)."""

    def __init__(self, doc: Any, quotes: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.quotes = quotes
        self.quote_starts = [s for s, _ in quotes]
        self.classifier = Classifier(doc)
        self.by_sentence: dict[int, list[Found]] = {}
        self.all: list[Found] = []

    def _quoted(self, offset: int) -> bool:
        k = bisect_right(self.quote_starts, offset) - 1
        return k >= 0 and offset < self.quotes[k][1]

    def add(self, found: Found) -> None:
        same = self.by_sentence.setdefault(found.sentence, [])
        if any(f.start == found.start and f.end == found.end for f in same):
            return
        same.append(found)
        self.all.append(found)

    def token(self, tok: Any, index: int) -> None:
        """Look at one candidate cue token of sentence ``index``."""
        if self._quoted(tok.idx):
            return  # a speaker quoting someone else is the quoted speaker's business
        low = tok.lower_
        if low in ADVERB_CUES:
            end = tok.idx + len(tok.text)
            self.add(Found(index, tok.idx, end, "vague", tok.idx, end, quote=None))
        elif low == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to":
            to = self.doc[tok.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is not None:
                self._source(index, obj, tok.idx, to.idx + 2, tok.head.idx)
        elif tok.lemma_.lower() in REPORTING_VERBS and (
            tok.pos_ in ("VERB", "AUX")
            or (tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children))
        ):
            self._verb(tok, index)
        elif tok.lemma_.lower() == "cite" and tok.dep_ == "advcl":
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if obj is not None:
                self._source(index, obj, tok.idx, tok.idx + len(tok.text), None)

    def _verb(self, verb: Any, index: int) -> None:
        children = list(verb.children)
        deps = {c.dep_ for c in children}
        if "neg" in deps or verb.dep_ in ("xcomp", "amod", "acl", "pcomp") or verb.tag_ == "VBG":
            return
        lemma = verb.lemma_.lower()
        cue = (verb.idx, verb.idx + len(verb.text))
        complement = next((c for c in children if c.dep_ in ("ccomp", "parataxis", "xcomp")), None)
        comp_at = complement.idx if complement is not None else None
        passive = "auxpass" in deps or "nsubjpass" in deps
        if passive:
            agent = next((c for c in children if c.dep_ == "agent"), None)
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if obj is not None:
                self._source(index, obj, *cue, comp_at)
            elif lemma in VAGUE_PASSIVE_VERBS:
                start = min([c.idx for c in children if c.dep_ in ("aux", "auxpass")] + [cue[0]])
                subject = next((c for c in children if c.dep_ in ("nsubjpass", "expl")), None)
                if any(c.tag_ == "MD" for c in children):
                    return  # "details could be revealed": a future event, not a source
                expletive = subject is not None and subject.lower_ == "it"
                if lemma in PASSIVE_NEEDS_CLAUSE and complement is None and not expletive:
                    return
                if subject is not None and subject.lower_ == "it" and subject.i < verb.i:
                    start = subject.idx
                end = cue[1]
                after = verb.i + 1
                if (
                    after < len(self.doc)
                    and self.doc[after].lower_ == "that"
                    and self.doc[after].dep_ == "mark"
                ):
                    end = self.doc[after].idx + 4
                quote = "indirect" if complement is not None and lemma not in ("estimate",) else None
                self.add(Found(index, start, end, "vague", start, end, comp_at, quote=quote))
            return
        # The subject nearest the verb: a misparsed dateline ("PORT SAREL — ...") can be a second one.
        subjects = sorted((c for c in children if c.dep_ == "nsubj"), key=lambda c: abs(c.i - verb.i))
        if not subjects:
            return
        subject = subjects[0]
        # "the news agency KNA" can come out as two subjects side by side: take both.
        beside = next(
            (
                c
                for c in subjects[1:]
                if c.right_edge.i == subject.left_edge.i - 1 and not c.right_edge.is_punct
            ),
            None,
        )
        if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            subject = verb.head
        if subject.lower_ in ("i", "we", "you", "nobody", "none") or subject.lower_ == "no":
            return
        if any(c.lower_ == "no" for c in subject.children if c.dep_ == "det"):
            return
        obj = next((c for c in children if c.dep_ in ("dobj", "attr")), None)
        licensed = complement is not None
        if not licensed and lemma in FIGURE_OBJECT_VERBS and obj is not None:
            licensed = obj.lemma_.lower() in FIGURE_NOUNS or any(t.like_num for t in obj.subtree)
        if not licensed and lemma in BARE_REPORTING_VERBS:
            licensed = obj is None or (lemma == "tell" and obj.pos_ in ("PROPN", "NOUN", "PRON"))
        if licensed:
            self._source(index, subject, *cue, comp_at, beside)

    def _source(
        self,
        index: int,
        head: Any,
        cue_start: int,
        cue_end: int,
        complement: int | None,
        beside: Any | None = None,
    ) -> None:
        refers_to = None
        if head.lower_ in PERSON_PRONOUNS | {"they", "it", "them"}:
            resolved = self._resolve(head)
            if resolved is None:
                label = "anonymous" if head.lower_ not in ("they", "it") else "vague"
            else:
                label, refers_to = resolved
            start, end = head.idx, head.idx + len(head.text)
        else:
            label = self.classifier.label(head)
            start, end = phrase(self.doc, head)
            if beside is not None:
                label = min(label, self.classifier.label(beside), key=PRIORITY.index)
                start = phrase(self.doc, beside)[0]
        self.add(Found(index, start, end, label, cue_start, cue_end, complement, refers_to))

    def _resolve(self, pronoun: Any) -> tuple[str, tuple[int, int]] | None:
        """(label, antecedent span) of a pronoun source: the nearest earlier person or source."""
        person = pronoun.lower_ in PERSON_PRONOUNS
        candidates: list[tuple[int, str, tuple[int, int]]] = []
        if person:
            for ent in self.classifier.persons:
                if ent.end_char <= pronoun.idx:
                    candidates.append((ent.end_char, "named_person", (ent.start_char, ent.end_char)))
        wanted = (
            ("named_person", "anonymous")
            if person
            else ("named_organisation", "media", "document")
            if pronoun.lower_ == "it"
            else LABELS
        )
        for f in self.all:
            if f.end <= pronoun.idx and f.label in wanted and f.cue_start != f.start:
                candidates.append((f.end, f.label, f.refers_to or (f.start, f.end)))
        if not candidates:
            return None
        _, label, span = max(candidates)
        return label, span
