"""Sentences from a CSV or JSONL file for ``unspin claims score``, and their scores in batches.

Both formats take the sentence from a column (CSV, header row) or key (JSONL, one object per line): the
one named by ``--text-column``, else the first of ``text``, ``Text``, ``sentence``, ``Sentence``. Blank
lines are not rows. Anything else that is wrong with the file is an :class:`InputError` naming the
file and, where it helps, the row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from unspin.analyzers.claims.features import doc_bags
from unspin.analyzers.claims.model import ClaimModel, parse_texts
from unspin.errors import InputError

DEFAULT_COLUMNS = ("text", "Text", "sentence", "Sentence")
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
MAX_BYTES = 500_000_000


def _decode(path: Path) -> str:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"{path}: larger than {MAX_BYTES // 1_000_000} MB")
    data = path.read_bytes()
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (NUL bytes), not CSV or JSONL text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return text


def _column(path: Path, available: Sequence[str], wanted: str | None) -> str:
    if wanted is not None:
        if wanted not in available:
            raise InputError(f"{path}: no column {wanted!r} (has: {', '.join(available)[:200]})")
        return wanted
    for name in DEFAULT_COLUMNS:
        if name in available:
            return name
    raise InputError(
        f"{path}: no text column (looked for {', '.join(DEFAULT_COLUMNS)}; "
        f"has: {', '.join(available)[:200]}); name one with --text-column"
    )


def _csv_rows(path: Path, text: str, wanted: str | None) -> list[str]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    csv.field_size_limit(MAX_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = [row for row in reader if row]
    except csv.Error as exc:
        raise InputError(f"{path}: malformed CSV at line {reader.line_num}: {exc}") from None
    header, body = rows[0], rows[1:]
    column = _column(path, header, wanted)
    k = header.index(column)
    out = []
    for i, row in enumerate(body):
        if len(row) != len(header):
            raise InputError(
                f"{path}: malformed CSV: row {i} has {len(row)} fields, the header has {len(header)}"
            )
        out.append(row[k])
    return out


def _jsonl_rows(path: Path, text: str, wanted: str | None) -> list[str]:
    out: list[str] = []
    column = wanted  # without --text-column, the first row's keys decide
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            raise InputError(f"{path}: malformed JSONL at line {line_no}: not a JSON value") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}: malformed JSONL at line {line_no}: not a JSON object")
        if column is None:
            column = _column(path, list(record), wanted)
        value = record.get(column)
        if not isinstance(value, str):
            raise InputError(
                f"{path}: line {line_no} (row {len(out)}) has no string {column!r}"
                + ("" if column in record else " (key missing)")
            )
        out.append(value)
    return out


def read_rows(path: Path, text_column: str | None = None) -> list[str]:
    """The sentences of a CSV or JSONL file, in row order (format by suffix, else by first character)."""
    text = _decode(path)
    suffix = path.suffix.lower()
    is_jsonl = suffix in JSONL_SUFFIXES or (suffix not in (".csv", ".tsv") and text.lstrip().startswith("{"))
    rows = _jsonl_rows(path, text, text_column) if is_jsonl else _csv_rows(path, text, text_column)
    if not rows:
        raise InputError(f"{path}: no rows after the header" if not is_jsonl else f"{path}: no rows")
    return rows


def score_rows(
    model: ClaimModel, texts: Sequence[str], mode: str, batch: int = 256
) -> Iterator[tuple[int, np.ndarray]]:
    """Calibrated scores of ``texts``, batch by batch: (index of the batch's first row, scores)."""
    for first in range(0, len(texts), batch):
        chunk = list(texts[first : first + batch])
        bags = [doc_bags(doc) for doc in parse_texts(chunk, batch_size=batch)]
        yield first, model.scores(chunk, bags, mode)
