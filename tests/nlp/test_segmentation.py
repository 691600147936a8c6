"""Tokens and sentences with exact offsets: the shared preprocessing pass every analyzer reads."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.article import Article
from unspin.nlp.segmentation import Segmentation, segment, segment_text

INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in segment_text(text).sentences]


def tokens(text: str) -> list[str]:
    return [text[s:e] for s, e in segment_text(text).tokens]


# --- lines --------------------------------------------------------------------------------------------


def test_one_sentence_per_line_keeps_the_lines() -> None:
    text = "The mayor spoke first\nhis rivals answered without a full stop\nand the crowd went home"
    assert sentences(text) == [
        "The mayor spoke first",
        "his rivals answered without a full stop",
        "and the crowd went home",
    ]


def test_blank_lines_and_paragraphs_never_run_together() -> None:
    text = "A headline without punctuation\n\nthe first paragraph ends here\n\n\nand another starts"
    assert sentences(text) == [
        "A headline without punctuation",
        "the first paragraph ends here",
        "and another starts",
    ]


def test_crlf_line_endings() -> None:
    text = "The vote was close.\r\nNobody expected it.\r\n\r\nThe count went on."
    seg = segment_text(text)
    assert [text[s:e] for s, e in seg.sentences] == [
        "The vote was close.",
        "Nobody expected it.",
        "The count went on.",
    ]
    assert all("\r" not in text[s:e] and "\n" not in text[s:e] for s, e in seg.sentences)


@pytest.mark.parametrize("brk", list(LINE_BREAKS))
def test_every_kind_of_line_break_ends_a_sentence(brk: str) -> None:
    assert sentences(f"left side{brk}right side") == ["left side", "right side"]


# --- inside a paragraph ---------------------------------------------------------------------------------


def test_paragraph_splits_at_final_punctuation_before_capitals_digits_and_quotes() -> None:
    text = (
        'The budget collapsed. Critics were furious! Was it worth it? 2021 was worse. "Nobody knew," '
        "an aide said. (Officials declined to comment.)"
    )
    assert sentences(text) == [
        "The budget collapsed.",
        "Critics were furious!",
        "Was it worth it?",
        "2021 was worse.",
        '"Nobody knew," an aide said.',
        "(Officials declined to comment.)",
    ]


def test_no_split_before_a_lower_case_word() -> None:
    assert sentences("The figure was 3.5 per cent. or so they said.") == [
        "The figure was 3.5 per cent. or so they said."
    ]


def test_a_run_of_final_punctuation_is_one_ending() -> None:
    assert sentences("Really?! Yes. Wait... Then what?") == ["Really?!", "Yes.", "Wait...", "Then what?"]


@pytest.mark.parametrize(
    "text",
    [
        "Gen. Harlow inspected the troops at dawn.",
        "The report is due on Jan. 14 at the latest.",
        "Mr. Okafor and Mrs. Lindqvist met Dr. Reyes.",
        "She moved to the U.S. capital last spring.",
        "Officials cited rising costs, e.g. Fuel and rent.",
    ],
)
def test_abbreviations_do_not_split(text: str) -> None:
    assert sentences(text) == [text]


def test_the_word_no_ends_a_sentence() -> None:
    assert sentences("The answer was no. Then he left.") == ["The answer was no.", "Then he left."]


def test_number_abbreviation_before_a_digit_does_not_split() -> None:
    assert sentences("He is No. 1 in the polls. Then came the fall.") == [
        "He is No. 1 in the polls.",
        "Then came the fall.",
    ]


def test_abbreviation_then_a_real_sentence() -> None:
    text = "Gen. Harlow met Sen. Voss on Sept. 3. The talks failed."
    # "Sept." is an abbreviation, but the "." after the digit 3 is a full stop.
    assert sentences(text) == ["Gen. Harlow met Sen. Voss on Sept. 3.", "The talks failed."]


def test_straight_quotes() -> None:
    text = '"Really?" he asked. "Yes." She nodded. He said "go." Then he left.'
    assert sentences(text) == [
        '"Really?" he asked.',
        '"Yes."',
        "She nodded.",
        'He said "go."',
        "Then he left.",
    ]


def test_an_opening_straight_quote_starts_a_sentence_but_a_closing_one_does_not() -> None:
    text = 'The sign read "Closed." "Come back tomorrow," it added.'
    assert sentences(text) == ['The sign read "Closed."', '"Come back tomorrow," it added.']


def test_curly_quotes() -> None:
    text = "“Stop!” She said. ‘Why?’ he asked. “Because.” The door shut."
    assert sentences(text) == ["“Stop!”", "She said.", "‘Why?’ he asked.", "“Because.”", "The door shut."]


# --- invisible characters, emoji, other scripts ------------------------------------------------------------


def test_leading_and_inner_bom_never_start_or_end_a_sentence() -> None:
    text = "\ufeffThe council met. \ufeffIt voted no.\ufeff\nA \ufeff second line\ufeff"
    seg = segment_text(text)
    got = [text[s:e] for s, e in seg.sentences]
    assert got == ["The council met.", "It voted no.", "A \ufeff second line"]
    for s, e in seg.sentences:
        assert text[s] not in INVISIBLE and text[e - 1] not in INVISIBLE
    # Offsets count the BOM as one character: they index the text as stored.
    assert seg.sentences[0] == (1, 17)
    assert all(text[s:e] != "\ufeff" for s, e in seg.tokens)


def test_zero_width_characters_are_not_tokens() -> None:
    text = "Hello \u200b world. \u2060Next one. \u200d"
    assert tokens(text) == ["Hello", "world", ".", "Next", "one", "."]
    assert sentences(text) == ["Hello \u200b world.", "Next one."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council met.\ufeff It voted against.", ["The council met.", "It voted against."]),
        ("Stop!\u200b Now.", ["Stop!", "Now."]),
        ('He said \ufeff"stop." Then he left.', ['He said \ufeff"stop."', "Then he left."]),
    ],
)
def test_invisible_character_next_to_punctuation_does_not_change_the_split(
    text: str, expected: list[str]
) -> None:
    assert sentences(text) == expected


def test_emoji() -> None:
    text = "Great news 🎉 everyone cheered. 🎉 Party time! 🙂 and more 👍🏽"
    seg = segment_text(text)
    # An emoji inside a sentence stays there; after final punctuation it opens a sentence (a symbol
    # carries no case to look for).
    assert [text[s:e] for s, e in seg.sentences] == [
        "Great news 🎉 everyone cheered.",
        "🎉 Party time!",
        "🙂 and more 👍🏽",
    ]
    assert "🎉" in [text[s:e] for s, e in seg.tokens]


def test_arabic() -> None:
    text = "مرحبا بكم في المدينة. هذا نص عربي قصير."
    assert sentences(text) == ["مرحبا بكم في المدينة.", "هذا نص عربي قصير."]


def test_cjk_separated_by_spaces() -> None:
    text = "这是中文。 我们很好！ 谢谢。"
    assert sentences(text) == ["这是中文。", "我们很好！", "谢谢。"]


def test_cjk_without_spaces_splits_at_ideographic_full_stop() -> None:
    assert sentences("这是中文。我们很好！") == ["这是中文。", "我们很好！"]


def test_mixed_english_and_cjk_offsets_index_the_text() -> None:
    text = "The sign said 欢迎 to visitors. 🙂 Everyone smiled."
    seg = segment_text(text)
    assert [text[s:e] for s, e in seg.sentences] == ["The sign said 欢迎 to visitors.", "🙂 Everyone smiled."]


@pytest.mark.parametrize("text", ["", " ", "   \n\t \r\n", "\ufeff", "\ufeff \u200b\n"])
def test_empty_and_blank_text_has_no_sentences(text: str) -> None:
    seg = segment_text(text)
    assert seg.sentences == ()
    assert seg.tokens == ()
    assert seg.token_sentence == ()
    assert seg.sentence_at(0) is None


# --- the Segmentation object ---------------------------------------------------------------------------


def test_sentence_at() -> None:
    text = "One two. Three four."
    seg = segment_text(text)
    assert seg.sentences == ((0, 8), (9, 20))
    assert seg.sentence_at(0) == 0
    assert seg.sentence_at(7) == 0
    assert seg.sentence_at(8) is None  # the space between sentences
    assert seg.sentence_at(9) == 1
    assert seg.sentence_at(19) == 1
    assert seg.sentence_at(20) is None
    assert seg.sentence_at(-1) is None


def test_token_sentence_maps_every_token() -> None:
    text = "Alpha beta. Gamma!\nDelta"
    seg = segment_text(text)
    assert [text[s:e] for s, e in seg.tokens] == ["Alpha", "beta", ".", "Gamma", "!", "Delta"]
    assert seg.token_sentence == (0, 0, 0, 1, 1, 2)


def test_segment_caches_on_the_article() -> None:
    article = Article("The first sentence. The second one.")
    first = segment(article)
    assert isinstance(first, Segmentation)
    assert segment(article) is first
    assert article.cache["segmentation"] is first


# --- properties ------------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "the",
        "Mayor",
        "said",
        "U.S.",
        "Gen.",
        "Jan.",
        "3",
        "2020",
        "e.g.",
        "naïve",
        "مرحبا",
        "中文",
        "🎉",
        "👍🏽",
        ".",
        "!",
        "?",
        "...",
        "…",
        "。",
        ",",
        '"',
        "'",
        "“",
        "”",
        "‘",
        "’",
        "(",
        ")",
        "-",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\u2028",
        "\xa0",
        "\ufeff",
        "\u200b",
    ]
)
_TEXTS = st.one_of(
    st.lists(_PIECES, max_size=40).map("".join),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60),
)


def _blank(ch: str) -> bool:
    return ch.isspace() or ch in INVISIBLE


@settings(max_examples=250, deadline=None)
@given(_TEXTS)
def test_segmentation_invariants(text: str) -> None:
    seg = segment_text(text)
    n = len(text)
    # Tokens: non-empty, trimmed, in order, non-overlapping, inside the text.
    for s, e in seg.tokens:
        assert 0 <= s < e <= n
        assert not _blank(text[s]) and not _blank(text[e - 1])
        # No white space inside a token (the n-gram vocabularies are stored newline-separated).
        assert not any(ch.isspace() for ch in text[s:e])
    for (_, e1), (s2, _) in zip(seg.tokens, seg.tokens[1:], strict=False):
        assert e1 <= s2
    # Sentences: non-empty, trimmed, sorted, non-overlapping, inside the text.
    for s, e in seg.sentences:
        assert 0 <= s < e <= n
        assert not _blank(text[s]) and not _blank(text[e - 1])
    for (_, e1), (s2, _) in zip(seg.sentences, seg.sentences[1:], strict=False):
        assert e1 <= s2
    # Every token lies inside exactly one sentence, the one token_sentence names.
    assert len(seg.token_sentence) == len(seg.tokens)
    for k, (s, e) in enumerate(seg.tokens):
        holders = [i for i, (a, b) in enumerate(seg.sentences) if a <= s and e <= b]
        assert holders == [seg.token_sentence[k]]
        assert seg.sentence_at(s) == seg.token_sentence[k]
    # Sentences start at their first token and end at their last; none is without tokens.
    assert list(seg.token_sentence) == sorted(seg.token_sentence)
    assert set(seg.token_sentence) == set(range(len(seg.sentences)))
    for i, (s, e) in enumerate(seg.sentences):
        mine = [t for t, j in zip(seg.tokens, seg.token_sentence, strict=True) if j == i]
        assert mine[0][0] == s and mine[-1][1] == e
    # Every visible character belongs to some token.
    covered = [False] * n
    for s, e in seg.tokens:
        covered[s:e] = [True] * (e - s)
    assert all(covered[i] or _blank(ch) for i, ch in enumerate(text))
    # A line break between two tokens always separates sentences.
    for k in range(1, len(seg.tokens)):
        between = text[seg.tokens[k - 1][1] : seg.tokens[k][0]]
        if any(ch in LINE_BREAKS for ch in between):
            assert seg.token_sentence[k] == seg.token_sentence[k - 1] + 1
