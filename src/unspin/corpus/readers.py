"""Read corpus sources into articles: files, folders, URLs, JSONL/CSV/Parquet tables, RSS/Atom feeds,
sitemaps and WARC files.

Every reader yields :class:`Record` items, one per article it found or failed on, with the position
("file.jsonl:17", "feed.xml entry 3", "crawl.warc.gz record 12 @ 40960"): a malformed record becomes a
Record with an error and the reading goes on. Only a source that cannot be opened at all raises.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import partial
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import IO, Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from unspin.article import Article
from unspin.errors import InputError, UnspinError
from unspin.ingest import IngestOptions, load, load_bytes

TABLE_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".csv", ".tsv", ".csv.gz", ".parquet")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
XML_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".xml.gz")
FULL_TEXT_WORDS = 150  # a feed entry's own content this long is the article; shorter: fetch the link
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid)$", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# What a feed or sitemap URL may serve besides a web page (sitemaps are often gzipped).
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/x-rss+xml",
    "application/xml",
    "text/xml",
)
GZIP_TYPES = ("application/gzip", "application/x-gzip")
MAX_SITEMAP_DEPTH = 2  # an index of indexes of sitemaps, no deeper
MAX_SITEMAPS = 200  # sitemaps fetched from one source through its indexes, however nested
EXTRACT_CHUNK = 16  # WARC pages sent to an extracting worker at a time


@dataclass(frozen=True)
class Columns:
    """Which table columns hold what (``--text-column`` and friends)."""

    text: str = "text"
    url: str = "url"
    title: str = "title"
    published: str = "published"
    outlet: str = "outlet"


@dataclass(frozen=True)
class ReadOptions:
    ingest: IngestOptions = field(default_factory=IngestOptions)
    columns: Columns = field(default_factory=Columns)
    fetch: bool = True  # fetch feed/sitemap links and table rows that have a URL but no text
    # WARC pages come back unextracted (Record.make), for :func:`extracted` to extract in workers.
    defer: bool = False


@dataclass
class Record:
    """One article read from ``where``, or the reason it could not be."""

    where: str
    article: Article | None = None
    error: str | None = None
    make: Callable[[], Article | None] | None = None  # an extraction still to run (ReadOptions.defer)


def canonical_url(url: str | None) -> str | None:
    """The URL with the scheme and host lower-cased, no fragment, default port, or tracking parameters."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip() or None
    if not parts.scheme or not host:
        return url.strip() or None
    scheme = parts.scheme.lower()
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = parts.query and urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    )
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path, query, ""))


