"""The tabled lemmatizer gives exactly spaCy's lemmas."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from unspin.nlp import parse

spacy = pytest.importorskip("spacy")
if not parse.is_installed():
    pytest.skip("no spaCy English model installed", allow_module_level=True)

from spacy.attrs import LEMMA, MORPH, POS  # noqa: E402

from unspin.nlp.lemmas import speed_up_lemmatizer  # noqa: E402

# Written for these tests: inflected nouns, verbs and adjectives, words the attribute ruler lemmatises
# itself ("'s", "gonna", "n't"), the same words in other roles, proper nouns, numbers and spaces.
TEXTS = [
    "The ministries said the attacks were planned; the planned attack was stopped, and stopping it helped.",
    "She's gonna say they weren't better, but the best runners ran faster than the geese.  \n\n  Done.",
    "Running, he runs; the runs were running out. Officials' statements stated 3,000 dead in Paris.",
    "Les Misérables? Ça va. 北京 is a city, and “quotes” — dashes… and émigrés' leaves fell.",
    "",
]


@pytest.fixture(scope="module")
def pipelines(load_unchanged: Callable[[], object]) -> tuple[object, object]:
    original, tabled = load_unchanged(), load_unchanged()
    assert speed_up_lemmatizer(tabled)
    return original, tabled


def test_speed_up_keeps_the_lemmatizer_and_its_settings(pipelines: tuple[object, object]) -> None:
    original, tabled = pipelines
    assert tabled.pipe_names == original.pipe_names
    before, after = original.get_pipe("lemmatizer"), tabled.get_pipe("lemmatizer")
    assert isinstance(after, type(before))
    assert (after.mode, after.overwrite) == (before.mode, before.overwrite)
    assert not speed_up_lemmatizer(tabled)  # once is enough


@pytest.mark.parametrize("text", TEXTS)
def test_lemmas_are_identical(pipelines: tuple[object, object], text: str) -> None:
    original, tabled = pipelines
    for _ in range(2):  # the second time from the table
        a, b = original(text), tabled(text)
        np.testing.assert_array_equal(a.to_array([LEMMA, POS, MORPH]), b.to_array([LEMMA, POS, MORPH]))
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]


def test_batched_documents_get_their_own_lemmas(pipelines: tuple[object, object]) -> None:
    original, tabled = pipelines
    expected = [[t.lemma_ for t in doc] for doc in original.pipe(TEXTS, batch_size=2)]
    assert [[t.lemma_ for t in doc] for doc in tabled.pipe(TEXTS, batch_size=2)] == expected
    assert any(t.lemma_ != t.text.lower() for t in tabled(TEXTS[0]))  # the rules did change words


def test_a_pipeline_without_a_rule_lemmatizer_is_left_as_it_is() -> None:
    nlp = spacy.blank("en")
    assert not speed_up_lemmatizer(nlp)
