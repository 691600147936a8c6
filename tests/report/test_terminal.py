"""The terminal report: article text printed literally, never as markup or escape sequences."""

from __future__ import annotations

import io
import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from unspin import Article
from unspin.report import render_terminal
from unspin.report.terminal import _article_text, terminal_safe
from unspin.report.view import build_view

from ._articles import TEXT, crowded


def plain(article: Article, *, details: bool = True) -> str:
    console = Console(record=True, width=100, force_terminal=False, file=io.StringIO())
    render_terminal(article, console, details=details)
    return console.export_text()


def coloured(article: Article, *, details: bool = True) -> str:
    console = Console(
        record=True, width=100, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    render_terminal(article, console, details=details)
    return console.export_text(styles=True)


def hostile() -> Article:
    text = "Say [bold red]x[/] and \x1b[31mred\x1b[0m \x1b]0;title\x07 :smile: [link=http://x]y[/link]\r\nok"
    article = Article(text, title="[blink]T[/blink]\x1b[2J", url="http://e.com/[b]", outlet="o\x1b[31m")
    article.set_layer("techniques", [article.span(4, 18, "[red]Loaded[/red]", score=0.5)])
    article.summary["techniques"] = {"[b]count[/b]": "[i]1[/i]\x1b[5m"}
    return article


def test_markup_and_escape_sequences_print_literally() -> None:
    out = plain(hostile())
    assert "\x1b" not in out and "\x07" not in out
    assert "Say [bold red]x[/] and ␛[31mred␛[0m ␛]0;title␇ :smile: [link=http://x]y[/link]" in out
    assert "[blink]T[/blink]␛[2J" in out
    assert "http://e.com/[b]" in out and "o␛[31m" in out
    assert "[red]Loaded[/red]" in out  # label in legend and spans table
    assert "[b]count[/b]" in out and "[i]1[/i]␛[5m" in out


def test_only_rich_writes_escape_sequences() -> None:
    out = coloured(hostile())
    assert "\x1b[31m" not in out and "\x1b[2J" not in out and "\x1b]0;" not in out and "\x07" not in out
    assert "␛[31m" in out


def test_report_shows_header_text_legend_and_summary(article: Article, fake_analyzers: None) -> None:
    out = plain(article)
    for expected in (
        "Regime lies",
        "example.com",
        "2024-03-01",
        "https://example.com/news/1?a=1&b=2",
        "The shameful regime lied again, officials said.",
        "Unemployment rose to 7.5% in 2023 😀 — مرحبا بالعالم.",
        "Loaded Language",
        "Words chosen for their emotional charge",
        "87%",
        "Mean score",
        "61%",
    ):
        assert expected in out, expected
    assert "\r" not in out
    assert "Document" not in out  # the structural layer is not highlighted
    assert out == plain(article)


def test_spans_are_coloured_at_the_right_offsets(article: Article, fake_analyzers: None) -> None:
    view = build_view(article)
    text = _article_text(view)
    assert len(text.plain) == len(TEXT)  # nothing stripped, so offsets still index the article
    styled = {(s.start, s.end) for s in text.spans}
    for mark in view.marks:
        a = mark.annotation
        # every character of every span is styled, whatever the CRLFs and the BOM before it
        assert all(any(s <= i < e for s, e in styled) for i in range(a.start, a.end))
        assert text.plain[a.start : a.end].replace(" \n", "\r\n") == a.text
    out = coloured(article)
    assert "48;2;230;159;0" in out  # the first palette colour as a background


def test_no_layers_is_fine() -> None:
    out = plain(Article("Just text.\n"))
    assert "Just text." in out and "No highlighted layers" in out


@given(st.text(st.characters() | st.characters(categories=["Cc", "Cs", "Zl", "Zp"])))
def test_terminal_safe_keeps_length_and_leaves_no_controls(text: str) -> None:
    safe = terminal_safe(text)
    assert len(safe) == len(text)
    assert all(unicodedata.category(ch) not in ("Cc", "Cs", "Zl", "Zp") for ch in safe if ch not in "\n\t")
    one = terminal_safe(text, one_line=True)
    assert len(one) == len(text) and "\n" not in one and "\t" not in one


def test_the_brief_fits_one_screen_and_the_text_waits_for_details() -> None:
    article = crowded()
    out = plain(article, details=False)
    assert len(out.splitlines()) <= 40
    assert "Propaganda" in out and "very high" in out and "Sourcing" in out and "Tarn ×30" in out
    assert "at least" not in out and "12 people killed" in out and "41 people killed" not in out
    assert "unsourced" in out and "weakly sourced" in out
    assert out.count("Officials said that 12 people") <= 8  # quotes, not the article
    assert "--details" in out and "Legend" not in out
    full = plain(article, details=True)
    assert full.startswith(out.split("@N:")[0].rstrip()) and "Legend" in full and len(full.splitlines()) > 100


def test_the_legend_lists_only_labels_that_occur_one_line_each(
    article: Article, fake_analyzers: None
) -> None:
    out = plain(article, details=True)
    legend = out.split("Legend")[1].split("Techniques spans")[0]
    assert "Loaded Language" in legend and "Doubt" in legend and "Claim" in legend
    assert len([line for line in legend.splitlines() if line.strip()]) == 3


def test_no_colour_when_not_a_terminal_or_with_no_color() -> None:
    article = crowded()
    assert "\x1b" not in plain(article, details=False)
    written = io.StringIO()
    console = Console(width=100, force_terminal=True, file=written, _environ={"NO_COLOR": "1"})
    render_terminal(article, console)
    styled = written.getvalue()
    assert "31m" not in styled and "38;" not in styled  # no colours, the very-high red included
    assert "31m" in coloured(article, details=False)  # which shows without NO_COLOR