def iso_date(value: Any) -> str | None:
    """An ISO date(-time) from an ISO or RFC 822 string (feeds, CSV), or None when it is neither."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.date().isoformat() if len(text) <= 10 else parsed.isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def read(source: str, options: ReadOptions = ReadOptions()) -> Iterator[Record]:
    """Every article in ``source`` (a path, a folder, '-' or an http(s) URL), in a stable order."""
    if source == "-":
        yield _guard(source, partial(load, source, options.ingest))
        return
    if _is_http(source):
        yield from _read_url(source, options, _SitemapBudget())
        return
    path = Path(source)
    if path.is_dir():
        for file in _files(path):
            yield from _read_file(file, options)
    elif path.exists():
        yield from _read_file(path, options)
    else:
        raise InputError(f"no such file or folder: {source}")


def _files(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(root) / name


def _suffix(path: Path, suffixes: Iterable[str]) -> bool:
    return path.name.lower().endswith(tuple(suffixes))


def _read_file(path: Path, options: ReadOptions) -> Iterator[Record]:
    try:
        if _suffix(path, TABLE_SUFFIXES):
            yield from _read_table(path, options)
        elif _suffix(path, WARC_SUFFIXES):
            yield from _read_warc(path, options)
        elif _suffix(path, XML_SUFFIXES):
            yield from _read_xml(path, options)
        else:
            yield _guard(str(path), partial(load, str(path), options.ingest))
    except OSError as exc:
        yield Record(str(path), error=f"cannot read: {exc.strerror or exc}")


def extracted(records: Iterable[Record], jobs: int = 1) -> Iterator[Record]:
    """The records with their deferred extractions done, in order: here, or with ``jobs`` > 1 in that
    many spawned worker processes (at most two chunks each in flight, so a large archive never piles
    up in memory). Extraction (trafilatura) is most of an ``add``; the workers do it while this process
    reads the archive and stores what came back."""
    if jobs <= 1:
        yield from map(_done, records)
        return
    import multiprocessing

    pool = multiprocessing.get_context("spawn").Pool(jobs, _start_extractor, (os.getpid(),))
    try:
        pending: deque[AsyncResult[list[Record]]] = deque()
        for chunk in _chunks(records, EXTRACT_CHUNK):
            pending.append(pool.apply_async(_done_all, (chunk,)))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _start_extractor(parent: int) -> None:
    """A worker ignores Ctrl-C (the parent stops it) and dies with the parent, however it ends."""
    import signal

    from unspin.workers import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _done(record: Record) -> Record:
    return record if record.make is None else _guard(record.where, record.make)


def _done_all(records: list[Record]) -> list[Record]:
    return [_done(record) for record in records]


def _deferred(where: str, make: Callable[[], Article | None], options: ReadOptions) -> Record:
    return Record(where, make=make) if options.defer else _guard(where, make)


def _guard(where: str, make: Callable[[], Article | None]) -> Record:
    """A Record from ``make()``, or one carrying its error message."""
    try:
        article = make()
    except UnspinError as exc:
        return Record(where, error=str(exc))
    except (ValueError, TypeError, KeyError, UnicodeError) as exc:
        return Record(where, error=f"{type(exc).__name__}: {exc}")
    if article is None:
        return Record(where, error="no article text")
    return Record(where, article=article)


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


# --- tables: JSONL, CSV, Parquet -----------------------------------------------------------------------


def _read_table(path: Path, options: ReadOptions) -> Iterator[Record]:
    name = path.name.lower()
    rows: Iterator[tuple[str, dict[str, Any] | str]]
    if name.endswith(".parquet"):
        rows = _parquet_rows(path)
    elif ".csv" in name or name.endswith(".tsv"):
        rows = _csv_rows(path, "\t" if name.endswith(".tsv") else ",")
    else:
        rows = _jsonl_rows(path)
    for where, row in rows:
        if isinstance(row, str):
            yield Record(where, error=row)
        else:
            yield _guard(where, partial(_row_article, row, options))


def _jsonl_rows(path: Path) -> Iterator[tuple[str, dict[str, Any] | str]]:
    with _open(path) as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except (ValueError, UnicodeDecodeError) as exc:
                yield where, f"not JSON: {exc}"
                continue
            yield where, row if isinstance(row, dict) else f"expected a JSON object, not {type(row).__name__}"


def _csv_rows(path: Path, delimiter: str) -> Iterator[tuple[str, dict[str, Any] | str]]:
    csv.field_size_limit(50_000_000)
    with _open(path) as raw:
        handle = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        reader = csv.DictReader(handle, delimiter=delimiter)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                yield f"{path}:{reader.line_num}", f"malformed CSV: {exc}"
                if isinstance(exc, UnicodeDecodeError):
                    return  # the decoder cannot resynchronise
                continue
            where = f"{path}:{reader.line_num}"
            if None in row:
                yield (
                    where,
                    f"malformed CSV: {len(row) - 1 + len(row[None])} fields, the header has {len(row) - 1}",
                )
            elif any(value is None for value in row.values()):
                yield where, "malformed CSV: fewer fields than the header"
            else:
                yield where, row


def _parquet_rows(path: Path) -> Iterator[tuple[str, dict[str, Any] | str]]:
    try:
        import pyarrow.parquet as pq

        table = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own error classes for every kind of damage
        yield str(path), f"not a readable Parquet file: {exc}"
        return
    number = 0
    try:
        for batch in table.iter_batches(batch_size=1024):
            for row in batch.to_pylist():
                yield f"{path} row {number}", row
                number += 1
    except Exception as exc:
        yield f"{path} row {number}", f"unreadable Parquet data: {exc}"


def _row_article(row: dict[str, Any], options: ReadOptions) -> Article:
    columns = options.columns
    text, url = row.get(columns.text), row.get(columns.url)
    if text is not None and not isinstance(text, str):
        raise InputError(f"column {columns.text!r} is not text")
    url = str(url).strip() if url else None
    if text and text.strip():
        article = _text_or_html(text, url)
    elif url and options.fetch:
        article = load(url, options.ingest)
    else:
        raise InputError(
            f"no text in column {columns.text!r}" + ("" if url else f" and no URL in {columns.url!r}")
        )
    for attr, column in (("title", columns.title), ("outlet", columns.outlet)):
        value = row.get(column)
        if value not in (None, ""):
            setattr(article, attr, str(value).strip())
    if row.get(columns.published) not in (None, ""):
        article.published = iso_date(row[columns.published]) or article.published
    if url and not article.url:
        article.url = url
    if article.url and not article.outlet:
        from unspin.ingest.html import outlet_of

        article.outlet = outlet_of(article.url)
    return article


def _text_or_html(text: str, url: str | None) -> Article:
    from unspin.ingest.html import extract_html, looks_like_html, outlet_of

    if looks_like_html(text[:4096].encode("utf-8", "replace")):
        return extract_html(text, url)
    return Article(text=text, url=url, outlet=outlet_of(url))


# --- WARC -------------------------------------------------------------------------------------------


def _read_warc(path: Path, options: ReadOptions) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    with open(path, "rb") as handle:
        records = ArchiveIterator(handle, arc2warc=True)
        while True:
            where = f"{path} record {number}"
            try:
                record = next(records)
                number += 1
                if record.rec_type != "response":
                    continue
                content_type = (
                    (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                )
                if not content_type.lower().startswith(_HTML_TYPES):
                    continue
                status = record.http_headers.get_statuscode() if record.http_headers else "200"
                if status != "200":
                    continue
                body = record.content_stream().read(options.ingest.max_bytes + 1)
                # The offset is known only once the record has been read (asking earlier empties it).
                where = f"{path} record {number - 1} @ {records.get_record_offset()}"
            except StopIteration:
                return
            except (ArchiveLoadFailed, Exception) as exc:
                # warcio raises anything from ArchiveLoadFailed to AttributeError on damaged data. A damaged
                # archive cannot be resynchronised: report where, then stop this file.
                yield Record(
                    where,
                    error=f"malformed WARC: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                )
                return
            url = record.rec_headers.get_header("WARC-Target-URI")
            extract = partial(load_bytes, body, kind="html", url=url, options=options.ingest)
            yield _deferred(where, extract, options)


# --- feeds and sitemaps -------------------------------------------------------------------------------


def _read_xml(path: Path, options: ReadOptions) -> Iterator[Record]:
    with _open(path) as handle:
        data = handle.read(options.ingest.max_bytes + 1)
    if len(data) > options.ingest.max_bytes:
        yield Record(str(path), error=f"larger than the {options.ingest.max_bytes:,}-byte limit")
        return
    if _xml_kind(data, None) == "sitemap":
        yield from _read_sitemap(str(path), data, options, _SitemapBudget())
    else:
        yield from _read_feed(str(path), data, options)


def _is_http(value: str) -> bool:
    return value[:8].lower().startswith(("http://", "https://"))


@dataclass
class _SitemapBudget:
    """How far one source's sitemap indexes are followed: nested at most ``depth`` deep, and at most
    ``left`` sitemaps fetched in all, however they nest (an index may list 50,000 of them)."""

    depth: int = 0
    left: int = field(default_factory=lambda: MAX_SITEMAPS)


def _xml_kind(data: bytes, content_type: str | None) -> str | None:
    """ "sitemap", "feed" or None (a web page) for a document and its declared media type."""
    if content_type in _HTML_TYPES:
        return None
    head = data[:4096].lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if content_type in FEED_TYPES:
        return "feed"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "feed" if start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")) else None


def _read_url(
    url: str, options: ReadOptions, budget: _SitemapBudget, *, sitemap: bool = False
) -> Iterator[Record]:
    """A URL's article, or every article of the feed or sitemap it serves, fetched with the safe
    fetcher (as are the pages they link to). ``sitemap``: the URL was listed in a sitemap index."""
    from unspin.ingest.source import check_length, page_article
    from unspin.ingest.url import fetch

    try:
        page = fetch(url, options.ingest, extra_types=FEED_TYPES + GZIP_TYPES)
        data = page.body
        if page.content_type in GZIP_TYPES or data[:2] == b"\x1f\x8b":
            data = _gunzip(data, options.ingest.max_bytes, url)
    except UnspinError as exc:
        yield Record(url, error=str(exc))
        return
    kind = _xml_kind(data, page.content_type)
    if sitemap and kind != "sitemap":
        yield Record(url, error="listed in a sitemap index but not a sitemap")
    elif kind == "sitemap":
        yield from _read_sitemap(url, data, options, budget)
    elif kind == "feed":
        yield from _read_feed(url, data, options)
    elif data is not page.body:
        yield Record(url, error="compressed, but not a feed or sitemap")
    else:

        def article() -> Article:
            found = page_article(page, options.ingest)
            found.source = url
            check_length(found.text, url)
            return found

        yield _guard(url, article)


def _gunzip(data: bytes, limit: int, name: str) -> bytes:
    """Decompressed ``data``, refused past ``limit`` bytes (a small file may inflate a thousandfold)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(limit + 1)
    except (OSError, EOFError) as exc:
        raise InputError(f"{name}: damaged gzip data: {exc}") from None
    if len(out) > limit:
        raise InputError(f"{name}: larger than the {limit:,}-byte limit once decompressed")
    return out


