"""Writes to the store (with ``--db``; a token once the server has one): ``POST /api/articles`` adds and
analyses articles at once, ``POST /api/jobs`` queues long work (``GET /api/jobs/{id}`` follows it)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from unspin.article import Article
from unspin.corpus import Record, add_records, canonical_url
from unspin.errors import UnspinError
from unspin.serve.analysis import Analyst
from unspin.serve.api.store import store_of
from unspin.serve.errors import ApiError, documented
from unspin.serve.inputs import ArticleInput, to_article
from unspin.serve.jobs import Jobs, check_sources, expected_versions, save_outcomes
from unspin.store import Store, content_hash

router = APIRouter(prefix="/api", tags=["store"])
MAX_BATCH = 100


class ArticleBatch(BaseModel):
    """Several articles at once (at most 100); each is added, or reported as a duplicate or an error."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleInput] = Field(min_length=1, max_length=MAX_BATCH)


class JobInput(BaseModel):
    """``add``: read ``sources`` into the store, then analyse what is pending; ``run``: only analyse."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"kind": "add", "sources": ["feeds/daily.xml"]}, {"kind": "run"}]},
    )
    kind: Literal["add", "run"]
    sources: list[str] = Field(
        default=[],
        max_length=100,
        description="For add: http(s) URLs, or paths inside the server's --inbox folder (a feed, a WARC, a "
        "table, a folder).",
    )
    retry_errors: bool = Field(False, description="Analyse again articles whose analysis failed before.")


def _jobs(request: Request) -> Jobs:
    store_of(request)
    jobs: Jobs | None = getattr(request.app.state, "jobs", None)
    if jobs is None:
        raise ApiError(503, "the job runner is not running")
    return jobs


def _stored_id(store: Store, article: Article) -> int | None:
    with store.reading() as connection:
        return store.duplicate_of(connection, content_hash(article.text), canonical_url(article.url))


def add_and_analyse(
    store: Store, analyst: Analyst, given: list[Article | UnspinError]
) -> list[dict[str, Any]]:
    """Add the articles read (``unspin add``'s rules: exact duplicates and non-English texts are not
    stored), analyse the new ones through the server's runner and store their analyses. One item each.

    An article stored but not yet analysed when the server stops stays pending: a ``run`` job or
    ``unspin run`` picks it up.
    """
    items: list[dict[str, Any]] = []
    new: list[tuple[int, Article]] = []
    for outcome in given:
        if isinstance(outcome, UnspinError):
            items.append({"status": "error", "message": str(outcome)})
            continue
        existing = _stored_id(store, outcome)
        if existing is not None:
            items.append({"status": "duplicate", "id": existing})
            continue
        add_records(store, [Record("api", outcome)])
        stored = _stored_id(store, outcome)
        if stored is None:
            items.append({"status": "skipped", "message": "not stored: the text is not in English"})
            continue
        items.append({"status": "added", "id": stored})
        new.append((stored, outcome))
    if new:
        names = frozenset(expected_versions(analyst))
        outcomes = analyst.analyse_many([article for _, article in new])
        done = [(i, names, outcome) for (i, _), outcome in zip(new, outcomes, strict=True)]
        with store.transaction() as connection:
            save_outcomes(store, connection, done)
        errors = {i: str(o) for i, _, o in done if not isinstance(o, Article)}
        for item in items:
            if item.get("id") in errors and item["status"] == "added":
                item["message"] = f"stored, but its analysis failed: {errors[item['id']]}"
    return items


def _read(given: ArticleInput, request: Request) -> Article | UnspinError:
    try:
        return to_article(given, request.app.state.config.ingest)
    except UnspinError as exc:
        return exc


@router.post(
    "/articles",
    summary="Add articles to the store and analyse them",
    status_code=200,
    responses=documented(401, 403, 404, 413, 415, 422, 429, 503),
)
async def add_articles(
    request: Request,
    body: Annotated[ArticleInput | ArticleBatch, Body(description='One article, or {"articles": [...]}.')],
) -> dict[str, Any]:
    """Store and analyse one article or a batch (`{"articles": [...]}`, at most 100), then answer
    `{"items": [...]}`, one per article in order: `status` `added` (with its `id`), `duplicate` (the `id`
    already stored), `skipped` (not English) or `error` (with the `message`). One article that cannot be
    read is a 422; in a batch it is that item's error. Larger corpora: `POST /api/jobs`."""
    store = store_of(request)
    inputs = body.articles if isinstance(body, ArticleBatch) else [body]
    given = [await run_in_threadpool(_read, one, request) for one in inputs]
    if isinstance(body, ArticleInput) and isinstance(given[0], UnspinError):
        raise ApiError(422, str(given[0]))
    items = await run_in_threadpool(add_and_analyse, store, request.app.state.analyst, given)
    return {"items": items}


@router.post(
    "/jobs", summary="Queue a job", status_code=202, responses=documented(401, 403, 404, 413, 415, 422, 429)
)
async def create_job(request: Request, given: JobInput) -> JSONResponse:
    """Queue `add` (read `sources`, then analyse what is pending) or `run` (analyse what is pending).
    The job's state is kept in the store: a job the server was running when it stopped resumes at the next
    start. Follow it with `GET /api/jobs/{id}`."""
    jobs = _jobs(request)
    params: dict[str, Any] = {"retry_errors": given.retry_errors}
    if given.kind == "add":
        params["sources"] = check_sources(request.app.state.config, given.sources)
    elif given.sources:
        raise ApiError(422, "sources: only an add job reads sources")
    job = await run_in_threadpool(jobs.create, given.kind, params)
    return JSONResponse(job, status_code=202, headers={"Location": f"/api/jobs/{job['id']}"})


@router.get("/jobs", summary="Recent jobs", responses=documented(404, 503))
async def list_jobs(request: Request) -> dict[str, Any]:
    """The 50 newest jobs, newest first."""
    return {"items": await run_in_threadpool(_jobs(request).recent)}


@router.get("/jobs/{job_id}", summary="One job and its progress", responses=documented(404, 503))
async def job(request: Request, job_id: int) -> dict[str, Any]:
    """`state` (queued, running, done, failed), `phase` (add, analyse), what the add step stored, and
    `progress`: `total` articles to analyse once known, `analysed`, `failed`."""
    jobs = _jobs(request)
    try:
        found: dict[str, Any] = await run_in_threadpool(jobs.get, job_id)
    except UnspinError as exc:
        raise ApiError(404, str(exc)) from None
    return found
