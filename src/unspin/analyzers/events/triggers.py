"""Event triggers: words that name an event, each read with the context that makes it one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from unspin.analyzers.events.actors import deps, lemma_set, noun_actors, objects_of, singular, subjects_of
from unspin.lang.en.events import (
    ACCIDENT_WORDS,
    CASUALTY_WORDS,
    DIPLOMATIC_VERBS,
    MARKET_WORDS,
    MILITARY_TARGETS,
    PROPERTY_NOUNS,
    TERRITORY_NOUNS,
    WEAPON_NOUNS,
)
from unspin.lang.en.people import ARMED_ACTORS, CIVILIANS, POLICE, PROTESTERS

PROTEST = "protest"
RIOT = "riot"
VAC = "violence_against_civilians"
BATTLE = "battle"
EXPLOSION = "explosion_remote_violence"
STRATEGIC = "strategic_development"

_WORDS_NOT_BLOWS = frozenset("tweet comment remark criticism critic verbally speech column op-ed".split())


@dataclass(frozen=True, slots=True)
class Trigger:
    token: Any  # spaCy Token
    type: str
    sub_type: str
    score: float


def sentence_lemmas(sent: Any) -> set[str]:
    return {t.lemma_.lower() for t in sent}


# --- trigger rules: each takes the token and its sentence's lemmas, returns (type, sub_type, score) ----

Rule = Callable[[Any, set[str]], tuple[str, str, float] | None]


def _protest(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if lemma == "protest" and token.head.lemma_.lower() in DIPLOMATIC_VERBS:
        return None  # "Kestria lodged a protest": a diplomatic note, not a street protest
    if lemma == "demonstrate" and deps(token, "dobj", "ccomp"):
        return None  # "demonstrated its strength"
    if lemma == "rally" and (lemmas & MARKET_WORDS or (token.pos_ == "VERB" and not subjects_of(token))):
        return None
    if lemma == "march":
        if token.text[:1].isupper() and token.pos_ == "PROPN":
            return None  # the month
        if not (lemma_set(subjects_of(token) + noun_actors(token)) & (PROTESTERS | CIVILIANS)):
            return None
    if lemma == "strike" and not (
        {"general", "hunger", "national", "nationwide"} & {c.lower_ for c in token.children}
        or (token.head.lower_ == "on" and token.dep_ == "pobj")
        or (token.pos_ == "VERB" and lemma_set(subjects_of(token)) & {"worker", "teacher", "doctor", "union"})
    ):
        return None
    return PROTEST, "peaceful_protest", 0.85


def _riot(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if token.dep_ in ("compound", "amod") and lemma == "riot":
        return None  # "riot police", "riot gear"
    if lemma in ("mob", "lynch"):
        return RIOT, "mob_violence", 0.8
    return RIOT, "violent_demonstration", 0.85


def _clash(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    who = lemma_set(subjects_of(token) + objects_of(token) + noun_actors(token))
    if who & PROTESTERS or (lemmas & {"protester", "demonstrator", "protest"}):
        return RIOT, "violent_demonstration", 0.8
    if (
        token.lemma_.lower() == "clash"
        and lemmas & {"verbal", "word", "debate", "parliament", "over"}
        and not (who & ARMED_ACTORS)
    ):
        return None
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
    return BATTLE, "armed_clash", 0.8


def _attack(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    targets = lemma_set(objects_of(token) + [c for c in token.children if c.dep_ == "pobj"])
    attackers = lemma_set(subjects_of(token) + noun_actors(token))
    if lemmas & _WORDS_NOT_BLOWS:
        return None  # "she attacked the man who called attention to the tweet": words, not blows
    if token.lemma_.lower() == "raid" and (attackers & POLICE or lemmas & {"warrant", "search", "arrest"}):
        return STRATEGIC, "arrests", 0.7  # a police raid or search is not an attack
    if {"sexual", "sexually"} & ({c.lower_ for c in token.children} | lemmas):
        return VAC, "sexual_violence", 0.8
    if attackers & (CIVILIANS | PROTESTERS) and not attackers & ARMED_ACTORS:
        return RIOT, "violent_demonstration", 0.7  # residents attacking a police post
    if targets & MILITARY_TARGETS:
        return BATTLE, "armed_clash", 0.75
    if targets & CIVILIANS:
        return VAC, "attack", 0.8
    if attackers & ARMED_ACTORS or lemmas & ARMED_ACTORS:
        return BATTLE, "armed_clash", 0.6
    return None


def _territory(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    objects = objects_of(token)
    obj_lemmas = lemma_set(objects)
    lemma = token.lemma_.lower()
    if obj_lemmas & WEAPON_NOUNS and lemma in ("seize", "capture"):
        return STRATEGIC, "disrupted_weapons_use", 0.75
    is_place = bool(obj_lemmas & TERRITORY_NOUNS) or any(
        o.ent_type_ in ("GPE", "LOC", "FAC") for o in objects
    )
    if lemma in ("take", "gain", "regain", "assume", "wrest") and "control" not in obj_lemmas:
        return None
    if not is_place:
        return None
    if lemma in ("recapture", "retake", "regain", "liberate") or (
        lemma_set(subjects_of(token)) & {"army", "troop", "soldier", "government", "military"}
    ):
        return BATTLE, "government_regains_territory", 0.8
    return BATTLE, "non_state_actor_overtakes_territory", 0.75


def _strike(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    mods = {c.lower_ for c in token.children} | {token.head.lower_}
    if mods & {"air", "drone", "aerial", "airstrike"} or (token.lower_.startswith("air")):
        return EXPLOSION, "air_drone_strike", 0.9
    if mods & {"missile", "rocket", "artillery"}:
        return EXPLOSION, "shelling_artillery_missile", 0.85
    return None


def _strike_word(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    """ "Strike": an air, drone or missile strike, a weapon striking, or workers on strike."""
    found = _strike(token, lemmas)
    if found is None and token.pos_ == "VERB":
        weapons = lemma_set(subjects_of(token))
        if weapons & {"drone", "warplane", "jet", "aircraft", "helicopter"}:
            found = (EXPLOSION, "air_drone_strike", 0.85)
        elif weapons & {"missile", "rocket", "shell", "mortar"}:
            found = (EXPLOSION, "shelling_artillery_missile", 0.85)
    return found or _protest(token, lemmas)


def _air(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if lemma in ("drone", "warplane", "jet", "aircraft", "helicopter", "plane"):
        verbs = {token.head.lemma_.lower()} if token.dep_ in ("nsubj", "agent", "pobj") else set()
        if token.dep_ == "pobj":
            verbs |= {token.head.head.lemma_.lower()}
        if not verbs & {"strike", "hit", "bomb", "attack", "target", "pound", "destroy", "fire", "drop"}:
            return None
    return EXPLOSION, "air_drone_strike", 0.85


def _shelling(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if lemma == "rocket" and token.pos_ == "VERB":
        return EXPLOSION, "shelling_artillery_missile", 0.8
    if lemma in ("rocket", "missile", "mortar") and not lemmas & {
        "fire",
        "launch",
        "hit",
        "strike",
        "land",
        "slam",
        "rain",
        "kill",
        "explode",
        "attack",
        "barrage",
        "target",
    }:
        return None
    if lemma == "shell" and token.pos_ == "NOUN" and not lemmas & {"fire", "land", "hit", "kill", "explode"}:
        return None
    return EXPLOSION, "shelling_artillery_missile", 0.85


def _bomb(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    words = {t.lower_ for t in token.sent}
    if "suicide" in words:
        return EXPLOSION, "suicide_bomb", 0.9
    if token.pos_ == "VERB" and (
        lemmas & {"warplane", "jet", "aircraft", "air", "plane", "drone", "helicopter", "aerial"}
    ):
        return EXPLOSION, "air_drone_strike", 0.85
    if token.lemma_.lower() == "bombard":
        return EXPLOSION, "shelling_artillery_missile", 0.8
    return EXPLOSION, "remote_explosive_landmine_ied", 0.8


def _mine(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if lemma in ("mine", "device") and not (
        {c.lower_ for c in token.children} & {"land", "explosive", "improvised", "anti", "roadside"}
        or lemmas & {"explode", "detonate", "step", "landmine"}
    ):
        return None
    return EXPLOSION, "remote_explosive_landmine_ied", 0.85


def _explosion(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if lemmas & ACCIDENT_WORDS or not lemmas & (CASUALTY_WORDS | {"attack", "militant", "bomb", "explosive"}):
        return None
    return EXPLOSION, "remote_explosive_landmine_ied", 0.6


def _grenade(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    return EXPLOSION, "grenade", 0.85


def _chemical(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if not lemmas & {"attack", "weapon", "use", "drop", "fire", "kill", "strike", "gas", "agent"}:
        return None
    return EXPLOSION, "chemical_weapon", 0.8


def _killing(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    victims = lemma_set(objects_of(token))
    killers = lemma_set(subjects_of(token))
    if (
        token.lemma_.lower() == "massacre"
        or victims & CIVILIANS
        or (killers & ARMED_ACTORS and not victims & ARMED_ACTORS)
    ):
        if victims & ARMED_ACTORS:
            return None
        return VAC, "attack", 0.7 if token.lemma_.lower() != "massacre" else 0.85
    return None


def _shoot(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    """ "Shot down" a drone is a disrupted weapon; "shot dead" a journalist is a killing."""
    if {c.lower_ for c in token.children} & {"down"}:
        return STRATEGIC, "disrupted_weapons_use", 0.75
    return _killing(token, lemmas)


def _abduction(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if token.lemma_.lower() == "hostage" and not lemmas & {"take", "hold", "seize", "kidnap"}:
        return None
    return VAC, "abduction_forced_disappearance", 0.85


def _sexual(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if token.lemma_.lower() == "violence" and not {c.lower_ for c in token.children} & {"sexual"}:
        return None
    return VAC, "sexual_violence", 0.85


def _arrest(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    return STRATEGIC, "arrests", 0.8


def _loot(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    destroys = token.lemma_.lower() in ("burn", "torch", "raze", "demolish", "bulldoze", "destroy")
    if destroys and not lemma_set(objects_of(token)) & PROPERTY_NOUNS:
        return None
    return STRATEGIC, "looting_property_destruction", 0.75


def _agreement(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    mods = {c.lower_ for c in token.children}
    if lemma in ("agreement", "deal", "accord", "treaty") and not mods & {"peace", "ceasefire", "truce"}:
        return None
    if lemma == "exchange" and lemma_set(objects_of(token)) & {"fire", "gunfire", "shot", "shell"}:
        return BATTLE, "armed_clash", 0.8  # "exchanged fire"
    if lemma in ("exchange", "swap") and not mods & {"prisoner", "prisoners"}:
        return None
    if lemma == "release" and not lemma_set(objects_of(token)) & {
        "prisoner",
        "hostage",
        "detainee",
        "captive",
    }:
        return None
    return STRATEGIC, "agreement", 0.8


def _deploy(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    objects = lemma_set(objects_of(token) + noun_actors(token))
    if lemma in ("send", "mobilise", "mobilize", "move", "deploy") and not objects & (
        ARMED_ACTORS | {"reinforcement"}
    ):
        return None
    if lemma == "withdraw" or lemma == "retreat":
        movers = lemma_set(subjects_of(token))
        if not movers & (ARMED_ACTORS - POLICE) and not movers & {"government", "rebel"}:
            return None  # "the police withdrew" hands over no territory
        return STRATEGIC, "non_violent_transfer_of_territory", 0.7
    if lemma in ("establish", "set", "build", "open") and not objects & {
        "base",
        "headquarters",
        "camp",
        "outpost",
    }:
        return None
    if lemma in ("establish", "set", "build", "open"):
        return STRATEGIC, "headquarters_or_base_established", 0.75
    return STRATEGIC, "change_to_group_activity", 0.75


def _disrupted(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if lemma == "shoot" and not {c.lower_ for c in token.children} & {"down"}:
        return None
    if lemma in ("foil", "thwart") and not lemma_set(objects_of(token)) & {"attack", "plot", "bombing"}:
        return None
    return STRATEGIC, "disrupted_weapons_use", 0.75


RULES: dict[str, Rule] = {
    **dict.fromkeys(
        "protest protester protestor demonstration demonstrator demonstrate rally march sit-in picket "
        "vigil walkout".split(),
        _protest,
    ),
    **dict.fromkeys("riot rioter rioting mob lynch".split(), _riot),
    **dict.fromkeys("clash skirmish firefight gunfight gunbattle".split(), _clash),
    **dict.fromkeys("fight fighting battle offensive ambush".split(), _fight),
    **dict.fromkeys("attack assault raid".split(), _attack),
    **dict.fromkeys("capture seize recapture retake regain overrun liberate take wrest".split(), _territory),
    **dict.fromkeys("airstrike drone warplane jet aircraft helicopter".split(), _air),
    **dict.fromkeys("shell shelling artillery mortar rocket missile barrage".split(), _shelling),
    **dict.fromkeys("bomb bombing bombard bomber".split(), _bomb),
    **dict.fromkeys("mine landmine ied device".split(), _mine),
    **dict.fromkeys("explosion blast explode detonate".split(), _explosion),
    "grenade": _grenade,
    "strike": _strike_word,
    "airstrike": _strike_word,
    **dict.fromkeys("chemical chlorine sarin".split(), _chemical),
    **dict.fromkeys("kill murder massacre execute behead slaughter torture".split(), _killing),
    **dict.fromkeys("abduct kidnap abduction kidnapping hostage".split(), _abduction),
    **dict.fromkeys("rape raped rapes raping violence".split(), _sexual),
    **dict.fromkeys("arrest detain detention apprehend".split(), _arrest),
    **dict.fromkeys(
        "loot looting looter ransack pillage plunder burn torch raze demolish bulldoze".split(), _loot
    ),
    **dict.fromkeys("ceasefire truce agreement deal accord treaty exchange swap release".split(), _agreement),
    **dict.fromkeys(
        "deploy deployment reinforcement mobilise mobilize send withdraw retreat establish".split(), _deploy
    ),
    **dict.fromkeys("intercept defuse foil thwart".split(), _disrupted),
    "shoot": _shoot,
}


def find_triggers(sent: Any) -> list[Trigger]:
    """Every trigger of one sentence, before the sentence-level clean-up in :func:`settle`."""
    lemmas = sentence_lemmas(sent)
    found = []
    for token in sent:
        if token.pos_ not in ("NOUN", "VERB", "PROPN", "ADJ"):
            continue
        lemma = token.lemma_.lower()
        rule = RULES.get(lemma) or RULES.get(token.lower_) or RULES.get(singular(token))
        if rule is None:
            continue
        result = rule(token, lemmas)
        if result is not None:
            found.append(Trigger(token, *result))
    return found
