"""Quoted spans: paired marks within a paragraph."""

from __future__ import annotations

from unspin.analyzers.attribution.quotes import quote_spans


def test_quote_spans_pair_marks_within_a_paragraph() -> None:
    text = 'He said "stop" and “go”.\nAn "open quote\nnever closes «here»'
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["stop", "go", "here"]
