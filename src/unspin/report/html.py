"""The HTML report: one self-contained, offline page per article.

Everything the page needs is inline (style, a small script, the analysis as JSON); a Content Security
Policy forbids any fetch and lets only our own script run, pinned by its SHA-256. Article text and
metadata are untrusted: every piece is escaped, the URL is shown as text and never as a link, and the
embedded JSON escapes ``<``, ``>`` and ``&`` so no string in it can close its ``<script>`` block. The
page reads fully without the script (``title`` attributes explain each span); the script only adds
richer tooltips. Output is deterministic: the same article gives byte-identical HTML.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from importlib import resources

from unspin import __version__
from unspin.article import Article
from unspin.report.json import to_json
from unspin.report.view import Cell, LayerLegend, ReportView, Rows, build_view, humanize, rgb

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


def _style(view: ReportView) -> str:
    """Per-label colours and the CSS-only legend toggles (ticking a label off hides its spans)."""
    rules = [_asset("report.css")]
    for legend in view.layers:
        for entry in legend.entries:
            r, g, b = rgb(entry.colour)
            i = entry.index
            rules.append(f".c{i}{{--c:{entry.colour};--b:rgba({r},{g},{b},.22)}}")
            rules.append(
                f"body:has(#k{i}:not(:checked)) .m.c{i}{{background:none;border-bottom-color:transparent}}"
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


def _legend_layer(legend: LayerLegend) -> str:
    spans = f"{legend.count} span" + ("" if legend.count == 1 else "s")
    parts = [f'<h3>{esc(humanize(legend.layer))} <span class="n">{spans}</span></h3>']
    if legend.description:
        parts.append(f'<p class="about">{esc(legend.description)}</p>')
    if not legend.entries:
        parts.append('<p class="none">None found.</p>')
        return "\n".join(parts)
    parts.append("<ul>")
    for entry in legend.entries:
        i = entry.index
        why = f'\n<p class="why">{esc(entry.description)}</p>' if entry.description else ""
        parts.append(
            f'<li><label><input type="checkbox" class="toggle" id="k{i}" checked>'
            f'<span class="swatch c{i}"></span><b>{esc(entry.name)}</b>'
            f' <span class="n">× {entry.count}</span>'
            f"</label>{why}</li>"
        )
    parts.append("</ul>")
    return "\n".join(parts)


def _legend(view: ReportView) -> str:
    body = "\n".join(_legend_layer(legend) for legend in view.layers)
    if view.layers:
        hint = (
            '<p class="hint">Hover over a highlighted passage, or move to it with the Tab key, to see '
            "why it is marked. Untick a label to hide its highlights.</p>"
        )
    else:
        hint, body = "", '<p class="none">No highlighted layers in this analysis.</p>'
    head = '<section class="legend" aria-labelledby="h-legend">\n<h2 id="h-legend">Legend</h2>'
    return f"{head}\n{hint}\n{body}\n</section>"


def _text(view: ReportView) -> str:
    """The article, cut by the boundary sweep; each piece nests one ``<mark>`` per span covering it."""
    out: list[str] = []
    opening: dict[str, str] = {}  # per annotation, built once: its pieces share label, colour and tooltip
    for segment in view.segments:
        for mark in segment.items:
            tag = opening.get(mark.key)
            if tag is None:
                tag = opening[mark.key] = (
                    f'<mark class="m c{mark.entry.index} l{min(mark.lane, _LANES - 1)}" data-a="{mark.key}"'
                    f' data-layer="{esc(mark.layer)}" data-label="{esc(mark.annotation.label)}"'
                    f' title="{esc(chr(10).join(mark.tooltip()))}"'
                )
                out.append(tag + ' tabindex="0">')  # one tab stop per annotation, on its first piece
            else:
                out.append(tag + ">")
        out.append(esc(view.text[segment.start : segment.end]))
        out.append("</mark>" * len(segment.items))
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
    parts = ['<section class="summary" aria-labelledby="h-summary">\n<h2 id="h-summary">Summary</h2>']
    for key, cell in view.summary:
        content = f"<p>{_cell(cell)}</p>" if isinstance(cell, str) else _cell(cell)
        parts.append(f"<h3>{esc(humanize(key))}</h3>\n{content}")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(article: Article) -> str:
    """The report for ``article`` as one HTML document (a ``str``; write it as UTF-8)."""
    view = build_view(article)
    script, _ = _script()
    language = article.language if article.language and _LANG.fullmatch(article.language) else None
    lang_attr = f' lang="{esc(language)}"' if language else ""
    title = esc(article.title or "Untitled article")
    data = json_for_script(to_json(article, indent=None))
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
            f"<style>\n{_style(view)}\n</style>",
            "</head>",
            "<body>",
            _header(article),
            "<main>",
            _legend(view),
            '<section class="article" aria-labelledby="h-text">',
            '<h2 id="h-text">Article</h2>',
            f'<div class="text" id="text"{lang_attr}>{_text(view)}</div>',
            "</section>",
            _summary(view),
            "</main>",
            "<footer>",
            f"<p>Made by unspin {esc(__version__)}. This page is self-contained and makes no network"
            " requests. The full analysis is embedded in it as JSON"
            " (schema unspin/1, element #unspin-data).</p>",
            "</footer>",
            '<div class="tip" id="tip" role="tooltip" hidden></div>',
            f'<script type="application/json" id="unspin-data">{data}</script>',
            f"<script>{script}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )
