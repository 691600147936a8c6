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
