"""English word lists the rules read, one module per topic, each list defined once.

The analyzers import them by name (``from unspin.lang.en.people import TITLE_NOUNS``); a list that two
rules need with different members exists twice under names that say how the two differ.
"""
