"""The server's one warm runner, fed through a queue by one worker thread.

The server analyses through the shared :class:`~unspin.runner.Runner` (the CLI's and the store's road),
with its models loaded once at start and no worker processes. Requests only read or fetch their input
in their own thread; the analysis itself runs in the worker, which takes every request waiting (up to
``BATCH``) as one batch, so analyzers share batched work (one spaCy parse per batch) when many clients
ask at once. The runner is never used from two threads at the same time; jobs queue their articles here
too, so an interactive request never waits behind a whole job.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from unspin.article import Article
from unspin.errors import UnspinError
from unspin.runner import Result, Runner, RunOptions
from unspin.serve.config import ServeConfig
from unspin.serve.errors import ApiError
from unspin.serve.metrics import Metrics

BATCH = 4
_WARM_TEXT = (
    "The ministry said on Monday that 12 people were killed when a bomb exploded in the capital. "
    "Critics called the statement a shameful lie."
)


@dataclass
class _Task:
    article: Article
    future: Future[Article] = field(default_factory=Future)


class Analyst:
    """Analyses articles one batch at a time in a worker thread; :meth:`analyse` waits for one."""

    def __init__(self, config: ServeConfig, metrics: Metrics) -> None:
        self.config = config
        self.metrics = metrics
        options = RunOptions(
            ingest=config.ingest, only=config.only, skip=config.skip, jobs=1, batch_size=BATCH
        )
        self.runner = Runner(options)
        self._queue: queue.SimpleQueue[_Task | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._pending = 0
        self._thread: threading.Thread | None = None
        metrics.gauges["unspin_analysis_queue_length"] = (
            "Articles waiting for or in analysis.",
            lambda: self.pending,
        )

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def analyzers(self) -> list[str]:
        return self.runner.pipeline.names

    def start(self) -> None:
        """Load every model (one small article through the whole pipeline), then start the worker."""
        if self._thread is not None:
            return
        list(self.runner.analyse([Article(_WARM_TEXT)]))
        self._thread = threading.Thread(target=self._work, name="unspin-analyst", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._queue.put(None)
        self._thread.join(timeout=self.config.analysis_timeout)
        self._thread = None
        self.runner.close()

    def submit(self, article: Article, *, limit: bool = True) -> Future[Article]:
        """Queue ``article``; refused with 503 when ``max_queue`` articles are already waiting (``limit``;
        jobs pass ``False`` and bound themselves by waiting for each batch they submit)."""
        if self._thread is None:
            raise ApiError(503, "the analyser is not running")
        with self._lock:
            if limit and self._pending >= self.config.max_queue:
                self.metrics.reject("queue_full")
                raise ApiError(503, "the server is busy; try again shortly", {"Retry-After": "5"})
            self._pending += 1
        task = _Task(article)
        self._queue.put(task)
        return task.future

    async def analyse(self, article: Article) -> Article:
        """Analyse ``article`` without holding a thread while it waits in the queue."""
        future = self.submit(article)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.config.analysis_timeout)
        except TimeoutError:
            raise ApiError(503, "the analysis took too long; try again later") from None

    def analyse_many(self, articles: Sequence[Article]) -> list[Article | UnspinError]:
        """Analyse ``articles`` from a thread that may block (a job, a batch write): each one's analysed
        article or the error that stopped it. Past ``max_queue``: the caller bounds what it submits."""
        futures = [self.submit(article, limit=False) for article in articles]
        outcomes: list[Article | UnspinError] = []
        for future in futures:
            try:
                outcomes.append(future.result(self.config.analysis_timeout * len(futures)))
            except UnspinError as exc:
                outcomes.append(exc)
            except Exception as exc:  # an analyzer's bug on this article: recorded on it, not raised
                outcomes.append(UnspinError(f"{type(exc).__name__}: {exc}"))
        return outcomes

    def _work(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            batch = [task]
            while len(batch) < BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)  # stop after this batch
                    break
                batch.append(more)
            self._run(batch)

    def _run(self, batch: Sequence[_Task]) -> None:
        started = time.perf_counter()
        outcomes: list[Article | BaseException]
        try:
            outcomes = [_outcome(r) for r in self.runner.analyse([t.article for t in batch])]
        except Exception:  # one bad article must not fail the others: retry each on its own
            outcomes = []
            for task in batch:
                try:
                    outcomes += [_outcome(r) for r in self.runner.analyse([task.article])]
                except Exception as exc:
                    outcomes.append(exc)
        done = sum(1 for outcome in outcomes if isinstance(outcome, Article))
        self.metrics.analysed(done, time.perf_counter() - started)
        with self._lock:  # counted before anyone hears back, so their next /metrics read agrees
            self._pending -= len(batch)
        for task, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Article):
                task.future.set_result(outcome)
            else:
                task.future.set_exception(outcome)


def _outcome(result: Result) -> Article | UnspinError:
    if result.article is not None:
        return result.article
    return result.error or UnspinError("the analysis failed")
