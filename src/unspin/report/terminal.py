"""The terminal report: the analyst's brief on one screen; with ``details``, the highlighted article, a
legend of the labels that occur, every span and every layer's summary after it.

Article text and metadata are untrusted: they only ever reach rich as :class:`rich.text.Text` objects
(never as markup strings, so ``[bold]`` prints as typed), and control characters are replaced one for
one before printing so that escape sequences in an article cannot drive the terminal. One for one
matters: span offsets index the original text, and rich's own stripping of ``\\r`` would shift them.
"""

from __future__ import annotations

import re
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from unspin.article import Article
from unspin.brief import Brief, Claim
from unspin.report.view import (
    Cell,
    LegendEntry,
    Mark,
    ReportView,
    Rows,
    build_view,
    event_phrase,
    excerpt,
    figure_phrase,
    humanize,
    ink,
    name_phrase,
    percent,
    source_phrase,
    sourcing_phrase,
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
    """One line per label that occurs: swatch, count, what it means (cut to the line)."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column("Layer", style="dim", no_wrap=True)
    table.add_column("Label", no_wrap=True)
    table.add_column("Count", justify="right", no_wrap=True)
    table.add_column("What it means", no_wrap=True, overflow="ellipsis", ratio=1)
    for legend in view.layers:
        layer = Text(terminal_safe(humanize(legend.layer), one_line=True))
        for entry in legend.entries:
            why = Text(terminal_safe(entry.description or "", one_line=True), style="dim")
            table.add_row(layer, _swatch(entry), Text(f"×{entry.count}"), why)
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


# --- the brief -------------------------------------------------------------------------------------

_BAND_STYLES = {"low": "green", "moderate": "yellow", "high": "dark_orange", "very high": "bold red"}
_TERMINAL_TECHNIQUES = 5  # technique spans and loaded sentences together
_TERMINAL_CLAIMS = (3, 2)  # unsourced, weakly sourced
_TERMINAL_FIGURES = 6
_TERMINAL_EVENTS = 3


def _quote(text: str, limit: int = 200) -> Text:
    return Text("“" + terminal_safe(excerpt(text, limit), one_line=True) + "”")


def _where(start: int) -> Text:
    return Text(f"@{start}", style="dim")


_FIT: dict[str, Any] = {"overflow": "ellipsis", "ratio": 1}  # a column cut to the line with an ellipsis
_RIGHT: dict[str, Any] = {"justify": "right"}


def _grid(*columns: dict[str, Any]) -> Table:
    """An indented grid whose rows never wrap (one line per item keeps the brief on one screen)."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True, width=2)
    for column in columns:
        table.add_column(no_wrap=True, **column)
    return table


def _lines() -> Table:
    """Label, score, quote cut with an ellipsis, offset."""
    return _grid({}, _RIGHT, _FIT, _RIGHT)


def _section(title: str, line: str | Text = "") -> Text:
    head = Text(title, style="bold")
    if line:
        head.append("  ")
        head.append(line if isinstance(line, Text) else Text(terminal_safe(line, one_line=True)))
    return head


def _verdict(brief: Brief) -> RenderableType:
    v = brief.verdict
    head = Text()
    if v.score is not None and v.band is not None:
        head.append(f"{percent(v.score)} {v.band}", style=_BAND_STYLES.get(v.band, "bold"))
        head.append(" — ")
    head.append(v.says)
    parts: list[RenderableType] = [_section("Propaganda", head)]
    table = _lines()
    shown = 0
    for t in brief.techniques[:_TERMINAL_TECHNIQUES]:
        score = "" if t.score is None else percent(t.score)
        name = Text(terminal_safe(humanize(t.technique), one_line=True))
        table.add_row("", name, score, _quote(t.evidence.text), _where(t.evidence.start))
        shown += 1
    covered = [(t.evidence.start, t.evidence.end) for t in brief.techniques[:shown]]
    for s in brief.sentences:
        if shown >= _TERMINAL_TECHNIQUES:
            break
        if any(a <= s.evidence.start and s.evidence.end <= b for a, b in covered):
            continue
        table.add_row(
            "",
            Text("loaded sentence", style="italic"),
            percent(s.score),
            _quote(s.evidence.text),
            _where(s.evidence.start),
        )
        shown += 1
    if shown:
        parts.append(table)
    if v.score is not None:
        parts.append(Text(f"   score: {v.basis}", style="dim"))
    return Group(*parts)


def _claim_rows(table: Table, label: str, claims: tuple[Claim, ...], limit: int) -> None:
    for c in claims[:limit]:
        quote = _quote(c.evidence.text)
        if c.source:
            quote.append(
                f" — {terminal_safe(source_phrase(c.source, c.sourcing), one_line=True)}", style="dim"
            )
        score = "" if c.score is None else percent(c.score)
        table.add_row("", Text(label), score, quote, _where(c.evidence.start))


def _sourcing(brief: Brief) -> RenderableType | None:
    s = brief.sourcing
    if s is None:
        return None
    table = _lines()
    _claim_rows(table, "unsourced", s.unsourced, _TERMINAL_CLAIMS[0])
    _claim_rows(table, "weakly sourced", s.weakly_sourced, _TERMINAL_CLAIMS[1])
    return Group(_section("Sourcing", sourcing_phrase(s)), table)


def _figures(brief: Brief) -> RenderableType | None:
    if not brief.figures:
        return None
    table = _grid({**_FIT, "ratio": 3}, {**_FIT, "ratio": 2}, _RIGHT)
    for f in brief.figures[:_TERMINAL_FIGURES]:
        who = Text(terminal_safe(source_phrase(f.source, f.attribution), one_line=True))
        who.stylize("dim" if f.source else "yellow")
        table.add_row(
            "", Text(terminal_safe(figure_phrase(f), one_line=True)), who, _where(f.evidence[0].start)
        )
    return Group(_section("Tolls and figures", Text("as reported, never added up", style="dim")), table)


def _events(brief: Brief) -> RenderableType | None:
    if not brief.events:
        return None
    table = _grid(_FIT, _RIGHT)
    for e in brief.events[:_TERMINAL_EVENTS]:
        table.add_row("", Text(terminal_safe(event_phrase(e), one_line=True)), _where(e.evidence.start))
    return Group(_section("Events"), table)


def _who_where(brief: Brief) -> RenderableType | None:
    rows = [(name, items) for name, items in (("Actors", brief.actors), ("Places", brief.places)) if items]
    if not rows:
        return None
    table = _grid({"style": "dim"}, _FIT)
    for name, items in rows:
        table.add_row("", name, Text(terminal_safe(", ".join(name_phrase(n) for n in items), one_line=True)))
    return Group(_section("Who and where"), table)


def _meta_line(article: Article) -> Text:
    words = (
        (article.summary.get("sentences") or {}).get("words")
        if isinstance(article.summary.get("sentences"), dict)
        else None
    )
    facts = [article.outlet, article.published, ", ".join(article.authors) or None]
    if isinstance(words, int):
        facts.append(f"{words:,} words")
    facts.append(f"id {article.id}")
    return Text(terminal_safe(" · ".join(f for f in facts if f), one_line=True), style="dim")


def render_brief(article: Article, console: Console) -> None:
    """The brief on ``console``: fits one screen for a typical article; ``@N`` is the offset of the
    evidence in the text."""
    brief = article.brief
    console.print(Text(terminal_safe(article.title or "Untitled article", one_line=True), style="bold"))
    if article.url:
        console.print(
            Text(terminal_safe(article.url, one_line=True), style="dim"), overflow="ellipsis", no_wrap=True
        )
    console.print(_meta_line(article))
    for part in (_verdict(brief), _sourcing(brief), _figures(brief), _events(brief), _who_where(brief)):
        if part is not None:
            console.print()
            console.print(part)


def render_terminal(article: Article, console: Console, *, details: bool = False) -> None:
    """Print the report for ``article`` on ``console`` (colours degrade to what the terminal supports):
    the brief, and with ``details`` the highlighted article, its legend, spans and summaries."""
    render_brief(article, console)
    if not details:
        console.print()
        console.print(
            Text(
                "@N: where the evidence starts in the text. --details: the article highlighted, every span.",
                style="dim",
            )
        )
        return
    view = build_view(article)
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
