"""The terminal report: header, the article with coloured spans, legend, spans and summary tables.

Article text and metadata are untrusted: they only ever reach rich as :class:`rich.text.Text` objects
(never as markup strings, so ``[bold]`` prints as typed), and control characters are replaced one for
one before printing so that escape sequences in an article cannot drive the terminal. One for one
matters: span offsets index the original text, and rich's own stripping of ``\\r`` would shift them.
"""

from __future__ import annotations

import re

from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from unspin.article import Article
from unspin.report.view import (
    Cell,
    LegendEntry,
    Mark,
    ReportView,
    Rows,
    build_view,
    excerpt,
    humanize,
    ink,
    percent,
)

_LINE_BREAK = "\n"
# Characters a terminal would act on (C0 and C1 controls, DEL) or cannot encode (lone surrogates).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_BREAKS = frozenset("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _replacement(text: str, i: int) -> str:
    ch = text[i]
    if ch == "\r":  # CRLF: the LF breaks the line, the CR becomes an invisible space; a lone CR breaks it
        return " " if text[i + 1 : i + 2] == "\n" else _LINE_BREAK
    if ch in _BREAKS:
        return _LINE_BREAK
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture", e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character replaced by one harmless character (offsets unchanged).

    Tabs and line breaks survive, except with ``one_line``, where line breaks and tabs become spaces.
    """
    safe = _CONTROL.sub(lambda m: _replacement(text, m.start()), text)
    if one_line:
        safe = safe.replace("\n", " ").replace("\t", " ")
    return safe


def _style(entry: LegendEntry) -> Style:
    return Style(color=ink(entry.colour), bgcolor=entry.colour)


def _swatch(entry: LegendEntry) -> Text:
    return Text(" " + terminal_safe(entry.name, one_line=True) + " ", style=_style(entry))


def _titled(title: str, body: RenderableType) -> RenderableType:
    return Group(Text(""), Text(terminal_safe(title, one_line=True), style="bold"), body)


def _header(article: Article) -> RenderableType:
    title = Text(terminal_safe(article.title or "Untitled article", one_line=True), style="bold")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    for name, value in (
        ("Outlet", article.outlet),
        ("Published", article.published),
        ("Authors", ", ".join(article.authors) if article.authors else None),
        ("URL", article.url),
        ("Language", article.language),
    ):
        if value:
            facts.add_row(Text(name), Text(terminal_safe(value, one_line=True)))
    facts.add_row(Text("Article id"), Text(article.id))
    return Group(title, facts)


def _article_text(view: ReportView) -> Text:
    """The text with each boundary-sweep segment styled by the innermost span covering it."""
    text = Text(terminal_safe(view.text))
    for segment in view.segments:
        if not segment.items:
            continue
        innermost = min(segment.items, key=lambda m: (m.annotation.end - m.annotation.start, -m.lane))
        style = _style(innermost.entry)
        if len(segment.items) > 1:  # overlap: underline so it shows that more than one span is here
            style += Style(underline=True, bold=True)
        text.stylize(style, segment.start, segment.end)
    return text


def _legend(view: ReportView) -> RenderableType:
    explained = any(entry.description for legend in view.layers for entry in legend.entries)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, expand=False)
    table.add_column("Layer", style="dim", no_wrap=True)
    table.add_column("Label", no_wrap=True)
    table.add_column("Count", justify="right")
    if explained:
        table.add_column("What it means", overflow="fold")
    for legend in view.layers:
        layer = Text(terminal_safe(humanize(legend.layer), one_line=True))
        if not legend.entries:
            table.add_row(
                layer, Text("none found", style="italic"), Text("0"), *([Text("")] if explained else [])
            )
        for entry in legend.entries:
            why = [Text(terminal_safe(entry.description or ""))] if explained else []
            table.add_row(layer, _swatch(entry), Text(str(entry.count)), *why)
    return _titled("Legend", table)


def _spans(layer: str, marks: list[Mark]) -> RenderableType:
    """Every span of one layer with its score: the terminal's stand-in for hovering over it."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("Where", justify="right", no_wrap=True, style="dim")
    table.add_column("Label", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Text", overflow="fold")
    for mark in marks:
        a = mark.annotation
        table.add_row(
            Text(f"{a.start}–{a.end}"),
            _swatch(mark.entry),
            Text("" if a.score is None else percent(a.score)),
            Text(terminal_safe(excerpt(a.text))),
        )
    return _titled(f"{humanize(layer)} spans", table)


def _cell(cell: Cell) -> RenderableType:
    if isinstance(cell, str):
        return Text(terminal_safe(cell))
    if isinstance(cell, Rows):
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim")
        table.add_column(overflow="fold")
        for key, value in cell.items:
            table.add_row(Text(terminal_safe(key, one_line=True)), _cell(value))
        return table
    grid = Table(box=box.MINIMAL, show_edge=False, pad_edge=False)
    for header in cell.headers:
        grid.add_column(Text(terminal_safe(header, one_line=True)), overflow="fold")
    for row in cell.rows:
        grid.add_row(*(_cell(value) for value in row))
    return grid


def _summary(key: str, cell: Cell) -> RenderableType:
    """One layer's summary (or the analyzer versions) as its own titled table."""
    title = f"{humanize(key)} summary"
    if not isinstance(cell, Rows | str):
        return _titled(title, _cell(cell))
    rows = cell.items if isinstance(cell, Rows) else (("Value", cell),)
    table = Table(box=box.SIMPLE, show_edge=False, show_header=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for name, value in rows:
        table.add_row(Text(terminal_safe(name, one_line=True)), _cell(value))
    return _titled(title, table)


def render_terminal(article: Article, console: Console) -> None:
    """Print the report for ``article`` on ``console`` (colours degrade to what the terminal supports)."""
    view = build_view(article)
    console.print(_header(article))
    console.print(Rule(Text("Article")))
    console.print(_article_text(view))
    console.print(Rule(Text("Analysis")))
    if view.layers:
        console.print(_legend(view))
        for legend in view.layers:
            marks = [m for m in view.marks if m.layer == legend.layer]
            if marks:
                console.print(_spans(legend.layer, marks))
    else:
        console.print(Text("No highlighted layers in this analysis.", style="italic"))
    for key, cell in view.summary:
        console.print(_summary(key, cell))
