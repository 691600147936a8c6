"""The tabled attribute ruler annotates exactly as spaCy's own."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from unspin.nlp import parse

spacy = pytest.importorskip("spacy")
if not parse.is_installed():
    pytest.skip("no spaCy English model installed", allow_module_level=True)

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, POS, TAG  # noqa: E402

from unspin.nlp.attribute_rules import TabledAttributeRuler, speed_up  # noqa: E402

# Written for these tests: ordinary news prose, and the words the ruler has special rules for
# (contractions, "gonna", "let's", "y'all", expletive "there", auxiliaries, pronoun cases, spaces).
TEXTS = [
    "The ministry said on Monday that 250 people were hospitalised after the blast in the port city.",
    "Y'all gonna see it: let's go, c'mon! It ain't over, I'm told, and they don't know what it's worth.",
    "There is a man who did it, and there were others.  Did he have a plan? I do. You did, too.",
    "Officials, who had denied it, gotta admit that it was him whom they saw;  \n\n  nobody else.",
    "But what about them? Is it true? She gave it to me, not to you, and I gave it back to her.",
]


@pytest.fixture(scope="module")
def pipelines(load_unchanged: Callable[[], object]) -> tuple[object, object]:
    original, tabled = load_unchanged(), load_unchanged()
    assert speed_up(tabled)
    return original, tabled


def test_speed_up_swaps_in_the_tabled_ruler_with_the_same_patterns(pipelines: tuple[object, object]) -> None:
    original, tabled = pipelines
    assert tabled.pipe_names == original.pipe_names
    ruler = tabled.get_pipe("attribute_ruler")
    assert isinstance(ruler, TabledAttributeRuler)
    assert ruler.patterns == original.get_pipe("attribute_ruler").patterns
    in_matcher = sum(len(ruler.matcher.get(str(rule))[1]) for rule in range(len(ruler.attrs)))
    assert in_matcher == ruler.left_to_matcher == 0  # every English pattern compiles
    assert len(ruler.compiled) == sum(len(p["patterns"]) for p in ruler.patterns)
    assert not speed_up(tabled)  # once is enough


@pytest.mark.parametrize("text", TEXTS)
def test_annotations_are_identical(pipelines: tuple[object, object], text: str) -> None:
    original, tabled = pipelines
    a, b = original(text), tabled(text)
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, NORM]
    np.testing.assert_array_equal(a.to_array(attrs), b.to_array(attrs))
    assert [(t.pos_, str(t.morph), t.lemma_) for t in a] == [(t.pos_, str(t.morph), t.lemma_) for t in b]


def test_a_rule_pointing_outside_its_match_is_an_error_as_in_spacy() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("unspin_attribute_ruler")
    ruler.add([[{"LOWER": "hello"}]], {"NORM": "hi"}, index=1)
    with pytest.raises(ValueError):
        nlp("hello world")


def _ruled(patterns: list[object], attrs: dict[str, str], index: int = 0) -> tuple[object, object]:
    """The same rule in spaCy's ruler and in the tabled one, on blank English pipelines."""
    pipelines = []
    for factory in ("attribute_ruler", "unspin_attribute_ruler"):
        nlp = spacy.blank("en")
        nlp.add_pipe(factory).add(patterns, attrs, index=index)
        pipelines.append(nlp)
    return pipelines[0], pipelines[1]


@pytest.mark.parametrize(
    ("patterns", "index"),
    [
        ([[{"LOWER": {"REGEX": "^re"}}, {"IS_SPACE": False}]], -1),  # compiled: regex, then a flag
        ([[{"LOWER": {"IN": ["red", "blue"]}}, {"LOWER": {"NOT_IN": ["sky"]}}]], 0),  # compiled: sets
        ([[{"LOWER": "red"}, {"IS_ALPHA": True, "OP": "+"}]], 0),  # an operator: left to the Matcher
        ([[{"LENGTH": {">=": 4}}]], 0),  # a comparison on another attribute: left to the Matcher
    ],
)
def test_any_pattern_matches_as_in_spacy(patterns: list[object], index: int) -> None:
    original, tabled = _ruled(patterns, {"NORM": "changed"}, index)
    text = "A red sky, a blue sea and a red  rose; reread it, recently."
    assert [t.norm_ for t in tabled(text)] == [t.norm_ for t in original(text)]
    assert "changed" in [t.norm_ for t in original(text)]
    assert tabled.get_pipe("unspin_attribute_ruler").patterns == original.get_pipe("attribute_ruler").patterns
