"""``unspin run``: analyse every stored article whose analyses are missing or out of date.

An article is pending when one of the chosen analyzers has no analysis of the current version for it;
only those analyzers run again (their requirements come along but are not rewritten). The analysis goes
through the shared :class:`~unspin.runner.Runner`, as ``unspin analyze`` and the server do. Results are
committed per batch in one transaction, so ``kill -9`` at any moment loses at most the batch in flight,
and the next run picks up exactly what is still pending: every article ends analysed once.
An analyzer failing on one article records the error on that article and the run goes on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from unspin.article import Article
from unspin.pipeline import Pipeline
from unspin.runner import Runner
from unspin.runner import RunOptions as RunnerOptions
from unspin.store import Store

Job = tuple[int, Article, frozenset[str]]  # (article id, article, analyzers to run)
Outcome = tuple[int, Article | None, str | None]  # (article id, analysed article, or the error)


@dataclass
class RunReport:
    pending: int = 0
    analysed: int = 0
    failed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (article id, message), the first 20

    def count(self, article_id: int, error: str | None) -> None:
        if error is None:
            self.analysed += 1
            return
        self.failed += 1
        if len(self.errors) < 20:
            self.errors.append((article_id, error))


@dataclass
class RunOptions:
    only: Sequence[str] = ()
    skip: Sequence[str] = ()
    jobs: int = 1
    batch_size: int = 8
    retry_errors: bool = False


def expected_versions(pipeline: Pipeline) -> dict[str, str]:
    """{analyzer: version} of the analyzers a pipeline runs: what a stored article must have been
    analysed with not to be pending."""
    return {a.name: a.version for a in pipeline.analyzers}


def runner_for(options: RunOptions, only: Sequence[str], skip: Sequence[str]) -> Runner:
    """A runner of ``only``/``skip`` with the run's jobs and batch size."""
    return Runner(
        RunnerOptions(only=tuple(only), skip=tuple(skip), jobs=options.jobs, batch_size=options.batch_size)
    )


def run_pending(
    store: Store,
    options: RunOptions | None = None,
    *,
    runner: Runner | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[int], None] | None = None,
) -> RunReport:
    """Analyse what is pending; ``on_start(total)`` then ``on_done(n)`` after each committed batch.

    ``runner``: an already started runner (a server's, with its models loaded) that does all the
    analysis, including articles that need only some of its analyzers (the others' layers are computed
    and not stored); it stays open. Without it the run starts its own runners (``options`` say how)
    and closes them at the end.
    """
    options = options or RunOptions()
    report = RunReport()
    full = runner or runner_for(options, options.only, options.skip)
    expected = expected_versions(full.pipeline)
    runners: dict[frozenset[str], Runner] = {frozenset(expected): full}
    try:
        report.pending = store.count_pending(expected, options.retry_errors)
        if on_start is not None:
            on_start(report.pending)
        for group, jobs in pending_groups(store, expected, options):
            chosen = full if runner is not None else runners.get(group)
            if chosen is None:
                chosen = runners[group] = runner_for(options, sorted(group), ())
            outcomes = analyse(chosen, jobs)
            save_outcomes(store, group, outcomes, report)
            if on_done is not None:
                on_done(len(outcomes))
    finally:
        for started in runners.values():
            if started is not runner:
                started.close()
    return report


def pending_groups(
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


def analyse(runner: Runner, jobs: list[Job]) -> list[Outcome]:
    """Analyse one group; if an analyzer fails, again article by article, so the one bad article is
    found and its error recorded while the others are analysed."""
    try:
        results = list(runner.analyse([article for _, article, _ in jobs]))
    except Exception:  # an analyzer's bug, not the input's fault: find the article it fails on
        return [_one(runner, job) for job in jobs]
    return [
        (job[0], result.article, None if result.error is None else str(result.error))
        for job, result in zip(jobs, results, strict=True)
    ]


def _one(runner: Runner, job: Job) -> Outcome:
    article_id, article, _ = job
    fresh = dataclasses.replace(article, layers={}, summary={}, cache={})  # drop a half-done analysis
    try:
        [result] = list(runner.analyse([fresh]))
    except Exception as exc:
        return article_id, None, f"{type(exc).__name__}: {exc}"
    return article_id, result.article, None if result.error is None else str(result.error)


def save_outcomes(store: Store, names: frozenset[str], outcomes: list[Outcome], report: RunReport) -> None:
    """Store one group's analyses of ``names`` (or the articles' errors) in one transaction."""
    with store.transaction() as connection:
        for article_id, article, error in outcomes:
            if article is not None:
                store.save_analyses(connection, article_id, article, names)
            else:
                store.record_error(connection, article_id, error or "analysis failed")
    for article_id, article, error in outcomes:
        report.count(article_id, None if article is not None else error or "analysis failed")
