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
    ("WOUND", "people injured", "injure injured wound wounded hurt injury maim casualty treat stab slash"),
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
    ("AFFECT", "people affected", "case infection patient"),
    ("PROTEST", "protesters", "protester protestor demonstrator marcher striker"),
    ("ARREST", "people arrested", "detainee arrestee"),
    ("AFFECT", "people displaced", "refugee evacuee"),
    ("KIDNAP", "people kidnapped", "hostage captive"),
):
    for _w in _words.split():
        COUNTED_ROLES[_w] = (_cat, _counts)

# Harm that kills when it is "fatal", "fatally" done or done "to death" ("fatally shot", "the fatal
# shooting of two deputies", "stabbed to death", "shot dead").
HARM_WORDS = frozenset("shoot shooting stab stabbing beat beating attack gun strike hit".split())
FATAL_WORDS = frozenset("fatal fatally deadly dead lethal lethally mortally".split())
# Victims of an event that injured and killed nobody ("victims of the attack suffered injuries"):
# the sentence's words tell which toll "victims" is.
DEATH_WORDS = frozenset("kill die dead death murder fatal fatality perish".split())
INJURY_WORDS = frozenset("injure injury wound hurt hospital hospitalise hospitalize trauma".split())
# Where people are held: "all four remain in custody", "were taken into detention".
CUSTODY_WORDS = frozenset("custody detention".split())
# Verbs that put people in hospital: "were taken to hospital", "remain in hospital"; not "work in".
HOSPITAL_VERBS = frozenset(
    "take rush admit airlift fly bring send transfer carry evacuate remain be stay".split()
)
# Charging is part of an arrest count ("45 were arrested and 12 charged"), as a verb only.
CHARGING_VERBS = frozenset("charge indict".split())
# Counts that are health cases only where the article is about health ("ten more cases", "21 patients").
HEALTH_COUNTED = frozenset("case infection patient".split())

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

# --- trigger context: the words that make a trigger word an event (analyzers/events/triggers.py) ---

# Aircraft and drones: an air strike when they strike, bomb or fire.
AIRCRAFT = frozenset("drone warplane jet aircraft helicopter plane".split())
AIR_STRIKE_MODIFIERS = frozenset("air drone aerial airstrike".split())
AIR_ATTACK_VERBS = frozenset("strike hit bomb attack target pound destroy fire drop".split())
# Projectiles: shelling when they are fired, land or hit.
PROJECTILES = frozenset("missile rocket shell mortar".split())
PROJECTILE_MODIFIERS = frozenset("missile rocket artillery".split())
PROJECTILE_VERBS = frozenset(
    "fire launch hit strike land slam rain kill explode attack barrage target".split()
)
SHELL_VERBS = frozenset("fire land hit kill explode".split())
MINE_MODIFIERS = frozenset("land explosive improvised anti roadside".split())
MINE_VERBS = frozenset("explode detonate step landmine".split())
EXPLOSIVE_CONTEXT = frozenset("attack militant bomb explosive".split())
CHEMICAL_CONTEXT = frozenset("attack weapon use drop fire kill strike gas agent".split())
# "Strike" is a labour protest with these words ("a general strike", workers who strike).
STRIKE_PROTEST_MODIFIERS = frozenset("general hunger national nationwide".split())
STRIKING_WORKERS = frozenset("worker teacher doctor nurse union miner driver".split())
# Criticism is not an attack.
WORDS_NOT_BLOWS = frozenset("tweet comment remark criticism critic verbally speech column op-ed".split())
# Police operations: a raid with these is a search or arrest operation, not an attack.
POLICE_OPERATION_WORDS = frozenset("warrant search arrest detain seize custody suspect".split())
# Attackers whose attack on an unspecified target is violence against civilians, not a battle.
TERROR_ATTACKERS = frozenset("terrorist gunman gunmen attacker assailant shooter jihadist".split())
# Modifiers and context of "shooting" that make it an attack on people, not sport or filming.
SHOOTING_MODIFIERS = frozenset("mass school drive-by fatal deadly random".split())
SHOOTING_CONTEXT = frozenset("victim gunman shooter dead kill wound injure die massacre".split())
# Territory verbs that need "control" as their object ("took control of the town").
CONTROL_VERBS = frozenset("take gain regain assume wrest".split())
RETAKE_VERBS = frozenset("recapture retake regain liberate".split())
STATE_FORCES = frozenset("army troop soldier government military".split())
# Weapons and goods whose seizure is a disrupted weapons use.
SEIZING_VERBS = frozenset("seize capture".split())
# Mob violence: a "mob" is a riot only when it does violence.
MOB_VIOLENCE = frozenset("beat attack lynch storm kill burn torch stone loot smash ransack".split())
# Captives of a swap or release: not a new kidnapping.
SWAP_WORDS = frozenset("swap exchange release free trade".split())
HOSTAGE_VERBS = frozenset("take hold seize kidnap".split())
CAPTIVES = frozenset("prisoner hostage detainee captive".split())
PEACE_MODIFIERS = frozenset("peace ceasefire truce".split())
FIRE_OBJECTS = frozenset("fire gunfire shot shell".split())
TROOP_MOVERS = frozenset("send mobilise mobilize move deploy".split())
BASE_VERBS = frozenset("establish set build open".split())
BASE_NOUNS = frozenset("base headquarters camp outpost".split())
REBEL_MOVERS = frozenset("government rebel".split())
DESTROYING_VERBS = frozenset("burn torch raze demolish bulldoze destroy".split())
FOILED_THINGS = frozenset("attack plot bombing".split())
SUICIDE_WORDS = frozenset(["suicide"])
AIR_WORDS = frozenset("warplane jet aircraft air plane drone helicopter aerial".split())

