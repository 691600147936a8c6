"""The HTML report: one self-contained, offline page per article.

The page opens with the analyst's brief (score and what drives it, sourcing, tolls and who vouches,
events, who and where; each line links to its evidence in the text), then the article with one layer
group highlighted at a time (radio buttons and CSS, so switching works without the script), the
figures as a table with their sources, the events as a timeline, and every layer's summary folded away.
:func:`render_fragment` gives the style and body alone, for pages that wrap the report in their own
shell (the server, Jupyter).

Everything the page needs is inline (style, a small script, the analysis as JSON); a Content Security
Policy forbids any fetch and lets only our own script run, pinned by its SHA-256. Article text and
metadata are untrusted: every piece is escaped, the URL is shown as text and never as a link (the only
links are the brief's jumps within the page), and the embedded JSON escapes ``<``, ``>`` and ``&`` so
no string in it can close its ``<script>`` block. The page reads fully without the script (``title``
attributes explain each span); the script adds richer tooltips and outlines followed evidence. Output
is deterministic: the same article gives byte-identical HTML.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from dataclasses import dataclass
from importlib import resources

from unspin import __version__
from unspin.article import Article
from unspin.brief import SOURCING_ORDER, Brief, Claim, Event, Figure, Span, events_of, figure_totals
from unspin.report.json import to_json
from unspin.report.spans import sweep
from unspin.report.view import (
    GROUPS,
    OTHER_GROUP,
    Cell,
    Mark,
    ReportView,
    Rows,
    build_view,
    event_phrase,
    excerpt,
    figure_phrase,
    group_of,
    humanize,
    name_phrase,
    percent,
    rgb,
    source_phrase,
    sourcing_phrase,
)

_LANES = 6  # underline depths the stylesheet provides (.l0 … .l5); deeper lanes share the last one
_LANG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
# NUL (dropped by HTML parsers), C1 controls (remapped by them) and lone surrogates (not UTF-8).
_UNKEEPABLE = re.compile("[\x00\x80-\x9f\ud800-\udfff]")
# Other controls go in as references: the DOM gets them exactly, the file never holds a raw ESC.
_CONTROL = re.compile("[\x01-\x08\x0b-\x1f\x7f]")


@functools.cache
def _asset(name: str) -> str:
    return (resources.files("unspin.report") / "assets" / name).read_text(encoding="utf-8")


@functools.cache
def _script() -> tuple[str, str]:
    """The inline script and its CSP source expression (``'sha256-…'`` over the exact script text)."""
    script = _asset("report.js")
    if "</script" in script.lower() or "<!--" in script:
        raise AssertionError("report.js must not contain '</script' or '<!--'")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return script, f"'sha256-{digest}'"


def csp() -> str:
    """The page's Content Security Policy: nothing loads, only our inline style and script apply."""
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {_script()[1]}; "
        "base-uri 'none'; form-action 'none'"
    )


def esc(text: str) -> str:
    """Text or attribute value escaped for HTML (quotes included).

    Control characters become character references, so CRLF survives into the DOM exactly and the file
    holds no raw escape sequence; the few characters HTML cannot carry become U+FFFD, one for one.
    """
    text = html.escape(_UNKEEPABLE.sub("\ufffd", text), quote=True)
    return _CONTROL.sub(lambda m: f"&#{ord(m.group())};", text)


def json_for_script(text: str) -> str:
    """JSON made safe inside ``<script type="application/json">``: no ``</script>`` or ``<!--`` possible.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where ``\\u003c`` etc. mean the same.
    """
    for ch in "<>&\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


@dataclass(frozen=True, slots=True)
class ReportFragment:
    """The report without its page: ``style`` (CSS, scoped to ``.report``) and ``body`` (HTML with the
    embedded ``#unspin-data`` JSON but no executable script; ``report.js`` adds tooltips when present)."""

    style: str
    body: str


def _style(view: ReportView, groups: list[tuple[str, str, int]]) -> str:
    """Per-label colours, and the rules that highlight only the checked layer group."""
    rules = [_asset("report.css")]
    for legend in view.layers:
        for entry in legend.entries:
            r, g, b = rgb(entry.colour)
            rules.append(f".report .c{entry.index}{{--c:{entry.colour};--b:rgba({r},{g},{b},.22)}}")
    for key, _, _ in groups:
        rules.append(
            f".report:has(#g-{key}:checked) .m.g-{key}"
            "{background:var(--b);border-bottom:2px solid var(--c)}"
            f".report:has(#g-{key}:checked) .lg-{key}{{display:block}}"
            f".report:has(#g-{key}:checked) label[for=g-{key}]{{background:var(--fg);color:var(--bg)}}"
        )
    return "\n".join(rules)


