"""What a figure counts: its category (KILL, WOUND, ...), the counted noun and the words that govern it."""

from __future__ import annotations

from typing import Any

from unspin.analyzers.figures.numbers import Figure
from unspin.lang.en.events import (
    CHARGING_VERBS,
    COUNTED_EVENTS,
    COUNTED_ROLES,
    CUSTODY_WORDS,
    DAMAGE_WORDS,
    DEATH_WORDS,
    FATAL_WORDS,
    HARM_WORDS,
    HEALTH_COUNTED,
    HOSPITAL_VERBS,
    INJURY_WORDS,
    NOUN_CLASSES,
)
from unspin.lang.en.health import DISEASE_WORDS, HEALTH_CONTEXT_WORDS
from unspin.lang.en.measures import MONEY_VERBS
from unspin.lang.en.numbers import FINDING_VERBS, SUBJECT_EVENT_VERBS, TOLL_NOUNS
from unspin.lang.en.people import ARRESTING_FORCES, HOUSEHOLD_NOUNS, PEOPLE_NOUNS
from unspin.nlp.deps import attachment, children, first_child, prep_objects

CATEGORIES = (
    "KILL",
    "WOUND",
    "ARREST",
    "PROTEST",
    "SEIZE",
    "AFFECT",
    "KIDNAP",
    "DAMAGE",
    "MONEY",
    "PERCENT",
    "QUANTITY",
)
# Categories that count people: their sums are reported in the summary.
PEOPLE_CATEGORIES = ("KILL", "WOUND", "ARREST", "PROTEST", "AFFECT", "KIDNAP")

_WEIGHTS = frozenset(["tonnes", "kg"])
# Noun classes that are things, never people an event happens to.
_THINGS = frozenset(["weapons", "buildings", "vehicles"])


def span_root(doc: Any, fig: Figure) -> Any:
    """The token of the expression (number and unit, not "at least") whose head lies outside it."""
    return attachment(doc, list(range(fig.number_tokens[0], fig.last + 1)))


def _chain(doc: Any, root: Any) -> tuple[Any | None, list[Any]]:
    """(counted noun, context tokens nearest first) for a figure attached at ``root``."""
    noun = None
    of_objects = [o for o in prep_objects(root, "of") if o.head.dep_ == "prep"]
    if of_objects and (of_objects[0].pos_ in ("NOUN", "PROPN") or _predicate_noun(root) is None):
        noun = of_objects[0]
    elif _predicate_noun(root) is not None:
        noun = _predicate_noun(root)  # "135 were men", "six of the 22 arrested were criminal aliens"
    elif root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and root.head.pos_ in (
        "NOUN",
        "PROPN",
        "ADJ",
        "PRON",
    ):
        noun = root.head
    anchor = noun if noun is not None else root
    context: list[Any] = [anchor]
    if of_objects and noun is not None and noun.i != of_objects[0].i:
        context.extend(of_objects)  # "Three of the dead were soldiers": the whole says what befell them
    whole = children(anchor, "amod", "acl", "relcl", "compound")
    # "killed four of the eight people infected": what the whole of a partitive underwent comes after
    # what its part did
    partitive = bool(of_objects) and noun is not None and noun.i == of_objects[0].i
    if not partitive:
        context.extend(whole)
    context.extend(children(root, "amod", "acl", "prep"))
    context.extend(c for c in anchor.children if c.lower_ == "without")
    of = anchor.head
    if anchor.dep_ == "pobj" and of.lower_ == "of" and of.head.pos_ in ("VERB", "AUX") and of.i < of.head.i:
        # "Of the nine men given the drug, four have died": the whole of a partitive is not what its
        # verb says of the part
        return noun, context
    tok = anchor
    for _ in range(6):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        context.append(tok)
        if tok.dep_ == "acl" and tok.pos_ == "VERB":
            context.append(tok.head)  # "the crowd, estimated at 20,000": what the estimate is of
        for c in children(tok, "nsubj", "nsubjpass"):
            if c.i != anchor.i:
                context.append(c)
                context.extend(children(c, "acl"))  # "those killed included 12 women"
        # "17 hostages, including four foreigners": "including" passes the count on to its head.
        if tok.pos_ in ("VERB", "AUX") and tok.lower_ != "including":
            counted = _toll_subject(tok)
            if counted is not None:  # "the number of soldiers killed rose to 39": counts soldiers
                if noun is None:
                    noun = counted
                context.append(counted)
                context.extend(children(counted, "acl", "relcl", "amod", "compound"))
            for c in tok.children:
                if (
                    c.dep_ in ("nsubj", "nsubjpass", "oprd", "acomp", "dobj", "attr", "npadvmod")
                    and c.i != anchor.i
                ):
                    context.append(c)
                    context.extend(children(c, "compound", "amod"))
                elif c.lower_ == "without":
                    context.append(c)
            context.extend(_end_states(tok))
            break
    if partitive:
        context.extend(whole)
    return noun, context


