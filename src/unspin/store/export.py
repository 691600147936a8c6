"""``unspin export``: articles or one layer's spans as flat rows in Parquet, CSV or JSONL.

The columns are documented in docs/store.md. Every format has the same columns in the same order;
lists (``authors``) are Parquet lists, JSON arrays, and ``; ``-joined strings in CSV; ``attrs`` is a
JSON object in JSONL and a JSON string in Parquet and CSV. Files are written to a temporary name and
renamed into place, so a failed export never leaves a partial file.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import sqlalchemy as sa

from unspin.store.db import Filters, Store, StoreError
from unspin.store.schema import SPAN_COLUMNS, analyses, articles, outlets

FORMATS = ("parquet", "csv", "jsonl")
ARTICLE_COLUMNS: dict[str, str] = {
    "id": "int",
    "article_id": "str",
    "url": "str",
    "canonical_url": "str",
    "outlet": "str",
    "published": "str",
    "title": "str",
    "authors": "list",
    "language": "str",
    "source": "str",
    "cluster_id": "int",
    "error": "str",
    "analyzers": "json",
    "text": "str",
}
SPAN_BASE: dict[str, str] = {
    "id": "int",
    "article_id": "str",
    "outlet": "str",
    "published": "str",
    "url": "str",
    "layer": "str",
    "start": "int",
    "end": "int",
    "label": "str",
    "score": "float",
    "text": "str",
}
_BATCH = 2000


def layer_columns(layer: str) -> dict[str, str]:
    """The columns of a layer export: the common span columns, the layer's typed ones, then attrs."""
    extra = {
        name: "float" if kind.python_type is float else "str"
        for name, kind in SPAN_COLUMNS.get(layer, {}).items()
    }
    return {**SPAN_BASE, **extra, "attrs": "json"}


def rows(
    store: Store, layer: str | None, filters: Filters
) -> tuple[dict[str, str], Iterator[dict[str, Any]]]:
    """The columns and the rows of an export, in article id order then span position."""
    if layer is None:
        return ARTICLE_COLUMNS, _article_rows(store, filters)
    return layer_columns(layer), _span_rows(store, layer, filters)


def _base(*columns: Any) -> sa.Select[Any]:
    return sa.select(*columns).select_from(articles.outerjoin(outlets, articles.c.outlet_id == outlets.c.id))


def _article_rows(store: Store, filters: Filters) -> Iterator[dict[str, Any]]:
    query = filters.apply(_base(articles, outlets.c.name.label("outlet"))).order_by(articles.c.id)
    versions = (
        sa.select(analyses.c.analyzer, analyses.c.version).where(analyses.c.article_id == sa.bindparam("a"))
    ).order_by(analyses.c.analyzer)
    with store.reading() as connection:
        for row in connection.execution_options(yield_per=_BATCH).execute(query):
            done = {name: version for name, version in connection.execute(versions, {"a": row.id})}
            yield {
                "id": row.id,
                "article_id": row.content_hash[:16],
                "url": row.url,
                "canonical_url": row.canonical_url,
                "outlet": row.outlet,
                "published": row.published,
                "title": row.title,
                "authors": list(row.authors or []),
                "language": row.language,
                "source": row.source,
                "cluster_id": row.cluster_id,
                "error": row.error,
                "analyzers": done,
                "text": row.text,
            }


def _span_rows(store: Store, layer: str, filters: Filters) -> Iterator[dict[str, Any]]:
    query = filters.apply(
        _base(
            articles.c.id,
            articles.c.content_hash,
            outlets.c.name.label("outlet"),
            articles.c.published,
            articles.c.url,
            analyses.c.layer,
        ).join(analyses, (analyses.c.article_id == articles.c.id) & (analyses.c.analyzer == layer))
    ).order_by(articles.c.id)
    typed = SPAN_COLUMNS.get(layer, {})
    with store.reading() as connection:
        for row in connection.execution_options(yield_per=_BATCH).execute(query):
            for span in row.layer:
                attrs = span.get("attrs") or {}
                out = {
                    "id": row.id,
                    "article_id": row.content_hash[:16],
                    "outlet": row.outlet,
                    "published": row.published,
                    "url": row.url,
                    "layer": layer,
                    "start": span["start"],
                    "end": span["end"],
                    "label": span["label"],
                    "score": span.get("score"),
                    "text": span["text"],
                }
                for column, kind in typed.items():
                    value = attrs.get(column)
                    if kind.python_type is float:
                        out[column] = (
                            float(value)
                            if isinstance(value, int | float) and not isinstance(value, bool)
                            else None
                        )
                    else:
                        out[column] = None if value is None else str(value)
                out["attrs"] = attrs
                yield out


def known_layers(store: Store) -> list[str]:
    with store.reading() as connection:
        return sorted(connection.execute(sa.select(analyses.c.analyzer).distinct()).scalars())


def export(store: Store, fmt: str, output: Path | None, layer: str | None, filters: Filters) -> int:
    """Write the export; returns the number of rows."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if layer is not None and layer not in known_layers(store) and layer not in SPAN_COLUMNS:
        known = ", ".join(known_layers(store)) or "none yet: run 'unspin run' first"
        raise StoreError(f"no layer {layer!r} in the store (layers: {known})")
    columns, data = rows(store, layer, filters)
    if fmt == "parquet":
        if output is None:
            raise StoreError("Parquet needs an output file: -o FILE.parquet")
        with _atomic(output) as tmp:
            return _write_parquet(tmp, columns, data)
    if output is None:
        return _write_text(sys.stdout, fmt, columns, data)
    with _atomic(output) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        return _write_text(handle, fmt, columns, data)


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[str]:
    """A temporary path beside ``path``, renamed onto it when the block succeeds."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_text(handle: TextIO, fmt: str, columns: dict[str, str], data: Iterator[dict[str, Any]]) -> int:
    count = 0
    if fmt == "jsonl":
        for row in data:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.writer(handle)
    writer.writerow(columns)
    for row in data:
        writer.writerow([_csv_value(row[name], kind) for name, kind in columns.items()])
        count += 1
    return count


def _csv_value(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind == "list":
        return "; ".join(value)
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _write_parquet(path: str, columns: dict[str, str], data: Iterator[dict[str, Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "int": pa.int64(),
        "str": pa.string(),
        "float": pa.float64(),
        "list": pa.list_(pa.string()),
        "json": pa.string(),
    }
    schema = pa.schema([(name, types[kind]) for name, kind in columns.items()])
    json_columns = [name for name, kind in columns.items() if kind == "json"]
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in data:
            for name in json_columns:
                row[name] = json.dumps(row[name], ensure_ascii=False, sort_keys=True)
            batch.append(row)
            if len(batch) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