def _read_feed(name: str, data: bytes, options: ReadOptions) -> Iterator[Record]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f": {feed.bozo_exception}" if feed.get("bozo") else ""
        yield Record(name, error=f"not an RSS/Atom feed, or a feed with no entries{reason}")
        return
    for number, entry in enumerate(feed.entries, 1):
        yield _guard(f"{name} entry {number}", partial(_entry_article, entry, options))


def _entry_article(entry: Any, options: ReadOptions) -> Article:
    from unspin.ingest.html import outlet_of

    link = entry.get("link")
    contents = [c.get("value", "") for c in entry.get("content", [])] or [entry.get("summary", "")]
    article: Article | None = None
    body = max(contents, key=len) if contents else ""
    if body:
        candidate = _entry_text(body, link)
        if candidate is not None and len(candidate.text.split()) >= FULL_TEXT_WORDS:
            article = candidate
    if article is None:
        if not link:
            raise InputError("entry has neither a link nor full-text content")
        if not options.fetch:
            raise InputError(f"entry content is a teaser and fetching is off: {link}")
        article = load(link, options.ingest)
    if entry.get("title") and not article.title:
        article.title = " ".join(str(entry.title).split())
    published = entry.get("published") or entry.get("updated")
    if published and not article.published:
        article.published = iso_date(published)
    if entry.get("author") and not article.authors:
        article.authors = [str(entry.author)]
    article.url = article.url or link
    article.outlet = article.outlet or outlet_of(article.url)
    return article