def _predicate_noun(root: Any) -> Any | None:
    """ "135 were men", "two were police officers": the noun a bare subject number is said to be is what
    it counts (the number before it stands for a group of those)."""
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_ != "be" or verb.i < root.i:
        return None
    attr = first_child(verb, "attr")
    return attr if attr is not None and attr.pos_ == "NOUN" and attr.tag_ == "NNS" else None


def _by_force(verb: Any) -> bool:
    """Is the verb's doer police, troops or another arresting force ("officers found", "found by
    soldiers")?"""
    doers = {c.lemma_.lower() for c in children(verb, "nsubj")}
    doers |= {g.lemma_.lower() for c in children(verb, "agent") for g in c.children}
    return bool(doers & ARRESTING_FORCES) and verb.pos_ == "VERB"


def _doer(verb: Any, anchor: Any) -> bool:
    """Is the counted phrase the subject of an active verb done to someone else ("40 gunmen killed 12
    villagers", "300 soldiers arrested 25 suspects", "the 7.1 quake killed 12")? Then the verb's count is
    its object's, not the subject's (unlike "20 migrants died")."""
    return (
        anchor.dep_ == "nsubj"
        and anchor.head.i == verb.i
        and verb.pos_ == "VERB"
        and any(c.dep_ == "dobj" for c in verb.children)
    )


def _end_states(verb: Any) -> list[Any]:
    """Where the people a verb counts end up, on its prepositions: "remain in custody", "were taken to
    hospital", "went on strike", "took to the streets"."""
    out = []
    for o in prep_objects(verb):
        lemma, prep, v = o.lemma_.lower(), o.head.lower_, verb.lemma_.lower()
        if (
            lemma in CUSTODY_WORDS
            or (lemma == "hospital" and v in HOSPITAL_VERBS)
            or (lemma == "strike" and prep == "on")
            or (lemma == "street" and prep == "to" and v == "take")
        ):
            out.append(o)
    return out


def _sentence_lemmas(tok: Any) -> set[str]:
    return {t.lemma_.lower() for t in tok.sent}


def _health_context(doc: Any, root: Any) -> bool:
    """Is the figure's sentence, or the article (two disease words or more), about health?"""
    if HEALTH_CONTEXT_WORDS & _sentence_lemmas(root):
        return True
    return sum(t.lemma_.lower() in DISEASE_WORDS for t in doc) >= 2


def _governs(t: Any, noun: Any) -> bool:
    """Does ``t`` act on the counted noun itself: the noun ("16 arrests"), its verb ("arrested 150
    illegals", "20 migrants died"), a participle on it ("violators arrested"), or the event noun it is
    "of" ("the arrest of 232 migrants")?"""
    if noun is None:
        return False
    if t.i == noun.i or (t.head.i == noun.i and t.dep_ in ("acl", "relcl", "amod")):
        return True
    if noun.head.i == t.i and noun.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "oprd"):
        return True
    of = noun.head
    return noun.dep_ == "pobj" and of.lower_ == "of" and of.head.i == t.i


def _measured(root: Any) -> Any | None:
    """What a rate is of: "a fatality rate of 90%" (the noun before "of"), "raise the tax from 7 to 11
    percent", "set the speed to 25%" (the object of the verb the number is moved to or from)."""
    if root.dep_ != "pobj":
        return None
    prep = root.head
    while prep.dep_ == "prep" and prep.head.dep_ == "prep":
        prep = prep.head  # "from 7 to 11 percent": "to" hangs on "from"
    owner = prep.head
    if prep.lower_ == "of" and owner.pos_ == "NOUN":
        return owner
    if prep.lower_ in ("to", "from", "at", "by") and owner.pos_ == "VERB":
        return next(iter(children(owner, "dobj", "nsubjpass")), None)
    return None


def _fatal(t: Any) -> bool:
    """ "fatally shot", "the fatal shooting", "stabbed to death", "shot dead": harm that killed."""
    if any(c.lower_ in FATAL_WORDS for c in t.children if c.dep_ != "conj"):
        return True
    return any(o.lemma_.lower() == "death" for o in prep_objects(t, "to"))


