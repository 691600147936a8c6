"""The document model: one Article holding the exact text and stand-off annotation layers over it.

Offsets are Python code-point indices into ``Article.text`` exactly as received (a leading U+FEFF, CRLF line
ends and emoji included); nothing ever normalises the text in place, so ``text[a.start:a.end] == a.text``
holds for every annotation of every layer. The JSON form (schema ``unspin/1``) is documented in
``docs/json-output.md`` and published as ``unspin/schema/unspin-1.schema.json``.
"""

from __future__ import annotations

import hashlib
import json
import numbers
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

from unspin.errors import InputError

if TYPE_CHECKING:
    from unspin.brief import Brief

SCHEMA_ID = "unspin/1"
ARTICLE_FIELDS = ("title", "url", "outlet", "published", "authors", "language", "source_id", "source")


def _is_int(value: Any) -> bool:
    """An integer offset: Python's or numpy's, not a bool and not a float that happens to be whole."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and value == value


def _check_annotation(layer: str, a: Annotation, text: str) -> None:
    """Raise :class:`InputError` unless ``a`` has integer offsets over ``text`` and a score in [0, 1]
    (numpy integer offsets become Python ones)."""
    where = f"layer {layer!r}: annotation [{a.start!r}, {a.end!r})"
    if not (_is_int(a.start) and _is_int(a.end)):
        raise InputError(f"{where}: offsets must be integers")
    a.start, a.end = int(a.start), int(a.end)  # numpy integers would not serialise
    if not 0 <= a.start <= a.end <= len(text) or text[a.start : a.end] != a.text:
        raise InputError(f"{where} does not match the text")
    if a.score is not None and not (_is_number(a.score) and 0.0 <= a.score <= 1.0):
        raise InputError(f"{where}: score must be a number in [0, 1] or None, not {a.score!r}")


def _same(old: Any, new: Any) -> bool:
    """Do two brief keys hold the very same layer lists (identity, not equality), lengths and summary?"""
    (old_layers, old_summary), (new_layers, new_summary) = old, new
    return (
        old_summary is new_summary
        and len(old_layers) == len(new_layers)
        and all(
            a[0] == b[0] and a[1] is b[1] and a[2] == b[2]
            for a, b in zip(old_layers, new_layers, strict=True)
        )
    )


def text_id(text: str) -> str:
    """A stable article id: the first 16 hex digits of the SHA-256 of the UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True)
class Annotation:
    """One stand-off span: ``[start, end)`` over the article text, with what an analyzer said of it."""

    start: int
    end: int
    text: str
    label: str
    score: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    analyzer: str = ""
    version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "label": self.label,
            "score": None if self.score is None else round(float(self.score), 6),
            "attrs": self.attrs,
            "analyzer": self.analyzer,
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Annotation:
        """Validate and build an annotation; every malformation is an :class:`InputError`."""
        if not isinstance(data, dict):
            raise InputError(f"annotation must be an object, not {type(data).__name__}")
        start, end, text, label = (data.get(k) for k in ("start", "end", "text", "label"))
        if not (isinstance(start, int) and isinstance(end, int) and _is_int(start) and _is_int(end)):
            raise InputError(f"annotation offsets must be integers: {data!r:.80}")
        if not isinstance(text, str) or not isinstance(label, str):
            raise InputError(f"annotation needs string 'text' and 'label': {data!r:.80}")
        score = data.get("score")
        if score is not None and (not _is_number(score) or not 0.0 <= float(score) <= 1.0):
            raise InputError(f"annotation score must be a number in [0, 1] or null: {data!r:.80}")
        attrs = data.get("attrs") or {}
        if not isinstance(attrs, dict):
            raise InputError(f"annotation 'attrs' must be an object: {data!r:.80}")
        analyzer, version = data.get("analyzer", ""), data.get("version", "")
        if not isinstance(analyzer, str) or not isinstance(version, str):
            raise InputError(f"annotation 'analyzer' and 'version' must be strings: {data!r:.80}")
        return cls(start, end, text, label, None if score is None else float(score), attrs, analyzer, version)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass
