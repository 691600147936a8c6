"""Words for people: pronouns, titles and offices before or beside a name."""

from __future__ import annotations

PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])

RELATIVE_PRONOUNS = frozenset(["who", "which", "that"])

TITLE_NOUNS = frozenset(
    """president minister premier chancellor king queen mayor governor general commander chief secretary
    ambassador prosecutor judge director head leader chairman chairwoman chair ceo envoy pope emir sultan
    prince commissioner spokesperson spokesman spokeswoman sheriff coroner senator congressman
    congresswoman attorney counsel counselor""".split()
)

SPOKESPEOPLE = frozenset(["spokesperson", "spokesman", "spokeswoman", "representative"])

PERSON_TITLES = TITLE_NOUNS | frozenset(
    """mr mrs ms dr dr. prof professor sir dame col col. colonel gen gen. lt lieutenant sgt sergeant capt
    captain maj major adm admiral cmdr rev reverend father sheikh imam rabbi justice sen senator rep gov
    princess archbishop bishop""".split()
)

NAME_PREFIX_TITLES = frozenset(
    """mr mrs ms miss dr prof president minister general gen colonel col lieutenant lt captain capt major
    maj sergeant sgt admiral adm senator sen governor gov mayor judge sheikh king queen prince princess
    pope chancellor commander premier secretary ambassador spokesman spokeswoman spokesperson sir lord
    lady rev reverend father""".split()
)

# Pronouns that stand for a person as a subject ("who was 22": an age, not a count). Wider than
# PERSON_PRONOUNS, the ones a source pronoun is resolved from.
PERSONAL_PRONOUNS = frozenset(["he", "she", "who", "i", "you", "they", "we"])

# Nouns whose number counts people.
PEOPLE_NOUNS = frozenset(
    """people person civilian resident child woman man soldier troop fighter militant rebel protester
    demonstrator officer policeman policemen journalist student patient refugee migrant worker villager
    passenger victim casualty member supporter insurgent settler prisoner detainee hostage evacuee
    individual citizen national pilgrim miner farmer teacher doctor nurse staff employee inhabitant youth
    teenager boy girl infant baby adult they them other mercenary volunteer marcher striker recruit
    conscript reservist guard sailor pilot crew voter gunman gunmen schoolgirl schoolboy foreigner
    tourist pupil suspect opponent dissident activist leader official minister lawmaker blogger monk
    priest fisherman shepherd herder trader seeker wounded dead injured force personnel policeman cop
    trooper commander serviceman servicemen jihadist""".split()
)

# Captors whose taking of people is an arrest, not a kidnapping. Not SECURITY_FORCES below, which
# names the forces at a protest or a scene (with "riot", "policeman"; without "authority", "agent",
# "military"): merged, each rule would find other things.
ARRESTING_FORCES = frozenset(
    "police officer army soldier troop force authority guard agent security military".split()
)

HOUSEHOLD_NOUNS = frozenset(["family", "household"])

# Armed actors and their machines, the people events happen to, and crowds.
ARMED_ACTORS = frozenset(
    """soldier troop army military force militant rebel insurgent fighter gunman gunmen jihadist militia
    militiaman guerrilla mercenary police policeman officer guard commando paramilitary bandit terrorist
    separatist brigade battalion unit regiment marine sniper attacker assailant raider extremist
    warplane jet drone helicopter tank navy""".split()
)

CIVILIANS = frozenset(
    """civilian villager resident people person man woman child boy girl baby student pupil worker
    farmer herder journalist reporter worshipper pilgrim passenger family teacher doctor nurse patient
    refugee migrant shopper tourist elder trader driver villagers residents aid volunteer voter
    village market school hospital mosque church temple home house camp bus wedding funeral shelter
    neighbourhood neighborhood clinic""".split()
)

PROTESTERS = frozenset(
    "protester protestor demonstrator crowd supporter student fan rioter mob activist worker youth".split()
)

# Security forces at a protest or a scene (see ARRESTING_FORCES above).
SECURITY_FORCES = frozenset("police policeman officer riot security guard troop soldier army force".split())

# Police: their withdrawal hands over no territory.
POLICE = frozenset("police policeman officer guard".split())

# Words that show a person's gender, for matching a pronoun to its antecedent ("he" → a man's name).
MALE_WORDS = frozenset(
    "he him his mr sir king prince father son brother husband spokesman chairman man".split()
)
FEMALE_WORDS = frozenset(
    "she her hers mrs ms miss queen princess dame lady mother daughter sister wife spokeswoman "
    "chairwoman woman".split()
)

# Nouns for people in general or for a count itself: a total's counted thing says nothing with them.
GENERIC_COUNTED = frozenset(
    {"people", "person", "persons", "individual", "toll", "number", "total", "figure"}
)

# The groups an age bound describes ("children under 5": the 5 is an age, not a count).
AGE_GROUP_NOUNS = frozenset("child kid baby youngster boy girl those anyone people".split())
