"""Dependency walks on hand-built parses (no spaCy model needed)."""

from __future__ import annotations

from typing import Any

from spacy.lang.en import English
from spacy.tokens import Doc

from unspin.nlp.deps import attachment, children, closure, first_child, prep_objects, with_conjuncts

VOCAB = English().vocab


def _doc(words: list[str], heads: list[int], deps: list[str]) -> Any:
    return Doc(VOCAB, words=words, heads=heads, deps=deps)


# "Police and soldiers attacked the base at night near Tarn ."
ATTACK = _doc(
    ["Police", "and", "soldiers", "attacked", "the", "base", "at", "night", "near", "Tarn", "."],
    [3, 0, 0, 3, 5, 3, 3, 6, 3, 8, 3],
    ["nsubj", "cc", "conj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
)


def test_children_and_first_child_filter_by_label_and_word() -> None:
    verb = ATTACK[3]
    assert [t.text for t in children(verb, "nsubj", "dobj")] == ["Police", "base"]
    assert children(verb, "agent") == []
    assert first_child(verb, "prep").text == "at"
    assert first_child(verb, "prep", word="near").text == "near"
    assert first_child(verb, "prep", word="with") is None


def test_prep_objects_reads_through_prepositions() -> None:
    verb = ATTACK[3]
    assert [t.text for t in prep_objects(verb)] == ["night", "Tarn"]
    assert [t.text for t in prep_objects(verb, "near")] == ["Tarn"]
    assert prep_objects(verb, "on") == []


def test_with_conjuncts_adds_the_words_coordinated_after() -> None:
    assert [t.text for t in with_conjuncts(children(ATTACK[3], "nsubj"))] == ["Police", "soldiers"]
    assert [t.text for t in with_conjuncts([ATTACK[5]])] == ["base"]


def test_closure_gathers_a_name_through_chosen_labels() -> None:
    # "the Defence Ministry spokesman said"
    doc = _doc(
        ["the", "Defence", "Ministry", "spokesman", "said"],
        [3, 2, 3, 4, 4],
        ["det", "compound", "compound", "nsubj", "ROOT"],
    )
    assert [t.text for t in closure(doc[3], ("compound",))] == ["spokesman", "Ministry", "Defence"]
    assert [t.text for t in closure(doc[3], ())] == ["spokesman"]


def test_attachment_is_the_token_whose_head_lies_outside_the_span() -> None:
    # "about 300 people fled"
    doc = _doc(["about", "300", "people", "fled"], [1, 2, 3, 3], ["advmod", "nummod", "nsubj", "ROOT"])
    assert attachment(doc, [0, 1]).text == "300"
    assert attachment(doc, [0, 1, 2]).text == "people"
    assert attachment(doc, [3]).text == "fled"
