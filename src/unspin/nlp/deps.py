"""Walks over a spaCy dependency parse, shared by the analyzers that read one.

Analyzers ask the same few questions of a parse — which children hang from a token by some relation,
what a preposition governs, which words a head gathers into a name, where a multi-token span attaches
to the rest of the sentence — and answer them here, once, instead of each with its own loop.
Tokens are spaCy ``Token`` objects (typed ``Any``: spaCy is loaded lazily).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def children(token: Any, *labels: str) -> list[Any]:
    """The token's children whose dependency label is one of ``labels``, in text order."""
    return [c for c in token.children if c.dep_ in labels]


def first_child(token: Any, *labels: str, word: str | None = None) -> Any | None:
    """The first child with one of ``labels`` (and, if given, the lower-cased form ``word``), or None."""
    return next((c for c in token.children if c.dep_ in labels and (word is None or c.lower_ == word)), None)


def prep_objects(token: Any, *preps: str) -> list[Any]:
    """Objects of the token's prepositions (only of those spelled as ``preps``, if any are given).

    "attack on the base" → [base]; ``prep_objects(verb, "by")`` finds a passive's agent noun.
    """
    return [
        obj
        for prep in children(token, "prep", "agent")
        if not preps or prep.lower_ in preps
        for obj in children(prep, "pobj")
    ]


def with_conjuncts(tokens: Iterable[Any]) -> list[Any]:
    """Each token followed by the tokens coordinated after it ("police and soldiers" → both)."""
    out = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def closure(head: Any, labels: Sequence[str]) -> list[Any]:
    """The head and every token reached from it through children with one of ``labels`` (head first,
    then depth first, last child first)."""
    out, stack = [], [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ in labels)
    return out


def attachment(doc: Any, tokens: Sequence[int]) -> Any:
    """Where a span of token indices hangs on the sentence: its last token whose head lies outside it
    (or that is a root); the span's last token if none does."""
    inside = set(tokens)
    for k in reversed(tokens):
        if doc[k].head.i not in inside or doc[k].head.i == k:
            return doc[k]
    return doc[tokens[-1]]
