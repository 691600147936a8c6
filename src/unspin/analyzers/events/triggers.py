"""Event triggers: words that name an event, each read with the context that makes it one.

The trigger words are found by spaCy matchers built once per vocabulary: a ``Matcher`` over lemmas and
forms for the single words (``attack``, ``shelled``, ``protesters``), a ``DependencyMatcher`` for the
phrases whose parts the parse joins ("opened fire on", "exchanged fire", "shot down"). Each match is then
read by its rule with the words around it (shared walks from :mod:`unspin.nlp.deps`), which returns the
event type, sub-type and a prior: how often that trigger in that context names such an event.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from unspin.analyzers.events.actors import lemma_set, noun_actors, objects_of, singular, subjects_of
from unspin.analyzers.events.factuality import is_reference
from unspin.lang.en.events import (
    ACCIDENT_WORDS,
    ACCIDENTAL_WORDS,
    AIR_ATTACK_VERBS,
    AIR_STRIKE_MODIFIERS,
    AIR_WORDS,
    AIRCRAFT,
    BASE_NOUNS,
    BASE_VERBS,
    CAMPAIGN_WORDS,
    CAPTIVES,
    CASUALTY_WORDS,
    CAUSE_NOUNS,
    CHEMICAL_CONTEXT,
    CONTROL_VERBS,
    DESTROYING_VERBS,
    DIPLOMATIC_VERBS,
    EVENT_HEADS,
    EXPLOSIVE_CONTEXT,
    EXPLOSIVES,
    FIGHTING_WORDS,
    FIGURATIVE_MODIFIERS,
    FIRE_OBJECTS,
    FOILED_THINGS,
    HOSTAGE_VERBS,
    MARKET_WORDS,
    MILITARY_TARGETS,
    MINE_MODIFIERS,
    MINE_VERBS,
    MOB_VIOLENCE,
    MURDER_WORDS,
    PEACE_MODIFIERS,
    PHYSICAL_HARM_WORDS,
    POLICE_OPERATION_WORDS,
    POLICE_TITLES,
    PROJECTILE_MODIFIERS,
    PROJECTILE_VERBS,
    PROJECTILES,
    PROPERTY_NOUNS,
    PROTEST_WORDS,
    RAIDING_AGENCIES,
    REBEL_MOVERS,
    RETAKE_VERBS,
    SEIZING_VERBS,
    SHELL_VERBS,
    SHOOTING_CONTEXT,
    SHOOTING_MODIFIERS,
    SPEAKING_VERBS,
    STATE_FORCES,
    STRIKE_PROTEST_MODIFIERS,
    STRIKING_WORKERS,
    SUICIDE_WORDS,
    SWAP_WORDS,
    TERRITORY_NOUNS,
    TERROR_ATTACKERS,
    TROOP_MOVERS,
    VIOLENT_CROWD_WORDS,
    WEAPON_NOUNS,
    WORDS_NOT_BLOWS,
)
from unspin.lang.en.people import ARMED_ACTORS, CIVILIANS, PERSON_PRONOUNS, POLICE, PROTESTERS
from unspin.nlp.deps import children, prep_objects

PROTEST = "protest"
RIOT = "riot"
VAC = "violence_against_civilians"
BATTLE = "battle"
EXPLOSION = "explosion_remote_violence"
STRATEGIC = "strategic_development"


@dataclass(frozen=True, slots=True)
class Trigger:
    token: Any  # spaCy Token
    type: str
    sub_type: str
    score: float  # the rule's prior: how often this trigger in this context names such an event


def sentence_lemmas(sent: Any) -> set[str]:
    return {t.lemma_.lower() for t in sent}


def _child_words(token: Any) -> set[str]:
    return {c.lower_ for c in token.children}


def _victims(token: Any) -> set[str]:
    """Who a violent word hits: its objects, the passive subject, a noun's "of"/"on" phrase; a named
    person counts as a civilian ("Palermo was shot", "the murder of Finicum")."""
    found = objects_of(token) + (prep_objects(token, "of", "on", "against") if token.pos_ == "NOUN" else [])
    words = lemma_set(found)
    if any(t.ent_type_ == "PERSON" for t in found):
        words.add("person")
    return words


# --- trigger rules: each takes the token and its sentence's lemmas, returns (type, sub_type, prior) ---

Rule = Callable[[Any, set[str]], tuple[str, str, float] | None]


def _protest(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if lemma == "protest" and token.head.lemma_.lower() in DIPLOMATIC_VERBS:
        return None  # "Kestria lodged a protest": a diplomatic note, not a street protest
    if lemma == "demonstrate" and children(token, "dobj", "ccomp"):
        return None  # "demonstrated its strength"
    if lemma == "rally" and (lemmas & MARKET_WORDS or (token.pos_ == "VERB" and not subjects_of(token))):
        return None
    if lemma == "rally" and (_child_words(token) & CAMPAIGN_WORDS or _setting_of_a_speech(token, lemmas)):
        return None  # "a campaign rally", "told supporters at a rally in Ohio": a politician's meeting
    if lemma == "protest" and token.pos_ == "VERB" and (children(token, "ccomp") or _one_person(token)):
        return None  # "he protested that he was innocent": an objection, not a street protest
    if lemma == "march":
        if token.text[:1].isupper() and token.pos_ == "PROPN":
            return None  # the month
        marchers = subjects_of(token) + noun_actors(token)
        crowd = any(
            t.lemma_.lower() in ("hundred", "thousand", "dozen", "hundreds", "thousands") for t in marchers
        )
        if not (lemma_set(marchers) & (PROTESTERS | CIVILIANS)) and not crowd:
            return None  # "hundreds marched through London": a crowd marching is a protest
        if not (lemma_set(marchers) & PROTESTERS or crowd or _a_cause(token, lemmas)):
            return None  # "migrants resumed their march north": a journey, not a protest
    if lemma == "strike" and not (
        STRIKE_PROTEST_MODIFIERS & _child_words(token)
        or (token.head.lower_ == "on" and token.dep_ == "pobj")
        or (token.pos_ == "VERB" and lemma_set(subjects_of(token)) & STRIKING_WORKERS)
    ):
        return None
    return PROTEST, "peaceful_protest", 0.85


def _a_cause(token: Any, lemmas: set[str]) -> bool:
    """A march for or against something ("marched against the war", "a march for peace"), or one in a
    sentence of protest words: people marching with a cause."""
    causes = prep_objects(token, "against", "for") + [
        c
        for c in token.children
        if c.dep_ == "prep"
        and c.lower_ in ("in", "to")
        and children(c, "pobj")
        and children(c, "pobj")[0].lemma_.lower() in CAUSE_NOUNS
    ]
    return bool(causes) or bool(lemmas & (PROTEST_WORDS - {"march"}))


def _one_person(verb: Any) -> bool:
    """The verb's subject is one named person or a singular personal pronoun."""
    subjects = subjects_of(verb)
    return len(subjects) == 1 and (
        subjects[0].ent_type_ == "PERSON" or subjects[0].lower_ in PERSON_PRONOUNS | {"i"}
    )


