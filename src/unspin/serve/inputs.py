"""What a client may send to be analysed, and how it becomes an :class:`Article`.

The same ingestion as the CLI (``unspin.ingest``): the same size cap, decoding and HTML extraction,
and for URLs the same safe fetcher (public addresses only, redirects re-checked, size and time caps).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from unspin.article import Article
from unspin.errors import InputError
from unspin.ingest import IngestOptions, load, load_bytes

_TEXT_LIMIT = "At most the server's --max-bytes once encoded as UTF-8."


class ArticleInput(BaseModel):
    """One article to analyse: exactly one of ``text``, ``html`` or ``url``, plus optional metadata."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"text": "The ministry said 12 people were killed. Critics called it a lie."}]
        },
    )

    text: str | None = Field(None, description=f"The article as plain text. {_TEXT_LIMIT}")
    html: str | None = Field(None, description=f"An HTML page; its article body is extracted. {_TEXT_LIMIT}")
    url: str | None = Field(
        None,
        description="An http(s) URL the server fetches (public addresses only, at most 5 redirects, "
        "HTML or plain text).",
        max_length=2048,
    )
    page_url: str | None = Field(None, description="Where the given html or text came from.", max_length=2048)
    title: str | None = Field(None, description="Title (overrides what ingestion found).", max_length=1000)
    outlet: str | None = Field(None, description="Outlet domain, e.g. example.com.", max_length=255)
    published: str | None = Field(
        None,
        description="Publication date, ISO (2026-03-14); dates in the text resolve against it.",
        max_length=40,
    )


def iso_date(value: str) -> str:
    """``value`` as an ISO date or date-time; :class:`InputError` if it is neither."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"published: {value!r} is not an ISO date such as 2026-03-14") from None
    return parsed.date().isoformat() if len(value) <= 10 else parsed.isoformat()


def to_article(given: ArticleInput, options: IngestOptions) -> Article:
    """Read ``given`` into an article (may fetch a URL: call it from a worker thread, not the event loop)."""
    chosen = [name for name in ("text", "html", "url") if getattr(given, name) not in (None, "")]
    if len(chosen) != 1:
        raise InputError("give exactly one of text, html or url")
    published = iso_date(given.published) if given.published else None
    if given.url:
        article = load(given.url.strip(), options)
    else:
        kind = chosen[0]
        data = str(getattr(given, kind)).encode("utf-8", "surrogatepass")
        article = load_bytes(data, kind=kind, url=given.page_url or None, options=options)
    for name, value in (("title", given.title), ("outlet", given.outlet), ("published", published)):
        if value:
            setattr(article, name, value)
    return article
