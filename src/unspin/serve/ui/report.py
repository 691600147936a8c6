"""The HTML report inside a server page: the very page ``unspin analyze --format html`` writes, taken apart.

The report renderer (:func:`unspin.report.render_html`) stays the one code path. A server page cannot
keep the report's inline script (its policy allows scripts from ``/static`` only), so the report's body
is taken without that script, which the page loads as ``/static/report/report.js`` instead, and the
report's style block goes in with the page's per-response nonce.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from unspin.article import Article
from unspin.report import render_html

ASSETS = ("report.css", "report.js")


@functools.cache
def asset(name: str) -> str:
    """A file of the report's assets (``report.css`` or ``report.js``), as the CLI's report inlines it."""
    if name not in ASSETS:
        raise KeyError(name)
    return (resources.files("unspin.report") / "assets" / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class ReportParts:
    """What a page needs to show a report: its stylesheet and the inside of its ``<body>``."""

    style: str
    body: str


def _between(page: str, start: str, end: str) -> str:
    i = page.index(start) + len(start)
    return page[i : page.index(end, i)]


def report_parts(article: Article) -> ReportParts:
    """The report of ``article`` as a style and a body fragment, without the inline script."""
    page = render_html(article)
    style = _between(page, "<style>", "</style>").strip("\n")
    body = _between(page, "<body>", "</body>").strip("\n")
    body = body.replace(f"<script>{asset('report.js')}</script>", "")
    if "<script>" in body:  # the report grew a script this page would not run: fail loudly in tests
        raise AssertionError("the HTML report has an inline script the server page cannot carry")
    return ReportParts(style, body)
