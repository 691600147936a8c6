"""TechniqueNetwork with a deterministic fake encoder: windows, blending, both heads."""

from __future__ import annotations

import numpy as np
import pytest

from unspin.analyzers.techniques.network import TechniqueNetwork, _best_window, softmax
from unspin.ml import CLS_ID, SEP_ID, Pieces, batch, windows

VOCAB, HIDDEN, N_TECH = 4000, 16, 14


def make_pieces(n: int, seed: int = 1) -> Pieces:
    ids = np.random.default_rng(seed).integers(1000, 3000, size=n).astype(np.int64)
    starts = np.arange(n, dtype=np.int64) * 3
    return Pieces(ids, starts, starts + 2, np.arange(n, dtype=np.int64))


def make_heads(seed: int = 2) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "token_w": rng.normal(size=(HIDDEN, 3)),
        "token_b": rng.normal(size=3),
        "span_w": rng.normal(size=(3 * HIDDEN, N_TECH)),
        "span_b": rng.normal(size=N_TECH),
    }


class WordEncoder:
    """Context-free: the hidden state of a position depends only on the id there."""

    def __init__(self) -> None:
        self.table = np.random.default_rng(0).normal(size=(VOCAB, HIDDEN))
        self.calls: list[tuple[int, int]] = []

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        assert ids.shape == mask.shape
        assert np.all(ids[:, 0] == CLS_ID)
        self.calls.append(ids.shape)
        return self.table[ids % VOCAB] * mask[..., None]


class PositionEncoder(WordEncoder):
    """The id's vector plus a vector for the position in the window (so windows disagree)."""

    def __init__(self) -> None:
        super().__init__()
        self.positions = np.random.default_rng(3).normal(size=(64, HIDDEN))

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        base = super().__call__(ids, mask)
        return base + self.positions[None, : ids.shape[1]]


class EdgeEncoder(WordEncoder):
    """Context-free, except that the first and last piece of every window get a large extra vector."""

    def __init__(self) -> None:
        super().__init__()
        self.delta = np.random.default_rng(4).normal(size=HIDDEN) * 5.0

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        out = super().__call__(ids, mask).copy()
        for row in range(len(ids)):
            last = int(mask[row].sum()) - 2  # the position before [SEP]
            assert ids[row, last + 1] == SEP_ID
            out[row, 1] += self.delta
            if last != 1:
                out[row, last] += self.delta
        return out


def network(encoder: WordEncoder, window: int = 8, stride: int = 4, batch_size: int = 8) -> TechniqueNetwork:
    return TechniqueNetwork(encoder, make_heads(), window=window, stride=stride, batch_size=batch_size)


# --- encode ---------------------------------------------------------------------------------------------


def test_encode_keeps_one_hidden_block_per_window_without_special_positions() -> None:
    enc_fn = WordEncoder()
    pieces = make_pieces(20)
    enc = network(enc_fn, batch_size=3).encode(pieces)
    assert enc.n == 20
    assert enc.windows == windows(20, 8, 4) == [(0, 8), (4, 12), (8, 16), (12, 20)]
    assert [h.shape for h in enc.hidden] == [(8, HIDDEN)] * 4
    for (lo, hi), h in zip(enc.windows, enc.hidden, strict=True):
        np.testing.assert_array_equal(h, enc_fn.table[pieces.ids[lo:hi]])
    # Batches of at most 3 windows, each at most window + 2 wide.
    assert enc_fn.calls == [(3, 10), (1, 10)]


def test_encode_empty_article() -> None:
    enc_fn = WordEncoder()
    net = network(enc_fn)
    enc = net.encode(make_pieces(0))
    assert enc.windows == [] and enc.hidden == [] and enc.n == 0
    assert enc_fn.calls == []
    assert net.token_probs(enc).shape == (0, 3)
    out = net.span_logits(enc, [(0, 1)])
    assert out.shape == (1, N_TECH) and not out.any()


def test_n_techniques() -> None:
    assert network(WordEncoder()).n_techniques == N_TECH