def _header(article: Article) -> str:
    facts = [
        ("Outlet", article.outlet),
        ("Published", article.published),
        ("Authors", ", ".join(article.authors) if article.authors else None),
        ("URL", article.url),
        ("Language", article.language),
    ]
    rows = []
    for name, value in facts:
        if value:
            inner = f"<code>{esc(value)}</code>" if name == "URL" else esc(value)
            rows.append(f'<dt>{name}</dt><dd dir="auto">{inner}</dd>')
    rows.append(f"<dt>Article id</dt><dd><code>{esc(article.id)}</code></dd>")
    title = esc(article.title or "Untitled article")
    return (
        '<header>\n<p class="kicker">unspin analysis</p>\n'
        f'<h1 dir="auto">{title}</h1>\n<dl class="meta">\n' + "\n".join(rows) + "\n</dl>\n</header>"
    )


# --- the brief --------------------------------------------------------------------------------------


def _anchor(span: Span) -> str:
    return f"e{span.start}-{span.end}"


def _link(span: Span, group: str, limit: int = 180) -> str:
    """A quote of the evidence that jumps to it in the text (and highlights its layer group)."""
    return (
        f'<a class="q" href="#{_anchor(span)}" data-g="{group}" dir="auto">'
        f"“{esc(excerpt(span.text, limit))}”</a>"
    )


def _jump(span: Span, group: str, label: str) -> str:
    return f'<a class="at" href="#{_anchor(span)}" data-g="{group}">{esc(label)}</a>'


def _tag(text: str, cls: str = "tag") -> str:
    return f'<span class="{cls}">{esc(text)}</span>'


def _verdict(brief: Brief) -> str:
    v = brief.verdict
    band = (v.band or "none").replace(" ", "-")
    score = f'<span class="score">{esc(percent(v.score))}</span>' if v.score is not None else ""
    name = f'<b class="band">{esc(v.band)}</b> · ' if v.band else ""
    parts = [
        f'<div class="verdict band-{band}">{score}<p>{name}{esc(v.says)}'
        f'<br><span class="basis">Propaganda score: {esc(v.basis)}</span></p></div>'
    ]
    items = [
        f"<li>{_tag(humanize(t.technique))}{_tag(percent(t.score), 'pct') if t.score is not None else ''}"
        f" {_link(t.evidence, 'techniques')}</li>"
        for t in brief.techniques
    ]
    covered = [(t.evidence.start, t.evidence.end) for t in brief.techniques]
    items += [
        f"<li>{_tag('loaded sentence', 'tag plain')}{_tag(percent(s.score), 'pct')} "
        f"{_link(s.evidence, 'techniques')}</li>"
        for s in brief.sentences
        if not any(a <= s.evidence.start and s.evidence.end <= b for a, b in covered)
    ]
    if items:
        parts.append('<h3>What drives it</h3>\n<ul class="quotes">' + "\n".join(items) + "</ul>")
    return "\n".join(parts)


def _claims(title: str, claims: tuple[Claim, ...]) -> str:
    if not claims:
        return ""
    items = []
    for c in claims:
        who = f' <span class="who">{esc(source_phrase(c.source, c.sourcing))}</span>' if c.source else ""
        pct = _tag(percent(c.score), "pct") if c.score is not None else ""
        items.append(f"<li>{pct}{_link(c.evidence, 'claims')}{who}</li>")
    return f'<h4>{esc(title)}</h4>\n<ul class="quotes">' + "\n".join(items) + "</ul>"


_SOURCING_CHIPS = {"named": "named", "vague": "vague cue", "anonymous": "anonymous", "none": "no source"}


def _sourcing(brief: Brief) -> str:
    s = brief.sourcing
    if s is None:
        return ""
    chips = "".join(
        f'<span class="chip s-{k}"><b>{s.counts[k]}</b> {_SOURCING_CHIPS[k]}</span>'
        for k in SOURCING_ORDER
        if s.counts[k]
    )
    return (
        f'<h3>Sourcing</h3>\n<p>{esc(sourcing_phrase(s))}</p><p class="chips">{chips}</p>\n'
        + _claims("Unsourced", s.unsourced)
        + _claims("Vaguely or anonymously sourced", s.weakly_sourced)
    )


