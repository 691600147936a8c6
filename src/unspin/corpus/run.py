"""``unspin run``: analyse every stored article whose analyses are missing or out of date.

An article is pending when one of the chosen analyzers has no analysis of the current version for it;
only those analyzers run again (their requirements come along but are not rewritten). The analysis goes
through the shared :class:`~unspin.runner.Runner`, as ``unspin analyze`` and the server do. Results are
committed per batch in one transaction, so ``kill -9`` at any moment loses at most the batch in flight,
and the next run picks up exactly what is still pending: every article ends analysed once.
An analyzer failing on one article records the error on that article and the run goes on.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
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

    The articles stream through the runner: its workers go on analysing while this process writes
    what came back, one transaction per ``batch_size * jobs`` articles (a run that waited for every
    group before reading the next left the workers idle during each write and behind each group's
    slowest batch: +30 % over ``unspin analyze``).
    """
    options = options or RunOptions()
    report = RunReport()
    full = runner or runner_for(options, options.only, options.skip)
    expected = expected_versions(full.pipeline)
    runners: dict[frozenset[str], Runner] = {frozenset(expected): full}
    commit = max(1, options.batch_size) * max(1, options.jobs)
    try:
        report.pending = store.count_pending(expected, options.retry_errors)
        if on_start is not None:
            on_start(report.pending)
        for group, jobs in itertools.groupby(pending_jobs(store, expected, options), key=lambda j: j[2]):
            chosen = full if runner is not None else runners.get(group)
            if chosen is None:
                chosen = runners[group] = runner_for(options, sorted(group), ())
            outcomes = stream(chosen, jobs, max(1, options.batch_size))
            while chunk := list(itertools.islice(outcomes, commit)):
                save_outcomes(store, group, chunk, report)
                if on_done is not None:
                    on_done(len(chunk))
    finally:
        for started in runners.values():
            if started is not runner:
                started.close()
    return report


def pending_jobs(store: Store, expected: dict[str, str], options: RunOptions) -> Iterator[Job]:
    """Pending articles in id order, read from the store a few batches ahead of the analysis."""
    size = max(1, options.batch_size) * max(1, options.jobs) * 4
    after = 0
    while chunk := store.pending(expected, after=after, limit=size, retry_errors=options.retry_errors):
        after = chunk[-1][0]
        yield from chunk


def stream(runner: Runner, jobs: Iterable[Job], batch_size: int) -> Iterator[Outcome]:
    """Analyse a stream of jobs, yielding each outcome in order as soon as it is done. If an analyzer
    fails, the batch it failed in (the next ``batch_size`` jobs sent and not returned) goes again
    article by article, so the one bad article gets its error; then the stream resumes."""
    remaining: Iterator[Job] = iter(jobs)
    while True:
        sent: collections.deque[Job] = collections.deque()
        reading: list[bool] = []  # non-empty while a job is read: the store's errors are not retried
        try:
            for result in runner.analyse(_feed(remaining, sent, reading)):
                article_id = sent.popleft()[0]
                yield article_id, result.article, None if result.error is None else str(result.error)
            return
        except Exception:  # an analyzer's bug, not the input's fault: find the article it fails on
            if reading:
                raise
            suspects = [sent.popleft() for _ in range(min(batch_size, len(sent)))]
            yield from (_one(runner, job) for job in suspects)
            remaining = itertools.chain(list(sent), remaining)  # sent after the failure: again


def _feed(jobs: Iterator[Job], sent: collections.deque[Job], reading: list[bool]) -> Iterator[Article]:
    """The jobs' articles, noting each job in ``sent`` as it goes out."""
    while True:
        reading.append(True)
        job = next(jobs, None)
        reading.pop()
        if job is None:
            return
        sent.append(job)
        yield job[1]


def analyse(runner: Runner, jobs: list[Job]) -> list[Outcome]:
    """Analyse one group of jobs (see :func:`stream`), all outcomes at once."""
    return list(stream(runner, jobs, runner.options.batch_size))


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
