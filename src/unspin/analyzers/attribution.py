"""The ``attribution`` layer: who vouches for each statement, and how.

"About 250 people were hospitalised, according to the health ministry" is sourced; "it is known that
foreign fighters are operating in the south" is not. Fact-checkers and teachers need to see, sentence by
sentence, whether a statement is put on someone's record and whose. Rules over the shared spaCy parse
(:func:`unspin.analyzers.parse.parse`) find the cues: reporting verbs and their subjects ("the ministry
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

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from unspin.analyzers.parse import ParsedAnalyzer, parse
from unspin.analyzers.segmentation import segment
from unspin.article import Annotation, Article
from unspin.pipeline import register

LABELS = ("named_person", "named_organisation", "media", "document", "anonymous", "vague")

# Verbs whose subject vouches for a clause ("X said that ...", "X confirmed ...").
_REPORTING = frozenset(
    """say tell report announce state claim confirm add declare insist warn deny allege explain note write
    tweet post estimate believe think reveal acknowledge admit argue assert stress maintain predict indicate
    suggest show conclude find testify disclose brief inform assure vow recount recall emphasise emphasize
    underline observe remark comment mention contend complain repeat reiterate specify clarify speculate
    calculate know understand learn quote put give record register count fear rumour rumor""".split()
)
# Reporting verbs that stand on their own with a subject ("..., officials said.", '"...," she said.').
_BARE = frozenset(
    "say report add claim state write announce confirm insist warn note explain tell tweet post".split()
)
# Agentless passives of these mark a vague attribution ("it has been confirmed", "is estimated").
_PASSIVE_VAGUE = frozenset(
    """say report confirm estimate believe know think understand allege claim rumour rumor suspect assume
    announce reveal suggest fear""".split()
)
# Verbs that vouch for a number in their object ("the hospital confirmed the deaths of 12 people").
_FIGURE_OBJECT_VERBS = frozenset("report announce confirm estimate record register count give put".split())
_FIGURE_NOUNS = frozenset("toll number figure count total tally death casualty cost damage loss".split())
_ADVERB_CUES = frozenset(["reportedly", "allegedly", "purportedly", "supposedly", "reputedly"])

_MEDIA_NOUNS = frozenset(
    """broadcaster newspaper daily weekly tabloid magazine channel television tv radio outlet website
    network press media medium newswire wire blog podcast news""".split()
)
_MEDIA_NAME_WORDS = frozenset(
    """times post news tv television radio herald gazette tribune journal courier daily chronicle telegraph
    guardian observer express mirror press broadcasting broadcaster channel mail monitor dispatch bulletin
    wire weekly magazine inquirer independent examiner sentinel leader standard""".split()
)
_MEDIA_NAMES = frozenset(
    """reuters ap afp bbc cnn xinhua tass interfax bloomberg dpa ansa efe kyodo yonhap nhk npr euronews
    rt sputnik politico axios ria al-jazeera aljazeera dw""".split()
)
_MEDIA_PHRASES = (
    "al jazeera",
    "associated press",
    "agence france",
    "sky news",
    "fox news",
    "deutsche welle",
    "france 24",
    "ria novosti",
)
_DOCUMENT_NOUNS = frozenset(
    """report document memo memorandum study survey letter dossier file assessment audit cable filing record
    data figure statistic census analysis review investigation inquiry finding minute transcript email
    message statement communique communiqué release video footage photo photograph image recording poll
    indictment ruling verdict resolution leak paper note budget bulletin lawsuit suit complaint petition
    docket
    affidavit warrant motion bill law legislation treaty decree filing book article tweet""".split()
)
# An organisation's own words: "a statement from the ministry" is the ministry speaking.
_STATEMENT_NOUNS = frozenset("statement communique communiqué release announcement".split())
# Bare plurals of these are hearsay, not documents: "reports say", "rumours suggest".
_HEARSAY_NOUNS = frozenset("report rumour rumor claim estimate speculation word account".split())
_ANONYMOUS_NOUNS = frozenset(
    """official source witness resident diplomat insider aide officer soldier doctor nurse medic worker
    employee person people villager survivor activist member spokesperson spokesman spokeswoman relative
    neighbour neighbor commander student protester organiser organizer man woman guard staffer lawmaker
    legislator politician employee volunteer rescuer paramedic fighter militant rebel journalist reporter
    correspondent investigator inspector monitor negotiator mediator adviser advisor friend staff
    personnel crew team couple family parent mother father son daughter husband wife boy girl child
    teenager victim suspect owner landlord neighbour neighbor shopkeeper driver farmer teacher""".split()
)
_VAGUE_NOUNS = frozenset(
    """expert analyst observer critic commentator people many some other someone everyone everybody
    somebody patriot scientist economist historian specialist pundit citizen one""".split()
)
_TITLE_NOUNS = frozenset(
    """president minister premier chancellor king queen mayor governor general commander chief secretary
    ambassador prosecutor judge director head leader chairman chairwoman chair ceo envoy pope emir sultan
    prince commissioner spokesperson spokesman spokeswoman sheriff coroner senator congressman
    congresswoman attorney counsel counselor""".split()
)
_SPOKES = frozenset(["spokesperson", "spokesman", "spokeswoman", "representative"])
_ORG_NOUNS = frozenset(
    """ministry government army military police authority council court parliament commission committee
    department office agency service force navy guard command headquarters administration cabinet
    presidency embassy mission organisation organization group company firm bank hospital university party
    union federation alliance coalition brigade battalion regiment militia movement front un nato
    kremlin white house prosecutor's institute centre center board bureau state republic junta regime
    opposition insurgent rebel city town county municipality province region village prefecture
    department""".split()
)
_OFFICIAL_PLURALS = frozenset(["police", "authority", "military", "army", "government", "force"])
_HONORIFICS = _TITLE_NOUNS | frozenset(
    """mr mrs ms dr dr. prof professor sir dame col col. colonel gen gen. lt lieutenant sgt sergeant capt
    captain maj major adm admiral cmdr rev reverend father sheikh imam rabbi justice sen senator rep gov
    princess archbishop bishop""".split()
)
_ORG_TYPES = frozenset(
    """group organisation organization agency company firm party movement militia union charity ngo
    association network coalition alliance council committee institute foundation bank ministry watchdog
    body""".split()
)
# When two phrases name one source, the more specific type wins.
_PRIORITY = ("media", "named_person", "document", "named_organisation", "anonymous", "vague")
# Agentless passives of these vouch for a statement only with "it" or a clause: "it was announced that".
_PASSIVE_NEEDS_CLAUSE = frozenset(["announce", "reveal", "suggest", "fear"])
_PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])
_RELATIVE = frozenset(["who", "which", "that"])

# Hedge words anywhere in the sentence; the approximators only count before a number ("about 250").
_HEDGE_WORDS = frozenset(
    """allegedly reportedly apparently possibly probably likely perhaps purportedly supposedly seemingly
    unconfirmed estimated suspected may might""".split()
)
_APPROXIMATORS = (
    "at least",
    "at most",
    "up to",
    "more than",
    "less than",
    "fewer than",
    "as many as",
    "as few as",
    "an estimated",
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "some",
    "over",
    "under",
    "circa",
)
_NUMBER_START = (
    r"(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|a hundred|hundreds|a dozen|dozens|a thousand|thousands|tens"
    r"|half|a third|a quarter|scores|millions|billions)\b|[$€£¥])"
)
_APPROX_RE = re.compile(
    r"\b(" + "|".join(re.escape(a) for a in _APPROXIMATORS) + r")\s+(?=" + _NUMBER_START + ")", re.I
)
_HEDGE_RE = re.compile(r"\b(" + "|".join(sorted(_HEDGE_WORDS)) + r")\b", re.I)

_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"


_QUOTE_CHARS = re.compile('[\n"“”«»„]')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text (inside the marks), paragraph by paragraph: “…”, «…» and straight "…"."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    straight: int | None = None
    for m in _QUOTE_CHARS.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            opened = straight = None
        elif ch in _OPEN_QUOTES:
            opened = i + 1
        elif ch in _CLOSE_QUOTES and opened is not None:
            spans.append((opened, i))
            opened = None
        elif ch == '"':
            if straight is None:
                straight = i + 1
            else:
                spans.append((straight, i))
                straight = None
    return spans


def hedges(text: str) -> list[str]:
    """Hedge words of a sentence, lower-cased, in order ("about" and the like only before a number)."""
    found = [(m.start(), m.group(1).lower()) for m in _APPROX_RE.finditer(text)]
    found += [(m.start(), m.group(1).lower()) for m in _HEDGE_RE.finditer(text)]
    out: list[str] = []
    for _, word in sorted(found):
        if word not in out:
            out.append(word)
    return out


@dataclass(slots=True)
class _Found:
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


def _trimmed(doc: Any, first: int, last: int) -> tuple[int, int]:
    """Character span of tokens ``first..last`` without punctuation or spaces at either edge."""
    for k in range(first, last):  # "(CNN) A couple ...": a dateline glued on by the parse
        if doc[k].text == ")" and not any(doc[j].text == "(" for j in range(first, k)):
            first = k + 1
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _phrase(doc: Any, head: Any) -> tuple[int, int]:
    """The source phrase of ``head``: its subtree without clauses set off by commas (", who ...")."""

    def right(tok: Any) -> int:
        last = tok.i
        for child in tok.rights:
            if child.dep_ in ("punct", "cc"):
                continue
            if child.dep_ in ("relcl", "acl", "advcl", "conj") and doc[child.left_edge.i - 1].text == ",":
                break
            last = right(child)
        return last

    return _trimmed(doc, head.left_edge.i, right(head))


def _core(head: Any) -> list[Any]:
    """The head with its name-like modifiers (compounds, appositions, flat names, possessives)."""
    out, stack = [], [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(
            c for c in tok.children if c.dep_ in ("compound", "appos", "nmod", "amod", "poss", "flat")
        )
    return out


_DOMAIN = re.compile(r"\w\.(?:com|net|org|co\.uk|tv|news)\b")


def _is_media_name(text: str) -> bool:
    low = text.lower()
    if _DOMAIN.search(low):
        return True
    words = set(re.findall(r"[\w'-]+", low))
    return bool(words & _MEDIA_NAMES) or any(p in low for p in _MEDIA_PHRASES)


# Common nouns that may start a sentence with a capital and be tagged as names.
_COMMON_SOURCES = _DOCUMENT_NOUNS | _ANONYMOUS_NOUNS | _VAGUE_NOUNS | _MEDIA_NOUNS | _HEARSAY_NOUNS


class _Classifier:
    """Source types of source phrases, with the article's named people for surname and pronoun links."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ents = list(doc.ents)
        self.persons = [e for e in self.ents if e.label_ == "PERSON"]
        self.surnames = {e[-1].text for e in self.persons}
        self.known: dict[str, str] = {}

    def label(self, head: Any) -> str:
        """The source type of the phrase headed by ``head``; a name keeps the type it first got."""
        if head.pos_ == "PROPN" and head.text in self.known:
            return self.known[head.text]
        label = self._label(head)
        if head.pos_ == "PROPN":
            self.known[head.text] = label
        return label

    def _label(self, head: Any) -> str:
        # "Records show ...": a capital letter, not a name.
        name = head.pos_ == "PROPN" and (
            bool(head.ent_type_)
            or head.lemma_.lower() not in _COMMON_SOURCES
            or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children)
        )
        core = _core(head)
        lemmas = {t.lemma_.lower() for t in core}
        ents = {t.ent_type_ for t in core if t.ent_type_}
        lemma = head.lemma_.lower()
        det = next((c.lower_ for c in head.children if c.dep_ in ("det", "poss")), None)
        numbered = any(c.dep_ == "nummod" for c in head.children)
        plural_bare = head.tag_ in ("NNS", "NNPS") and det is None and not numbered
        if name and self._person_name(head):
            return "named_person"  # "CNN's Shimon Prokupecz", "Press Secretary Sarah Sanders"
        if lemma in _MEDIA_NOUNS or (lemmas & _MEDIA_NOUNS and lemma not in _ANONYMOUS_NOUNS):
            return "media"
        if name:
            return self._name_label(head, core)
        if any(t.ent_type_ == "PERSON" for t in core if t.dep_ not in ("poss", "nmod") or t is head):
            return "named_person"  # "the army's spokesman, Colonel X"; not "Merritt's office"
        if lemma in _STATEMENT_NOUNS and self._has_org_prep(head, ("from", "by", "of")):
            return "named_organisation"
        if lemma in _DOCUMENT_NOUNS:
            if lemma in _HEARSAY_NOUNS and plural_bare and not any(c.dep_ == "amod" for c in head.children):
                return "vague"
            return "document"
        if lemma in _HEARSAY_NOUNS:
            return "vague"
        if lemma in _SPOKES and (
            lemmas & _ORG_NOUNS or ents & {"ORG", "GPE", "NORP"} or self._has_org_prep(head) or det == "the"
        ):
            return "named_organisation"
        if lemma in _TITLE_NOUNS and (
            det in ("the", "its", "their", "his", "her") or self._has_org_prep(head)
        ):
            return "named_person" if lemma not in _SPOKES else "named_organisation"
        if lemma == "guard" and any(c.lower_ in ("coast", "national") for c in head.children):
            return "named_organisation"  # "the coast guard", not "a guard"
        if lemma in _ANONYMOUS_NOUNS or lemma in _TITLE_NOUNS:
            return "anonymous"
        if lemma in _VAGUE_NOUNS:
            modified = any(c.dep_ in ("prep", "relcl", "acl", "nummod", "compound") for c in head.children)
            if det in (None, "every", "many", "some", "most", "all") and not modified:
                return "vague"
            return "anonymous"
        if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC") or lemma in _ORG_NOUNS or lemmas & _ORG_NOUNS:
            if plural_bare and lemma not in _OFFICIAL_PLURALS and not ents & {"ORG", "GPE", "NORP"}:
                return "anonymous"  # "aid agencies", "rights groups": organisations, but unnamed
            return "named_organisation"
        if name:
            return "named_organisation"
        return "anonymous"

    def _person_name(self, head: Any) -> bool:
        around = {c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "nmod", "appos", "amod")}
        if around & _ORG_TYPES or head.lower_ in _ORG_NOUNS or head.lower_ in _ORG_TYPES:
            return False  # "the Justice Department", "Human rights group Civic Watch"
        return head.ent_type_ == "PERSON" or head.text in self.surnames or bool(around & _HONORIFICS)

    def _name_label(self, head: Any, core: list[Any]) -> str:
        """Source type of a name: its entity type, the words around it ("Mayor X", "group X")."""
        if _is_media_name(" ".join(t.text for t in core)) or self._media_entity(head):
            return "media"
        around = {c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "nmod", "appos", "amod")}
        if around & _ORG_TYPES or head.lower_ in _ORG_NOUNS or head.lower_ in _ORG_TYPES:
            return "named_organisation"
        if around & _HONORIFICS:
            return "named_person"
        if head.ent_type_ == "PERSON" or head.text in self.surnames:
            return "named_person"
        if any(t.ent_type_ == "PERSON" for t in core) and not any(t.ent_type_ == "ORG" for t in core):
            return "named_person"
        return "named_organisation"

    def _media_entity(self, head: Any) -> bool:
        if head.ent_type_ != "ORG":
            return False
        ent = next((e for e in self.ents if e.start <= head.i < e.end), None)
        if ent is None:
            return False
        words = {t.lower_ for t in ent}
        return bool(words & _MEDIA_NAME_WORDS) or _is_media_name(ent.text)

    @staticmethod
    def _has_org_prep(head: Any, preps: tuple[str, ...] = ("for", "of", "at")) -> bool:
        for child in head.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in preps:
                for obj in child.children:
                    if obj.ent_type_ in ("ORG", "GPE", "NORP") or obj.lemma_.lower() in _ORG_NOUNS:
                        return True
        return False


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
        finder = _Finder(doc, quote_spans(article.text))
        for i in _cue_candidates(doc):
            tok = doc[i]
            index = seg.sentence_at(tok.idx)
            if index is not None:
                finder.token(tok, index)
        finder.link_quotes(sentences)
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