def event_category(t: Any) -> tuple[str, str] | None:
    """The category an event word gives its count: fatal harm is a death, people struck down or
    diagnosed with a disease are affected, and a verb "strike" that hits something is no strike."""
    lemma = t.lemma_.lower()
    hit = COUNTED_EVENTS.get(lemma) or COUNTED_EVENTS.get(t.lower_)
    if hit is None and t.is_title:
        hit = COUNTED_EVENTS.get(t.lower_.removesuffix("s"))  # a headline's "Arrests", "Kills"
    if hit is None and lemma in CHARGING_VERBS and t.pos_ == "VERB":
        hit = ("ARREST", "people charged")  # "12 were charged"; not "faces 12 charges"
    if lemma == "street" and t.head.lower_ == "to" and t.head.head.lemma_.lower() == "take":
        hit = ("PROTEST", "protesters")  # "tens of thousands took to the streets"
    if t.pos_ == "VERB" and any(o.lemma_.lower() in DISEASE_WORDS for o in prep_objects(t, "with")):
        return "AFFECT", "people affected"  # "struck down with the fever", "diagnosed with cholera"
    if (hit is None or hit[0] == "WOUND") and (hit is not None or lemma in HARM_WORDS) and _fatal(t):
        return "KILL", "people killed"
    if (
        hit is not None
        and lemma == "strike"
        and t.pos_ == "VERB"
        and any(c.dep_ in ("dobj", "prt", "auxpass") for c in t.children)
    ):
        return None
    return hit


def _victims(root: Any) -> tuple[str, str]:
    """Victims are a death toll unless their sentence speaks of injuries and of no death."""
    lemmas = _sentence_lemmas(root)
    if lemmas & INJURY_WORDS and not lemmas & DEATH_WORDS:
        return "WOUND", "people injured"
    return COUNTED_ROLES["victim"]


def _describes_a_thing(root: Any, noun: Any) -> bool:
    """ "a country of 10 million": the figure measures a noun that is neither people nor a toll."""
    if noun is not None or root.dep_ != "pobj" or root.head.lower_ != "of":
        return False
    owner = root.head.head
    lemma = owner.lemma_.lower()
    return (
        owner.pos_ == "NOUN"
        and lemma not in PEOPLE_NOUNS
        and lemma not in TOLL_NOUNS
        and lemma not in COUNTED_EVENTS
        and lemma not in COUNTED_ROLES
        and lemma not in ("group", "crowd")
    )


def _toll_subject(verb: Any) -> Any | None:
    """For "the number of X killed rose to N" / "the toll of X stood at N": the X that N counts."""
    for c in children(verb, "nsubj", "nsubjpass"):
        if c.lemma_.lower() in TOLL_NOUNS:
            of_objects = [o for o in prep_objects(c, "of") if o.head.dep_ == "prep"]
            if of_objects:
                return of_objects[0]
    return None


