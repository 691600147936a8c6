"""Store-backed reads (with ``--db``): ``/api/articles``, ``/api/articles/{id}``, ``/api/outlets``,
``/api/export``."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response

from unspin.report import to_json
from unspin.serve.catalog import MAX_PAGE, ArticleQuery, list_articles, outlet_detail, outlet_list
from unspin.serve.errors import ApiError, documented
from unspin.serve.inputs import iso_date
from unspin.store import Filters, Store, StoreError
from unspin.store import export as store_export

router = APIRouter(prefix="/api", tags=["store"])


def store_of(request: Request) -> Store:
    """The server's store; 404 when it was started without ``--db``."""
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise ApiError(404, "this server has no article store (start it with --db)")
    return store


async def _call(fn: Any, *args: Any) -> Any:
    try:
        return await run_in_threadpool(fn, *args)
    except StoreError as exc:
        status = 404 if str(exc).startswith("no ") else 422
        raise ApiError(status, str(exc)) from None


@router.get("/articles", summary="List stored articles", responses=documented(404, 422))
async def articles(
    request: Request,
    outlet: Annotated[str | None, Query(max_length=255, description="Outlet domain.")] = None,
    since: Annotated[str | None, Query(description="Published on or after (ISO date).")] = None,
    until: Annotated[str | None, Query(description="Published on or before (ISO date).")] = None,
    technique: Annotated[
        str | None, Query(max_length=64, description="Has a span of this technique.")
    ] = None,
    label: Annotated[
        str | None, Query(max_length=64, description="Has a span with this label, any layer.")
    ] = None,
    unsourced: Annotated[
        bool | None, Query(description="Has (true) or lacks (false) unsourced claims.")
    ] = None,
    q: Annotated[str | None, Query(max_length=500, description="Full-text search (best matches).")] = None,
    cursor: Annotated[str | None, Query(description="The `next` of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> dict[str, Any]:
    """Newest first, `limit` a page; pass `next` back as `cursor` for the following page."""
    if cursor is not None and not cursor.isdigit():
        raise ApiError(422, "cursor: not a cursor this server gave out")
    query = ArticleQuery(
        outlet=outlet,
        since=iso_date(since) if since else None,
        until=iso_date(until) if until else None,
        technique=technique,
        label=label,
        unsourced=unsourced,
        q=q.strip() if q and q.strip() else None,
        after=int(cursor) if cursor is not None else None,
        limit=limit,
    )
    page: dict[str, Any] = await _call(list_articles, store_of(request), query)
    return page


@router.get("/articles/{article_id}", summary="One stored article", responses=documented(404))
async def article(request: Request, article_id: int) -> Response:
    """The stored article with every stored layer, as an `unspin/1` document."""
    stored = await _call(store_of(request).article, article_id)
    return Response(to_json(stored, indent=None), media_type="application/json")


_MEDIA = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


@router.get("/export", summary="Export articles or spans", responses=documented(404, 422))
async def export(
    request: Request,
    background: BackgroundTasks,
    format: Annotated[
        str, Query(pattern="^(jsonl|csv|parquet)$", description="jsonl, csv or parquet.")
    ] = "jsonl",
    layer: Annotated[str | None, Query(max_length=64, description="One row per span of this layer.")] = None,
    outlet: Annotated[str | None, Query(max_length=255)] = None,
    since: Annotated[str | None, Query(description="Published on or after (ISO date).")] = None,
    until: Annotated[str | None, Query(description="Published on or before (ISO date).")] = None,
) -> Response:
    """Exactly what `unspin export` writes (same columns, same order), as a download."""
    store = store_of(request)
    filters = Filters(
        outlets=(outlet,) if outlet else (),
        since=iso_date(since) if since else None,
        until=iso_date(until) if until else None,
    )
    folder = tempfile.mkdtemp(prefix="unspin-export-")
    background.add_task(shutil.rmtree, folder, True)
    path = Path(folder) / f"unspin-export.{format}"
    try:
        await _call(store_export.export, store, format, path, layer, filters)
    except ApiError:
        shutil.rmtree(folder, True)
        raise
    return FileResponse(path, media_type=_MEDIA[format], filename=path.name, background=background)


@router.get("/outlets", summary="Outlets in the store", responses=documented(404))
async def outlets(request: Request) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = await _call(outlet_list, store_of(request))
    return result


@router.get("/outlets/{domain}", summary="One outlet's figures by month", responses=documented(404))
async def outlet(request: Request, domain: str) -> dict[str, Any]:
    """Articles, technique spans (per 1,000 characters) and unsourced claims per month; top techniques."""
    result: dict[str, Any] = await _call(outlet_detail, store_of(request), domain)
    return result
