"""Reading and writing the Propaganda Techniques Corpus (SemEval-2020 Task 11) folders and label files.

Articles are read byte-faithfully (``newline=""``, plain ``utf-8``) because the gold offsets are code-point
indices into the file exactly as stored: a leading or inner U+FEFF counts as one character, and emoji count
as one each. Label files are tab-separated, one span per line:

- SI (span identification): ``id<TAB>start<TAB>end``
- TC (technique classification): ``id<TAB>technique<TAB>start<TAB>end``

Every malformed line is reported as an :class:`InputError` naming ``file:line``, so a bad submission fails
before it is scored rather than being scored wrongly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from unspin.article import Article
from unspin.errors import InputError
from unspin.lang.en.techniques import LABELS

TASKS = ("si", "tc")

# The 14 classes of SemEval-2020 Task 11; three groups of rare techniques are merged into one class each,
# and the merged names (commas included) are what appear in the label files.
TECHNIQUES: tuple[str, ...] = LABELS

TEMPLATE_TECHNIQUE = "?"

_ARTICLE_NAME = re.compile(r"article(?P<id>[0-9]+)\.txt")
_INT = re.compile(r"-?[0-9]+")  # ASCII digits only: int() would also accept "1_000", " 7" and "٣"


@dataclass(frozen=True, order=True, slots=True)
class SpanRow:
    """One line of a label file: ``[start, end)`` in article ``article_id``, with a technique for TC."""

    article_id: str
    start: int
    end: int
    technique: str | None = None  # None for SI rows; "?" in TC templates


def techniques_list() -> tuple[str, ...]:
    """The 14 technique class names of SemEval-2020 Task 11, in the organisers' order."""
    return TECHNIQUES


# --- articles ------------------------------------------------------------------------------------------


def read_articles(folder: Path) -> list[Article]:
    """All ``article<ID>.txt`` files of a folder, by numeric ID, with ``source_id`` set to ``<ID>``.

    The text is kept exactly as stored (no BOM stripping, no newline translation) so that the corpus
    offsets index it directly.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of PTC articles")
    found: list[tuple[int, str, Path]] = []
    for path in folder.glob("article*.txt"):
        if not path.is_file():
            continue
        match = _ARTICLE_NAME.fullmatch(path.name)
        if match is None:
            raise InputError(f"{path}: PTC article files must be named article<numeric ID>.txt")
        found.append((int(match["id"]), match["id"], path))
    if not found:
        raise InputError(f"{folder}: no article*.txt files")
    found.sort()
    articles = []
    for _, article_id, path in found:
        try:
            with open(path, encoding="utf-8", newline="") as f:
                text = f.read()
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        articles.append(Article(text=text, source_id=article_id))
    return articles


def check_offsets(rows: Iterable[SpanRow], articles_by_id: Mapping[str, Article]) -> None:
    """Fail if a row names an unknown article or a span outside its text.

    Scoring such rows would silently give wrong numbers, and a model trained on them would learn from
    misaligned text, so they are caught at load time.
    """
    problems: list[str] = []
    for row in rows:
        article = articles_by_id.get(row.article_id)
        if article is None:
            problems.append(f"row {row.article_id} [{row.start}, {row.end}) names an unknown article")
        elif not 0 <= row.start <= row.end <= len(article.text):
            problems.append(
                f"row {row.article_id} [{row.start}, {row.end}) is outside the article text "
                f"(length {len(article.text)})"
            )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(problems[0] + more)


# --- label files ---------------------------------------------------------------------------------------


def _check_task(task: str) -> None:
    if task not in TASKS:
        raise ValueError(f"task must be one of {TASKS}, not {task!r}")


def _label_files(path: Path) -> list[Path]:
    """A label file, or every ``*.labels`` file of a folder (sorted, so results do not depend on the OS)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.labels") if p.is_file())
        if not files:
            raise InputError(f"{path}: no *.labels files")
        return files
    if not path.is_file():
        raise InputError(f"{path}: no such label file or folder")
    return [path]


def _read_lines(path: Path) -> list[str]:
    # utf-8-sig: a BOM written by an editor must not become part of the first article id.
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return f.read().split("\n")  # not splitlines(): only "\n" ends a line
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _parse_offset(value: str, name: str, where: str) -> int:
    if not _INT.fullmatch(value):
        raise InputError(f"{where}: {name} offset {value!r:.20} is not an integer")
    number = int(value)
    if number < 0:
        raise InputError(f"{where}: {name} offset {number} is negative")
    return number


def _parse_line(line: str, columns: int, where: str) -> tuple[str, str | None, int, int]:
    """Split and validate one label line into (id, technique or None, start, end)."""
    fields = [f.strip() for f in line.split("\t")]
    if len(fields) != columns:
        raise InputError(f"{where}: expected {columns} tab-separated columns, found {len(fields)}")
    article_id = fields[0]
    technique = fields[1] if columns == 4 else None
    if not article_id:
        raise InputError(f"{where}: empty article id")
    if technique == "":
        raise InputError(f"{where}: empty technique")
    start = _parse_offset(fields[-2], "start", where)
    end = _parse_offset(fields[-1], "end", where)
    if start > end:
        raise InputError(f"{where}: start {start} is after end {end}")
    return article_id, technique, start, end


def _read(path: Path, columns: int) -> list[tuple[str, str | None, int, int]]:
    rows = []
    for file in _label_files(path):
        for number, line in enumerate(_read_lines(file), start=1):
            if line.strip():
                rows.append(_parse_line(line, columns, f"{file}:{number}"))
    return rows


def read_rows(path: Path, task: str) -> list[SpanRow]:
    """Rows of an SI or TC label file, or of all ``*.labels`` files in a folder, in file order."""
    _check_task(task)
    columns = 3 if task == "si" else 4
    return [SpanRow(aid, start, end, technique) for aid, technique, start, end in _read(path, columns)]


def read_template(path: Path) -> list[SpanRow]:
    """The spans of a TC template (``id<TAB>?<TAB>start<TAB>end``), every technique set to ``"?"``.

    A full TC label file is accepted too (its techniques are ignored) so gold files can serve as
    templates. File order and duplicate rows are kept: a TC submission must list the template's rows,
    and a span with two techniques appears twice.
    """
    return [SpanRow(aid, start, end, TEMPLATE_TECHNIQUE) for aid, _, start, end in _read(path, 4)]


def _format_row(row: SpanRow, task: str) -> str:
    for value in (row.article_id, row.technique or ""):
        if any(ch in value for ch in "\t\r\n"):
            raise ValueError(f"label field {value!r} contains a tab or line break")
    if task == "si":
        return f"{row.article_id}\t{row.start}\t{row.end}\n"
    if row.technique is None:
        raise ValueError(f"TC row {row.article_id} [{row.start}, {row.end}) has no technique")
    return f"{row.article_id}\t{row.technique}\t{row.start}\t{row.end}\n"


def write_rows(rows: Iterable[SpanRow], path_or_stream: str | os.PathLike[str] | TextIO, task: str) -> None:
    """Write rows in the official format (``"\\n"`` line ends, given order), to a file path or text stream."""
    _check_task(task)
    lines = [_format_row(row, task) for row in rows]  # validate everything before touching the file
    if isinstance(path_or_stream, str | os.PathLike):
        try:
            with open(path_or_stream, "w", encoding="utf-8", newline="") as f:
                f.writelines(lines)
        except OSError as exc:
            raise InputError(f"{os.fspath(path_or_stream)}: cannot write: {exc.strerror or exc}") from None
    else:
        path_or_stream.writelines(lines)