# Figurative compounds: "a ticking time bomb", "a heart attack", "a charm offensive" name no violence.
FIGURATIVE_MODIFIERS: dict[str, frozenset[str]] = {
    "bomb": frozenset("time truth f photo sex stink".split()),
    "attack": frozenset("heart panic anxiety asthma cyber ransomware hacker phishing".split()),
    "offensive": frozenset("charm diplomatic media".split()),
    "strike": frozenset("lightning lucky".split()),
    "shooting": frozenset("photo film video".split()),
}
# Nouns an event word may modify and still name the event: "rocket fire", "a mortar barrage".
EVENT_HEADS = frozenset("fire barrage salvo volley impact hit".split())
# Titles of police officers before a victim's name ("officers Eric Joering and Anthony Morelli").
POLICE_TITLES = frozenset(
    "officer policeman policewoman trooper deputy sheriff constable sergeant detective patrolman".split()
)
# Words of an accident: a shooting or a death told with them is no attack.
ACCIDENTAL_WORDS = frozenset("accidental accidentally unintentional unintentionally negligent".split())

# A happening as the topic of talk: "the story surrounding the massacre", "footage of the shooting".
TOPIC_PREPOSITIONS = frozenset("regarding surrounding concerning about over into".split())
TOPIC_NOUNS = frozenset(
    """footage video audio recording photo picture image infographic narrative story account version
    report coverage documentary film book theory question detail timeline truth lie cover-up
    evidence""".split()
)

# Nouns a place name may modify without saying where anything happened: "in US history".
NOT_LOCATIONS = frozenset("history record memory".split())

# --- did it happen? (analyzers/events/factuality.py) ---