class Article:
    """An article: the text exactly as received, its metadata, and annotation layers by name."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    source_id: str | None = None
    source: str | None = None  # what it was read from, as given: a path, an URL or "-" (stdin)
    layers: dict[str, list[Annotation]] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    # Results of shared preprocessing (tokenisation, sentence splits), computed once per article and
    # never serialised: analyzers read them instead of re-tokenising.
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    # The brief and the layers it was computed from (see ``brief``); derived, never serialised.
    _brief: tuple[Any, Brief] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Fail here, with a message that says what to do, rather than with an AttributeError deep inside
        # an analyzer; bytes are the likeliest mistake.
        if not isinstance(self.text, str):
            bytes_hint = ": decode it first, or use unspin.ingest.load_bytes"
            hint = bytes_hint if isinstance(self.text, bytes) else ""
            raise TypeError(f"Article text must be a str, not {type(self.text).__name__}{hint}")
        for name in ("title", "url", "outlet", "published", "language", "source_id", "source"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"Article {name} must be a str or None, not {type(value).__name__}")
        if self.published is not None:
            try:
                datetime.fromisoformat(self.published)
            except ValueError:
                raise InputError(
                    f"Article published {self.published!r} is not an ISO date such as 2026-03-14"
                ) from None

    @property
    def id(self) -> str:
        return text_id(self.text)

    @property
    def published_date(self) -> date | None:
        """The publication date, if ``published`` holds an ISO date or date-time."""
        if not self.published:
            return None
        try:
            return datetime.fromisoformat(self.published).date()
        except ValueError:
            return None

    def span(
        self,
        start: int,
        end: int,
        label: str,
        *,
        score: float | None = None,
        attrs: dict[str, Any] | None = None,
        analyzer: str = "",
        version: str = "",
    ) -> Annotation:
        """Make an annotation over ``text[start:end]``; the covered text is taken from the article."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside text of length {len(self.text)}")
        return Annotation(start, end, self.text[start:end], label, score, attrs or {}, analyzer, version)

    def set_layer(self, name: str, annotations: Iterable[Annotation]) -> list[Annotation]:
        """Store a layer, sorted by position, after checking every span against the text."""
        items = list(annotations)
        for a in items:
            _check_annotation(name, a, self.text)
        items.sort(key=lambda a: (a.start, a.end, a.label))
        self.layers[name] = items
        return items

    def layer(self, name: str) -> list[Annotation]:
        return self.layers.get(name, [])

    @property
    def brief(self) -> Brief:
        """The analyst's brief (:mod:`unspin.brief`), computed once and again only if a layer changes."""
        from unspin.brief import build_brief

        # The layer lists themselves (held, so compared by identity) and their lengths: a replaced or
        # extended layer, or a new techniques summary, means a new brief.
        key = (
            [(name, anns, len(anns)) for name, anns in self.layers.items()],
            self.summary.get("techniques"),
        )
        if self._brief is None or not _same(self._brief[0], key):
            self._brief = (key, build_brief(self))
        return self._brief[1]

    def _repr_html_(self) -> str:
        """Jupyter's rich display, as displaCy gives: the brief and the highlighted text (no script)."""
        from unspin.report.html import render_notebook

        return render_notebook(self)

    def metadata(self) -> dict[str, Any]:
        return {"id": self.id, **{name: getattr(self, name) for name in ARTICLE_FIELDS}}

    # --- JSON round trip -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "article": {**self.metadata(), "text": self.text},
            "layers": {name: [a.to_dict() for a in anns] for name, anns in self.layers.items()},
            "summary": self.summary,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
            raise InputError(f"not an {SCHEMA_ID} document")
        meta = data.get("article")
        if not isinstance(meta, dict) or not isinstance(meta.get("text"), str):
            raise InputError("document has no article text")
        article = cls(text=meta["text"])
        for name in ARTICLE_FIELDS:
            value = meta.get(name)
            if name == "authors":
                if not isinstance(value, list | None) or not all(isinstance(v, str) for v in value or []):
                    raise InputError("'authors' must be a list of strings")
                article.authors = list(value or [])
            elif value is not None and not isinstance(value, str):
                raise InputError(f"article field {name!r} must be a string or null")
            else:
                setattr(article, name, value)
        layers = data.get("layers") or {}
        if not isinstance(layers, dict):
            raise InputError("'layers' must be an object")
        for name, anns in layers.items():
            if not isinstance(anns, list):
                raise InputError(f"layer {name!r} must be a list of annotations")
            article.set_layer(name, [Annotation.from_dict(a) for a in anns])
        summary = data.get("summary") or {}
        if not isinstance(summary, dict):
            raise InputError("'summary' must be an object")
        # The brief is derived from the layers (``Article.brief``), never read back.
        article.summary = {k: v for k, v in summary.items() if k != "brief"}
        if meta.get("id") not in (None, article.id):
            raise InputError("article id does not match its text")
        return article

    @classmethod
    def from_json(cls, text: str) -> Article:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc}") from None
        except RecursionError:
            raise InputError("invalid JSON: nested too deeply") from None
        return cls.from_dict(data)


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of the ``unspin/1`` output."""
    path = resources.files("unspin") / "schema" / "unspin-1.schema.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))
