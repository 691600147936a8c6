"""Who takes part in an event: subjects, objects and modifiers of a trigger, as names or noun phrases."""

from __future__ import annotations

from typing import Any

from unspin.article import Annotation
from unspin.lang.en.events import ACTOR_TRIGGERS
from unspin.lang.en.numbers import COLLECTIVE_NOUNS
from unspin.lang.en.people import ARMED_ACTORS, CIVILIANS, PROTESTERS, RELATIVE_PRONOUNS, SECURITY_FORCES
from unspin.nlp.deps import children, prep_objects, with_conjuncts


def subjects_of(token: Any) -> list[Any]:
    """Who does it: nominal subject, or the "by" agent of a passive, or of the governing verb."""
    subj = children(token, "nsubj")
    if token.dep_ == "relcl" and (not subj or subj[0].lower_ in RELATIVE_PRONOUNS):
        subj = [token.head]
    subj.extend(p for a in children(token, "agent") for p in children(a, "pobj"))
    if not subj and token.dep_ in ("xcomp", "conj", "advcl") and token.head.pos_ == "VERB":
        subj = children(token.head, "nsubj")
    if not subj and token.dep_ == "pcomp" and token.head.head.pos_ == "VERB":
        subj = children(token.head.head, "nsubj")  # "admitted to having fought"
    return with_conjuncts(subj)


def objects_of(token: Any) -> list[Any]:
    """To whom or what: direct object, passive subject, or "on"/"against"/"at" complements."""
    obj = children(token, "dobj", "nsubjpass", "attr")
    obj.extend(prep_objects(token, "on", "against", "at", "in", "of", "with", "between", "near"))
    return with_conjuncts(obj)


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
            found.extend(children(child, "pobj"))
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
        found.extend(children(token.head, "dobj"))
    elif token.dep_ == "dobj":
        found.extend(children(token.head, "nsubj"))
    return with_conjuncts(found)


def lemma_set(tokens: list[Any]) -> set[str]:
    """Lemmas and words; a capitalised plural the tagger took for a name ("Drones struck") in singular;
    for a number or a collective noun, also the people it counts ("thousands of teachers")."""
    counted = [
        p for t in tokens if t.like_num or t.lemma_.lower() in COLLECTIVE_NOUNS for p in prep_objects(t, "of")
    ]
    tokens = [*tokens, *counted]
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
            c = next(iter(prep_objects(c, "of")), c)
        name = _phrase(c, entities)
        if name and name not in names:
            names.append(name)
    return names