def _one_attacker(token: Any) -> bool:
    """One person attacks ("a man attacked a teenager", "he was attacked by a man"): not a crowd's riot."""
    subjects = subjects_of(token)
    return len(subjects) == 1 and subjects[0].tag_ in ("NN", "NNP", "PRP")


def _a_search(token: Any, attackers: set[str], targets: set[str], lemmas: set[str]) -> bool:
    """A raid by police or agents, or with a warrant or arrests, or by nobody named on an office or a
    home: a search. Armed groups raiding, or a raid on a town or a village, are attacks."""
    if attackers & RAIDING_AGENCIES or lemmas & POLICE_OPERATION_WORDS:
        return True
    if attackers & ARMED_ACTORS:
        return False
    on_a_place = targets & (TERRITORY_NOUNS | {"village", "camp"}) or any(
        t.ent_type_ in ("GPE", "LOC") for t in prep_objects(token, "on", "in") + objects_of(token)
    )
    return not on_a_place


def _a_politicians_words(token: Any, lemmas: set[str]) -> bool:
    """An "attack" by one named person or pronoun, or a person's "attack on", with no word of physical
    harm in the sentence: criticism."""
    by_a_person = _one_person(token) or (
        token.pos_ == "NOUN" and any(c.dep_ == "poss" and c.ent_type_ == "PERSON" for c in token.children)
    )
    return by_a_person and not lemmas & PHYSICAL_HARM_WORDS


