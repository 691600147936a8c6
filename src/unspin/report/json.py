"""The machine-readable reports: one ``unspin/1`` JSON document, or one per line (JSONL).

Output is deterministic so reports can be diffed and cached: the document keys come in schema order,
layers by name, annotations by position, and free-form objects (``attrs``, ``summary``) with sorted keys.
Characters that some readers take for line ends (U+2028, U+2029, U+0085) and lone surrogates (which
cannot be written as UTF-8) are written as ``\\uXXXX`` escapes, which every JSON parser reads back as the
same string, so a JSONL line never splits and offsets stay exact.
"""

from __future__ import annotations

import json
import re
from typing import Any

from unspin.article import Annotation, Article
from unspin.report.writers import Writer, register_writer

_UNSAFE = re.compile("[\u0085\u2028\u2029\ud800-\udfff]")


def _sort_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sort_keys(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_sort_keys(v) for v in value]
    return value


def _annotation(a: Annotation) -> dict[str, Any]:
    data = a.to_dict()
    data["attrs"] = _sort_keys(data["attrs"])
    return data


def to_document(article: Article) -> dict[str, Any]:
    """The ``unspin/1`` document as a dict, in the deterministic order :func:`to_json` writes."""
    doc = article.to_dict()
    doc["layers"] = {
        name: [_annotation(a) for a in sorted(article.layers[name], key=lambda a: (a.start, a.end, a.label))]
        for name in sorted(article.layers)
    }
    # The brief is recomputed from the layers, so a stale one read back from JSON never survives.
    doc["summary"] = _sort_keys({**article.summary, "brief": article.brief.to_dict()})
    return doc


def _dumps(doc: dict[str, Any], indent: int | None) -> str:
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(doc, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(article: Article, *, indent: int | None = 2) -> str:
    """The article and its analysis as an ``unspin/1`` JSON document (see ``docs/json-output.md``).

    Raises ``ValueError`` if an analyzer stored NaN or infinity, which JSON cannot represent.
    """
    return _dumps(to_document(article), indent)


def to_jsonl_line(article: Article) -> str:
    """The same document on one line, without the trailing newline, for one-article-per-line streams."""
    return _dumps(to_document(article), None)


@register_writer
class JsonWriter(Writer):
    name = "json"
    suffix = ".json"
    description = "One unspin/1 JSON document per article (docs/json-output.md)."
    per_article = True

    def render(self, article: Article) -> str:
        return to_json(article) + "\n"


@register_writer
class JsonlWriter(Writer):
    name = "jsonl"
    suffix = ".jsonl"
    description = "One unspin/1 document per line, every article in one stream."

    def render(self, article: Article) -> str:
        return to_jsonl_line(article) + "\n"
