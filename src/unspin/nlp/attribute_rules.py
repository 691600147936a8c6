"""spaCy's attribute ruler with its patterns matched by lookup: the same annotations, faster.

The English pipelines' ``attribute_ruler`` maps each fine tag to its part of speech and morphology, and
fixes a few words, through some 180 Matcher patterns. The Matcher tries every pattern on every token, and
the ruler builds a ``Span`` for each of its ~one match per token: about a tenth of the whole parse
(BENCHMARKS.md, "Attribute ruler"). The patterns only test a token's tag, lower-cased form, dependency
label and whitespace-ness, so here they are compiled into tests of those four values, filed by the tag or
word they start with, and which patterns can start at a token is cached per distinct four values.
Matches are applied in the ruler's order, so each token ends with exactly the attributes spaCy's ruler
gives it (tested on the corpus).

:func:`speed_up` swaps the component into a loaded pipeline, keeping its name and patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, get_type_hints

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

FACTORY = "unspin_attribute_ruler"

Pattern = list[dict[int | str, Any]]  # a Matcher pattern: one dict per token
Match = tuple[int, int, int, int]  # (rule, key, start, end), as AttributeRuler.match gives them
TokenKey = tuple[str, str, str, bool]  # what the compiled patterns read of a token
Test = Callable[[TokenKey], bool]

# The token attributes compiled patterns may test, and where each sits in a TokenKey.
_FEATURES = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_CACHE_LIMIT = 200_000  # distinct token keys remembered (a bound for very long runs)


class TabledAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` that matches its patterns by lookup instead of with spaCy's Matcher.

    A pattern is compiled when every token of it tests only the tag, lower-cased form, dependency label
    or whitespace-ness of a token, with a value, ``IN``, ``NOT_IN`` or ``REGEX`` (all of the English
    pipelines' are); any other pattern stays with the Matcher. A compiled pattern can only start at a
    token whose (tag, lower, dep, is_space) passes its first test, and that answer is cached per key.
    """

    def __init__(self, vocab: Any, name: str = "attribute_ruler", **kwargs: Any) -> None:
        super().__init__(vocab, name, **kwargs)
        self.compiled: list[tuple[int, Pattern, list[Test]]] = []  # (rule, pattern, one test per token)
        self._index: dict[tuple[int, str], list[int]] = {}  # (feature, value) -> patterns starting so
        self._unindexed: list[int] = []  # patterns whose first token has no exact tag or word
        self._starting: dict[TokenKey, tuple[int, ...]] = {}
        self.rule_patterns: list[list[Pattern]] = []  # every rule's patterns, as added
        self.left_to_matcher = 0  # patterns that could not be compiled

    def add(self, patterns: Iterable[Pattern], attrs: dict[Any, Any], index: int = 0) -> None:
        rule = len(self.attrs)
        patterns = list(patterns)
        self.rule_patterns.append(patterns)
        other: list[Pattern] = []
        for pattern in patterns:
            tests = _compile(pattern)
            if tests is None:
                other.append(pattern)
                continue
            self.compiled.append((rule, pattern, tests))
            at = len(self.compiled) - 1
            keys = _index_keys(pattern[0])
            for key in keys:
                self._index.setdefault(key, []).append(at)
            if not keys:
                self._unindexed.append(at)
        self._starting.clear()
        self.left_to_matcher += len(other)
        # The parent adds the other patterns to the Matcher under key ``str(rule)``, and the attributes.
        super().add(other, attrs, index)

    @property
    def patterns(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = list(super().patterns)
        for rule, entry in enumerate(out):
            entry["patterns"] = list(self.rule_patterns[rule])
        return out

    def _starting_at(self, key: TokenKey) -> tuple[int, ...]:
        """The compiled patterns whose first token accepts a token with this key, in order."""
        found = self._starting.get(key)
        if found is None:
            tag, lower = key[0], key[1]
            candidates = {
                *self._index.get((0, tag), ()),
                *self._index.get((1, lower), ()),
                *self._unindexed,
            }
            found = tuple(sorted(p for p in candidates if self.compiled[p][2][0](key)))
            if len(self._starting) >= _CACHE_LIMIT:
                self._starting.clear()
            self._starting[key] = found
        return found

    def match(self, doc: Doc) -> list[Match]:
        strings = self.vocab.strings
        matches = (
            [
                (int(strings[key]), key, start, end)
                for key, start, end in self.matcher(doc, allow_missing=True, as_spans=False)
            ]
            if self.left_to_matcher
            else []
        )
        keys: list[TokenKey] = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]
        n = len(keys)
        for i, key in enumerate(keys):
            for p in self._starting_at(key):
                rule, _, tests = self.compiled[p]
                end = i + len(tests)
                if end <= n and all(test(keys[i + k]) for k, test in enumerate(tests[1:], 1)):
                    matches.append((rule, strings[str(rule)], i, end))
        matches.sort()
        return matches

    def set_annotations(self, doc: Doc, matches: list[Match]) -> None:
        for rule, _key, start, end in matches:
            index = self.indices[rule]
            at = (start if index >= 0 else end) + index
            if not start <= at < end:  # as the parent: a rule pointing outside its match is an error
                return super().set_annotations(doc, [(rule, _key, start, end)])
            set_token_attrs(doc[at], self.attrs[rule])


def _compile(pattern: Pattern) -> list[Test] | None:
    """One test per token of ``pattern``, or None if it needs the Matcher."""
    tests = []
    for spec in pattern:
        checks = []
        for attr, value in spec.items():
            check = _check(attr, value)
            if check is None:
                return None
            checks.append(check)
        tests.append(_all_of(checks))
    return tests if tests else None


def _check(attr: int | str, value: Any) -> Test | None:
    """A test of one attribute, as the Matcher would apply it; None if not supported here."""
    at = _FEATURES.get(attr) if isinstance(attr, str) else None
    if at is None:
        return None
    if isinstance(value, str | bool):
        return lambda key: key[at] == value
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op == "IN" and isinstance(arg, list):
        members = frozenset(arg)
        return lambda key: key[at] in members
    if op == "NOT_IN" and isinstance(arg, list):
        members = frozenset(arg)
        return lambda key: key[at] not in members
    if op == "REGEX" and isinstance(arg, str) and at != _FEATURES["IS_SPACE"]:
        regex = re.compile(arg)
        return lambda key: regex.search(str(key[at])) is not None
    return None


def _all_of(checks: list[Test]) -> Test:
    return lambda key: all(check(key) for check in checks)


def _index_keys(spec: dict[int | str, Any]) -> list[tuple[int, str]]:
    """Where to file a pattern by its first token: an exact (or listed) tag, else word; none if neither."""
    for attr in ("TAG", "LOWER"):
        value = spec.get(attr)
        if isinstance(value, str):
            return [(_FEATURES[attr], value)]
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and len(value) == 1:
            return [(_FEATURES[attr], v) for v in value["IN"]]
    return []


def make_tabled_attribute_ruler(nlp: Language, name: str) -> TabledAttributeRuler:
    return TabledAttributeRuler(nlp.vocab, name)


# spaCy checks factory arguments against their annotations; confection < 1 (spaCy ≤ 3.8.7) cannot read
# this module's postponed (string) annotations, so they are resolved before registering.
make_tabled_attribute_ruler.__annotations__ = get_type_hints(make_tabled_attribute_ruler)
Language.factory(FACTORY, func=make_tabled_attribute_ruler)


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