def _cue_candidates(doc: Any) -> list[int]:
    """Indices of tokens that may be cues: reporting verbs, "according", "reportedly", "citing"."""
    strings = doc.vocab.strings
    lemmas = {strings[v] for w in _REPORTING | {"cite"} for v in (w, w.capitalize())}
    lowers = {strings[w] for w in _ADVERB_CUES | {"according"}}
    if not len(doc):
        return []
    table = doc.to_array(["LEMMA", "LOWER"])
    hits = np.isin(table[:, 0], np.array(sorted(lemmas), dtype=table.dtype)) | np.isin(
        table[:, 1], np.array(sorted(lowers), dtype=table.dtype)
    )
    return [int(i) for i in np.flatnonzero(hits)]


def _only_filler(text: str) -> bool:
    """Is ``text`` nothing but spaces, punctuation and quote marks (the gap between a quote and its cue)?"""
    return all(ch.isspace() or ch in ",:;—–-\"'“”«»„." for ch in text)


class _Finder:
    """Walks the sentences of one parse and collects attributions (``by_sentence``)."""

    def __init__(self, doc: Any, quotes: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.quotes = quotes
        self.quote_starts = [s for s, _ in quotes]
        self.classifier = _Classifier(doc)
        self.by_sentence: dict[int, list[_Found]] = {}
        self.all: list[_Found] = []

    def _quoted(self, offset: int) -> bool:
        k = bisect_right(self.quote_starts, offset) - 1
        return k >= 0 and offset < self.quotes[k][1]

    def _add(self, found: _Found) -> None:
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
        if low in _ADVERB_CUES:
            end = tok.idx + len(tok.text)
            self._add(_Found(index, tok.idx, end, "vague", tok.idx, end, quote=None))
        elif low == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to":
            to = self.doc[tok.i + 1]
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is not None:
                self._source(index, obj, tok.idx, to.idx + 2, tok.head.idx)
        elif tok.lemma_.lower() in _REPORTING and (
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
            elif lemma in _PASSIVE_VAGUE:
                start = min([c.idx for c in children if c.dep_ in ("aux", "auxpass")] + [cue[0]])
                subject = next((c for c in children if c.dep_ in ("nsubjpass", "expl")), None)
                if any(c.tag_ == "MD" for c in children):
                    return  # "details could be revealed": a future event, not a source
                expletive = subject is not None and subject.lower_ == "it"
                if lemma in _PASSIVE_NEEDS_CLAUSE and complement is None and not expletive:
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
                self._add(_Found(index, start, end, "vague", start, end, comp_at, quote=quote))
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
        if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
            subject = verb.head
        if subject.lower_ in ("i", "we", "you", "nobody", "none") or subject.lower_ == "no":
            return
        if any(c.lower_ == "no" for c in subject.children if c.dep_ == "det"):
            return
        obj = next((c for c in children if c.dep_ in ("dobj", "attr")), None)
        licensed = complement is not None
        if not licensed and lemma in _FIGURE_OBJECT_VERBS and obj is not None:
            licensed = obj.lemma_.lower() in _FIGURE_NOUNS or any(t.like_num for t in obj.subtree)
        if not licensed and lemma in _BARE:
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
        if head.lower_ in _PERSON_PRONOUNS | {"they", "it", "them"}:
            resolved = self._resolve(head)
            if resolved is None:
                label = "anonymous" if head.lower_ not in ("they", "it") else "vague"
            else:
                label, refers_to = resolved
            start, end = head.idx, head.idx + len(head.text)
        else:
            label = self.classifier.label(head)
            start, end = _phrase(self.doc, head)
            if beside is not None:
                label = min(label, self.classifier.label(beside), key=_PRIORITY.index)
                start = _phrase(self.doc, beside)[0]
        self._add(_Found(index, start, end, label, cue_start, cue_end, complement, refers_to))

    def _resolve(self, pronoun: Any) -> tuple[str, tuple[int, int]] | None:
        """(label, antecedent span) of a pronoun source: the nearest earlier person or source."""
        person = pronoun.lower_ in _PERSON_PRONOUNS
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

    def link_quotes(self, sentences: Sequence[tuple[int, int]]) -> None:
        """Mark direct quotes, and give quotes without a cue in their own sentence to their speaker."""
        orphans: list[tuple[int, tuple[int, int], int]] = []  # (sentence, quoted words, quote number)
        if not self.quotes:
            return
        for index, (s0, s1) in enumerate(sentences):
            if not any(q0 < s1 and s0 < q1 for q0, q1 in self.quotes):
                continue
            pieces = []
            for number, (q0, q1) in enumerate(self.quotes):
                a, b = max(q0, s0), min(q1, s1)
                while a < b and self.text[a].isspace():
                    a += 1
                while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ",;"):
                    b -= 1
                if b > a and len(self.text[a:b].split()) >= 2:
                    pieces.append(((a, b), number))
            if not pieces:
                continue
            found = self.by_sentence.get(index, [])
            for f in found:
                if f.cue_start == f.start and f.label == "vague" and f.quote is None:
                    continue
                for (a, b), _ in pieces:
                    inside = f.complement is not None and a <= f.complement < b
                    before = _only_filler(self.text[b : min(f.start, f.cue_start)])
                    after = _only_filler(self.text[max(f.end, f.cue_end) : a])
                    if inside or (b <= f.start and before) or (a >= f.cue_end and after):
                        f.quote, f.quote_span = "direct", (a, b)
                        break
            if not found:
                (a, b), number = max(pieces, key=lambda p: p[0][1] - p[0][0])
                if (b - a) * 2 >= s1 - s0:
                    orphans.append((index, (a, b), number))
        for index, span, number in orphans:
            q0, q1 = self.quotes[number]
            speaker = next(
                (f for f in self.all if f.quote == "direct" and f.quote_span and q0 <= f.quote_span[0] < q1),
                None,
            )
            if speaker is None:
                speaker = next(
                    (f for f in reversed(self.all) if f.sentence == index - 1 and f.quote == "direct"), None
                )
            if speaker is not None:
                self._add(
                    _Found(
                        index,
                        speaker.start,
                        speaker.end,
                        speaker.label,
                        speaker.cue_start,
                        speaker.cue_end,
                        None,
                        speaker.refers_to,
                        "direct",
                        span,
                    )
                )