MODAL_WORDS = frozenset("may might could would should can must will shall 'll wo ca".split())
NEGATION_WORDS = frozenset("not n't never no nobody nothing without".split())
# Verbs that govern an event without asserting it: plans, threats, wishes, opinions, denials, charges.
UNREAL_GOVERNORS = frozenset(
    """want wish plan intend threaten vow promise pledge seek try attempt aim prepare consider propose hope
    call urge demand warn refuse fear decide order ask plot conspire allege claim accuse deny think
    believe feel suspect imagine guess suppose doubt expect predict risk avoid prevent stop need charge
    convict indict acquit prosecute investigate probe sue""".split()
)
CONDITION_WORDS = frozenset("if unless whether lest".split())
# Verbs of seeing and showing: "(the clip) shows drones conducting an attack" is what is shown.
PERCEPTION_VERBS = frozenset("see show watch hear film depict capture reveal record witness".split())
# Verbs whose infinitive is a promise, not a deed: "agreed to be a bomber", "offered to release them"
# (an agreement "on" an exchange is still one).
COMMITMENT_VERBS = frozenset("agree offer volunteer undertake commit".split())
# Nouns under which an event is only alleged, planned, feared or investigated.
UNREAL_NOUNS = frozenset(
    """allegation claim accusation charge rumour rumor threat plan plot risk fear suspicion
    investigation probe inquiry trial lawsuit authority power right ability permission
    mandate""".split()
)
# Verbs tagged present that are past in a news clause ("rioters set fire").
SAME_IN_PAST = frozenset("set put cut hit shut spread burst cast hurt let quit upset beat shed".split())
DEATH_WORDS = frozenset("kill die dead death claim".split())
STATISTIC_WORDS = frozenset("statistic statistics average annually yearly".split())
# "Protests have become common": a plural event noun said to be usual is a kind, not a happening.
GENERIC_ADJECTIVES = frozenset(
    "common commonplace frequent rare routine widespread regular normal usual everyday rampant".split()
)
# Words of a trend: "attacks on journalists are rising", "a rise in knife attacks" count no happening.
TREND_WORDS = frozenset(
    """rise increase grow climb surge soar spike double triple decline fall drop decrease jump
    upsurge uptick growth""".split()
)
# Hedges that report a happening on someone's word: still an event, less sure.
EVENT_HEDGES = frozenset("allegedly reportedly apparently purportedly supposedly".split())
# Event nouns that may name, in a later sentence, a happening told with another word or type.
ANAPHORIC_EVENT_NOUNS = frozenset(
    "attack massacre shooting assault violence incident bloodshed killing tragedy atrocity".split()
)
DEFINITE_DETERMINERS = frozenset("the this that these those".split())
# Words that mark a second happening of the same kind ("another attack", "in a separate raid").
OTHER_HAPPENING_WORDS = frozenset(
    "another separate second third other new earlier previous ensuing subsequent retaliatory".split()
)
# "The clashes that followed": a happening after the one told.
SEQUENCE_VERBS = frozenset("follow ensue".split())
# Nouns that gather many happenings: "a wave of violence", "a string of shootings" is no one event.
SERIES_NOUNS = frozenset("wave string series spate spree rash surge number cycle campaign".split())
# Killings of people by definition: an attack on civilians unless the victims are armed.
MURDER_WORDS = frozenset("murder assassinate assassination massacre slaughter behead".split())
# Modifiers of an event noun that make it unreal: "a planned rally", "a foiled attack".
UNREAL_MODIFIERS = frozenset(
    """planned proposed threatened possible potential upcoming imminent future would-be foiled thwarted
    averted hypothetical prospective feared rumoured rumored""".split()
)
# A rally of these is a campaign event, not a protest ("a campaign rally", "told an election rally").
CAMPAIGN_WORDS = frozenset("campaign election electoral political party re-election fundraising".split())
# Words of physical harm: an "attack" by a politician without them is one of words.
PHYSICAL_HARM_WORDS = frozenset(
    """kill die dead wound injure shoot stab beat punch knife gun weapon bomb hospital hospitalise
    hospitalize bleed hurt assault""".split()
)
# Verbs of a speech given at a meeting ("told supporters at a rally"), besides the reporting verbs.
SPEAKING_VERBS = frozenset("speak address tell say vow promise praise attack slam".split())
# Agencies whose raid is a search or an arrest operation (strategic development), not an attack.
RAIDING_AGENCIES = frozenset(
    """police policeman officer guard agent authority investigator detective prosecutor fbi customs
    immigration ice""".split()
)
# Words of armed fighting besides armed actors and harm: a "clash" with none of these is a quarrel.
FIGHTING_WORDS = frozenset(
    """gunfire fire bullet gun rifle weapon armed stone rock teargas tear gas grenade machete knife
    baton casualty""".split()
)
# Words that make people marching a protest ("marched against", "chanting slogans").
PROTEST_WORDS = frozenset(
    """protest protester protestor demonstration demonstrator rally slogan placard banner chant
    activist march""".split()
)
# "A march in support of", "marched in protest at", "marched to demand": the cause of a march.
CAUSE_NOUNS = frozenset("support solidarity protest memory honour honor defiance opposition demand".split())
# Things that explode: "blasted" tells an explosion only with one of these in its sentence.
EXPLOSIVES = frozenset("bomb explosive device ied mine grenade shell rocket missile dynamite".split())
