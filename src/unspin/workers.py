"""Worker processes for corpus runs: each builds the same pipeline once and analyses whole batches.

Analysis is CPU-bound and the spaCy parse runs on one core, so two processes on two cores analyse
more articles a second than one (1.4–1.9 times as many here, BENCHMARKS.md). Workers are *spawned*
(not forked: a forked copy of a process that already runs onnxruntime threads can deadlock), and each
gets ``cores // jobs`` threads for its numeric libraries, so the workers together use the cores once
rather than oversubscribing them.
At most two batches per worker are in flight, so a long stream of articles never piles up in memory.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import TYPE_CHECKING

from unspin.article import Article

if TYPE_CHECKING:
    from unspin.pipeline import Pipeline, PipelineSpec

# Thread-count variables read once, when a worker first imports its numeric libraries.
_THREAD_VARIABLES = ("UNSPIN_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

_pipeline: Pipeline | None = None  # the worker's own pipeline, built by _start


def _start(spec: PipelineSpec) -> None:
    global _pipeline
    # Ctrl-C reaches the whole process group; the parent handles it and stops the workers, which
    # would otherwise each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _pipeline = spec.build()


def _analyse(batch: list[Article]) -> list[Article]:
    assert _pipeline is not None, "worker used before it was started"
    return _pipeline.run_batch(batch)


class WorkerPool:
    """``jobs`` spawned processes that each run a pipeline built from ``spec``."""

    def __init__(self, spec: PipelineSpec, jobs: int) -> None:
        self.jobs = jobs
        threads = str(max(1, (os.cpu_count() or 1) // jobs))
        saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
        os.environ.update({name: threads for name in _THREAD_VARIABLES})
        try:  # spawned children copy the environment as it is when they start
            self._pool = multiprocessing.get_context("spawn").Pool(jobs, _start, (spec,))
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Article]]:
        """Analysed batches, in input order."""
        pending: deque[AsyncResult[list[Article]]] = deque()
        for batch in batches:
            pending.append(self._pool.apply_async(_analyse, (batch,)))
            if len(pending) >= 2 * self.jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def close(self, abandon: bool = False) -> None:
        """Let the workers finish and exit; with ``abandon``, stop them at once (after an error)."""
        if abandon:
            self._pool.terminate()
        else:
            self._pool.close()
        self._pool.join()
