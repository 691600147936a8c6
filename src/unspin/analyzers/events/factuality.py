"""Did it happen? Events only from clauses that report a happening, and one event per happening.

Real news talks about violence far more often than it reports a new act of it: questions ("Should the
army be sent?"), negations ("do not want to send the army"), plans, threats and conditions ("will deploy",
"if they attack", "vowed to strike", "the authority to detain"), opinions ("I think he assaulted her"),
charges and investigations ("charged with assault", "investigate the attacks"), law and statistics ("an
alien may be arrested", "106 people were murdered in 2016") and diseases that "killed" people. A trigger
counts only when nothing on its path to the root of the sentence makes it unreal.

One happening is often told several times (headline, lead, details, "the attack", "her arrest"). A
definite noun with nothing of its own ("the massacre", "her arrest": no place, date, name, number or
target) refers to a happening told elsewhere: it is a *reference*, evidence only with another mention.
Mentions of one type and sub-type (or a reference such as "the attack" to any violent one) whose places
and dates do not conflict are merged into one event, its evidence the mention that states the happening
best (the first full telling in the body, not a headline, caption-like recap or "the story surrounding
the massacre"), the others kept as ``mentions``; "another attack", "the counter-attack that followed"
start a new one. A violent mention whose type is a guess merges like "the attack".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from unspin.lang.en.events import (
    ACTOR_TRIGGERS,
    COMMITMENT_VERBS,
    CONDITION_WORDS,
    DEATH_WORDS,
    DEFINITE_DETERMINERS,
    EVENT_HEDGES,
    GENERIC_ADJECTIVES,
    MODAL_WORDS,
    NEGATION_WORDS,
    OTHER_HAPPENING_WORDS,
    PERCEPTION_VERBS,
    SAME_IN_PAST,
    SEQUENCE_VERBS,
    SERIES_NOUNS,
    STATISTIC_WORDS,
    SWAP_WORDS,
    TOPIC_NOUNS,
    TOPIC_PREPOSITIONS,
    TREND_WORDS,
    UNREAL_GOVERNORS,
    UNREAL_MODIFIERS,
    UNREAL_NOUNS,
)
from unspin.lang.en.health import DISEASE_WORDS
from unspin.nlp.deps import children, prep_objects

# One attack is often called a shooting, an attack and a bombing in one article: one happening.
_VIOLENCE = frozenset({"violence_against_civilians", "battle", "explosion_remote_violence"})
_ANCHOR_PREPOSITIONS = ("on", "against", "in", "at", "near", "outside", "inside", "into")
# "claimed responsibility for the bombing" confirms the bombing.
_RESPONSIBILITY = frozenset({"responsibility", "credit"})
# Links from a bare gerund or infinitive up to the verb that gives its tense ("strive to make them safer
# by arresting": pcomp, prep, ccomp of an adjective, xcomp).
_NONFINITE_LINKS = frozenset({"pcomp", "xcomp", "advcl", "conj", "prep", "pobj", "ccomp", "acomp"})


def is_factual(trigger: Any, headline: bool = False) -> bool:
    """False when the trigger's clause is a question, negated, modal, conditional, planned, alleged, an
    opinion, a charge or an investigation, a habit ("people are killed in pizza restaurants"; headlines
    excepted, they speak in the present), or tells of a disease or a statistic rather than an act."""
    sent = trigger.sent
    if sent.text.rstrip().rstrip("\"'”’)").endswith("?"):
        return False
    lemmas = {t.lemma_.lower() for t in sent}
    if lemmas & STATISTIC_WORDS or ("every" in lemmas and "year" in lemmas):
        return False
    if trigger.lemma_.lower() in DEATH_WORDS and lemmas & DISEASE_WORDS:
        return False
    if trigger.dep_ in ("compound", "amod", "nmod") and trigger.head.lemma_.lower() in UNREAL_NOUNS:
        return False  # "an assault allegation", "an attack plan"
    if {c.lower_ for c in trigger.children if c.dep_ in ("amod", "compound")} & UNREAL_MODIFIERS:
        return False  # "a planned rally", "a foiled attack"
    if _infinitive_of_a_noun_or_adjective(trigger):
        return False  # "the authority to detain", "ready to strike"
    if not headline and is_kind(trigger):
        return False  # "convictions for assault, kidnapping", "the toll from murder": a kind of crime
    if not headline and _present_habit(trigger):
        return False
    if _trend(trigger):
        return False  # "attacks on journalists are rising", "a rise in knife attacks"
    if _heading(sent) or _predicate_noun(trigger):
        return False  # "Arrest information:", "he agreed to be a suicide bomber"
    if headline and _headline_governor(trigger):
        return False  # "Mayor Threatens To Send Troops": the capitals hide the verb from the tagger
    tok, below = trigger, trigger
    for _ in range(10):
        for c in tok.children:
            low = c.lower_.replace("’", "'")  # "he’ll", "don’t": typographic apostrophes
            if c.dep_ == "neg" or (c.dep_ in ("aux", "advmod", "det") and low in NEGATION_WORDS):
                return False
            if c.dep_ in ("nsubj", "nsubjpass") and _nobody(c):
                return False  # "nobody was arrested", "no protesters were hurt"
            if c.dep_ == "aux" and low in MODAL_WORDS:
                return False
            if c.dep_ == "preconj" and low == "either":
                return False  # "either conducting an attack or trying to stop one": not told which
            if c.dep_ == "mark" and low in CONDITION_WORDS:
                return False
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in CONDITION_WORDS for m in c.children
            ):
                return False  # the consequence of a condition: "if they come, he arrests them"
        lemma = tok.lemma_.lower()
        if tok.i != trigger.i:
            responsible = {c.lemma_.lower() for c in tok.children} & _RESPONSIBILITY
            if lemma in UNREAL_GOVERNORS and tok.pos_ in ("VERB", "AUX") and not responsible:
                return False
            if lemma in UNREAL_NOUNS and tok.pos_ == "NOUN":
                return False  # "on suspicion of murder", "the investigation into the attack"
            if (
                lemma in COMMITMENT_VERBS
                and below.dep_ == "xcomp"
                and trigger.lemma_.lower() not in SWAP_WORDS
            ):
                return False  # "agreed to be a suicide bomber" (but "agreed to release the prisoners")
        if tok.dep_ == "ROOT" or tok.head.i == tok.i:
            break
        if (
            (tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.i != trigger.i))
            and not _small_clause(tok)
            and _presupposed(tok.head)
        ):
            break  # a relative clause describes its noun; what governs the noun does not unmake it
        tok, below = tok.head, tok
    return True


def _presupposed(noun: Any) -> bool:
    """A noun whose relative clause is taken as true whatever governs the noun: a definite or named one
    ("the gunman who killed 58 may have had help"). An indefinite one under a modal or a wish ("he might
    encourage a wave of rage that drove up the toll") exists only in that wish, and so does its clause."""
    if noun.pos_ in ("PROPN", "PRON", "NUM") or noun.ent_type_:
        return True
    dets = {c.lower_ for c in noun.children if c.dep_ in ("det", "poss", "nummod") or c.dep_ == "predet"}
    if not dets:
        return noun.tag_ == "NNS"  # "videos captured that night": bare plurals are there to be seen
    return not dets <= {"a", "an", "some", "any", "another"}


def _trend(trigger: Any) -> bool:
    """A plural event noun that rises or falls, or in "a rise in": a statistic of many happenings
    ("grenade attacks" by its head noun)."""
    if trigger.dep_ == "compound":
        trigger = trigger.head
    if trigger.pos_ != "NOUN" or trigger.tag_ != "NNS":
        return False
    head = trigger.head
    if trigger.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in TREND_WORDS:
        return True
    if trigger.dep_ == "nsubj" and any(
        c.dep_ in ("acomp", "attr") and c.lemma_.lower() in GENERIC_ADJECTIVES for c in head.children
    ):
        return True  # "protests have become common", "attacks are rare"
    return head.dep_ == "prep" and head.lower_ in ("in", "of") and head.head.lemma_.lower() in TREND_WORDS


def _small_clause(clause: Any) -> bool:
    """ "(shows) drones conducting an attack": a participle after the object of a verb of seeing,
    showing or believing tells what is seen or believed, so that verb governs it too ("many believe the
    clips show drones conducting an attack")."""
    noun = clause.head
    return (
        clause.dep_ == "acl"
        and clause.tag_ == "VBG"
        and noun.dep_ in ("dobj", "nsubj")
        and noun.head.lemma_.lower() in PERCEPTION_VERBS | UNREAL_GOVERNORS
    )


def _heading(sent: Any) -> bool:
    """A label or a heading ("Arrest information:", "Shooting"): no clause, so nothing told."""
    words = [t for t in sent if t.is_alpha]
    stripped = sent.text.rstrip()
    return (stripped.endswith(":") and not any(t.pos_ in ("VERB", "AUX") for t in sent)) or len(words) < 2


def _predicate_noun(trigger: Any) -> bool:
    """An agent noun that names a role, not an act: "he agreed to be a suicide bomber", "she was a
    protester"; a bomber who acts ("a bomber blew himself up") is still one."""
    return trigger.lemma_.lower() in ACTOR_TRIGGERS and trigger.dep_ in ("attr", "acomp", "oprd")


def _headline_words(token: Any) -> set[str]:
    low = token.lower_
    return {token.lemma_.lower(), low, low[:-1] if low.endswith("s") else low, low.removesuffix("es")}


def _headline_governor(trigger: Any) -> bool:
    """A capitalised headline's verb of plan, threat or opinion before the trigger ("Mayor Threatens To
    Send Troops"), read from the words: the tagger often takes it for a name."""
    sent = trigger.sent
    before = [t for t in sent if t.i < trigger.i]
    return any(_headline_words(t) & (UNREAL_GOVERNORS | MODAL_WORDS) for t in before)


def _nobody(subject: Any) -> bool:
    return subject.lower_ in NEGATION_WORDS or any(
        c.dep_ == "det" and c.lower_ in ("no", "none") for c in subject.children
    )


def _infinitive_of_a_noun_or_adjective(trigger: Any) -> bool:
    """ "to detain" under a noun (acl) or an adjective ("ready to strike", "liable to arrest"): a power,
    a plan or a chance, not an act."""
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in trigger.children):
        return False
    head = trigger.head
    return (trigger.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN")) or head.pos_ == "ADJ"


def _present_habit(trigger: Any) -> bool:
    """A simple-present verb ("are killed", "kills"), or a noun that such a verb governs ("holds jurisdiction
    over detention", "crawls out from a line of protesters"): a habit or a general truth, not a report."""
    for _ in range(6):
        if trigger.pos_ in ("VERB", "AUX") or trigger.head.i == trigger.i:
            break
        trigger = trigger.head
    if trigger.pos_ not in ("VERB", "AUX"):
        return False
    trigger = _finite(trigger)
    if trigger.tag_ in ("VBP", "VBZ"):
        return trigger.lower_ not in SAME_IN_PAST  # "rioters set fire": past, though tagged present
    passive_present = any(c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") for c in trigger.children)
    return trigger.tag_ == "VBN" and passive_present and not any(c.dep_ == "aux" for c in trigger.children)


def _finite(verb: Any) -> Any:
    """The finite verb a bare gerund or infinitive hangs on ("strive to keep them safe by arresting
    criminals": "strive"), which gives its tense; a verb with an auxiliary of its own ("are arresting",
    "will arrest") is its own."""
    tok = verb
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and (
            tok.tag_ not in ("VBG", "VB")
            or any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in tok.children)
        ):
            return tok
        if tok.dep_ not in _NONFINITE_LINKS or tok.head.i == tok.i:
            return verb
        tok = tok.head
    return verb


def is_kind(trigger: Any) -> bool:
    """A bare singular event noun after a preposition or in a list ("convictions for assault,
    kidnapping", "deaths from murder", "charged with rape"): the name of a kind of act, not a happening.
    No determiner, possessive or number, and nothing of its own that says where, when or on whom; a
    subject or object of a verb ("fighting broke out", "they carried out shelling") still tells one, and
    so does a state entered ("on strike", "under arrest", "in detention")."""
    if trigger.pos_ != "NOUN" or trigger.tag_ != "NN" or trigger.dep_ not in ("pobj", "conj", "appos"):
        return False
    if trigger.dep_ == "pobj" and trigger.head.lower_ in ("on", "under", "in", "into"):
        return False  # "went on strike", "placed under arrest", "marched in protest": a state, told
    if any(c.dep_ in ("det", "poss", "nummod", "relcl", "acl") for c in trigger.children):
        return False
    if prep_objects(trigger, *_ANCHOR_PREPOSITIONS):
        return False
    return not any(t.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") for t in trigger.subtree)


def is_reference(trigger: Any) -> bool:
    """A definite event noun with nothing of its own ("lies about this massacre", "her arrest",
    "investigate the attacks"): it names a happening told elsewhere; no place, date, name, number,
    target or relative clause of its own. A plural in a series ("a wave of attacks") tells none."""
    if trigger.pos_ != "NOUN":
        return False
    if (
        trigger.tag_ == "NNS"
        and trigger.head.dep_ == "prep"
        and trigger.head.head.lemma_.lower() in SERIES_NOUNS
    ):
        return True  # "a string of deadly shootings": many happenings, none told
    definite = any(
        (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) or c.dep_ == "poss" for c in trigger.children
    )
    if not definite:
        return False
    if children(trigger, "relcl", "acl") or prep_objects(trigger, *_ANCHOR_PREPOSITIONS):
        return False
    # whose it is names no new happening: "Rombot's detention" is the arrest told before
    owner = {t.i for c in trigger.children if c.dep_ == "poss" for t in c.subtree}
    own = [t for t in trigger.subtree if t.i != trigger.i and t.i not in owner]
    return not any(t.pos_ in ("PROPN", "NUM") or (t.ent_type_ and t.ent_type_ != "ORDINAL") for t in own)


def is_topic(trigger: Any) -> bool:
    """ "The official story surrounding the massacre", "footage of the shooting", "questions about the
    attack": the happening is what is talked about; a mention, but a poor statement of it."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.head.pos_ not in ("NOUN", "PROPN"):
        return False
    word = prep.lower_
    return word in TOPIC_PREPOSITIONS or (
        word in ("of", "on", "from") and prep.head.lemma_.lower() in TOPIC_NOUNS
    )


def is_hedged(trigger: Any) -> bool:
    """ "Allegedly opened fire", "reportedly killed": told on someone's word."""
    tok = trigger
    for _ in range(4):
        if any(c.lower_ in EVENT_HEDGES for c in tok.children):
            return True
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return False


def starts_another(trigger: Any) -> bool:
    """ "another attack", "a separate raid", "a second bombing", "the counter-attack that followed",
    "the ensuing clashes": a new happening after or beside the one told."""
    words = {c.lower_ for c in trigger.children if c.dep_ in ("amod", "det", "advmod")}
    doc = trigger.doc
    before = doc[max(0, trigger.i - 2) : trigger.i].text.replace(" ", "").lower()
    follows = any(c.dep_ == "relcl" and c.lemma_.lower() in SEQUENCE_VERBS for c in trigger.children)
    return bool(words & OTHER_HAPPENING_WORDS) or before.endswith(("counter-", "counter")) or follows


@dataclass
class Mention:
    """One sentence-level reading of an event, before merging."""

    type: str
    start: int
    end: int
    score: float
    attrs: dict[str, Any]
    title: bool = False
    noun: bool = False  # triggered by a noun ("the attack", "the massacre"): may refer back
    reference: bool = False  # a definite noun with nothing of its own: see is_reference
    anaphor: bool = False  # "the attack", "the massacre": may name a violent event of another type
    loose: bool = False  # a guessed type or a bare "X was shot": may join a violent happening told before
    another: bool = False  # "another attack": not the happening told before
    topic: bool = False  # "the story surrounding the massacre": talked about, not told; see is_topic
    others: list[tuple[int, int]] = field(default_factory=list)


def _compatible(a: Mention, b: Mention) -> bool:
    """Same type and sub-type, or a reference to a violent event; no conflicting place or date; not
    "another" one. The arrests of one article are one operation."""
    if b.another:
        return False
    same = a.type == b.type and a.attrs.get("sub_type") == b.attrs.get("sub_type")
    if not same and {a.type, b.type} <= _VIOLENCE and _same_people(a, b):
        same = True  # "officers Joering and Morelli were killed" and "Joering and Morelli were shot"
    if not same:
        if a.type == b.type and (a.reference or b.reference or a.anaphor or b.anaphor):
            pass  # "the arrest" or "the attack" names the one just told, whatever its sub-type
        elif not ({a.type, b.type} <= _VIOLENCE and (a.anaphor or b.anaphor or b.loose)):
            return False  # two verbs, or two weapons, tell two acts
    if a.attrs.get("sub_type") == b.attrs.get("sub_type") == "arrests":
        return True
    for key in ("place", "date"):
        if a.attrs.get(f"{key}_source") != "clause" or b.attrs.get(f"{key}_source") != "clause":
            continue  # a place or date elsewhere in the sentence may be another thing's
        x, y = str(a.attrs.get(key) or "").casefold(), str(b.attrs.get(key) or "").casefold()
        if x and y and x not in y and y not in x:
            return False  # "Las Vegas" and "Las Vegas Shooting", "2026-03" and "2026-03-10" agree
    return True


_SURE = 0.7  # a mention whose trigger needed no guess (see the layer's confidence)


def _names(m: Mention) -> set[str]:
    """The family names among a mention's actors ("Eric Joering" → "joering")."""
    return {
        str(actor).split()[-1].casefold()
        for actor in m.attrs.get("actors") or []
        if str(actor)[:1].isupper() and str(actor).split()[-1][:1].isupper()
    }


def _same_people(a: Mention, b: Mention) -> bool:
    """Two violent mentions that name the same people tell one happening, whatever word each uses."""
    return bool(_names(a) & _names(b))


def _weight(m: Mention) -> tuple[int, int, int, int, int]:
    """Which mention states the happening best: not a bare reference, not the headline, not the topic
    of talk, a trigger that needed no guess, then the earliest: news tells a happening first in full
    ("Gunmen killed five villagers in Velmar on Monday") and later in pieces, captions and recaps."""
    return (
        0 if m.reference else 1,
        0 if m.title else 1,
        0 if m.topic else 1,
        int(m.score >= _SURE),
        -m.start,
    )


def merge(mentions: list[Mention]) -> list[Mention]:
    """One event per happening: compatible mentions fold into the one that states it best. A group of
    bare references alone is dropped: nothing in it says what happened, where or when."""
    groups: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda m: m.start):
        # a loose member joined on the strength of the others; it does not keep later ones out
        home = next(
            (
                g
                for g in reversed(groups)
                if all(_compatible(o, m) for o in ([o for o in g if not o.loose] or g))
            ),
            None,
        )
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    out = []
    for group in groups:
        if all(m.reference for m in group):
            continue
        best = max(group, key=_weight)
        for key in ("place", "date"):
            if not best.attrs.get(key):
                # a resolved value first, else a phrase no date resolves ("on Tuesday")
                donor = next((m for m in group if m.attrs.get(key)), None) or next(
                    (m for m in group if m.attrs.get(f"{key}_text") and not best.attrs.get(f"{key}_text")),
                    None,
                )
                if donor is not None:
                    for k in [k for k in donor.attrs if k == key or k.startswith(key + "_")] + (
                        ["lat", "lon", "country"] if key == "place" else []
                    ):
                        best.attrs[k] = donor.attrs.get(k)
        best.others = [(m.start, m.end) for m in group if m is not best]
        support = sum(1 for m in group if m is not best and not m.reference)
        best.score = round(min(0.95, best.score + 0.05 * support), 2)
        out.append(best)
    return sorted(out, key=lambda m: m.start)
