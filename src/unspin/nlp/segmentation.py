"""The shared preprocessing pass: tokens and sentences with exact offsets, computed once per article.

Tokenisation is spaCy's rule-based English tokenizer (no statistical model, so it is fast and
deterministic). Sentence boundaries come from rules that suit news text:

* every line break ends a sentence, so one-sentence-per-line corpora (PTC) keep their lines, and
  paragraphs never run into each other;
* inside a line, a run of ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets after it) ends a
  sentence when the next token starts like a sentence: an upper-case letter, a digit, an opening quote or
  bracket, or a letter of a script without case; abbreviations such as "Gen." or "Jan." do not.

Analyzers call :func:`segment` and get the cached result; nobody re-tokenises.
"""

from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from unspin.article import Article
from unspin.lang.en.abbreviations import ABBREVIATIONS, NUMBER_ABBREVIATIONS

# Characters a sentence span never starts or ends with (besides ordinary white space).
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
_INVISIBLE_AS_SPACE = {ord(ch): " " for ch in "\ufeff\u200b\u2060"}
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_FINAL = frozenset(".!?…。！？")
_CJK_FINAL = frozenset("。！？")
_CLOSERS = frozenset("\"'”’»)]}›")
_OPENERS = frozenset("\"'“‘«([{‹¿¡-–—")


@dataclass(frozen=True, slots=True)
class Segmentation:
    """Token and sentence offsets over one text, with the sentence index of every token."""

    tokens: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    token_sentence: tuple[int, ...]
    # Sentence starts, kept so that every analyzer's lookups are a binary search and nothing more.
    sentence_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sentence_starts", tuple(s for s, _ in self.sentences))

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing ``offset``, if any."""
        i = bisect_right(self.sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            return i
        return None


@functools.cache
def _tokenizer() -> Any:
    from unspin.nlp.spacy_loader import import_spacy

    return import_spacy().blank("en").tokenizer


def _is_final(token: str) -> bool:
    return bool(token) and all(ch in _FINAL for ch in token)


def _starts_sentence(token: str) -> bool:
    ch = token[0]
    if ch.isupper() or ch.isdigit() or ch in _OPENERS:
        return True
    # Letters of caseless scripts (Arabic, CJK, ...) carry no capital to look for; emoji open sentences too.
    return unicodedata.category(ch) in ("Lo", "So")


def _ends_sentence_before(words: list[tuple[int, int, str]], opens_quote: list[bool], i: int) -> bool:
    """Does sentence-final punctuation (perhaps followed by a closing quote) stand before word ``i``?"""
    k = i - 1
    if words[k][2] in _CLOSERS and not opens_quote[k] and k >= 1 and _is_final(words[k - 1][2]):
        k -= 1
    if not _is_final(words[k][2]):
        return False
    before = words[k - 1][2].lower().rstrip(".") if k >= 1 else ""
    if words[k][2] == "." and before in ABBREVIATIONS:
        return False
    return not (words[k][2] == "." and before in NUMBER_ABBREVIATIONS and words[i][2][:1].isdigit())


def _split_after_cjk_finals(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a token after each 。！？ inside it: scripts without spaces give spaCy one long token."""
    parts, begin = [], start
    for k in range(start, end):
        if text[k] in _CJK_FINAL:
            if begin < k:
                parts.append((begin, k))
            parts.append((k, k + 1))
            begin = k + 1
    if begin < end:
        parts.append((begin, end))
    return parts


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _INVISIBLE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _INVISIBLE):
        end -= 1
    return start, end


def segment_text(text: str) -> Segmentation:
    """Tokens and sentences of ``text``; see the module docstring for the rules."""
    # Invisible characters glued to punctuation stop spaCy from splitting it off; tokenise a copy in
    # which they are spaces (same length, so offsets hold) and read words from the original.
    doc = _tokenizer()(text.translate(_INVISIBLE_AS_SPACE))
    words: list[tuple[int, int, str]] = []  # non-space tokens
    breaks_before: list[bool] = []  # does a line break separate this token from the previous one?
    pending_break = False
    for tok in doc:
        chunk = tok.text_with_ws
        if tok.is_space:
            pending_break = pending_break or any(ch in _LINE_BREAKS for ch in chunk)
            continue
        start, end = _trim(text, tok.idx, tok.idx + len(tok.text))
        if start == end:  # a token made only of invisible characters
            pending_break = pending_break or any(ch in _LINE_BREAKS for ch in chunk)
            continue
        for piece_start, piece_end in _split_after_cjk_finals(text, start, end):
            words.append((piece_start, piece_end, text[piece_start:piece_end]))
            breaks_before.append(pending_break)
            pending_break = False
        pending_break = any(ch in _LINE_BREAKS for ch in tok.whitespace_)

    boundaries: list[int] = []  # indices of words that start a new sentence
    opens_quote: list[bool] = []  # is this word a straight quote that opens a quotation?
    quote_open = False
    for i, (_, _, word) in enumerate(words):
        if (
            i == 0
            or breaks_before[i]
            or (
                _ends_sentence_before(words, opens_quote, i)
                and _starts_sentence(word)
                and not (word == '"' and quote_open)
            )
        ):
            boundaries.append(i)
            quote_open = False
        opens_quote.append(word == '"' and not quote_open)
        if word == '"':
            quote_open = not quote_open

    sentences: list[tuple[int, int]] = []
    token_sentence: list[int] = []
    for n, first in enumerate(boundaries):
        last = (boundaries[n + 1] if n + 1 < len(boundaries) else len(words)) - 1
        sentences.append((words[first][0], words[last][1]))
        token_sentence.extend([n] * (last - first + 1))
    return Segmentation(tuple((s, e) for s, e, _ in words), tuple(sentences), tuple(token_sentence))


def segment(article: Article) -> Segmentation:
    """The article's segmentation, computed on first use and cached on the article."""
    cached = article.cache.get("segmentation")
    if cached is None:
        cached = article.cache["segmentation"] = segment_text(article.text)
    return cached
