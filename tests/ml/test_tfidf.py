"""TF-IDF blocks, their n-gram bags and stored vocabularies: the features both learned models read."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.ml import TfidfBlock, ordered_terms, pack_terms, sparse_rows, unpack_terms, word_char_ngrams


def test_word_char_ngrams_words() -> None:
    words, _ = word_char_ngrams("Disgraceful traitors, a DISGRACEFUL mob!")
    # Words of two or more word characters, lower-cased; bigrams join consecutive kept words.
    assert words == Counter(
        {
            "disgraceful": 2,
            "traitors": 1,
            "mob": 1,
            "disgraceful traitors": 1,
            "traitors disgraceful": 1,
            "disgraceful mob": 1,
        }
    )


def test_word_char_ngrams_chars_stay_inside_words() -> None:
    _, chars = word_char_ngrams("Vile vile liars!")
    assert chars[" vi"] == 2 and chars["vile"] == 2 and chars["ile "] == 2
    assert chars["rs! "] == 1  # punctuation stays part of its white-space token
    assert all(" " not in g.strip() for g in chars)  # no gram spans two words
    assert {len(g) for g in chars} == {2, 3, 4}


def test_word_char_ngrams_non_ascii_and_empty() -> None:
    words, chars = word_char_ngrams("Ça suffit, Zoë")
    assert set(words) == {"ça", "suffit", "zoë", "ça suffit", "suffit zoë"}
    assert chars[" ça"] == 1 and chars["zoë "] == 1
    assert word_char_ngrams("") == (Counter(), Counter())
    assert word_char_ngrams("   \n ") == (Counter(), Counter())


# --- pack_terms -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "terms",
    [
        [],
        ["only"],
        ["w0=the", "bi=<s>_the", "shape=X!"],
        ["ça", "zoë ", " 中文", "🙂", "مرحبا", "w0=naïve", "\ufefftrimmed?", "a\tb"],
        ["", "after an empty term"],
    ],
)
def test_pack_terms_round_trip(terms: list[str]) -> None:
    packed = pack_terms(terms)
    assert packed.dtype == np.uint8 and packed.ndim == 1
    assert unpack_terms(packed) == terms


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\n"), min_size=1), max_size=20))
def test_pack_terms_round_trip_property(terms: list[str]) -> None:
    assert unpack_terms(pack_terms(terms)) == terms


def test_pack_terms_survives_npz(tmp_path: Path) -> None:
    terms = ["ça", "🙂", "中文"]
    np.savez_compressed(tmp_path / "t.npz", terms=pack_terms(terms), empty=pack_terms([]))
    with np.load(tmp_path / "t.npz") as data:
        assert unpack_terms(data["terms"]) == terms
        assert unpack_terms(data["empty"]) == []


# --- TfidfBlock -----------------------------------------------------------------------------------------

CORPUS = [
    "the harbour board raised fees on tuesday",
    "fees fees and more fees for the harbour",
    "a quiet tuesday at the board",
    "the ferry left the harbour late",
    "board members rejected the ferry plan",
]


def _docs() -> list[Counter[str]]:
    return [word_char_ngrams(t)[0] for t in CORPUS]


def test_tfidf_fit_vocab_and_idf() -> None:
    block = TfidfBlock.fit(_docs(), min_df=2)
    assert list(block.vocab) == sorted(block.vocab)
    assert list(block.vocab.values()) == list(range(len(block.vocab)))
    assert "harbour" in block.vocab and "quiet" not in block.vocab  # df 3 and 1
    # idf = ln((1 + n) / (1 + df)) + 1
    assert block.idf[block.vocab["harbour"]] == pytest.approx(math.log(6 / 4) + 1)
    assert block.idf[block.vocab["fees"]] == pytest.approx(math.log(6 / 3) + 1)


def test_tfidf_vectors_are_l2_normalised_and_sorted() -> None:
    block = TfidfBlock.fit(_docs(), min_df=1)
    for doc in _docs():
        idx, val = block.vector(doc)
        assert list(idx) == sorted(idx)
        assert np.linalg.norm(val) == pytest.approx(1.0)
        assert np.all(val > 0)
    idx, val = block.vector(Counter({"never": 3, "seen": 1}))
    assert idx.shape == (0,) and val.shape == (0,)
    assert idx.dtype == np.int64


@pytest.mark.parametrize("min_df", [1, 2])
def test_tfidf_matches_scikit_learn(min_df: int) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = _docs()

    def analyzer(doc: str) -> list[str]:
        return list(word_char_ngrams(doc)[0].elements())

    reference = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=min_df)
    matrix = reference.fit_transform(CORPUS).toarray()
    block = TfidfBlock.fit(docs, min_df=min_df)
    assert block.vocab == reference.vocabulary_
    np.testing.assert_allclose(block.idf, reference.idf_, rtol=1e-12)
    new_text = "fees on the late ferry, fees and a board on tuesday"
    matrix = np.vstack([matrix, reference.transform([new_text]).toarray()])
    for row, doc in enumerate([*docs, word_char_ngrams(new_text)[0]]):
        dense = np.zeros(len(block.vocab))
        idx, val = block.vector(doc)
        dense[idx] = val
        np.testing.assert_allclose(dense, matrix[row], rtol=1e-12, atol=1e-15)


def test_blocks_round_trip_through_npz(tmp_path: Path) -> None:
    block = TfidfBlock.fit(_docs(), min_df=1)
    terms, idf = block.to_arrays()
    assert unpack_terms(terms) == ordered_terms(block.vocab)
    np.savez_compressed(tmp_path / "b.npz", terms=terms, idf=idf)
    with np.load(tmp_path / "b.npz") as data:
        back = TfidfBlock.from_arrays(data["terms"], data["idf"])
    assert back.vocab == block.vocab
    for doc in _docs():
        np.testing.assert_array_equal(back.vector(doc)[1], block.vector(doc)[1])


def test_sparse_rows_hold_the_vectors() -> None:
    block = TfidfBlock.fit(_docs(), min_df=1)
    rows = [block.vector(doc) for doc in _docs()]
    matrix = sparse_rows(rows, len(block.vocab)).toarray()
    assert matrix.shape == (len(CORPUS), len(block.vocab))
    for k, (idx, val) in enumerate(rows):
        np.testing.assert_array_equal(matrix[k, idx], val)
        assert np.count_nonzero(matrix[k]) == len(idx)
    assert sparse_rows([], 3).shape == (0, 3)
