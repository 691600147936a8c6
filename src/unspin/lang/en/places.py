"""Words around place names: locative prepositions, region words, headline flags that are no dateline."""

from __future__ import annotations

NOT_DATELINE_WORDS = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE ANALYSIS OPINION WATCH LIVE VIDEO EDITORIAL".split()
)

LOCATIVE_PREPOSITIONS = frozenset(
    "in at near from to into outside around across towards toward through via".split()
)

PLACE_NAMED_INSTITUTIONS = frozenset("parliament congress senate government court cabinet office".split())

# Words after a name that make it a region ("Kherson oblast"); tuple, for the regular expression.
REGION_WORDS = ("region", "province", "oblast", "governorate", "prefecture")
# Administrative-area words after a name: the region words and those that also have other senses.
ADMINISTRATIVE_AREA_WORDS = (*REGION_WORDS, "state", "district", "county", "department", "territory")

STRICT_LOCATIVE_PREPOSITIONS = frozenset("in near outside into".split())
