"""Source phrases and their types: named person or organisation, media, document, anonymous, vague."""

from __future__ import annotations

import re
from typing import Any

from unspin.lang.en.organisations import OFFICIAL_PLURALS, ORG_NOUNS, ORG_TYPE_NOUNS
from unspin.lang.en.people import PERSON_TITLES, SPOKESPEOPLE, TITLE_NOUNS
from unspin.lang.en.sources import (
    ANONYMOUS_NOUNS,
    DOCUMENT_NOUNS,
    HEARSAY_NOUNS,
    MEDIA_NAME_WORDS,
    MEDIA_NAMES,
    MEDIA_NOUNS,
    MEDIA_PHRASES,
    STATEMENT_NOUNS,
    VAGUE_NOUNS,
)
from unspin.nlp.deps import children, closure, first_child, prep_objects

LABELS = ("named_person", "named_organisation", "media", "document", "anonymous", "vague")

# When two phrases name one source, the more specific type wins.
PRIORITY = ("media", "named_person", "document", "named_organisation", "anonymous", "vague")


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


def phrase(doc: Any, head: Any) -> tuple[int, int]:
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


# Name-like modifiers a source head gathers ("the army's spokesman, Colonel X", "Human rights group Y").
_CORE = ("compound", "appos", "nmod", "amod", "poss", "flat")
_AROUND = ("compound", "nmod", "appos", "amod")


def _around(head: Any) -> set[str]:
    """Lemmas of the words directly modifying a name ("Mayor" in "Mayor X", "group" in "group X")."""
    return {c.lemma_.lower() for c in children(head, *_AROUND)}


_DOMAIN = re.compile(r"\w\.(?:com|net|org|co\.uk|tv|news)\b")


def _is_media_name(text: str) -> bool:
    low = text.lower()
    if _DOMAIN.search(low):
        return True
    words = set(re.findall(r"[\w'-]+", low))
    if len(words) == 1 and len(low) > 6 and low.endswith("news") and text[:1].isupper():
        return True  # "LifeSiteNews", "Newsnews": an outlet named for its news
    return bool(words & MEDIA_NAMES) or any(p in low for p in MEDIA_PHRASES)


# Common nouns that may start a sentence with a capital and be tagged as names.
_COMMON_SOURCES = DOCUMENT_NOUNS | ANONYMOUS_NOUNS | VAGUE_NOUNS | MEDIA_NOUNS | HEARSAY_NOUNS


class Classifier:
    """Source types of source phrases, with the article's named people for surname and pronoun links."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ents = list(doc.ents)
        self.persons = [e for e in self.ents if e.label_ == "PERSON"]
        self.surnames = {e[-1].text for e in self.persons}
        self.known: dict[str, str] = {}

    @staticmethod
    def stronger(a: str, b: str) -> str:
        """The more specific of two labels for one source ("the news agency KNA")."""
        return min(a, b, key=PRIORITY.index)

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
        core = closure(head, _CORE)
        lemmas = {t.lemma_.lower() for t in core}
        ents = {t.ent_type_ for t in core if t.ent_type_}
        lemma = head.lemma_.lower()
        det_token = first_child(head, "det", "poss")
        det = det_token.lower_ if det_token is not None else None
        numbered = first_child(head, "nummod") is not None
        plural_bare = head.tag_ in ("NNS", "NNPS") and det is None and not numbered
        if det in ("every", "each", "any") and not any(t.ent_type_ == "PERSON" for t in core):
            return "anonymous"  # "every Democrat": a kind of person, not a party speaking
        if name and self._person_name(head):
            return "named_person"  # "CNN's Shimon Prokupecz", "Press Secretary Sarah Sanders"
        if lemma in MEDIA_NOUNS or (lemmas & MEDIA_NOUNS and lemma not in ANONYMOUS_NOUNS):
            return "media"
        if name:
            return self._name_label(head, core)
        if any(t.ent_type_ == "PERSON" for t in core if t.dep_ not in ("poss", "nmod") or t is head):
            return "named_person"  # "the army's spokesman, Colonel X"; not "Merritt's office"
        if lemma in STATEMENT_NOUNS and self._has_org_prep(head, ("from", "by", "of")):
            return "named_organisation"
        if lemma in DOCUMENT_NOUNS:
            if lemma in HEARSAY_NOUNS and plural_bare and first_child(head, "amod") is None:
                return "vague"
            return "document"
        if lemma in HEARSAY_NOUNS:
            return "vague"
        if lemma in SPOKESPEOPLE and (
            lemmas & ORG_NOUNS or ents & {"ORG", "GPE", "NORP"} or self._has_org_prep(head) or det == "the"
        ):
            return "named_organisation"
        if lemma in TITLE_NOUNS and (
            det in ("the", "its", "their", "his", "her") or self._has_org_prep(head)
        ):
            return "named_person" if lemma not in SPOKESPEOPLE else "named_organisation"
        if lemma == "guard" and any(c.lower_ in ("coast", "national") for c in head.children):
            return "named_organisation"  # "the coast guard", not "a guard"
        if lemma in ANONYMOUS_NOUNS or lemma in TITLE_NOUNS:
            return "anonymous"
        if lemma in VAGUE_NOUNS:
            modified = bool(children(head, "prep", "relcl", "acl", "nummod", "compound"))
            if det in (None, "every", "many", "some", "most", "all") and not modified:
                return "vague"
            return "anonymous"
        if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC") or lemma in ORG_NOUNS or lemmas & ORG_NOUNS:
            if plural_bare and lemma not in OFFICIAL_PLURALS and not ents & {"ORG", "GPE", "NORP"}:
                return "anonymous"  # "aid agencies", "rights groups": organisations, but unnamed
            return "named_organisation"
        if name:
            return "named_organisation"
        return "anonymous"

    def _person_name(self, head: Any) -> bool:
        around = _around(head)
        if around & ORG_TYPE_NOUNS or head.lower_ in ORG_NOUNS or head.lower_ in ORG_TYPE_NOUNS:
            return False  # "the Justice Department", "Human rights group Civic Watch"
        if head.lower_ in TITLE_NOUNS and head.lower_ not in SPOKESPEOPLE:
            return True  # "Hungary's Prime Minister", "The US Secretary of ...": an office holder
        return head.ent_type_ == "PERSON" or head.text in self.surnames or bool(around & PERSON_TITLES)

    def _name_label(self, head: Any, core: list[Any]) -> str:
        """Source type of a name: its entity type, the words around it ("Mayor X", "group X")."""
        if _is_media_name(" ".join(t.text for t in core)) or self._media_entity(head):
            return "media"
        around = _around(head)
        if around & ORG_TYPE_NOUNS or head.lower_ in ORG_NOUNS or head.lower_ in ORG_TYPE_NOUNS:
            return "named_organisation"
        if around & PERSON_TITLES:
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
        return bool(words & MEDIA_NAME_WORDS) or _is_media_name(ent.text)

    @staticmethod
    def _has_org_prep(head: Any, preps: tuple[str, ...] = ("for", "of", "at")) -> bool:
        """Does a preposition of ``head`` govern an organisation ("spokesman for the army")?"""
        return any(
            obj.ent_type_ in ("ORG", "GPE", "NORP") or obj.lemma_.lower() in ORG_NOUNS
            for obj in prep_objects(head, *preps)
        )
