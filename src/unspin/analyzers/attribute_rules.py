"""spaCy's attribute ruler with its one-token rules looked up in a table: the same annotations, faster.

The English pipelines' ``attribute_ruler`` maps each fine tag to its part of speech and morphology, and
fixes a few words, through some 180 Matcher patterns. Nearly all of them are one token matched on its tag
and/or lower-cased form, yet the Matcher tries every pattern on every token, and the ruler builds a
``Span`` for each of its ~one match per token: about a tenth of the whole parse (BENCHMARKS.md,
"attribute rules"). Here those one-token rules are a dictionary lookup on (tag, lower); only the others
(dependency labels, sets of values, two-token patterns) go through a Matcher. Matches are applied in the
ruler's order, so each token ends with exactly the attributes spaCy's ruler gives it (tested on the
corpus).

:func:`speed_up` swaps the component into a loaded pipeline, keeping its name and patterns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

FACTORY = "unspin_attribute_ruler"
_SIMPLE_KEYS = frozenset({"TAG", "LOWER"})

Pattern = list[dict[int | str, Any]]  # a Matcher pattern: one dict per token
Match = tuple[int, int, int, int]  # (rule, key, start, end), as AttributeRuler.match gives them


class TabledAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` whose one-token tag/word rules are a table, not Matcher patterns."""

    def __init__(self, vocab: Any, name: str = "attribute_ruler", **kwargs: Any) -> None:
        super().__init__(vocab, name, **kwargs)
        # (tag or None, lower or None) -> rules, in order; and each rule's patterns kept for ``patterns``.
        self.table: dict[tuple[str | None, str | None], list[int]] = {}
        self.simple_patterns: list[list[Pattern]] = []
        self._by_token: dict[tuple[str, str], tuple[int, ...]] = {}

    def add(self, patterns: Iterable[Pattern], attrs: dict[Any, Any], index: int = 0) -> None:
        rule = len(self.attrs)
        simple: list[Pattern] = []
        other: list[Pattern] = []
        for pattern in patterns:
            (simple if _is_simple(pattern) else other).append(pattern)
        for pattern in simple:
            spec = pattern[0]
            self.table.setdefault((spec.get("TAG"), spec.get("LOWER")), []).append(rule)
        self.simple_patterns.append(simple)
        self._by_token.clear()
        # The parent adds the remaining patterns to the Matcher under key ``str(rule)``, and the attributes.
        super().add(other, attrs, index)

    @property
    def patterns(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = list(super().patterns)
        for rule, entry in enumerate(out):
            entry["patterns"] = [*self.simple_patterns[rule], *entry["patterns"]]
        return out

    def _rules_for(self, tag: str, lower: str) -> tuple[int, ...]:
        key = (tag, lower)
        rules = self._by_token.get(key)
        if rules is None:
            found = (
                self.table.get((tag, None), [])
                + self.table.get((None, lower), [])
                + self.table.get((tag, lower), [])
            )
            rules = self._by_token[key] = tuple(sorted(set(found)))
        return rules

    def match(self, doc: Doc) -> list[Match]:
        matches = [
            (int(self.vocab.strings[key]), key, start, end)
            for key, start, end in self.matcher(doc, allow_missing=True, as_spans=False)
        ]
        keys = self.vocab.strings
        for token in doc:
            for rule in self._rules_for(token.tag_, token.lower_):
                matches.append((rule, keys[str(rule)], token.i, token.i + 1))
        matches.sort()
        return matches

    def set_annotations(self, doc: Doc, matches: list[Match]) -> None:
        for rule, _key, start, end in matches:
            index = self.indices[rule]
            at = (start if index >= 0 else end) + index
            if not start <= at < end:  # as the parent: a rule pointing outside its match is an error
                return super().set_annotations(doc, [(rule, _key, start, end)])
            set_token_attrs(doc[at], self.attrs[rule])


def _is_simple(pattern: Pattern) -> bool:
    """One token, matched on nothing but an exact tag and/or lower-cased form."""
    if len(pattern) != 1 or not pattern[0]:
        return False
    spec = pattern[0]
    return set(spec) <= _SIMPLE_KEYS and all(isinstance(v, str) for v in spec.values())


@Language.factory(FACTORY)
def make_tabled_attribute_ruler(nlp: Language, name: str) -> TabledAttributeRuler:
    return TabledAttributeRuler(nlp.vocab, name)


def speed_up(nlp: Language) -> bool:
    """Replace ``nlp``'s attribute ruler by the tabled one with the same patterns (False: none to replace)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if type(ruler) is not AttributeRuler:
        return False
    patterns = ruler.patterns
    tabled = nlp.replace_pipe("attribute_ruler", FACTORY)
    assert isinstance(tabled, TabledAttributeRuler)
    tabled.add_patterns(patterns)
    return True
