"""Attribution cues that are fixed patterns rather than a reporting verb and its subject:

- responsibility claims — "the group claimed responsibility for the attack", "IS took credit for it":
  a spaCy ``DependencyMatcher`` finds the verb and its object noun, the source is the verb's subject;
- embedded posts — the signature line a social-media embed leaves in article text,
  "— Jane Doe (@janedoe) August 1, 2018": the display name vouches for the post above it;
- quotation credits — a closing quotation mark followed by a dash and a name at the end of its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from unspin.lang.en.sources import RESPONSIBILITY_NOUNS, RESPONSIBILITY_VERBS

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "— Display Name (@handle) Month D, YYYY", at the start of a line or after a dash.
_SIGNATURE = re.compile(
    r"(?:^|[—–] ?)(?P<name>[^\n—–()@“”\"]{2,60}?) \((?P<handle>@\w{1,30})\) "
    r"(?:" + _MONTHS + r")\.? \d{1,2}, \d{4}",
    re.M,
)
# '..." –Don Lemon' at the end of a line: a quotation and its author.
_CREDIT = re.compile(
    r"[”\"][ \t]*(?P<dash>[—–-])[ \t]*(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})[ \t]*$", re.M
)


def signatures(text: str) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """(name span, cue span) of every embedded-post signature and quotation credit in ``text``."""
    for m in _SIGNATURE.finditer(text):
        start, end = m.span("name")
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            yield (start, end), m.span("handle")
    for m in _CREDIT.finditer(text):
        yield m.span("name"), m.span("dash")


@lru_cache(maxsize=4)
def _responsibility_matcher(vocab: Any) -> Any:
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(vocab)
    matcher.add(
        "RESPONSIBILITY",
        [
            [
                {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(RESPONSIBILITY_VERBS)}}},
                {
                    "LEFT_ID": "verb",
                    "REL_OP": ">",
                    "RIGHT_ID": "object",
                    "RIGHT_ATTRS": {"DEP": "dobj", "LEMMA": {"IN": sorted(RESPONSIBILITY_NOUNS)}},
                },
            ]
        ],
    )
    return matcher


def responsibility_claims(doc: Any) -> list[tuple[Any, Any]]:
    """(verb, object) token pairs of "claimed responsibility", "took credit", in text order."""
    matcher = _responsibility_matcher(doc.vocab)
    pairs = [(doc[ids[0]], doc[ids[1]]) for _, ids in matcher(doc)]
    return sorted(pairs, key=lambda p: p[0].i)