def _entry_text(body: str, link: str | None) -> Article | None:
    from unspin.ingest.html import extract_html, looks_like_html

    try:
        if looks_like_html(body[:4096].encode("utf-8", "replace")) or "<p" in body.lower():
            return extract_html(f"<html><body><article>{body}</article></body></html>", link)
        return Article(text=body.strip(), url=link)
    except UnspinError:
        return None


def _read_sitemap(name: str, data: bytes, options: ReadOptions, budget: _SitemapBudget) -> Iterator[Record]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        yield Record(name, error=f"malformed sitemap: {exc}")
        return
    locs = [(el.text or "").strip() for el in root.iter("{*}loc")]
    if etree.QName(root).localname == "sitemapindex":
        yield from _read_sitemap_index(name, locs, options, budget)
        return
    for number, loc in enumerate(locs, 1):
        where = f"{name} url {number}"
        if not loc.lower().startswith(("http://", "https://")):
            yield Record(where, error=f"not an http(s) URL: {loc[:100]!r}")
        elif not options.fetch:
            yield Record(where, error=f"fetching is off: {loc}")
        else:
            yield _guard(where, partial(load, loc, options.ingest))


def _read_sitemap_index(
    name: str, locs: list[str], options: ReadOptions, budget: _SitemapBudget
) -> Iterator[Record]:
    """The articles of every sitemap an index lists, within the budget (what is left over is reported)."""
    if not options.fetch:
        yield Record(name, error="fetching is off: the sitemaps of this index are not read")
        return
    if budget.depth >= MAX_SITEMAP_DEPTH:
        yield Record(
            name, error=f"sitemap indexes nested more than {MAX_SITEMAP_DEPTH} deep are not followed"
        )
        return
    inner = _SitemapBudget(budget.depth + 1, budget.left)
    for number, loc in enumerate(locs, 1):
        if inner.left <= 0:
            more = len(locs) - number + 1
            yield Record(name, error=f"{more:,} more sitemaps not read (at most {MAX_SITEMAPS} per source)")
            break
        if not _is_http(loc):
            yield Record(f"{name} sitemap {number}", error=f"not an http(s) URL: {loc[:100]!r}")
            continue
        inner.left -= 1
        yield from _read_url(loc, options, inner, sitemap=True)
    budget.left = inner.left
