"""Attribution cues: reporting verbs and their subjects, passive agents, "according to", agentless
passives, adverbs, responsibility claims; each found cue becomes a :class:`Found` with its source phrase."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from unspin.analyzers.attribution.sources import Classifier, phrase
from unspin.lang.en.organisations import ORG_NOUNS
from unspin.lang.en.people import PERSON_PRONOUNS, RELATIVE_PRONOUNS
from unspin.lang.en.sources import (
    ADVERB_CUES,
    AGENT_VERBS,
    BARE_REPORTING_VERBS,
    DEMONSTRATIVES,
    ENTRY_PREPOSITIONS,
    ENTRY_VERBS,
    FIGURE_NOUNS,
    FIGURE_OBJECT_VERBS,
    HYPOTHETICAL_MODALS,
    LEGISLATION_NOUNS,
    MARKET_NOUNS,
    NON_SOURCES,
    OBJECT_SPEECH_VERBS,
    PARTICIPLE_CUES,
    PASSIVE_NEEDS_CLAUSE,
    QUOTE_TAG_VERBS,
    REPORTING_VERBS,
    VAGUE_PASSIVE_VERBS,
    XCOMP_CLAIMS,
)
from unspin.nlp.deps import children, first_child, prep_objects

# Pronouns a source can be, resolved to an antecedent (see resolve.py).
SOURCE_PRONOUNS = PERSON_PRONOUNS | frozenset(["they", "it", "them"])


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
    kind: str = "verb"  # how it was found: verb, passive, according, adverb, vague_passive, ...
    pronoun: str | None = None  # the lower-cased pronoun or description resolved (refers_to)
    more_sentences: list[int] = field(default_factory=list)  # a quotation's later sentences
    statement: tuple[int, int] | None = None  # the whole quotation, when it spans sentences


def cue_candidates(doc: Any) -> list[int]:
    """Indices of tokens that may be cues: reporting verbs, "according", "reportedly", "citing"."""
    strings = doc.vocab.strings
    words = REPORTING_VERBS | OBJECT_SPEECH_VERBS | {"cite"}
    lemmas = {strings[v] for w in words for v in (w, w.capitalize())}
    lowers = {strings[w] for w in ADVERB_CUES | {"according"}}
    if not len(doc):
        return []
    table = doc.to_array(["LEMMA", "LOWER"])
    hits = np.isin(table[:, 0], np.array(sorted(lemmas), dtype=table.dtype)) | np.isin(
        table[:, 1], np.array(sorted(lowers), dtype=table.dtype)
    )
    return [int(i) for i in np.flatnonzero(hits)]


def hypothetical(verb: Any) -> bool:
    """Is the verb not a statement actually made: negated, infinitival ("want the public to believe"),
    under a modal of possibility ("he can say"), or a question ("Who can really say?")? A verb
    coordinated with one ("to point back and say") shares its mood."""
    if first_child(verb, "neg") is not None:
        return True
    shares_subject = verb.dep_ == "conj" and not children(verb, "nsubj", "nsubjpass")
    if shares_subject and any(
        a.lower_ == "to" or a.lower_ in HYPOTHETICAL_MODALS for a in children(verb.head, "aux")
    ):
        return True
    for aux in children(verb, "aux", "auxpass"):
        if aux.lower_ == "to" or aux.lower_ in HYPOTHETICAL_MODALS:
            return True
    sent = verb.sent
    return bool(sent.text.rstrip().endswith("?"))


def market(subject: Any) -> bool:
    """Is the subject a market or price ("the index added 20 points", "shares in the bank added 3%")?"""
    words = {t.lemma_.lower() for t in subject.subtree if t.i <= subject.i} | {subject.lemma_.lower()}
    return bool(words & MARKET_NOUNS)


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

    def quoted(self, offset: int) -> bool:
        """Is the character at ``offset`` inside a quotation?"""
        k = bisect_right(self.quote_starts, offset) - 1
        return k >= 0 and offset < self.quotes[k][1]

    def add(self, found: Found) -> None:
        same = self.by_sentence.setdefault(found.sentence, [])
        if any(
            f.start == found.start and f.end == found.end and found.cue_start - 1 <= f.cue_end for f in same
        ):
            return  # the same cue twice, or "has been documented" split in two
        same.append(found)
        self.all.append(found)

    def token(self, tok: Any, index: int) -> None:
        """Look at one candidate cue token of sentence ``index``."""
        if self.quoted(tok.idx):
            return  # a speaker quoting someone else is the quoted speaker's business
        low = tok.lower_
        if low in ADVERB_CUES:
            end = tok.idx + len(tok.text)
            self.add(Found(index, tok.idx, end, "vague", tok.idx, end, quote=None, kind="adverb"))
        elif low == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to":
            to = self.doc[tok.i + 1]
            obj = first_child(to, "pobj")
            if obj is not None:
                self.source(index, obj, tok.idx, to.idx + 2, tok.head.idx, kind="according")
        elif tok.lemma_.lower() == "cite" and tok.dep_ == "advcl":
            obj = first_child(tok, "dobj")
            if obj is not None:
                self.source(index, obj, tok.idx, tok.idx + len(tok.text), None, kind="citing")
        elif tok.lemma_.lower() in REPORTING_VERBS | OBJECT_SPEECH_VERBS and (
            tok.pos_ in ("VERB", "AUX") or (tok.dep_ == "ROOT" and first_child(tok, "nsubj") is not None)
        ):
            self._verb(tok, index)

    def _subject(self, verb: Any) -> tuple[Any | None, Any | None]:
        """The verb's subject (and a second one beside it), taken from the verb it is coordinated with
        or from the statement it elaborates ("said ..., adding that ...") when it has none."""
        subjects = sorted(children(verb, "nsubj"), key=lambda c: abs(c.i - verb.i))
        if not subjects:
            # "Trump wrote ... and accused Sessions", "Ragan said ..., adding that ...": the subject of
            # the reporting verb this one continues (never of a clause inside what was said).
            head = verb.head
            if (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")) and head.i != verb.i:
                main = head.dep_ in ("ROOT", "conj", "advcl") or head.lemma_.lower() in REPORTING_VERBS
                if main and first_child(head, "nsubjpass") is None and not hypothetical(head):
                    return self._subject(head)
            return None, None
        subject = self._glued(subjects[0], verb)
        # "the news agency KNA" can come out as two subjects side by side: take both.
        # Not a dateline clause glued on by a comma ("MEROVAN — At least 23 were killed ..., the ministry
        # said"): the first word of the subject proper must follow the other one directly.
        first = subject.left_edge
        while first.is_punct and first.i < subject.i:
            first = self.doc[first.i + 1]
        beside = next(
            (
                c
                for c in subjects[1:]
                if c.right_edge.i == first.i - 1
                and not c.right_edge.is_punct
                and not any(t.pos_ in ("VERB", "AUX") for t in c.subtree)
            ),
            None,
        )
        return subject, beside

    def _glued(self, subject: Any, verb: Any) -> Any:
        """The source inside a subject that holds a whole clause — a dateline glued to the sentence by the
        parse ("MEROVAN — At least 23 were killed ..., the ministry said"): the noun phrase after the last
        comma before the verb."""
        tokens = list(subject.subtree)
        if tokens[-1].i != verb.i - 1 or not any(t.pos_ in ("VERB", "AUX") for t in tokens):
            return subject
        commas = [t.i for t in tokens if t.text == ","]
        if not commas or commas[-1] + 1 >= verb.i:
            return subject
        root = self.doc[commas[-1] + 1 : verb.i].root
        return root if root.pos_ in ("PROPN", "NOUN") else subject

    def _near_quote_or_comma(self, verb: Any, quote_only: bool = False) -> bool:
        """Does a bare reporting verb stand as a tag ("..., officials said.", '"...," she said')?"""
        s0, s1 = verb.sent.start_char, verb.sent.end_char
        k = bisect_right(self.quote_starts, s1) - 1
        if k >= 0 and self.quotes[k][1] > s0:
            return True
        before = [t for t in verb.sent if t.i < verb.i and t.is_punct]
        return not quote_only and any(t.text in (",", "—", "–") for t in before)

    def _verb(self, verb: Any, index: int) -> None:
        lemma = verb.lemma_.lower()
        participle = verb.tag_ == "VBG"
        if participle and not (verb.dep_ in ("advcl", "conj") and lemma in PARTICIPLE_CUES):
            return  # "saying", "adding" only as the second cue of a speaker
        if lemma in OBJECT_SPEECH_VERBS and verb.dep_ == "relcl":
            return  # "students who had criticized BDS": a description, not a statement
        if verb.dep_ in ("amod", "acl", "pcomp", "xcomp", "csubj") or hypothetical(verb):
            return
        cue = (verb.idx, verb.idx + len(verb.text))
        complement = first_child(verb, "ccomp", "parataxis", "xcomp", "oprd")
        comp_at = complement.idx if complement is not None else None
        if first_child(verb, "auxpass", "nsubjpass") is not None:
            self._passive(verb, index, lemma, cue, complement)
            return
        subject, beside = self._subject(verb)
        if subject is None:
            return
        relative = subject.tag_ in ("WP", "WDT") or (subject.lower_ == "that" and subject.tag_ != "DT")
        if relative and subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            subject = verb.head
        if (subject.lower_ in NON_SOURCES and subject.pos_ == "PRON") or subject.tag_ in ("WP", "WDT"):
            return
        if first_child(subject, "det", word="no") is not None or market(subject):
            return
        if subject.lemma_.lower() in LEGISLATION_NOUNS:
            return  # "the motion notes ...": a text enacting, not a source vouching
        if subject.lower_ in DEMONSTRATIVES and not list(subject.children):
            return  # "... and that came out as ...": a pronoun for a thing, not a speaker
        modifiers = children(subject, "det", "poss", "nummod", "compound", "amod")
        bare_noun = subject.tag_ == "NN" and not modifiers
        if bare_noun and subject.i == subject.sent.start and subject.lemma_.lower() not in ORG_NOUNS:
            return  # "Article posted with permission": a headline noun, no source
        obj = first_child(verb, "dobj", "attr")
        if lemma in ENTRY_VERBS and obj is not None and prep_objects(verb, *ENTRY_PREPOSITIONS):
            return  # "welcomed him into Britain": let in, not spoken
        if lemma == "find" and first_child(verb, "prt") is not None:
            return  # "she found out that ...": learnt, not stated
        kind = self._license(verb, lemma, complement, obj)
        if kind is not None:
            if children(verb, "nsubj") == [] and kind == "verb":
                kind = "second"  # the subject came from the verb this one continues
            self.source(index, subject, *cue, comp_at, beside, kind=kind)

    def _license(self, verb: Any, lemma: str, complement: Any, obj: Any) -> str | None:
        """How a reporting verb with a subject vouches for something (a ``Found.kind``), or None."""
        participle = verb.tag_ == "VBG"
        if lemma in QUOTE_TAG_VERBS:  # '"...," Perry continued.' but never "continued into the belt"
            after = self.doc[verb.i + 1] if verb.i + 1 < len(self.doc) else None
            colon = after is not None and after.text == ":"
            tag = colon or self._near_quote_or_comma(verb, quote_only=True)
            if after is None or after.is_punct:
                tag = tag or self._near_quote_or_comma(verb)  # "Why believe a terrorist, some responded."
            return "tag" if tag and not children(verb, "xcomp", "prep", "dobj") else None
        # "claimed to have seen it" reports; "added 20 points to close at 4,310" does not.
        if complement is not None and (complement.dep_ != "xcomp" or lemma in XCOMP_CLAIMS):
            return "verb"
        counts = obj is not None and (
            obj.lemma_.lower() in FIGURE_NOUNS or any(t.like_num for t in obj.subtree)
        )
        if lemma in FIGURE_OBJECT_VERBS and counts:
            return "figure"
        if lemma in OBJECT_SPEECH_VERBS and obj is not None and not participle:
            return "object"
        if lemma in BARE_REPORTING_VERBS and not participle:
            bare = obj is None or (lemma == "tell" and obj.pos_ in ("PROPN", "NOUN", "PRON"))
            if bare and self._near_quote_or_comma(verb):
                return "tag"
        return None

    def _passive(self, verb: Any, index: int, lemma: str, cue: tuple[int, int], complement: Any) -> None:
        comp_at = complement.idx if complement is not None else None
        agents = prep_objects(verb, "by")
        if agents:
            subject = first_child(verb, "nsubjpass")
            if (
                lemma in FIGURE_OBJECT_VERBS - VAGUE_PASSIVE_VERBS
                and complement is None
                and not (
                    subject is not None
                    and (subject.lemma_.lower() in FIGURE_NOUNS or any(t.like_num for t in subject.subtree))
                )
            ):
                return  # "the tape was given to the press by a lawyer": handed over, not vouched for
            if complement is not None or lemma in AGENT_VERBS:
                self.source(index, agents[0], *cue, comp_at, kind="passive")
            return
        if lemma not in VAGUE_PASSIVE_VERBS:
            return
        if any(
            c.dep_ in ("dobj", "oprd") and c.pos_ in ("NOUN", "PROPN") and c.left_edge.i == verb.i + 1
            for c in verb.children
        ):
            return  # "two were known fugitives", "these jokes are thought crimes": an adjective, no cue
        if any(c.tag_ == "MD" for c in verb.children):
            return  # "details could be revealed": a future event, not a source
        subject = first_child(verb, "nsubjpass", "expl")
        expletive = subject is not None and subject.lower_ == "it"
        if complement is None and not expletive and not (lemma == "estimate" and prep_objects(verb, "at")):
            return  # "is known as", "were reported from a clinic": no statement vouched for
        if lemma in PASSIVE_NEEDS_CLAUSE and complement is None and not expletive:
            return
        start = min([c.idx for c in children(verb, "aux", "auxpass")] + [cue[0]])
        if subject is not None and expletive and subject.i < verb.i:
            start = subject.idx
        end = cue[1]
        after = verb.i + 1
        if after < len(self.doc) and self.doc[after].lower_ == "that" and self.doc[after].dep_ == "mark":
            end = self.doc[after].idx + 4
        quote = "indirect" if complement is not None and lemma not in ("estimate",) else None
        self.add(Found(index, start, end, "vague", start, end, comp_at, quote=quote, kind="vague_passive"))

    def source(
        self,
        index: int,
        head: Any,
        cue_start: int,
        cue_end: int,
        complement: int | None,
        beside: Any | None = None,
        kind: str = "verb",
    ) -> None:
        """Record the source phrase headed by ``head`` for the cue ``cue_start:cue_end``."""
        if head.lower_ in SOURCE_PRONOUNS:
            start, end = head.idx, head.idx + len(head.text)
            label = "anonymous" if head.lower_ not in ("they", "it") else "vague"
            found = Found(index, start, end, label, cue_start, cue_end, complement, kind=kind)
            found.pronoun = head.lower_
            self.add(found)
            return
        label = self.classifier.label(head)
        start, end = phrase(self.doc, head)
        if beside is not None:
            label = self.classifier.stronger(label, self.classifier.label(beside))
            start = phrase(self.doc, beside)[0]
        self.add(Found(index, start, end, label, cue_start, cue_end, complement, kind=kind))
