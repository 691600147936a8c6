"""Event words: what a figure counts (killed, arrested, seized ...) and the context words of event
triggers (targets, territory, weapons, crowd violence, accidents)."""

from __future__ import annotations

# What a figure counts, from words around it in the parse (lemmas). Events first, then roles.
COUNTED_EVENTS: dict[str, tuple[str, str]] = {}
for _cat, _counts, _words in (
    (
        "KILL",
        "people killed",
        """kill die dead death slay slain murder execute execution massacre fatality fatal perish drown
        neutralise neutralize eliminate liquidate behead lynch life toll""",
    ),
    ("WOUND", "people injured", "injure injured wound wounded hurt injury maim casualty treat"),
    ("WOUND", "people hospitalised", "hospitalise hospitalize hospitalised hospitalized hospital"),
    ("ARREST", "people arrested", "arrest detain detention jail imprison custody apprehend round"),
    ("PROTEST", "protesters", "protest rally march demonstrate demonstration gather strike picket riot"),
    ("SEIZE", "seized", "seize confiscate impound intercept seizure haul capture"),
    ("AFFECT", "people displaced", "displace flee homeless uproot"),
    ("AFFECT", "people evacuated", "evacuate evacuation"),
    ("AFFECT", "people affected", "affect strand trap without infect expose sicken"),
    ("AFFECT", "people missing", "missing"),
    ("KIDNAP", "people kidnapped", "kidnap abduct abduction kidnapping"),
):
    for _w in _words.split():
        COUNTED_EVENTS[_w] = (_cat, _counts)

COUNTED_ROLES: dict[str, tuple[str, str]] = {}
for _cat, _counts, _words in (
    ("KILL", "people killed", "victim body corpse death fatality"),
    ("WOUND", "people injured", "injury"),
    ("PROTEST", "protesters", "crowd"),
    ("AFFECT", "people affected", "case infection"),
    ("PROTEST", "protesters", "protester protestor demonstrator marcher striker"),
    ("ARREST", "people arrested", "detainee arrestee"),
    ("AFFECT", "people displaced", "refugee evacuee"),
    ("KIDNAP", "people kidnapped", "hostage captive"),
):
    for _w in _words.split():
        COUNTED_ROLES[_w] = (_cat, _counts)

DAMAGE_WORDS = frozenset("damage destruction repair reconstruction rebuild".split())

NOUN_CLASSES: dict[str, str] = {}
for _cls, _words in (
    ("soldiers", "soldier troop marine paratrooper reservist conscript recruit serviceman servicemen"),
    (
        "weapons",
        """weapon gun rifle rocket missile shell grenade bomb drone mortar ammunition munition round
        launcher explosive mine pistol""",
    ),
    ("buildings", "building house home school hospital shop apartment structure dwelling church mosque"),
    ("vehicles", "vehicle car truck bus tank lorry boat ship aircraft plane helicopter jet"),
):
    for _w in _words.split():
        NOUN_CLASSES[_w] = _cls

ACTOR_TRIGGERS = frozenset("protester protestor demonstrator rioter looter bomber mob gunman".split())

INTERVENTION_WORDS = frozenset(
    "disperse tear cannon baton arrest detain crackdown clear break truncheon rubber beat".split()
)

VIOLENT_CROWD_WORDS = frozenset(
    "throw hurl torch smash vandalise vandalize burn loot stone rock molotov".split()
)

MILITARY_TARGETS = frozenset(
    """soldier troop army base checkpoint convoy position outpost garrison barracks patrol force unit
    military post trench stronghold airbase airfield frontline line""".split()
)

TERRITORY_NOUNS = frozenset(
    """town village city district territory area region base airport airfield hill bridge port harbour
    harbor province capital settlement stronghold control""".split()
)

WEAPON_NOUNS = frozenset(
    """weapon arm rifle gun ammunition explosive munition missile rocket grenade mine cache drug
    shipment""".split()
)

CASUALTY_WORDS = frozenset("kill die dead wound injure shoot".split())

MARKET_WORDS = frozenset("stock market share price index currency bond dollar euro".split())

DIPLOMATIC_VERBS = frozenset("lodge file register issue summon send deliver".split())

ACCIDENT_WORDS = frozenset("gas leak factory plant accident boiler fireworks pipeline mine".split())

PROPERTY_NOUNS = frozenset("house home village shop building property car market office".split())
