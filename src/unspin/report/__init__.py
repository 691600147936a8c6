"""Reports of an analysed article: terminal, ``unspin/1`` JSON or JSONL, and a self-contained HTML page.

Every format reads only the :class:`~unspin.article.Article`, so a saved JSON analysis can be rendered
again later without re-running anything. Human-readable formats highlight the layers whose analyzer sets
``highlight`` (and any layer no installed analyzer claims), explained with the analyzers' own
``label_descriptions``.
"""

from unspin.report.html import render_html
from unspin.report.json import to_json, to_jsonl_line
from unspin.report.terminal import render_terminal

FORMATS = ("terminal", "json", "jsonl", "html")

__all__ = ["FORMATS", "render_html", "render_terminal", "to_json", "to_jsonl_line"]