def _setting_of_a_speech(token: Any, lemmas: set[str]) -> bool:
    """ "at a rally", "to the rally" in a sentence that reports someone speaking."""
    return token.dep_ == "pobj" and token.head.lower_ in ("at", "to") and bool(lemmas & SPEAKING_VERBS)


def _riot(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if token.dep_ in ("compound", "amod") and lemma == "riot":
        return None  # "riot police", "riot gear"
    if lemma in ("mob", "lynch"):
        if lemma == "mob" and not lemmas & (MOB_VIOLENCE | VIOLENT_CROWD_WORDS | CASUALTY_WORDS):
            return None  # "a member of the mob that removed the directors": a crowd, no violence told
        return RIOT, "mob_violence", 0.8
    return RIOT, "violent_demonstration", 0.85


def _clash(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    who = lemma_set(subjects_of(token) + objects_of(token) + noun_actors(token))
    if who & PROTESTERS or (lemmas & {"protester", "demonstrator", "protest"}):
        return RIOT, "violent_demonstration", 0.8
    if not (who & ARMED_ACTORS or lemmas & (ARMED_ACTORS | PHYSICAL_HARM_WORDS | FIGHTING_WORDS)):
        return None  # "repeated clashes with Brussels": a quarrel; nothing armed, nobody hurt
    return BATTLE, "armed_clash", 0.85


def _fight(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    who = lemma_set(subjects_of(token) + objects_of(token) + noun_actors(token))
    lemma = token.lemma_.lower()
    if token.head.lower_ == "without":
        return None  # "withdrew without a fight"
    if lemma in ("fight", "battle") and not (
        who & ARMED_ACTORS or (token.pos_ == "NOUN" and lemmas & ARMED_ACTORS)
    ):
        return None  # "fight corruption", "a legal battle"
    if not (who & ARMED_ACTORS or lemmas & (ARMED_ACTORS | PHYSICAL_HARM_WORDS | FIGHTING_WORDS)):
        return None  # "Silenced for Offensive Jokes": nothing armed, nobody hurt
    if token.pos_ == "VERB" and _one_person(token):
        return None  # "he fought with the jihadists in Syria": one man's war, not a battle
    return BATTLE, "armed_clash", 0.8


def _attack(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    targets = _victims(token) | lemma_set(children(token, "pobj"))
    hit = children(token.head, "dobj") if token.dep_ == "nsubj" and token.pos_ == "NOUN" else []
    targets |= lemma_set(hit)  # "the attack killed five people": they were hit, they did not attack
    attackers = lemma_set(subjects_of(token) + [a for a in noun_actors(token) if a not in hit])
    lemma = token.lemma_.lower()
    if lemmas & WORDS_NOT_BLOWS:
        return None  # "she attacked the man who called attention to the tweet": words, not blows
    if lemma == "raid" and _a_search(token, attackers, targets, lemmas):
        return STRATEGIC, "arrests", 0.7  # a police or agents' raid or search is not an attack
    if _a_politicians_words(token, lemmas):
        return None  # "the senator attacked the press", "Trump's attack on the media"
    if {"sexual", "sexually"} & (_child_words(token) | lemmas):
        return VAC, "sexual_violence", 0.8
    if attackers & (CIVILIANS | PROTESTERS) and not attackers & ARMED_ACTORS:
        if (targets & CIVILIANS or _one_attacker(token)) and not attackers & PROTESTERS:
            return VAC, "attack", 0.7  # "a man attacked a woman with a knife"
        return RIOT, "violent_demonstration", 0.7  # residents attacking a police post
    if targets & MILITARY_TARGETS:
        return BATTLE, "armed_clash", 0.75
    if targets & CIVILIANS or (targets & {"person"}):
        return VAC, "attack", 0.8
    if (attackers | lemmas) & TERROR_ATTACKERS or lemmas & SHOOTING_CONTEXT:
        return VAC, "attack", 0.6  # a gunman's or a terrorist's attack, or one with victims
    if attackers & ARMED_ACTORS or lemmas & ARMED_ACTORS:
        return BATTLE, "armed_clash", 0.55
    if is_reference(token):
        return BATTLE, "armed_clash", 0.5  # "the attack": only ever evidence of a happening told elsewhere
    return None


def _territory(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    objects = objects_of(token)
    obj_lemmas = lemma_set(objects)
    lemma = token.lemma_.lower()
    if obj_lemmas & WEAPON_NOUNS and lemma in SEIZING_VERBS:
        return STRATEGIC, "disrupted_weapons_use", 0.75
    if lemma in CONTROL_VERBS and "control" not in obj_lemmas:
        return None
    controlled = [p for o in objects if o.lemma_.lower() == "control" for p in prep_objects(o, "of", "over")]
    places = [o for o in objects if o.lemma_.lower() != "control"] + controlled
    is_place = bool(lemma_set(places) & (TERRITORY_NOUNS - {"control"})) or any(
        o.ent_type_ in ("GPE", "LOC", "FAC") for o in places
    )
    if not is_place:
        return None  # "regaining control of the House": a chamber, not territory
    if lemma in RETAKE_VERBS or lemma_set(subjects_of(token)) & STATE_FORCES:
        return BATTLE, "government_regains_territory", 0.8
    return BATTLE, "non_state_actor_overtakes_territory", 0.75


def _strike(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    mods = _child_words(token) | {token.head.lower_}
    if mods & AIR_STRIKE_MODIFIERS or (token.lower_.startswith("air")):
        return EXPLOSION, "air_drone_strike", 0.9
    if mods & PROJECTILE_MODIFIERS:
        return EXPLOSION, "shelling_artillery_missile", 0.85
    return None


def _strike_word(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    """ "Strike": an air, drone or missile strike, a weapon striking, or workers on strike."""
    found = _strike(token, lemmas)
    if found is None and token.pos_ == "VERB":
        weapons = lemma_set(subjects_of(token))
        if weapons & AIRCRAFT:
            found = (EXPLOSION, "air_drone_strike", 0.85)
        elif weapons & PROJECTILES:
            found = (EXPLOSION, "shelling_artillery_missile", 0.85)
        elif lemma_set(objects_of(token)) & (MILITARY_TARGETS | {"target"}):
            found = (EXPLOSION, "air_drone_strike", 0.7)  # "Israel struck Hamas targets in Gaza"
    return found or _protest(token, lemmas)


def _air(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if token.lemma_.lower() in AIRCRAFT:
        verbs = {token.head.lemma_.lower()} if token.dep_ in ("nsubj", "agent", "pobj") else set()
        if token.dep_ == "pobj":
            verbs |= {token.head.head.lemma_.lower()}
        if not verbs & AIR_ATTACK_VERBS:
            return None
    return EXPLOSION, "air_drone_strike", 0.85


def _shelling(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if lemma == "rocket" and token.pos_ == "VERB":
        return EXPLOSION, "shelling_artillery_missile", 0.8
    if lemma in ("rocket", "missile", "mortar") and not lemmas & PROJECTILE_VERBS:
        return None
    if lemma == "shell" and token.pos_ == "NOUN" and not lemmas & SHELL_VERBS:
        return None
    return EXPLOSION, "shelling_artillery_missile", 0.85


def _bomb(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if SUICIDE_WORDS & {t.lower_ for t in token.sent}:
        return EXPLOSION, "suicide_bomb", 0.9
    if token.pos_ == "VERB" and lemmas & AIR_WORDS:
        return EXPLOSION, "air_drone_strike", 0.85
    if token.lemma_.lower() == "bombard":
        return EXPLOSION, "shelling_artillery_missile", 0.8
    return EXPLOSION, "remote_explosive_landmine_ied", 0.8


def _mine(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if token.lemma_.lower() in ("mine", "device") and not (
        _child_words(token) & MINE_MODIFIERS or lemmas & MINE_VERBS
    ):
        return None
    return EXPLOSION, "remote_explosive_landmine_ied", 0.85


def _explosion(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if token.pos_ == "VERB" and token.lemma_.lower() == "blast" and not lemmas & EXPLOSIVES:
        return None  # "the cleric blasted the ministers": words; a bomb or a device blasts
    if lemmas & ACCIDENT_WORDS or not lemmas & (CASUALTY_WORDS | EXPLOSIVE_CONTEXT):
        return None
    return EXPLOSION, "remote_explosive_landmine_ied", 0.6


def _grenade(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    return EXPLOSION, "grenade", 0.85


def _chemical(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if not lemmas & CHEMICAL_CONTEXT:
        return None
    return EXPLOSION, "chemical_weapon", 0.8


def _titled_police(token: Any) -> bool:
    """Victims named with a police title ("officers Eric Joering and Anthony Morelli", "Officer Ana
    Ruiz"): the people hit are armed state agents, though each is a name."""
    named = [t for t in objects_of(token) if t.ent_type_ == "PERSON" or t.pos_ == "PROPN"]
    return any(
        c.dep_ in ("compound", "appos") and c.lemma_.lower() in POLICE_TITLES
        for t in named
        for c in t.children
    )


def _killing(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    victims = _victims(token)
    killers = lemma_set(subjects_of(token))
    lemma = token.lemma_.lower()
    if victims & ARMED_ACTORS:
        return None  # soldiers killed: the toll of a fight told elsewhere, or a battle
    if _titled_police(token) and lemma not in MURDER_WORDS:
        return BATTLE, "armed_clash", 0.7  # "officers Joering and Morelli were shot dead": a gunfight
    if lemmas & ACCIDENTAL_WORDS:
        return None  # "killed in an accidental shooting"
    if lemma == "execute" and not victims & (CIVILIANS | {"person"} | PERSON_PRONOUNS):
        return None  # "executed the plan", "executed a search warrant"
    if lemma in MURDER_WORDS:
        return VAC, "attack", 0.85 if lemma == "massacre" else 0.8
    if victims & (CIVILIANS | {"person"}) or (killers & ARMED_ACTORS):
        return VAC, "attack", 0.7
    return None


def _shooting(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    """ "A mass shooting", "the shooting that left 59 dead", "stabbed three people": an attack on people;
    not a film shoot."""
    if token.pos_ == "VERB":
        return _killing(token, lemmas)
    if lemmas & ACCIDENTAL_WORDS:
        return None  # "a suspected accidental shooting"
    if _child_words(token) & SHOOTING_MODIFIERS or lemmas & SHOOTING_CONTEXT:
        return VAC, "attack", 0.8
    return None


def _shot_down(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    return STRATEGIC, "disrupted_weapons_use", 0.75


def _open_fire(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    """ "Opened fire on a crowd": an attack on its target (protesters: settled as force at a protest)."""
    targets = lemma_set(prep_objects(token, "on", "at"))
    if targets & MILITARY_TARGETS:
        return BATTLE, "armed_clash", 0.8
    if targets & (CIVILIANS | PROTESTERS):
        return VAC, "attack", 0.85
    if lemma_set(subjects_of(token)) & ARMED_ACTORS:
        return BATTLE, "armed_clash", 0.55
    return None


def _exchange_fire(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    return BATTLE, "armed_clash", 0.8


def _abduction(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if lemma == "hostage" and not lemmas & HOSTAGE_VERBS:
        return None
    if token.pos_ == "NOUN" and lemmas & SWAP_WORDS:
        return None  # hostages freed in a swap: the swap is the event (an agreement), not a kidnapping
    return VAC, "abduction_forced_disappearance", 0.85


def _sexual(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if token.lemma_.lower() == "violence" and "sexual" not in _child_words(token):
        return None
    return VAC, "sexual_violence", 0.85


def _arrest(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if token.pos_ == "NOUN" and token.tag_ == "NN" and not children(token, "det", "poss", "nummod"):
        return None  # "amenable to arrest", "illegal detention": the notion, not an arrest
    return STRATEGIC, "arrests", 0.8


def _loot(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if token.lemma_.lower() in DESTROYING_VERBS and not lemma_set(objects_of(token)) & PROPERTY_NOUNS:
        return None
    return STRATEGIC, "looting_property_destruction", 0.75


def _agreement(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    mods = _child_words(token)
    if lemma in ("agreement", "deal", "accord", "treaty") and not mods & PEACE_MODIFIERS:
        return None
    if lemma in ("exchange", "swap") and lemma_set(objects_of(token)) & FIRE_OBJECTS:
        return None  # "exchanged fire": the dependency pattern makes it a clash
    swapped = lemma_set(children(token, "compound", "nmod") + prep_objects(token, "of"))
    if lemma in ("exchange", "swap") and not swapped & CAPTIVES:
        return None
    if lemma == "release" and not lemma_set(objects_of(token)) & CAPTIVES:
        return None
    return STRATEGIC, "agreement", 0.8


def _deploy(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    objects = lemma_set(objects_of(token) + noun_actors(token))
    if lemma in TROOP_MOVERS and not objects & (ARMED_ACTORS | {"reinforcement"}):
        return None
    if lemma == "withdraw" or lemma == "retreat":
        movers = lemma_set(subjects_of(token))
        if not movers & (ARMED_ACTORS - POLICE) and not movers & REBEL_MOVERS:
            return None  # "the police withdrew" hands over no territory
        return STRATEGIC, "non_violent_transfer_of_territory", 0.7
    if lemma in BASE_VERBS:
        if not objects & BASE_NOUNS:
            return None
        return STRATEGIC, "headquarters_or_base_established", 0.75
    return STRATEGIC, "change_to_group_activity", 0.75


def _disrupted(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if token.lemma_.lower() in ("foil", "thwart") and not lemma_set(objects_of(token)) & FOILED_THINGS:
        return None
    return STRATEGIC, "disrupted_weapons_use", 0.75


def _rules(groups: list[tuple[str, Rule]]) -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    for words, rule in groups:
        out.update(dict.fromkeys(words.split(), rule))
    return out


# Trigger word (lemma, form, or a capitalised plural's singular) → its rule; a later group wins a word.
RULES: dict[str, Rule] = _rules(
    [
        (
            "protest protester protestor demonstration demonstrator demonstrate rally march sit-in picket "
            "vigil walkout",
            _protest,
        ),
        ("riot rioter rioting mob lynch", _riot),
        ("clash skirmish firefight gunfight gunbattle", _clash),
        ("fight fighting battle offensive ambush", _fight),
        ("attack assault raid", _attack),
        ("capture seize recapture retake regain overrun liberate take wrest", _territory),
        ("airstrike drone warplane jet aircraft helicopter", _air),
        ("shell shelling artillery mortar rocket missile barrage", _shelling),
        ("bomb bombing bombard bomber", _bomb),
        ("mine landmine ied device", _mine),
        ("explosion blast explode detonate", _explosion),
        ("grenade", _grenade),
        ("strike airstrike", _strike_word),
        ("chemical chlorine sarin", _chemical),
        ("kill murder massacre execute behead slaughter torture assassinate assassination killing", _killing),
        ("shoot shooting stab stabbing", _shooting),
        ("abduct kidnap abduction kidnapping hostage", _abduction),
        ("rape raped rapes raping violence", _sexual),
        ("arrest detain detention apprehend", _arrest),
        ("loot looting looter ransack pillage plunder burn torch raze demolish bulldoze", _loot),
        ("ceasefire truce agreement deal accord treaty exchange swap release", _agreement),
        ("deploy deployment reinforcement mobilise mobilize send withdraw retreat establish", _deploy),
        ("intercept defuse foil thwart", _disrupted),
    ]
)


def _verb_with(verb: dict[str, Any], dep: str, child: dict[str, Any]) -> list[dict[str, Any]]:
    """A DependencyMatcher pattern: a verb and one child of it by relation ``dep``."""
    return [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": verb},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "child", "RIGHT_ATTRS": {**child, "DEP": dep}},
    ]


# Phrases the parse joins: (name, DependencyMatcher pattern, rule); the verb is the trigger.
_PHRASES: list[tuple[str, list[dict[str, Any]], Rule]] = [
    ("open_fire", _verb_with({"LEMMA": "open"}, "dobj", {"LEMMA": "fire"}), _open_fire),
    (
        "exchange_fire",
        _verb_with({"LEMMA": {"IN": ["exchange", "trade"]}}, "dobj", {"LEMMA": {"IN": sorted(FIRE_OBJECTS)}}),
        _exchange_fire,
    ),
    ("shot_down", _verb_with({"LEMMA": "shoot"}, "prt", {"LOWER": "down"}), _shot_down),
]
_PHRASE_RULES = {name: rule for name, _, rule in _PHRASES}
_WORD_TAGS = ["NOUN", "VERB", "PROPN", "ADJ"]
# spaCy entity types of a name that may hold a trigger word ("The Blast", a show): no event.
_NAME_ENTITY_TYPES = frozenset("WORK_OF_ART ORG PERSON PRODUCT LAW EVENT FAC".split())


@functools.cache
def _matchers(vocab: Any) -> tuple[Any, Any]:
    """The word Matcher and the phrase DependencyMatcher, built once for a vocabulary.

    Word patterns come in three priorities (lemma, then form, then a capitalised plural read as a name,
    "Drones struck"), so a token matched by several keeps the rule of its lemma."""
    from spacy.matcher import DependencyMatcher, Matcher

    words = sorted(RULES)
    lemmas = sorted({v for w in words for v in (w, w.capitalize(), w.upper())})
    plurals = sorted(w + "s" for w in words if not w.endswith("s"))
    matcher = Matcher(vocab)
    matcher.add("0:lemma", [[{"LEMMA": {"IN": lemmas}, "POS": {"IN": _WORD_TAGS}}]])
    matcher.add("1:lower", [[{"LOWER": {"IN": words}, "POS": {"IN": _WORD_TAGS}}]])
    matcher.add("2:plural", [[{"LOWER": {"IN": plurals}, "POS": "PROPN"}]])
    phrases = DependencyMatcher(vocab)
    for name, pattern, _ in _PHRASES:
        phrases.add(name, [pattern])
    return matcher, phrases


def _word_rule(token: Any) -> Rule | None:
    """The rule of a matched token: by lemma, else by form, else by the singular of a capitalised plural."""
    return RULES.get(token.lemma_.lower()) or RULES.get(token.lower_) or RULES.get(singular(token))


def _a_modifier(token: Any) -> bool:
    """ "Rocket launchers", "a bomb shelter", "protest signs": an event word that only modifies another
    noun names a thing; "rocket fire" still tells of firing, and "a bomb attack" of a bombing."""
    head = token.head
    return (
        token.dep_ == "compound"
        and head.pos_ == "NOUN"
        and head.lemma_.lower() not in EVENT_HEADS
        and _word_rule(head) is None  # "a bomb attack": the weapon says what kind of attack
    )


def _figurative(token: Any) -> bool:
    """ "A ticking time bomb", "a heart attack": a compound that names no violence."""
    words = FIGURATIVE_MODIFIERS.get(token.lemma_.lower()) or FIGURATIVE_MODIFIERS.get(token.lower_)
    if not words:
        return False
    before = token.doc[token.i - 1].lower_ if token.i else ""
    return before in words or any(
        c.dep_ in ("compound", "amod", "nmod") and c.lower_ in words for c in token.children
    )


def _in_a_name(token: Any) -> bool:
    """A capitalised word inside the name of a show, group or law ("appeared on The Blast"), not in a
    headline written in capitals."""
    if token.ent_type_ not in _NAME_ENTITY_TYPES or not token.text[:1].isupper():
        return False
    sent = token.sent
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return sum(t.text[:1].isupper() for t in words) < 0.6 * len(words)


def find_triggers(doc: Any) -> list[tuple[Any, list[Trigger]]]:
    """Each sentence of the parse that holds a trigger, with its triggers in text order, before the
    sentence-level clean-up of :func:`unspin.analyzers.events.assemble.settle`. Both matchers run once
    over the whole document; a phrase's rule replaces its head word's."""
    matcher, phrases = _matchers(doc.vocab)
    chosen: dict[int, Rule] = {}
    for _, start, _ in matcher(doc):
        if _in_a_name(doc[start]) or _figurative(doc[start]) or _a_modifier(doc[start]):
            continue
        rule = _word_rule(doc[start])
        if doc[start].pos_ == "ADJ" and rule is not _chemical:
            continue  # "none of his remarks were offensive": an adjective names no act (but "chemical")
        if rule is not None:
            chosen[start] = rule
    for match_id, token_ids in phrases(doc):
        chosen[token_ids[0]] = _PHRASE_RULES[doc.vocab.strings[match_id]]
    by_sentence: dict[int, list[Trigger]] = {}
    sentences: dict[int, Any] = {}
    lemmas: dict[int, set[str]] = {}
    for i in sorted(chosen):
        token = doc[i]
        sent = token.sent
        key = sent.start
        if key not in lemmas:
            sentences[key], lemmas[key], by_sentence[key] = sent, sentence_lemmas(sent), []
        result = chosen[i](token, lemmas[key])
        if result is not None:
            by_sentence[key].append(Trigger(token, *result))
    return [(sentences[k], by_sentence[k]) for k in sorted(by_sentence) if by_sentence[k]]
