"""The HTML report inside a server page: :func:`unspin.report.html.render_fragment`, the CLI report's own
style and body (one code path with ``unspin analyze --format html``).

A server page cannot carry the report's inline script (its policy allows scripts from ``/static`` only),
so the page loads the very same ``report.js`` from ``/static/report/``; the fragment's style block goes in
with the page's per-response nonce.
"""

from __future__ import annotations

import functools
from importlib import resources

from unspin.report.html import ReportFragment, render_fragment

ASSETS = ("report.css", "report.js")

__all__ = ["ASSETS", "ReportFragment", "asset", "render_fragment"]


@functools.cache
def asset(name: str) -> str:
    """A file of the report's assets (``report.css`` or ``report.js``), as the CLI's report inlines it."""
    if name not in ASSETS:
        raise KeyError(name)
    return (resources.files("unspin.report") / "assets" / name).read_text(encoding="utf-8")
