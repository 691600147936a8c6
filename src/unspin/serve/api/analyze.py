"""``POST /api/analyze``: one article in, its ``unspin/1`` analysis out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from unspin.report import to_json
from unspin.serve.errors import documented
from unspin.serve.inputs import ArticleInput, to_article

router = APIRouter(prefix="/api", tags=["analysis"])


@router.post(
    "/analyze",
    summary="Analyse one article",
    response_description="The analysis, schema unspin/1 (see `unspin schema`).",
    responses={200: {"content": {"application/json": {}}}, **documented(401, 403, 413, 415, 422, 429, 503)},
)
async def analyze(given: ArticleInput, request: Request) -> Response:
    """Analyse text, HTML or a URL with every layer and return the ``unspin/1`` JSON document.

    Errors (4xx/503) are ``{"error": {"status": …, "message": …}}``.
    """
    state = request.app.state
    article = await run_in_threadpool(to_article, given, state.config.ingest)
    analysed = await state.analyst.analyse(article)
    return Response(to_json(analysed, indent=None), media_type="application/json")