# --- token_probs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 5, 8, 9, 23, 40])
def test_token_probs_rows_sum_to_one(n: int) -> None:
    net = network(PositionEncoder())
    probs = net.token_probs(net.encode(make_pieces(n)))
    assert probs.shape == (n, 3)
    assert np.all(probs > 0)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=0, atol=1e-12)


def test_short_article_token_probs_are_the_head_applied_to_each_piece() -> None:
    enc_fn, pieces = PositionEncoder(), make_pieces(6)
    net = network(enc_fn)
    ids, mask = batch(pieces, [(0, 6)], 8)
    hidden = enc_fn(ids, mask)[0, 1:7]
    expected = softmax(hidden @ net.heads["token_w"] + net.heads["token_b"])
    np.testing.assert_allclose(net.token_probs(net.encode(pieces)), expected, rtol=1e-12)


def test_context_free_encoder_gives_the_same_probs_through_any_windows() -> None:
    """With no context to gain, overlapping windows must blend to exactly the one-window answer."""
    pieces = make_pieces(37)
    small = network(WordEncoder(), window=8, stride=4)
    shifted = network(WordEncoder(), window=8, stride=3, batch_size=2)
    whole = network(WordEncoder(), window=64, stride=32)
    assert len(small.encode(pieces).windows) > 1 and len(whole.encode(pieces).windows) == 1
    reference = whole.token_probs(whole.encode(pieces))
    np.testing.assert_allclose(small.token_probs(small.encode(pieces)), reference, rtol=1e-12)
    np.testing.assert_allclose(shifted.token_probs(shifted.encode(pieces)), reference, rtol=1e-12)


def test_blending_weights_favour_the_central_window() -> None:
    """A piece at a window's edge (weight 1) is outvoted by the window that holds it centrally.

    Windows of 8, stride 4 over 20 pieces: (0, 8) (4, 12) (8, 16) (12, 20); the weight of position p in a
    window of 8 is min(p + 1, 8 - p) = 1 2 3 4 4 3 2 1. The edge encoder adds ``delta`` to the first and
    last piece of every window, so a piece's blended logits are clean + share × (delta @ W), where share
    is the weight of the windows that see it at an edge over the total weight.
    """
    pieces = make_pieces(20)
    edge, clean = network(EdgeEncoder()), network(WordEncoder())
    got = edge.token_probs(edge.encode(pieces))
    clean_logits = clean.encoder(*batch(pieces, [(0, 20)], 20))[0, 1:21] @ clean.heads["token_w"]
    clean_logits = clean_logits + clean.heads["token_b"]
    assert isinstance(edge.encoder, EdgeEncoder)
    shift = edge.encoder.delta @ edge.heads["token_w"]
    share = np.zeros(20)
    share[[0, 19]] = 1.0  # only one window, and it sees them at its edge
    share[[4, 7, 8, 11, 12, 15]] = 1.0 / 5.0  # edge of one window (weight 1), centre of another (4)
    expected = softmax(clean_logits + share[:, None] * shift)
    np.testing.assert_allclose(got, expected, rtol=1e-10)
    # Unweighted averaging would give the edge view half the say; the centre wins instead.
    half = softmax(clean_logits + 0.5 * shift)
    truth = softmax(clean_logits)
    for p in (4, 7, 8, 11, 12, 15):
        assert np.abs(got[p] - truth[p]).sum() < np.abs(half[p] - truth[p]).sum()


def test_blending_matches_a_manual_weighted_average() -> None:
    enc_fn, pieces = PositionEncoder(), make_pieces(23)
    net = network(enc_fn, window=8, stride=3)
    wins = windows(23, 8, 3)
    total, weight = np.zeros((23, 3)), np.zeros(23)
    for lo, hi in wins:
        ids, mask = batch(pieces, [(lo, hi)], 8)
        h = enc_fn(ids, mask)[0, 1 : hi - lo + 1]
        for pos in range(hi - lo):
            w = min(pos + 1, hi - lo - pos)
            total[lo + pos] += w * (h[pos] @ net.heads["token_w"] + net.heads["token_b"])
            weight[lo + pos] += w
    expected = softmax(total / weight[:, None])
    np.testing.assert_allclose(net.token_probs(net.encode(pieces)), expected, rtol=1e-10)