def _figure_rows(figures: tuple[Figure, ...]) -> str:
    rows = []
    for f in figures:
        who = source_phrase(f.source, f.attribution)
        cls = "" if f.source else ' class="warn"'
        quotes = ", ".join(_link(e, "figures", 60) for e in f.evidence)
        rows.append(
            f'<tr><td dir="auto">{esc(figure_phrase(f))}</td><td{cls} dir="auto">{esc(who)}</td>'
            f"<td>{quotes}</td></tr>"
        )
    return (
        '<div class="scroll"><table class="figures"><thead><tr><th scope="col">Figure</th>'
        '<th scope="col">Who says so</th><th scope="col">In the text</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></div>"
    )


def _timeline(events: tuple[Event, ...]) -> str:
    items = []
    for e in events:
        items.append(
            f'<li><span class="date">{esc(e.date or e.date_text or "undated")}</span> {esc(event_phrase(e))} '
            f"{_jump(e.evidence, 'events', 'in the text')}</li>"
        )
    return '<ol class="timeline">' + "\n".join(items) + "</ol>"


def _brief(brief: Brief) -> str:
    parts = ['<section class="brief" id="brief" aria-labelledby="h-brief">', '<h2 id="h-brief">Brief</h2>']
    parts.append(_verdict(brief))
    parts.append(_sourcing(brief))
    if brief.figures:
        parts.append('<h3>Tolls and figures <span class="n">as reported, never added up</span></h3>')
        parts.append(_figure_rows(brief.figures))
    if brief.events:
        parts.append("<h3>Events</h3>")
        parts.append(_timeline(brief.events))
    who = [
        f"<dt>{name}</dt><dd>" + ", ".join(_jump(n.evidence, group, name_phrase(n)) for n in items) + "</dd>"
        for name, group, items in (("Actors", "places", brief.actors), ("Places", "places", brief.places))
        if items
    ]
    if who:
        parts.append('<h3>Who and where</h3>\n<dl class="meta">' + "".join(who) + "</dl>")
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


# --- the article ------------------------------------------------------------------------------------


def _groups(view: ReportView) -> list[tuple[str, str, int]]:
    """The layer groups present (key, title, spans), techniques first even when it found nothing."""
    counts: dict[str, int] = {}
    for mark in view.marks:
        counts[mark.group] = counts.get(mark.group, 0) + 1
    present = {legend.layer for legend in view.layers}
    out = []
    for key, title, layers in (*GROUPS, (*OTHER_GROUP, ())):
        if key in counts or present & set(layers) or (key == "techniques" and "techniques" in present):
            out.append((key, title, counts.get(key, 0)))
    return out


def _switch(groups: list[tuple[str, str, int]]) -> str:
    if not groups:
        return ""
    items = []
    for i, (key, title, count) in enumerate(groups):
        checked = " checked" if i == 0 else ""
        items.append(
            f'<input type="radio" name="unspin-g" id="g-{key}" value="{key}"{checked}>'
            f'<label for="g-{key}">{esc(title)} <span class="n">{count}</span></label>'
        )
    return '<div class="switch" role="radiogroup" aria-label="Highlight">' + "".join(items) + "</div>"


def _legend(view: ReportView, groups: list[tuple[str, str, int]]) -> str:
    """Per group, one line per label that occurs: swatch, name, count, what it means."""
    out = []
    for key, _, _ in groups:
        lines = []
        for legend in view.layers:
            if group_of(legend.layer) != key:
                continue
            for entry in legend.entries:
                why = f' <span class="why">{esc(entry.description)}</span>' if entry.description else ""
                lines.append(
                    f'<li><span class="swatch c{entry.index}"></span><b>{esc(entry.name)}</b>'
                    f' <span class="n">× {entry.count}</span>{why}</li>'
                )
        body = "\n".join(lines) if lines else '<li class="none">None found.</li>'
        out.append(f'<ul class="lg-{key}">{body}</ul>')
    return '<div class="legend">' + "\n".join(out) + "</div>"


