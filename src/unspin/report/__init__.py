"""Reports of an analysed article: terminal, ``unspin/1`` JSON or JSONL, HTML, GeoJSON.

Every format reads only the :class:`~unspin.article.Article`, so a saved JSON analysis can be rendered
again later without re-running anything. Formats are registered by name (:mod:`unspin.report.writers`);
importing this package registers the built-in ones. Human-readable formats highlight the layers whose
analyzer sets ``highlight`` (and any layer no installed analyzer claims), explained with the analyzers'
own ``label_descriptions``.
"""

from unspin.report import geojson as _geojson  # noqa: F401  (registers its format)
from unspin.report import markdown as _markdown  # noqa: F401  (registers its format)
from unspin.report.html import render_html
from unspin.report.json import to_json, to_jsonl_line
from unspin.report.terminal import render_terminal
from unspin.report.writers import Writer, get_writer, register_writer, writer_names

__all__ = [
    "Writer",
    "get_writer",
    "register_writer",
    "render_html",
    "render_terminal",
    "to_json",
    "to_jsonl_line",
    "writer_names",
]
