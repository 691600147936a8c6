"""Article extraction from HTML: the main text and its metadata, nothing else from the page.

trafilatura finds the article body (dropping navigation, ads, scripts, comments) and its metadata (the
date through htmldate); the date in the page's own URL is tried when trafilatura searched another one
(its canonical link). The page is parsed once, here, and only parsed: lxml does not fetch external
entities, nothing is executed, and we hand both libraries a parsed tree, never a string (htmldate
downloads a string that looks like a URL). Extraction cost grows with the number of elements, so pages
with absurdly many are refused instead of keeping the user waiting for minutes; libxml2 itself caps
nesting depth.

trafilatura alone lets page furniture into the body and sometimes drops the lead, so around it:
boxes whose class or id names them (sidebar, related, teaser, newsletter, author bio, credit…) are cut
before extraction unless they hold most of the page's paragraph text; short teaser and credit paragraphs
("Also on …", "Read more:", "Reporting by …", "Photo: …", "###") are dropped after it; a lead paragraph
(standfirst, intro) that sits before the body and was lost is put back; and a page whose "body" is mostly
link text with almost no prose is refused as not an article. bench/real/extraction.py measures this on
generated layouts.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement, fromstring

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
# Class/id words (split on "-" and "_") of boxes that are page furniture, never the story.
_FURNITURE = frozenset(
    """sidebar aside related teaser teasers also promo promos newsletter signup subscribe share sharing
    social bio author-bio recommended recirculation outbrain taboola obituary obituaries most-read popular
    trending credit credits caption advert advertisement ad ads""".split()
)
_FURNITURE_PAIRS = frozenset({("read", "more"), ("also", "on"), ("more", "stories"), ("author", "bio")})
# Class/id words of a lead paragraph (standfirst, dek) that extraction may leave out.
_LEAD = frozenset("lead standfirst intro summary dek deck sapo chapo excerpt subtitle subheadline".split())
# Short paragraphs that point elsewhere or credit people: not the story.
_TEASER = re.compile(
    r"^\W*(also on\b|read more\b|read also\b|more on this\b|see also\b"
    r"|related\s*(:|stories|articles|coverage)|recommended\b|more from\b|click here\b|sign up\b"
    r"|subscribe\b|follow us\b|share this\b)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\W*(reporting by|additional reporting|writing by|editing by|edited by|compiled by"
    r"|(photo(graph)?s?|image|picture|video)\s*(credit)?\s*(:|by\b)|credit:|editor:|source:|media contact"
    r"|press contact|contact:"
    r"|copyright\b|©|\(c\) ?\d{4})",
    re.IGNORECASE,
)
_END_MARKS = frozenset({"###", "# # #", "-30-", "- 30 -", "ENDS", "-ends-"})
_MAX_SHORT = 30  # words: longer paragraphs are kept whatever they start with
# The elements furniture and lead boxes are found among, in document order (most pages name few).
_NAMED = etree.XPath("//aside | //*[@class or @id]")
_COUNT = etree.XPath("count(//*)")
_CONTENT_LANGUAGE = etree.XPath(
    "//meta[translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language']/@content"
)
_OG_LOCALE = etree.XPath("//meta[@property='og:locale']/@content")


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
    _cut_furniture(tree)
    count = int(_COUNT(tree))
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
            # Not "python": that also renders the whole body as one string, which _body_text does per
            # block anyway (the format changes nothing else in extraction).
            output_format="xml",
        )
    except RecursionError:
        raise InputError("the HTML is nested too deeply to extract") from None
    if isinstance(doc, dict):  # older trafilatura returned a dict with as_dict
        doc = Document.from_dict(doc)
    text = _body_text(doc) if doc is not None else ""
    if doc is None or not text:
        raise InputError("no article text found in the HTML (the page may be empty or need JavaScript)")
    if _links_only(tree, text):
        raise InputError(
            "not an article: the page holds only links and headlines (navigation, a section front)"
        )
    text = _restore_lead(tree, text, _clean(doc.title))

    page_url = url or _http_url(doc.url)
    return Article(
        text=text,
        title=_clean(doc.title),
        url=page_url,
        outlet=outlet_of(page_url),
        published=_iso_date(doc.date) or _url_date(page_url, doc.url),
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
    """One block (paragraph, heading, list, table, quote) per paragraph, separated by a blank line;
    teaser and credit lines left out."""
    from trafilatura.xml import xmltotxt

    if doc.body is None:
        return (doc.text or "").strip()
    blocks = [xmltotxt(child, False).strip() for child in doc.body]
    text = "\n\n".join(b for b in blocks if b and not is_furniture_line(b))
    return text or xmltotxt(doc.body, False).strip()


def is_furniture_line(block: str) -> bool:
    """A short paragraph that is a teaser ("Read more: …"), a credit line or an end mark, not the story."""
    if block.strip() in _END_MARKS:
        return True
    # The anchored patterns first: most paragraphs fail them at once, and need no word count.
    return bool(_TEASER.match(block) or _CREDIT.match(block)) and len(block.split()) <= _MAX_SHORT


def _class_words(el: HtmlElement) -> list[str]:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return [w for name in names.split() for w in re.split(r"[-_]+", name) if w]


def _is_furniture_box(el: HtmlElement) -> bool:
    if el.tag == "aside":
        return True
    words = _class_words(el)
    return any(w in _FURNITURE for w in words) or any(
        pair in _FURNITURE_PAIRS for pair in itertools.pairwise(words)
    )


def _paragraph_words(el: HtmlElement) -> int:
    return sum(len((p.text_content() or "").split()) for p in el.iter("p"))


def _cut_furniture(tree: HtmlElement) -> None:
    """Remove sidebars, teasers, related lists, bios and credits named by their class or id, unless a box
    holds most of the page's paragraph text (then its name is misleading: it is the story's container)."""
    doomed = [el for el in _NAMED(tree) if el.tag not in ("html", "body") and _is_furniture_box(el)]
    if not doomed:
        return
    total = _paragraph_words(tree) or 1
    for el in doomed:
        parent = el.getparent()
        if parent is None or _paragraph_words(el) > total / 2:
            continue
        tail = el.tail
        parent.remove(el)
        if tail and tail.strip():  # keep text that followed the box
            prev = parent[-1] if len(parent) else None
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _links_only(tree: HtmlElement, text: str) -> bool:
    """True when nearly every line of the extracted text is the text of a link: a list of headlines."""
    anchors = {_norm(a.text_content() or "") for a in tree.iter("a")}
    anchors.discard("")
    if not anchors:
        return False
    lines = [line for line in text.splitlines() if line.strip()]
    prose = [line for line in lines if _norm(line.lstrip("-•* ")) not in anchors]
    words = sum(len(line.split()) for line in lines) or 1
    prose_words = sum(len(line.split()) for line in prose)
    return prose_words < 40 and prose_words / words < 0.5


def _restore_lead(tree: HtmlElement, text: str, title: str | None) -> str:
    """Put back a lead paragraph (class lead/standfirst/intro…) that precedes the body but was dropped."""
    leads = [el for el in _NAMED(tree) if any(w in _LEAD for w in _class_words(el))]
    if not leads:  # most pages: nothing named like a lead, nothing to look up
        return text
    blocks = text.split("\n\n")
    first = next((b for b in blocks if _norm(b) != _norm(title or "")), None)
    if first is None:
        return text
    found = _norm(text)
    order = {el: i for i, el in enumerate(tree.iter())}
    first_at = next((order[p] for p in tree.iter("p") if _norm(p.text_content() or "") == _norm(first)), None)
    if first_at is None:
        return text
    for el in leads:
        if order[el] >= first_at:
            break
        if any(a.tag in ("nav", "footer", "li", "a") for a in el.iterancestors()):
            continue
        lead = " ".join((el.text_content() or "").split())
        if len(lead.split()) < 12 or lead[-1:] not in '.!?"”’' or _norm(lead) in found:
            continue
        at = 1 if _norm(blocks[0]) == _norm(title or "") else 0
        return "\n\n".join([*blocks[:at], lead, *blocks[at:]])
    return text


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


def _url_date(url: str | None, searched: str | None) -> str | None:
    """The date in the page's URL (``/2023/05/17/``), when trafilatura searched another URL.

    trafilatura's metadata step already ran htmldate over this very tree (the same options: original
    date, extensive search), looking first at the date in ``searched`` (the page's canonical or og:url
    if it has one). A second full htmldate pass could therefore only differ through the URL: only
    that is tried again, on an empty page (htmldate never fetches a tree)."""
    if not url or url == searched:
        return None
    from htmldate import find_date

    try:
        found = find_date(_empty_page(), url=url, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return _iso_date(found)


@cache
def _empty_page() -> HtmlElement:
    return fromstring("<html><body></body></html>")


def _authors(value: str | None) -> list[str]:
    names: list[str] = []
    for part in (value or "").split(";"):
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return names


def _language(tree: HtmlElement) -> str | None:
    """The page's declared language: ``<html lang>``, then Content-Language and og:locale metas (looked
    up only when the attributes give none)."""
    for value in (tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")):
        if code := _language_code(value):
            return code
    for metas in (_CONTENT_LANGUAGE, _OG_LOCALE):
        for value in metas(tree):
            if code := _language_code(value):
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
