"""Pages over the store (``--db``): the article list with search and filters, one stored article's
report, and an outlet's figures by month drawn as server-side SVG (no chart library, no script)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from unspin.errors import UnspinError
from unspin.serve.api.store import store_of
from unspin.serve.catalog import ArticleQuery, list_articles, outlet_detail, places_in
from unspin.serve.errors import ApiError
from unspin.serve.inputs import iso_date
from unspin.serve.ui.pages import page
from unspin.serve.ui.report import render_fragment
from unspin.serve.ui.worldmap import Place, places_of, svg

router = APIRouter(include_in_schema=False)
_HIT = re.compile(r"\[([^\[\]]*)\]")
_FILTERS = ("q", "outlet", "since", "until", "technique", "unsourced")


def highlight(snippet: str) -> Markup:
    """The store's search snippet (hits between ``[`` and ``]``) escaped, hits in ``<mark>``."""
    return Markup(_HIT.sub(lambda m: f'<mark class="hit">{m.group(1)}</mark>', str(escape(snippet))))


@router.get("/articles", response_class=HTMLResponse)
async def articles_page(request: Request) -> Response:
    store = store_of(request)
    given = {name: (request.query_params.get(name) or "").strip() for name in _FILTERS}
    cursor = request.query_params.get("cursor") or ""
    try:
        query = ArticleQuery(
            q=given["q"] or None,
            outlet=given["outlet"] or None,
            since=iso_date(given["since"]) if given["since"] else None,
            until=iso_date(given["until"]) if given["until"] else None,
            technique=given["technique"] or None,
            unsourced={"yes": True, "no": False}.get(given["unsourced"]),
            after=int(cursor) if cursor.isdigit() else None,
            limit=50,
        )
        result = await run_in_threadpool(list_articles, store, query)
    except UnspinError as exc:
        return page(
            request, "articles.html", 422, filters=given, items=[], next=None, error=str(exc), map=None
        )
    for item in result["items"]:
        item["hit"] = highlight(item["snippet"]) if item.get("snippet") else None
    next_query = None
    if result["next"]:
        next_query = urlencode({**{k: v for k, v in given.items() if v}, "cursor": result["next"]})
    found = await run_in_threadpool(places_in, store, [int(item["id"]) for item in result["items"]])
    drawn = svg((Place(**row) for row in found), "Places named in these articles")
    return page(
        request, "articles.html", filters=given, items=result["items"], next=next_query, error=None, map=drawn
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: int) -> Response:
    try:
        article = await run_in_threadpool(store_of(request).article, article_id)
    except UnspinError as exc:
        raise ApiError(404, str(exc)) from None
    parts = render_fragment(article)
    title = article.title or "Untitled article"
    drawn = svg(places_of(article))
    return page(
        request,
        "article.html",
        style=parts.style,
        report=parts.body,
        title=title,
        article_id=article_id,
        map=drawn,
    )


def bars(months: list[dict[str, Any]], key: str, width: int = 640, height: int = 160) -> dict[str, Any]:
    """Geometry of a bar chart of ``key`` per month, for the template's inline SVG."""
    values = [float(m.get(key) or 0) for m in months]
    top = max(values, default=0.0) or 1.0
    step = width / max(1, len(values))
    out = []
    for i, (month, value) in enumerate(zip(months, values, strict=True)):
        h = round((height - 20) * value / top, 1)
        out.append(
            {
                "x": round(i * step + step * 0.15, 1),
                "y": round(height - 16 - h, 1),
                "w": round(step * 0.7, 1),
                "h": h,
                "label": month["month"],
                "value": round(value, 3),
                "tx": round(i * step + step / 2, 1),
            }
        )
    return {"width": width, "height": height, "bars": out}


@router.get("/outlets/{domain}", response_class=HTMLResponse)
async def outlet_page(request: Request, domain: str) -> Response:
    try:
        detail = await run_in_threadpool(outlet_detail, store_of(request), domain)
    except UnspinError as exc:
        raise ApiError(404, str(exc)) from None
    charts = {
        "Technique spans per 1,000 characters": bars(detail["months"], "techniques_per_1000_chars"),
        "Unsourced claims": bars(detail["months"], "unsourced_claims"),
    }
    return page(request, "outlet.html", outlet=detail, charts=charts, title=domain)
