"""Worker processes for corpus runs: each builds the same pipeline once and analyses whole batches.

Analysis is CPU-bound and the spaCy parse runs on one core, so two processes on two cores analyse
more articles a second than one (1.4–1.9 times as many here, BENCHMARKS.md). Workers are *forked* when
that is safe — on Linux, from a process with no other thread and no onnxruntime or torch loaded (a
forked copy of a process that already runs their threads can deadlock) — so they start with the
parent's modules already imported and end without tearing them down; otherwise they are *spawned*.
Each gets ``cores // jobs`` threads for its numeric libraries, so the workers together use the cores
once rather than oversubscribing them (a forked worker sets its BLAS's threads itself: numpy loaded it
in the parent, before the thread-count variables were set).
At most two batches per worker are in flight, so a long stream of articles never piles up in memory.
Workers die with their parent, even when it is killed without a chance to stop them (SIGKILL): on
Linux the kernel sends them SIGKILL (``PR_SET_PDEATHSIG``), elsewhere a thread watches the parent's pid.

This module knows the pipeline only as something that builds a batch runner (:class:`PipelineFactory`),
so it does not import ``unspin.pipeline``, which starts it.
"""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.context import BaseContext
from multiprocessing.pool import AsyncResult
from typing import Protocol

from unspin.article import Article

# Thread-count variables read once, when a worker first imports its numeric libraries.
_THREAD_VARIABLES = ("UNSPIN_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

# Modules whose native threads make a forked copy of the process unsafe.
_FORK_UNSAFE = ("onnxruntime", "torch")

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_WATCH_SECONDS = 1.0


class BatchRunner(Protocol):
    """What a worker runs: a pipeline's batch analysis."""

    def run_batch(self, batch: Sequence[Article]) -> list[Article]: ...


class PipelineFactory(Protocol):
    """What a worker is started with: a picklable recipe that builds its pipeline."""

    def build(self) -> BatchRunner: ...


_pipeline: BatchRunner | None = None  # the worker's own pipeline, built by _start


def _start(spec: PipelineFactory, parent: int, threads: int) -> None:
    global _pipeline
    from threadpoolctl import threadpool_limits

    # The spaCy parse's products run on numpy's BLAS: with the parent's thread count, each forked
    # worker's would compete with the other workers for the cores (and spin while it waits).
    threadpool_limits(threads)
    # Ctrl-C reaches the whole process group; the parent handles it and stops the workers, which
    # would otherwise each print a traceback. SIGTERM (the pool's way to stop a worker) must kill a
    # forked worker, not run a handler it inherited from the parent.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    _pipeline = spec.build()
    # A spawned worker would otherwise tear down every module it imported before it exits (about
    # half a second with spaCy and onnxruntime loaded, while its parent waits); its results are
    # already sent by then. Forked workers exit this way anyway.
    atexit.register(_exit_at_once)


def _exit_at_once() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def start_method() -> str:
    """``fork`` where a forked worker is safe and cheaper (see the module's docstring), else ``spawn``."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return "spawn"
    if any(name in sys.modules for name in _FORK_UNSAFE):
        return "spawn"
    return "fork"


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` (the pid that started it) ends, however it ends."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)  # the C library the interpreter is linked with
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before the request took effect
                os._exit(1)
            return

    def watch() -> None:  # other systems: poll the parent pid (re-parented to another when it dies)
        while os.getppid() == parent:
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="unspin-parent-watch", daemon=True).start()


def _analyse(batch: list[Article]) -> list[Article]:
    assert _pipeline is not None, "worker used before it was started"
    return _pipeline.run_batch(batch)


class WorkerPool:
    """``jobs`` worker processes that each run a pipeline built from ``spec``."""

    def __init__(self, spec: PipelineFactory, jobs: int, preload: Callable[[], None] | None = None) -> None:
        """``preload``: loads in this process what forked workers then share (run only if they are
        forked, and if it leaves forking safe)."""
        self.jobs = jobs
        if preload is not None and start_method() == "fork":
            preload()
        threads = max(1, (os.cpu_count() or 1) // jobs)
        saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
        os.environ.update({name: str(threads) for name in _THREAD_VARIABLES})
        context: BaseContext = multiprocessing.get_context(start_method())
        try:  # children copy the environment as it is when they start
            self._pool = context.Pool(jobs, _start, (spec, os.getpid(), threads))
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