class _Anchor:
    """A brief's evidence span in the text: the target of the brief's links."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key


def _text(view: ReportView, evidence: list[Span]) -> str:
    """The article cut at every span and evidence boundary; each piece nests one element per item."""
    anchors = [(s.start, s.end, _Anchor(_anchor(s))) for s in evidence if s.start < s.end]
    marks: list[tuple[int, int, Mark | _Anchor]] = [
        (m.annotation.start, m.annotation.end, m) for m in sorted(view.marks, key=lambda m: m.lane)
    ]
    out: list[str] = []
    opening: dict[str, str] = {}  # per item, built once: its pieces share label, colour and tooltip
    for segment in sweep(len(view.text), [*anchors, *marks]):
        for item in segment.items:
            if isinstance(item, _Anchor):
                if item.key in opening:
                    out.append(f'<span class="ev" data-e="{item.key}">')
                else:
                    opening[item.key] = ""
                    out.append(f'<span class="ev" id="{item.key}" data-e="{item.key}">')
                continue
            tag = opening.get(item.key)
            if tag is None:
                tag = opening[item.key] = (
                    f'<mark class="m c{item.entry.index} g-{item.group} l{min(item.lane, _LANES - 1)}"'
                    f' data-a="{item.key}" data-layer="{esc(item.layer)}"'
                    f' data-label="{esc(item.annotation.label)}" data-g="{item.group}"'
                    f' title="{esc(chr(10).join(item.tooltip()))}"'
                )
                out.append(tag + ' tabindex="0">')  # one tab stop per annotation, on its first piece
            else:
                out.append(tag + ">")
        out.append(esc(view.text[segment.start : segment.end]))
        out.append(
            "".join("</span>" if isinstance(i, _Anchor) else "</mark>" for i in reversed(segment.items))
        )
    return "".join(out)


def _cell(cell: Cell) -> str:
    if isinstance(cell, str):
        return esc(cell)
    if isinstance(cell, Rows):
        rows = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{_cell(v)}</td></tr>' for k, v in cell.items)
        return f"<table><tbody>{rows}</tbody></table>"
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in cell.headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in cell.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _summary(view: ReportView) -> str:
    if not view.summary:
        return ""
    parts = [
        '<details class="summary" id="summary">\n'
        '<summary><h2 id="h-summary">Every layer in numbers</h2></summary>'
    ]
    for key, cell in view.summary:
        content = f"<p>{_cell(cell)}</p>" if isinstance(cell, str) else _cell(cell)
        parts.append(f'<h3>{esc(humanize(key))}</h3>\n<div class="scroll">{content}</div>')
    parts.append("</details>")
    return "\n".join(parts)


def render_fragment(article: Article) -> ReportFragment:
    """The report's style and body, without the page around it or the executable script."""
    view = build_view(article)
    brief = article.brief
    groups = _groups(view)
    language = article.language if article.language and _LANG.fullmatch(article.language) else None
    lang_attr = f' lang="{esc(language)}"' if language else ""
    data = json_for_script(to_json(article, indent=None))
    figures = figure_totals(article, limit=None)
    events = events_of(article, limit=None)
    targets = {*brief.evidence(), *(e.evidence for e in events), *(s for f in figures for s in f.evidence)}
    evidence = sorted(targets, key=lambda s: (s.start, -s.end))
    sections = [
        '<div class="report">',
        _header(article),
        "<main>",
        _brief(brief),
        '<section class="article" aria-labelledby="h-text">',
        '<h2 id="h-text">Article</h2>',
        _switch(groups),
        _legend(view, groups),
        '<p class="hint">Hover over a highlighted passage, or move to it with the Tab key, to see why it is'
        " marked. Choose above which layer to highlight.</p>"
        if view.marks
        else "",
        f'<div class="text" id="text"{lang_attr}>{_text(view, evidence)}</div>',
        "</section>",
    ]
    if len(figures) > len(brief.figures):  # otherwise the brief's table already holds them all
        sections += [
            '<section class="figures" aria-labelledby="h-figures">',
            '<h2 id="h-figures">Figures</h2>',
            _figure_rows(figures),
            "</section>",
        ]
    if len(events) > len(brief.events):
        sections += [
            '<section class="events" aria-labelledby="h-events">',
            '<h2 id="h-events">Events</h2>',
            _timeline(events),
            "</section>",
        ]
    sections += [
        _summary(view),
        "</main>",
        "<footer>",
        f"<p>Made by unspin {esc(__version__)}. This page is self-contained and makes no network"
        " requests. The full analysis is embedded in it as JSON"
        " (schema unspin/1, element #unspin-data).</p>",
        "</footer>",
        '<div class="tip" id="tip" role="tooltip" hidden></div>',
        f'<script type="application/json" id="unspin-data">{data}</script>',
        "</div>",
    ]
    return ReportFragment(_style(view, groups), "\n".join(s for s in sections if s))


def render_html(article: Article) -> str:
    """The report for ``article`` as one HTML document (a ``str``; write it as UTF-8)."""
    fragment = render_fragment(article)
    script, _ = _script()
    title = esc(article.title or "Untitled article")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp())}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="unspin {esc(__version__)}">',
            f"<title>{title} · unspin</title>",
            f"<style>\n{fragment.style}\n</style>",
            "</head>",
            "<body>",
            fragment.body,
            f"<script>{script}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def render_notebook(article: Article) -> str:
    """The report for Jupyter (``Article._repr_html_``): style and body, no script, no page."""
    fragment = render_fragment(article)
    return f"<style>\n{fragment.style}\n</style>\n{fragment.body}"
