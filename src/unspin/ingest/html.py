"""Article extraction from HTML: the main text and its metadata, nothing else from the page.

trafilatura finds the article body (dropping navigation, ads, scripts, comments) and its metadata; htmldate
is a second try for the date. The page is only parsed: lxml does not fetch external entities, nothing is
executed, and we hand both libraries a parsed tree, never a string (htmldate downloads a string that looks
like a URL). Extraction cost grows with the number of elements, so pages with absurdly many are refused
instead of keeping the user waiting for minutes; libxml2 itself caps nesting depth.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from unspin.article import Article
from unspin.errors import InputError

if TYPE_CHECKING:
    from trafilatura.settings import Document

# trafilatura + htmldate take 50-150 µs per element, and more than linear time on the largest pages: this
# keeps extraction under about ten seconds even when the size cap is raised. Real article pages have a few
# thousand elements once SVG drawings are dropped.
MAX_ELEMENTS = 80_000

_HTML_START = ("<!doctype html", "<html", "<head", "<body", "<article")
_PREAMBLE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "mis"})
# Elements that never hold article text but can number in the thousands (SVG icons are made of paths).
_NEVER_TEXT = ("svg", "style", "template")


def looks_like_html(data: bytes) -> bool:
    """Sniff the first bytes: a doctype or an opening html/head/body/article tag, after any BOM, white
    space, XML declaration or comments."""
    head = data[:4096]
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            start = head.decode(codec, errors="ignore")
            break
    else:
        start = head.decode("latin-1")  # markup is ASCII, whatever the encoding of the rest
    start = start.lstrip("\ufeff\xef\xbb\xbf")
    while match := _PREAMBLE.match(start):
        start = start[match.end() :]
    return start.lstrip().lower().startswith(_HTML_START)


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``http-equiv``, within its first 2 KB."""
    match = _META_CHARSET.search(data[:2048])
    return match.group(1).decode("ascii") if match else None


def outlet_of(url: str | None) -> str | None:
    """The outlet's domain from a URL: its host name, lower-cased, without a leading ``www.``."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    host = re.sub(r"^www\d*\.", "", host)
    return host or None


def extract_html(html: str, url: str | None = None) -> Article:
    """Extract the article text and metadata from a page; ``url`` is where it came from, if known.

    Paragraphs are joined with a blank line. Raises :class:`InputError` when there is no article text.
    """
    tree = _parse(html)
    _prune(tree)
    count = sum(1 for _ in tree.iter())
    if count > MAX_ELEMENTS:
        raise InputError(
            f"the HTML is too complex to extract ({count:,} elements; the limit is {MAX_ELEMENTS:,})"
        )

    import trafilatura
    from trafilatura.settings import Document

    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
        )
    except RecursionError:
        raise InputError("the HTML is nested too deeply to extract") from None
    if isinstance(doc, dict):  # older trafilatura returned a dict with as_dict
        doc = Document.from_dict(doc)
    text = _body_text(doc) if doc is not None else ""
    if doc is None or not text:
        raise InputError("no article text found in the HTML (the page may be empty or need JavaScript)")

    page_url = url or _http_url(doc.url)
    return Article(
        text=text,
        title=_clean(doc.title),
        url=page_url,
        outlet=outlet_of(page_url),
        published=_iso_date(doc.date) or _fallback_date(tree, page_url),
        authors=_authors(doc.author),
        language=_language(tree) or _language_code(doc.language),
    )


def _parse(html: str) -> HtmlElement:
    from trafilatura import load_html

    html = html.lstrip("\ufeff")
    tree = load_html(html)
    if tree is None:  # trafilatura refuses fragments without an <html> tag; wrap them
        tree = load_html(f"<html><body>{html}</body></html>")
    if tree is None:
        raise InputError("no article text found in the HTML (it could not be parsed)")
    return tree


def _prune(tree: HtmlElement) -> None:
    """Drop subtrees that never hold article text, so their elements do not count against the limit.
    Scripts stay: JSON-LD metadata (author, date) lives in them, and trafilatura drops the rest."""
    etree.strip_elements(tree, *_NEVER_TEXT, with_tail=False)


def _body_text(doc: Document) -> str:
    """One block (paragraph, heading, list, table, quote) per paragraph, separated by a blank line."""
    from trafilatura.xml import xmltotxt

    blocks = [xmltotxt(child, False).strip() for child in doc.body] if doc.body is not None else []
    text = "\n\n".join(b for b in blocks if b)
    return text or (doc.text or "").strip()


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None


def _http_url(value: str | None) -> str | None:
    """The page's own absolute http(s) URL (canonical link, og:url), if it gives a usable one."""
    try:
        parts = urlsplit(value or "")
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.hostname else None


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _fallback_date(tree: HtmlElement, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(copy.deepcopy(tree), url=url, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError, RecursionError):
        return None
    return _iso_date(found)


def _authors(value: str | None) -> list[str]:
    names: list[str] = []
    for part in (value or "").split(";"):
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return names


def _language(tree: HtmlElement) -> str | None:
    """The page's declared language: ``<html lang>``, then Content-Language and og:locale metas."""
    declared = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *tree.xpath("//meta[translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language']/@content"),
        *tree.xpath("//meta[@property='og:locale']/@content"),
    ]
    for value in declared:
        code = _language_code(value)
        if code:
            return code
    return None


def _language_code(value: str | None) -> str | None:
    """The primary language subtag (``en`` for ``en-GB``), or None if it does not look like one."""
    if not value:
        return None
    primary = re.split(r"[-_,;\s]", value.strip().lower(), maxsplit=1)[0]
    if _LANGUAGE.fullmatch(primary) and primary not in _NOT_LANGUAGES:
        return primary
    return None
