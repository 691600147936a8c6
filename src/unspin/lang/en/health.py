"""Words of disease and health: a death or a "case" told with them is an illness, not violence."""

from __future__ import annotations

# Diseases and outbreaks: "the outbreak killed 200" reports no act of violence.
DISEASE_WORDS = frozenset(
    """outbreak virus disease plague epidemic pandemic ebola cholera measles flu influenza fever cancer
    infection infect illness malaria""".split()
)

# The context of a count of cases or patients: the diseases above and the words of their care.
HEALTH_CONTEXT_WORDS = DISEASE_WORDS | frozenset("symptom hospital health patient".split())
