"""Words for organisations: the nouns that make a phrase an organisation and the generic ones."""

from __future__ import annotations

ORG_NOUNS = frozenset(
    """ministry government army military police authority council court parliament commission committee
    department office agency service force navy guard command headquarters administration cabinet
    presidency embassy mission organisation organization group company firm bank hospital university party
    union federation alliance coalition brigade battalion regiment militia movement front un nato
    kremlin white house prosecutor's institute centre center board bureau state republic junta regime
    opposition insurgent rebel city town county municipality province region village prefecture
    department""".split()
)

OFFICIAL_PLURALS = frozenset(["police", "authority", "military", "army", "government", "force"])

ORG_TYPE_NOUNS = frozenset(
    """group organisation organization agency company firm party movement militia union charity ngo
    association network coalition alliance council committee institute foundation bank ministry watchdog
    body""".split()
)

ACRONYM_SKIPPED_WORDS = frozenset("of the and for de la du des del di on in at to".split())

# Words that never stand alone for a longer organisation name ("the Ministry" is many ministries).
GENERIC_ORG_WORDS = frozenset(
    """ministry department army navy forces force police council party government court office agency
    committee commission union bank brigade group company corporation authority service services
    parliament assembly congress senate university institute foundation association federation
    front movement alliance coalition organisation organization league board guard command""".split()
)

# Organisations English often refers to as "they" ("the police said they…").
PLURAL_ORGANISATION_NOUNS = frozenset("police authority military army government force".split())
