"""Abbreviations whose dot does not end a sentence, for the sentence splitter (nlp/segmentation.py)."""

from __future__ import annotations

from unspin.lang.en.dates import MONTH_ABBREVIATIONS

# Before any word: titles, ranks, company forms, the months ("Gen. Lee", "Acme Inc. said", "Jan. 5").
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cpt maj adm cmdr gov sen rep pres st mt ft vs etc approx dept
    est fig inc ltd co corp jr sr rev hon u.s u.k e.g i.e a.m p.m""".split()
) | frozenset(MONTH_ABBREVIATIONS)

# Only before a number ("No. 5", "Fig. 2"): elsewhere "no." ends a sentence.
NUMBER_ABBREVIATIONS = frozenset(["no", "nos", "fig", "vol", "art"])
