"""``unspin run``: analyse every stored article whose analyses are missing or out of date.

An article is pending when one of the chosen analyzers has no analysis of the current version for it;
only those analyzers run again (their requirements come along but are not rewritten). Results are
committed per batch in one transaction, so ``kill -9`` at any moment loses at most the batch in flight,
and the next run picks up exactly what is still pending: every article ends analysed once.
An analyzer failing on one article records the error on that article and the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from unspin.article import Article
from unspin.pipeline import Pipeline
from unspin.store import Store

Job = tuple[int, Article, frozenset[str]]


@dataclass
class RunReport:
    pending: int = 0
    analysed: int = 0
    failed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (article id, message), the first 20


@dataclass
class RunOptions:
    only: Sequence[str] = ()
    skip: Sequence[str] = ()
    jobs: int = 1
    batch_size: int = 8
    retry_errors: bool = False


def expected_versions(pipeline: Pipeline) -> dict[str, str]:
    return {a.name: a.version for a in pipeline.analyzers}


def run_pending(
    store: Store,
    options: RunOptions | None = None,
    *,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[int], None] | None = None,
) -> RunReport:
    """Analyse what is pending; ``on_start(total)`` then ``on_done(n)`` after each committed batch."""
    options = options or RunOptions()
    report = RunReport()
    pipelines: dict[frozenset[str], Pipeline] = {}
    full = Pipeline(only=options.only, skip=options.skip, jobs=options.jobs)
    expected = expected_versions(full)
    pipelines[frozenset(expected)] = full
    try:
        report.pending = store.count_pending(expected, options.retry_errors)
        if on_start is not None:
            on_start(report.pending)
        for group, jobs in _groups(store, expected, options):
            pipeline = pipelines.get(group)
            if pipeline is None:
                pipeline = pipelines[group] = Pipeline(only=sorted(group), jobs=options.jobs)
            done = _analyse(store, pipeline, jobs, options.batch_size, report)
            if on_done is not None:
                on_done(done)
    finally:
        for pipeline in pipelines.values():
            pipeline.close()
    return report


def _groups(
    store: Store, expected: dict[str, str], options: RunOptions
) -> Iterator[tuple[frozenset[str], list[Job]]]:
    """Pending articles in id order, in runs of one commit each that need the same analyzers."""
    size = max(1, options.batch_size) * max(1, options.jobs)
    after = 0
    while True:
        chunk = store.pending(expected, after=after, limit=size * 8, retry_errors=options.retry_errors)
        if not chunk:
            return
        after = chunk[-1][0]
        group: list[Job] = []
        for job in chunk:
            if group and (job[2] != group[0][2] or len(group) >= size):
                yield group[0][2], group
                group = []
            group.append(job)
        yield group[0][2], group


def _analyse(store: Store, pipeline: Pipeline, jobs: list[Job], batch_size: int, report: RunReport) -> int:
    """Analyse one group and commit it in one transaction; a failing batch is retried article by article
    so the one bad article is found and recorded."""
    names = jobs[0][2]
    results: list[tuple[int, Article | None, str | None]]
    try:
        analysed = list(pipeline.pipe([article for _, article, _ in jobs], batch_size=batch_size))
        results = [(job[0], article, None) for job, article in zip(jobs, analysed, strict=True)]
    except Exception:
        results = [_one(pipeline, job) for job in jobs]
    with store.transaction() as connection:
        for article_id, article, error in results:
            if article is not None:
                store.save_analyses(connection, article_id, article, names)
            else:
                store.record_error(connection, article_id, error or "analysis failed")
    for article_id, article, error in results:
        if article is None:
            report.failed += 1
            if len(report.errors) < 20:
                report.errors.append((article_id, error or "analysis failed"))
        else:
            report.analysed += 1
    return len(results)


def _one(pipeline: Pipeline, job: Job) -> tuple[int, Article | None, str | None]:
    article_id, article, _ = job
    fresh = Article(**{k: v for k, v in vars(article).items() if k in _FIELDS})
    fresh.layers, fresh.summary = {}, {}
    try:
        return article_id, pipeline.run_batch([fresh])[0], None
    except Exception as exc:
        return article_id, None, f"{type(exc).__name__}: {exc}"


_FIELDS: Any = ("text", "title", "url", "outlet", "published", "authors", "language", "source_id")