def classify(doc: Any, fig: Figure) -> tuple[str, str | None, Any | None]:
    """(category, counts, counted noun) of one figure, from the words that govern it."""
    root = span_root(doc, fig)
    noun, context = _chain(doc, root)
    if noun is not None and fig.first <= noun.i <= fig.last:
        noun = None
    if noun is not None and (
        (noun.pos_ == "PROPN" and noun.ent_type_ in ("GPE", "LOC"))
        or noun.pos_ in ("PRON", "DET", "NUM")
        or noun.ent_type_ in ("DATE", "TIME")
        or (fig.currency is not None and noun.pos_ == "PROPN")
    ):
        # "killed more than 140 Madagascar" (a word lost), "four of these", "$2 billion of which",
        # "86 of the 145" (the whole is a figure of its own, see discourse.py),
        # "signed on Friday - $90 billion": a place, a pronoun or a day is not what is counted
        noun = None
    if fig.currency is not None:
        around = {t.lemma_.lower() for t in context}
        around.update(g.lemma_.lower() for child in children(root, "prep") for g in child.children)
        if noun is not None:
            around.update(c.lemma_.lower() for c in noun.children)
        return ("DAMAGE", "damage", noun) if around & DAMAGE_WORDS else ("MONEY", "money", noun)
    if fig.unit in ("percent", "percentage points"):
        subject = next((t for t in context if t.dep_ in ("nsubj", "nsubjpass") and t.i != root.i), None)
        what = noun if noun is not None else _measured(root) or subject
        counts = what.lemma_.lower() if what is not None and what.pos_ in ("NOUN", "PROPN") else "percent"
        return "PERCENT", counts, noun
    noun_lemma = noun.lemma_.lower() if noun is not None else None
    if (
        fig.vague
        and noun is None
        and fig.unit is None
        and root.dep_ not in ("nsubj", "nsubjpass")
        and fig.value >= 1_000_000
        and root.head.lemma_.lower() in MONEY_VERBS
    ):
        return "MONEY", "money", None  # "gave billions to", "fined the company millions"
    if _describes_a_thing(root, noun):
        return "QUANTITY", None, None  # "a country of 10 million", "a fleet of 40": not a toll
    health = noun_lemma in HEALTH_COUNTED and _health_context(doc, root)
    if noun is not None and noun_lemma in ("case", "infection") and not health:
        return "QUANTITY", "case", noun  # court cases, not people taken ill
    nxt = doc[fig.last + 1] if fig.last + 1 < len(doc) else None
    if noun is None and nxt is not None and nxt.pos_ in ("ADJ", "VERB") and event_category(nxt) is not None:
        context = [nxt, *context]  # "59 dead and over 500 injured": each number's own word first
    prev = doc[fig.first - 1] if fig.first else None
    if prev is not None and prev.lower_ in ("over", "nearly", "almost", "about") and fig.first > 1:
        prev = doc[fig.first - 2]  # "Arrests Over 150": the approximator the parse left out
    if noun is None and prev is not None and prev.is_title and event_category(prev) is not None:
        context = [prev, *context]  # a headline's verb: "Police Arrest Over 150 in Raids"
    if fig.unit is None or fig.unit in _WEIGHTS:
        people = (
            noun is None
            or noun_lemma in PEOPLE_NOUNS
            or noun.lower_ in PEOPLE_NOUNS
            or noun.ent_type_ == "NORP"
        )
        for t in _following_verb(doc, noun) if people and noun is not None else ():
            context = [*context[:1], t, *context[1:]]
        anchor = noun if noun is not None else root
        for t in context:
            lemma = t.lemma_.lower()
            hit = event_category(t)
            if (
                hit is not None
                and hit[0] != "PROTEST"
                and lemma not in SUBJECT_EVENT_VERBS
                and _doer(t, anchor)
            ):
                continue  # "40 gunmen killed 12 villagers": the 40 did the killing
            if (
                hit is None
                and not people
                and noun_lemma not in COUNTED_ROLES
                and lemma in FINDING_VERBS
                and _by_force(t)
            ):
                hit = ("SEIZE", "seized")  # "officers found 3 kg of heroin"
            if lemma == "force" and any(c.lower_ == "from" for c in t.children):
                hit = ("AFFECT", "people displaced")  # "forced 40,000 people from their homes"
            if hit is None or (fig.unit is not None and hit[0] != "SEIZE"):
                continue
            if hit[0] == "SEIZE" or lemma == "capture":
                if noun_lemma in PEOPLE_NOUNS and noun_lemma not in ("body", "corpse"):
                    captor = {c.lemma_.lower() for c in children(t, "nsubj", "agent")}
                    captor |= {g.lemma_.lower() for c in children(t, "agent") for g in c.children}
                    if any(c.pos_ == "PRON" for c in children(t, "nsubj")) and t.dep_ in ("ccomp", "conj"):
                        # "the army said it had captured 20 militants": the pronoun's speaker
                        captor |= {c.lemma_.lower() for c in children(t.head, "nsubj")}
                    if captor & ARRESTING_FORCES:
                        return "ARREST", "people arrested", noun
                    return "KIDNAP", "people kidnapped", noun
                what = NOUN_CLASSES.get(noun_lemma or "", noun_lemma)
                return "SEIZE", f"{what} seized" if what else "seized", noun
            if noun_lemma in HOUSEHOLD_NOUNS:
                return hit[0], hit[1].replace("people", noun.lower_ if noun is not None else "people"), noun
            acts_on_it = _governs(t, noun) and NOUN_CLASSES.get(noun_lemma or "") not in _THINGS
            if (
                noun_lemma is not None
                and not people
                and noun_lemma not in ("life", "toll")
                and not acts_on_it
            ):
                continue  # an event word near "12 houses" or "300 rifles" does not make them people
            return hit[0], hit[1], noun
        for t in context:
            lemma = t.lemma_.lower()
            hit = COUNTED_ROLES.get(lemma)
            if lemma in HEALTH_COUNTED and not health:
                continue  # "40 patients" or "cases" where the article is not about health
            if lemma == "victim":
                hit = _victims(root)
            if hit is not None:
                return hit[0], hit[1], noun
    if fig.unit is not None:
        what = NOUN_CLASSES.get(noun_lemma or "", noun_lemma)
        return "QUANTITY", what or fig.unit, noun
    if noun is None or noun_lemma is None:
        return "QUANTITY", None, None
    if noun_lemma in NOUN_CLASSES:
        return "QUANTITY", NOUN_CLASSES[noun_lemma], noun
    if noun_lemma in PEOPLE_NOUNS:
        return "QUANTITY", "people", noun
    return "QUANTITY", noun.lower_ if noun.pos_ == "NOUN" else None, noun


def _following_verb(doc: Any, noun: Any) -> list[Any]:
    """The verb right after "N people" ("were hurt", "have fled"), when the parse attached it elsewhere
    (not to the noun: its own modifiers are in the context already)."""
    k = noun.i + 1
    while k < len(doc) and doc[k].pos_ in ("AUX", "PART", "ADV") and k - noun.i <= 3:
        k += 1
    if k < len(doc) and doc[k].pos_ == "VERB" and doc[k].i != noun.head.i and doc[k].head.i != noun.i:
        return [doc[k]]
    return []
