"""Who takes part in an event: subjects, objects and modifiers of a trigger, as names or noun phrases."""

from __future__ import annotations

from typing import Any

from unspin.article import Annotation
from unspin.lang.en.events import ACTOR_TRIGGERS
from unspin.lang.en.numbers import COLLECTIVE_NOUNS
from unspin.lang.en.people import ARMED_ACTORS, CIVILIANS, PROTESTERS, SECURITY_FORCES


def deps(token: Any, *deps: str) -> list[Any]:
    return [c for c in token.children if c.dep_ in deps]


def _with_conj(tokens: list[Any]) -> list[Any]:
    out = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def subjects_of(token: Any) -> list[Any]:
    """Who does it: nominal subject, or the "by" agent of a passive, or of the governing verb."""
    subj = deps(token, "nsubj")
    if token.dep_ == "relcl" and (not subj or subj[0].lower_ in ("who", "that", "which")):
        subj = [token.head]
    for agent in deps(token, "agent"):
        subj.extend(deps(agent, "pobj"))
    if not subj and token.dep_ in ("xcomp", "conj", "advcl") and token.head.pos_ == "VERB":
        subj = deps(token.head, "nsubj")
    return _with_conj(subj)


def objects_of(token: Any) -> list[Any]:
    """To whom or what: direct object, passive subject, or "on"/"against"/"at" complements."""
    obj = deps(token, "dobj", "nsubjpass", "attr")
    for prep in deps(token, "prep"):
        if prep.lower_ in ("on", "against", "at", "in", "of", "with", "between", "near"):
            obj.extend(deps(prep, "pobj"))
    return _with_conj(obj)


def noun_actors(token: Any) -> list[Any]:
    """Participants of a noun trigger: "clashes between A and B", "protest by farmers", "rebel attack"."""
    found = []
    for child in token.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and (
            child.pos_ == "PROPN" or child.ent_type_ or child.lemma_.lower() in ARMED_ACTORS | PROTESTERS
        ):
            found.append(child)
        elif child.dep_ in ("prep", "agent") and child.lower_ in (
            "by",
            "between",
            "of",
            "with",
            "against",
            "on",
        ):
            found.extend(deps(child, "pobj"))
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
        found.extend(deps(token.head, "dobj"))
    elif token.dep_ == "dobj":
        found.extend(deps(token.head, "nsubj"))
    return _with_conj(found)


def lemma_set(tokens: list[Any]) -> set[str]:
    """Lemmas and words; a capitalised plural the tagger took for a name ("Drones struck") in singular."""
    return {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens} | {singular(t) for t in tokens}


def singular(token: Any) -> str:
    word = token.lower_
    return word[:-1] if token.pos_ == "PROPN" and word.endswith("s") and not word.endswith("ss") else word


_NOT_ACTORS = frozenset("DATE TIME CARDINAL ORDINAL QUANTITY MONEY PERCENT GPE LOC FAC".split())


def _phrase(token: Any, entities: list[Annotation]) -> str | None:
    """The name or noun phrase a participant token stands for (places and dates are not actors)."""
    for e in entities:
        if e.start <= token.idx < e.end:
            return None if e.label in ("place", "facility") else str(e.attrs.get("canonical") or e.text)
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in _NOT_ACTORS:
        return None
    if (
        token.lemma_.lower() not in ARMED_ACTORS | CIVILIANS | PROTESTERS | SECURITY_FORCES
        and token.pos_ != "PROPN"
    ):
        return None
    left = token.i
    for child in sorted(token.lefts, key=lambda c: -c.i):
        if child.i == left - 1 and child.dep_ in ("compound", "amod", "nmod") and child.pos_ != "NUM":
            left = child.i
        else:
            break
    doc = token.doc
    return str(doc[left : token.i + 1].text)


def actors(token: Any, entities: list[Annotation]) -> list[str]:
    if token.lemma_.lower() in ACTOR_TRIGGERS:
        candidates = [token]
    elif token.pos_ == "VERB":
        candidates = subjects_of(token) + objects_of(token)
    else:
        candidates = noun_actors(token)
        if token.dep_ in ("pobj", "dobj") and token.head.pos_ in ("VERB", "ADP"):
            verb = token.head if token.head.pos_ == "VERB" else token.head.head
            candidates += subjects_of(verb)
    names = []
    for c in candidates:
        if c.ent_type_ == "CARDINAL" or c.lemma_.lower() in COLLECTIVE_NOUNS:
            c = next((p for prep in deps(c, "prep") if prep.lower_ == "of" for p in deps(prep, "pobj")), c)
        name = _phrase(c, entities)
        if name and name not in names:
            names.append(name)
    return names
