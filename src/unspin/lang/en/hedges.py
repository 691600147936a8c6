"""Hedge words: the ones that weaken a statement wherever they stand ("reportedly", "may")."""

from __future__ import annotations

# Hedge words anywhere in the sentence; the approximators only count before a number ("about 250").
HEDGE_WORDS = frozenset(
    """allegedly reportedly apparently possibly probably likely perhaps purportedly supposedly seemingly
    unconfirmed estimated suspected may might""".split()
)