def test_batch_size_does_not_change_the_result() -> None:
    pieces = make_pieces(41)
    one = network(PositionEncoder(), batch_size=1)
    many = network(PositionEncoder(), batch_size=16)
    np.testing.assert_allclose(one.token_probs(one.encode(pieces)), many.token_probs(many.encode(pieces)))


# --- span_logits ---------------------------------------------------------------------------------------


def _manual_span_logits(
    net: TechniqueNetwork, pieces: Pieces, window: tuple[int, int], i: int, j: int
) -> np.ndarray:
    lo, hi = window
    ids, mask = batch(pieces, [window], net.window)
    assert isinstance(net.encoder, WordEncoder)
    h = net.encoder(ids, mask)[0, 1 + max(i, lo) - lo : 1 + min(j, hi) - lo]
    feats = np.concatenate([h.mean(axis=0), h[0], h[-1]])
    return np.asarray(feats @ net.heads["span_w"] + net.heads["span_b"])


@pytest.mark.parametrize(
    ("span", "window"),
    [
        ((6, 9), (4, 12)),  # overlaps (0, 8) by 2 and (4, 12) by 3: the larger overlap wins
        ((9, 10), (4, 12)),  # in (4, 12) and (8, 16): 2 pieces from the edge vs 1
        ((6, 7), (4, 12)),  # margin 1 in (0, 8), 2 in (4, 12)
        ((13, 14), (8, 16)),  # margin 2 in (8, 16), 1 in (12, 20)
        ((0, 3), (0, 8)),  # only one window holds the start
        ((18, 20), (12, 20)),
        ((2, 14), (4, 12)),  # longer than a window: read from the window it overlaps most, clipped
        ((0, 20), (4, 12)),  # the whole article: equal overlap, so the least negative margin (first of two)
    ],
)
def test_span_logits_read_the_most_central_window(span: tuple[int, int], window: tuple[int, int]) -> None:
    pieces = make_pieces(20)
    net = network(PositionEncoder())
    enc = net.encode(pieces)
    got = net.span_logits(enc, [span])
    k, _, _ = _best_window(enc.windows, *span)
    assert enc.windows[k] == window
    np.testing.assert_allclose(got[0], _manual_span_logits(net, pieces, enc.windows[k], *span), rtol=1e-10)


def test_span_logits_margin_tie_break() -> None:
    wins = windows(20, 8, 4)
    # (13, 14): margin 13 - 8 = 5 vs 16 - 14 = 2 → 2 in (8, 16); 1 in (12, 20).
    assert _best_window(wins, 13, 14) == (2, 13, 14)
    # Equal overlap and equal margin: the first window wins.
    assert _best_window(wins, 9, 11) == (1, 9, 11)


def test_span_logits_several_spans_and_the_empty_span() -> None:
    pieces = make_pieces(20)
    net = network(PositionEncoder())
    enc = net.encode(pieces)
    spans = [(6, 9), (5, 5), (5, 6), (19, 20)]
    got = net.span_logits(enc, spans)
    assert got.shape == (4, N_TECH)
    # An empty range reads the piece at its start.
    np.testing.assert_array_equal(got[1], got[2])
    for row, span in enumerate(spans):
        k, i, j = _best_window(enc.windows, *span)
        np.testing.assert_allclose(
            got[row], _manual_span_logits(net, pieces, enc.windows[k], i, j), rtol=1e-10
        )


def test_span_logits_with_a_context_free_encoder_do_not_depend_on_the_window() -> None:
    pieces = make_pieces(30)
    small, whole = network(WordEncoder()), network(WordEncoder(), window=32, stride=16)
    spans = [(0, 2), (3, 7), (7, 12), (25, 30), (10, 10)]
    np.testing.assert_allclose(
        small.span_logits(small.encode(pieces), spans),
        whole.span_logits(whole.encode(pieces), spans),
        rtol=1e-10,
    )
