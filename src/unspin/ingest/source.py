"""One entry point for every source: a file, standard input or a URL, as plain text or HTML.

All three routes end in :func:`load_bytes`, so size limits, decoding and extraction behave the same
whichever way an article arrives.
"""

from __future__ import annotations

import os
import re
import select
import stat
import sys
from typing import TYPE_CHECKING, BinaryIO

from unspin.article import Article
from unspin.errors import FetchError, InputError
from unspin.ingest.html import extract_html, looks_like_html, meta_charset, outlet_of
from unspin.ingest.options import MAX_CHARS, IngestOptions
from unspin.ingest.text import decode, headline

if TYPE_CHECKING:
    from unspin.ingest.url import FetchedPage

HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ".rst"})
KINDS = ("text", "html")
__all__ = [
    "DEFAULTS",
    "KINDS",
    "MAX_CHARS",
    "IngestOptions",
    "check_length",
    "load",
    "load_bytes",
    "page_article",
]
DEFAULTS = IngestOptions()
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_OTHER_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def load(source: str, options: IngestOptions = DEFAULTS, *, stdin: BinaryIO | None = None) -> Article:
    """Read an article from ``source``: ``-`` for standard input, an http(s) URL, or a file path.

    Files are HTML by extension (.html, .htm, .xhtml), plain text for .txt and the like, and sniffed
    otherwise, as is stdin; a URL's Content-Type decides. The article's ``source`` is ``source`` as given.
    Raises :class:`InputError` or :class:`FetchError`.
    """
    article = _load(source, options, stdin)
    article.source = source
    check_length(article.text, source)
    return article


def check_length(text: str, name: str) -> None:
    """Refuse a text longer than :data:`MAX_CHARS` (one spaCy parse) with a one-line :class:`InputError`."""
    if len(text) > MAX_CHARS:
        raise InputError(
            f"{name} is {len(text):,} characters long, over the {MAX_CHARS:,}-character limit of one "
            "article; split it into parts"
        )


def _load(source: str, options: IngestOptions, stdin: BinaryIO | None) -> Article:
    if source == "-":
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError("cannot read stdin: there is no standard input")
        data = _read_stream(stream, options.max_bytes, options.timeout)
        return _from_bytes(data, None, None, None, options, "stdin")
    if source[:8].lower().startswith(("http://", "https://")):
        from unspin.ingest.url import fetch

        return page_article(fetch(source, options), options)
    if _OTHER_SCHEME.match(source) and not os.path.exists(source):
        scheme = source.split(":", 1)[0]
        raise FetchError(f"cannot read {source}: {scheme} URLs are not supported, only http and https")
    extension = os.path.splitext(source)[1].lower()
    kind = "html" if extension in HTML_EXTENSIONS else "text" if extension in TEXT_EXTENSIONS else None
    return _from_bytes(
        _read_file(source, options.max_bytes, options.timeout), kind, None, None, options, source
    )


def page_article(page: FetchedPage, options: IngestOptions = DEFAULTS) -> Article:
    """The article in a fetched web page (HTML or plain text, as its content type says); :func:`load`
    of a URL is ``page_article(fetch(url))``, corpus ingestion fetches first to tell pages from feeds."""
    if page.content_type in _HTML_TYPES:
        kind: str | None = "html"
    elif page.content_type == "text/plain":
        kind = "text"
    else:
        kind = None
    return _from_bytes(page.body, kind, page.url, page.charset, options, page.url)


def load_bytes(
    data: bytes, *, kind: str | None = None, url: str | None = None, options: IngestOptions = DEFAULTS
) -> Article:
    """Make an article from raw bytes: ``kind`` is "text", "html" or None to sniff; ``url`` is where the
    bytes came from, if anywhere (HTML extraction uses it, and it sets the article's url and outlet)."""
    article = _from_bytes(data, kind, url, None, options, url or "input")
    check_length(article.text, url or "input")
    return article


def _from_bytes(
    data: bytes, kind: str | None, url: str | None, charset: str | None, options: IngestOptions, name: str
) -> Article:
    if kind not in (None, *KINDS):
        raise InputError(f"unknown input kind {kind!r}: expected 'text' or 'html'")
    if len(data) > options.max_bytes:
        raise InputError(_too_large(name, options.max_bytes))
    if kind is None:
        kind = "html" if looks_like_html(data) else "text"
    if kind == "text":
        text = decode(data, declared=charset, name=name)
        return Article(text=text, url=url, outlet=outlet_of(url), title=headline(text))
    html = decode(data, declared=charset or meta_charset(data), name=name)
    return extract_html(html, url)


def _read_file(path: str, max_bytes: int, timeout: float) -> bytes:
    """Read at most ``max_bytes`` (one more to notice a larger file), with errors that name the path.

    A FIFO is opened without blocking and read with ``timeout`` as :func:`_read_pipe` does: opening one
    with no writer would otherwise wait forever.
    """
    try:
        if stat.S_ISFIFO(os.stat(path).st_mode):
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            try:
                return _read_pipe(fd, max_bytes, timeout, path)
            finally:
                os.close(fd)
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise InputError(_too_large(path, max_bytes))
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(_too_large(path, max_bytes))
    return data


def _read_stream(stream: BinaryIO, max_bytes: int, timeout: float) -> bytes:
    """Standard input: a pipe or FIFO is read with ``timeout`` (:func:`_read_pipe`); a terminal (someone
    typing), a file redirected in, or a stream without a descriptor is read as it comes."""
    try:
        fd = stream.fileno()
        is_pipe = not os.isatty(fd) and stat.S_ISFIFO(os.fstat(fd).st_mode)
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is an OSError
        is_pipe = False
    if is_pipe:
        return _read_pipe(fd, max_bytes, timeout, "stdin")
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= max_bytes:
            chunk = stream.read(min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read stdin: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise InputError(_too_large("stdin", max_bytes))
    return b"".join(chunks)


def _read_pipe(fd: int, max_bytes: int, timeout: float, name: str) -> bytes:
    """Read a pipe or FIFO to its end, giving up when no byte comes for ``timeout`` seconds.

    The timeout is per wait, not for the whole read, so a slow but live writer is read to its end; a
    FIFO nobody writes to, or a pipe whose writer stays silent, ends in an :class:`InputError`.
    """
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= max_bytes:
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                raise InputError(
                    f"{name}: no data for {timeout:g} s (is anything writing to it?); "
                    "give a slow writer more time with --timeout"
                )
            try:
                chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            except BlockingIOError:
                continue
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise InputError(_too_large(name, max_bytes))
    return b"".join(chunks)


def _too_large(name: str, max_bytes: int) -> str:
    return f"{name} is larger than the {max_bytes:,}-byte limit"
