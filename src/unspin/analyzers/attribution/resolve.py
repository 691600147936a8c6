"""Antecedents of pronoun sources ("it said", "he added") and of repeated descriptions ("the ministry
said" after "the Ministry of Defence of Valdoria"): the nearest earlier source or named subject that
is compatible — a person for "he"/"she" (and of that gender when a title or noun says so), an
organisation, outlet or document for "it", a group or organisation for "they". Names inside
quotations and names that are not the subject of their clause ("what Hillary Clinton did", "Clinton's
emails") are not candidates: the speaker of a pronoun is almost always someone already speaking or
acting. The source keeps the pronoun's span; it gets the antecedent's label and ``refers_to``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from unspin.lang.en.organisations import ORG_NOUNS, PLURAL_ORGANISATION_NOUNS
from unspin.lang.en.people import FEMALE_WORDS, MALE_WORDS, TITLE_NOUNS

if TYPE_CHECKING:
    from unspin.analyzers.attribution.cues import Finder, Found

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_COMPATIBLE = {
    "person": ("named_person", "anonymous"),
    "it": ("named_organisation", "media", "document"),
    "they": ("named_organisation", "anonymous", "media", "named_person"),
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An earlier mention a pronoun may stand for."""

    start: int
    end: int
    label: str
    gender: str | None  # "m", "f" or None (unknown)
    plural: bool


def gender_of(words: list[str]) -> str | None:
    """ "m" or "f" when a word of the phrase says so (a title, "spokeswoman", "mother"), else None."""
    lowered = {w.lower().rstrip(".") for w in words}
    if lowered & MALE_WORDS and not lowered & FEMALE_WORDS:
        return "m"
    if lowered & FEMALE_WORDS and not lowered & MALE_WORDS:
        return "f"
    return None


def _pronoun_gender(pronoun: str) -> str | None:
    return "m" if pronoun in ("he", "him") else "f" if pronoun in ("she", "her") else None


class Resolver:
    """Candidates of one article, in text order; ``resolve`` links every pronoun and description."""

    def __init__(self, finder: Finder) -> None:
        self.finder = finder
        self.doc = finder.doc
        self.genders: dict[str, str] = {}  # a person's last name → gender learnt from a resolved pronoun
        self.entities = [e for e in self.doc.ents if self._entity_candidate(e)]

    def _entity_candidate(self, ent: Any) -> bool:
        if ent.label_ not in ("PERSON", "ORG", "NORP", "GPE") or self.finder.quoted(ent.start_char):
            return False
        root = ent.root
        head = root.head if root.dep_ in ("appos", "compound", "poss") else root
        return head.dep_ in _SUBJECT_DEPS or (head.dep_ == "pobj" and head.head.lower_ in ("by", "to"))

    def _entity(self, ent: Any) -> Candidate:
        label = {"PERSON": "named_person", "ORG": "named_organisation"}.get(ent.label_, "named_organisation")
        words = [t.text for t in self.doc[max(ent.start - 2, 0) : ent.end]]
        return Candidate(ent.start_char, ent.end_char, label, gender_of(words), ent.root.tag_ == "NNPS")

    def _found(self, f: Found) -> Candidate:
        span = f.refers_to or (f.start, f.end)
        text = self.finder.text[span[0] : span[1]]
        words = text.split()
        plural = bool(words) and (
            words[-1].lower().endswith("s") or words[-1].lower() in PLURAL_ORGANISATION_NOUNS
        )
        gender = gender_of(words) or self.genders.get(words[-1] if words else "")
        if f.pronoun is not None:
            gender = _pronoun_gender(f.pronoun) or gender
        return Candidate(span[0], span[1], f.label, gender, plural)

    def candidates(self, before: int, sources: list[Found]) -> list[Candidate]:
        out = [self._entity(e) for e in self.entities if e.end_char <= before]
        out.extend(
            self._found(f)
            for f in sources
            if f.start < before and f.label != "vague" and f.cue_start != f.start and f.kind != "tweet"
        )
        return sorted(out, key=lambda c: c.end)

    def resolve(self) -> None:
        """Set ``refers_to`` and the label of every pronoun source and repeated description."""
        ordered = sorted(self.finder.all, key=lambda f: f.start)
        for k, f in enumerate(ordered):
            earlier = ordered[:k]
            if f.pronoun is not None:
                self._pronoun(f, earlier)
            elif f.label != "vague":
                self._description(f, earlier)

    def _pronoun(self, f: Found, earlier: list[Found]) -> None:
        pronoun = f.pronoun or ""
        kind = "person" if _pronoun_gender(pronoun) else pronoun if pronoun in _COMPATIBLE else "they"
        wanted = _COMPATIBLE[kind]
        gender = _pronoun_gender(pronoun)
        for c in reversed(self.candidates(f.start, earlier)):
            if c.label not in wanted:
                continue
            if kind == "person" and c.gender is not None and c.gender != gender:
                continue
            if kind == "they" and c.label in ("named_person", "anonymous") and not c.plural:
                continue
            if kind == "it" and c.plural and c.label != "named_organisation":
                continue
            f.refers_to, f.label = (c.start, c.end), c.label
            if gender is not None and c.label == "named_person":
                last = self.finder.text[c.start : c.end].split()[-1]
                self.genders.setdefault(last, gender)
            return

    def _description(self, f: Found, earlier: list[Found]) -> None:
        """ "the ministry", "the judge": the earlier named source whose name holds every word."""
        head = self.doc.char_span(f.start, f.end, alignment_mode="expand")
        if head is None or not len(head):
            return
        tokens = list(head)
        if tokens[0].lower_ != "the" or any(t.pos_ == "PROPN" for t in tokens):
            return
        words = [t.lower_ for t in tokens[1:] if t.is_alpha]
        if not words or words[-1] not in ORG_NOUNS | TITLE_NOUNS or len(words) > 3:
            return
        for c in reversed(self.candidates(f.start, earlier)):
            text = self.finder.text[c.start : c.end]
            named = any(ch.isupper() for ch in text[1:]) or text[:1].isupper()
            lowered = {w.strip(".,'’()").lower() for w in text.split()}
            if named and c.start != f.start and set(words) <= lowered and c.label != "anonymous":
                f.refers_to, f.label = (c.start, c.end), c.label
                return
