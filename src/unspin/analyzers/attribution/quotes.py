"""Direct quotations: quoted spans of the text, and linking them to their speakers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from unspin.analyzers.attribution.cues import Finder

_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"


_QUOTE_CHARS = re.compile('[\n"“”«»„]')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted text (inside the marks), paragraph by paragraph: “…”, «…» and straight "…"."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    straight: int | None = None
    for m in _QUOTE_CHARS.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            opened = straight = None
        elif ch in _OPEN_QUOTES:
            opened = i + 1
        elif ch in _CLOSE_QUOTES and opened is not None:
            spans.append((opened, i))
            opened = None
        elif ch == '"':
            if straight is None:
                straight = i + 1
            else:
                spans.append((straight, i))
                straight = None
    return spans


def only_filler(text: str) -> bool:
    """Is ``text`` nothing but spaces, punctuation and quote marks (the gap between a quote and its cue)?"""
    return all(ch.isspace() or ch in ",:;—–-\"'“”«»„." for ch in text)


def link_quotes(finder: Finder, sentences: Sequence[tuple[int, int]]) -> None:
    """Mark direct quotes, and give quotes without a cue in their own sentence to their speaker."""
    orphans: list[tuple[int, tuple[int, int], int]] = []  # (sentence, quoted words, quote number)
    if not finder.quotes:
        return
    for index, (s0, s1) in enumerate(sentences):
        if not any(q0 < s1 and s0 < q1 for q0, q1 in finder.quotes):
            continue
        pieces = []
        for number, (q0, q1) in enumerate(finder.quotes):
            a, b = max(q0, s0), min(q1, s1)
            while a < b and finder.text[a].isspace():
                a += 1
            while b > a and (finder.text[b - 1].isspace() or finder.text[b - 1] in ",;"):
                b -= 1
            if b > a and len(finder.text[a:b].split()) >= 2:
                pieces.append(((a, b), number))
        if not pieces:
            continue
        found = finder.by_sentence.get(index, [])
        for f in found:
            if f.cue_start == f.start and f.label == "vague" and f.quote is None:
                continue
            for (a, b), _ in pieces:
                inside = f.complement is not None and a <= f.complement < b
                before = only_filler(finder.text[b : min(f.start, f.cue_start)])
                after = only_filler(finder.text[max(f.end, f.cue_end) : a])
                if inside or (b <= f.start and before) or (a >= f.cue_end and after):
                    f.quote, f.quote_span = "direct", (a, b)
                    break
        if not found:
            (a, b), number = max(pieces, key=lambda p: p[0][1] - p[0][0])
            if (b - a) * 2 >= s1 - s0:
                orphans.append((index, (a, b), number))
    for index, span, number in orphans:
        q0, q1 = finder.quotes[number]
        speaker = next(
            (f for f in finder.all if f.quote == "direct" and f.quote_span and q0 <= f.quote_span[0] < q1),
            None,
        )
        if speaker is None:
            speaker = next(
                (
                    f
                    for f in reversed(finder.all)
                    if f.quote == "direct" and (f.sentence == index - 1 or index - 1 in f.more_sentences)
                ),
                None,
            )
        if speaker is not None and speaker.quote_span is not None:
            # One statement however many sentences its quotation runs over: the speaker's annotation
            # lists them (``sentences``) and its quote span covers them all.
            speaker.more_sentences.append(index)
            speaker.quote_span = (min(speaker.quote_span[0], span[0]), max(speaker.quote_span[1], span[1]))
